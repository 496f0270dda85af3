package main

import (
	"encoding/csv"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// The functions here read the sample exports the way a person with a
// spreadsheet would, without the ingest package, to check the report's
// figures against an independent sum. They know each file's layout (which
// row the header is on, which column holds what) from looking at it, so
// they work for these files only.

// handWindow is the 2026-10 report's window: 2025-11-01 to 2026-10-31.
var (
	handFrom = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	handTo   = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
)

// handDoc is one document as read by hand: its client, issue date and
// amount in cents of its own currency (negative for credit notes).
type handDoc struct {
	client   string
	issued   time.Time
	cents    int64
	currency string
}

func (d handDoc) inWindow() bool { return !d.issued.Before(handFrom) && !d.issued.After(handTo) }

// centsOf reads an amount as written in a file: thousands separator and
// decimal mark given, e.g. ("1.234,56", '.', ',').
func centsOf(t *testing.T, s string, group, decimal string) int64 {
	t.Helper()
	s = strings.TrimSpace(s)
	if group != "" {
		s = strings.ReplaceAll(s, group, "")
	}
	s = strings.Replace(s, decimal, ".", 1)
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("amount %q is not a number", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() {
		t.Fatalf("amount %q has fractions of a cent", s)
	}
	return r.Num().Int64()
}

func dateOf(t *testing.T, layout, s string) time.Time {
	t.Helper()
	d, err := time.Parse(layout, strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("date %q is not %s: %v", s, layout, err)
	}
	return d
}

// toEUR converts cents of a currency at rate, rounding half to even to the
// cent, as metrics.md asks (one document at a time).
func toEUR(cents int64, rate *big.Rat) int64 {
	r := new(big.Rat).Mul(big.NewRat(cents, 1), rate)
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	// Compare 2*remainder with the denominator (signs as in QuoRem:
	// remainder takes the numerator's sign).
	twice := new(big.Int).Mul(m.Abs(m), big.NewInt(2))
	switch c := twice.Cmp(r.Denom()); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		if r.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

func openSample(t *testing.T, name string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(samplesDir(), name))
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// quickbooksDocs: sheet "Invoice List", header on row 5, data from row 6:
// B Type, C Date (mm/dd/yyyy), E Customer, G Currency, H Amount (1,234.00).
func quickbooksDocs(t *testing.T) []handDoc {
	rows, err := openSample(t, "quickbooks_invoice_list.xlsx").GetRows("Invoice List")
	if err != nil {
		t.Fatal(err)
	}
	var out []handDoc
	for _, r := range rows[5:] {
		if len(r) < 8 || r[0] == "TOTAL" {
			continue
		}
		out = append(out, handDoc{client: r[4], issued: dateOf(t, "01/02/2006", r[2]), cents: centsOf(t, r[7], ",", "."), currency: r[6]})
	}
	return out
}

// registroDocs: the two visible sheets (Note is hidden), header on row 1:
// B Tipo documento, C Data (dd/mm/yyyy), D Cliente, F Imponibile (net,
// 1.234,56). A Nota di credito is written positive and counts negative.
func registroDocs(t *testing.T) []handDoc {
	f := openSample(t, "registro_fatture_rossi_design.xlsx")
	var out []handDoc
	for _, sheet := range []string{"Fatture 2024", "Fatture 2025-2026"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			d := handDoc{client: r[3], issued: dateOf(t, "02/01/2006", r[2]), cents: centsOf(t, r[5], ".", ","), currency: "EUR"}
			if r[1] == "Nota di credito" {
				d.cents = -d.cents
			}
			out = append(out, d)
		}
	}
	return out
}

// facturasDocs: Windows-1252 CSV with ';', header on line 1: B Fecha
// (dd/mm/yyyy), C Cliente, E Base imponible (net, 2420,00).
func facturasDocs(t *testing.T) []handDoc {
	raw, err := os.ReadFile(filepath.Join(samplesDir(), "facturas_emitidas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(string(text)))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []handDoc
	for _, r := range recs[1:] {
		out = append(out, handDoc{client: r[2], issued: dateOf(t, "02/01/2006", r[1]), cents: centsOf(t, r[4], "", ","), currency: "EUR"})
	}
	return out
}

// oneCDocs: sheet TDSheet, header on row 5, data from row 6, last row
// "Итого": B Дата (date cells shown dd.mm.yyyy), C Контрагент, E Сумма
// (numbers; read raw), F Валюта.
func oneCDocs(t *testing.T) []handDoc {
	rows, err := openSample(t, "1c_scheta_pokupatelyam.xlsx").GetRows("TDSheet", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err := openSample(t, "1c_scheta_pokupatelyam.xlsx").GetRows("TDSheet")
	if err != nil {
		t.Fatal(err)
	}
	var out []handDoc
	for i, r := range rows[5:] {
		if r[0] == "Итого" {
			continue
		}
		amount, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Fatalf("1C row %d amount %q: %v", i+6, r[4], err)
		}
		// Whole roubles in this file (checked): no float rounding at stake.
		if amount != float64(int64(amount)) {
			t.Fatalf("1C row %d amount %q has kopecks: the hand reader needs a decimal parse", i+6, r[4])
		}
		out = append(out, handDoc{client: r[2], issued: dateOf(t, "02.01.2006", shown[i+5][1]), cents: int64(amount) * 100, currency: r[5]})
	}
	return out
}

// handRevenue sums every sample's documents in the window per client, in
// EUR cents, converted per document at the demo rates.
func handRevenue(t *testing.T) map[string]int64 {
	t.Helper()
	rates := map[string]*big.Rat{"EUR": big.NewRat(1, 1), "USD": big.NewRat(92, 100), "RUB": big.NewRat(105, 10000)}
	out := map[string]int64{}
	var all []handDoc
	all = append(all, quickbooksDocs(t)...)
	all = append(all, registroDocs(t)...)
	all = append(all, facturasDocs(t)...)
	all = append(all, oneCDocs(t)...)
	for _, d := range all {
		if !d.inWindow() {
			continue
		}
		rate, ok := rates[d.currency]
		if !ok {
			t.Fatalf("hand reader: no rate for %q", d.currency)
		}
		out[d.client] += toEUR(d.cents, rate)
	}
	return out
}

func TestToEURHalfEven(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cents int64
		rate  *big.Rat
		want  int64
	}{
		{120200, big.NewRat(92, 100), 110584}, // 1202.00 * 0.92 = 1105.84 exactly
		{5, big.NewRat(1, 2), 2},              // 2.5 -> 2 (even)
		{7, big.NewRat(1, 2), 4},              // 3.5 -> 4 (even)
		{-5, big.NewRat(1, 2), -2},            // -2.5 -> -2
		{-7, big.NewRat(1, 2), -4},            // -3.5 -> -4
		{10, big.NewRat(1, 3), 3},             // 3.33 -> 3
		{20, big.NewRat(1, 3), 7},             // 6.67 -> 7
		{-20, big.NewRat(1, 3), -7},           // -6.67 -> -7
	}
	for _, tc := range tests {
		if got := toEUR(tc.cents, tc.rate); got != tc.want {
			t.Errorf("toEUR(%d, %s) = %d, want %d", tc.cents, tc.rate, got, tc.want)
		}
	}
}
