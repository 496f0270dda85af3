package analytics

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// day parses yyyy-mm-dd; test data is literal, so a bad date is a bug in
// the test itself.
func day(s string) invoice.Date {
	d, err := invoice.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func month(s string) invoice.Month {
	m, err := invoice.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// eur returns whole euros as cents.
func eur(units int64) invoice.Money { return invoice.Money(units * 100) }

// inv is an invoice from an export with payment data.
func inv(key, name, number, issue string, amount invoice.Money) invoice.Document {
	return invoice.Document{
		Kind: invoice.KindInvoice, Number: number, ClientKey: key, ClientName: name,
		IssueDate: day(issue), Amount: amount, HasPaymentInfo: true,
		Source: invoice.Source{File: "test.csv", Row: 2},
	}
}

func due(d invoice.Document, s string) invoice.Document  { d.DueDate = day(s); return d }
func paid(d invoice.Document, s string) invoice.Document { d.PaidDate = day(s); return d }
func status(d invoice.Document, st invoice.Status) invoice.Document {
	d.Status = st
	return d
}
func credit(d invoice.Document) invoice.Document { d.Kind = invoice.KindCreditNote; return d }
func noPayInfo(d invoice.Document) invoice.Document {
	d.HasPaymentInfo = false
	return d
}

func hours(key, name, date string, h int64) invoice.TimeEntry {
	return invoice.TimeEntry{ClientKey: key, ClientName: name, Date: day(date), Seconds: h * 3600}
}

func baseOptions(m string) Options {
	return Options{
		Month: month(m), WindowMonths: 12, PaymentTermsDays: 30, GraceDays: 0,
		BaseCurrency: "EUR", Rates: map[string]*big.Rat{"USD": big.NewRat(92, 100)},
		Thresholds: DefaultThresholds(),
	}
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

// diffValues compares got and want field by field (floats within a
// relative 1e-9) and returns one line per difference, with its path.
func diffValues(path string, got, want reflect.Value) []string {
	if got.Kind() != want.Kind() {
		return []string{fmt.Sprintf("%s: kind %s, want %s", path, got.Kind(), want.Kind())}
	}
	// An OpenList says its invoices; how it keeps them (the order of its
	// shared strings) follows the order they were found in.
	if t := reflect.TypeOf(OpenList{}); got.Type() == t && want.Type() == t {
		return diffValues(path, reflect.ValueOf(got.Interface().(OpenList).Invoices()), reflect.ValueOf(want.Interface().(OpenList).Invoices()))
	}
	switch got.Kind() {
	case reflect.Float32, reflect.Float64:
		g, w := got.Float(), want.Float()
		if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) || math.IsNaN(g) != math.IsNaN(w) {
			return []string{fmt.Sprintf("%s = %v, want %v", path, g, w)}
		}
	case reflect.Pointer:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				return []string{fmt.Sprintf("%s = %s, want %s", path, ptrText(got), ptrText(want))}
			}
			return nil
		}
		return diffValues(path, got.Elem(), want.Elem())
	case reflect.Interface:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
			}
			return nil
		}
		if got.Elem().Type() != want.Elem().Type() {
			return []string{fmt.Sprintf("%s: type %s, want %s", path, got.Elem().Type(), want.Elem().Type())}
		}
		return diffValues(path, got.Elem(), want.Elem())
	case reflect.Struct:
		var out []string
		for i := 0; i < got.NumField(); i++ {
			if !got.Type().Field(i).IsExported() {
				continue
			}
			out = append(out, diffValues(path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))...)
		}
		return out
	case reflect.Slice:
		if got.Len() != want.Len() {
			return []string{fmt.Sprintf("%s: len %d, want %d: got %+v, want %+v", path, got.Len(), want.Len(), got, want)}
		}
		var out []string
		for i := 0; i < got.Len(); i++ {
			out = append(out, diffValues(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))...)
		}
		return out
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
		}
	}
	return nil
}

func ptrText(v reflect.Value) string {
	if v.IsNil() {
		return "nil"
	}
	return fmt.Sprintf("&%v", v.Elem())
}

// checkEqual reports every difference between got and want.
func checkEqual(t *testing.T, name string, got, want any) {
	t.Helper()
	for _, d := range diffValues(name, reflect.ValueOf(got), reflect.ValueOf(want)) {
		t.Error(d)
	}
}
