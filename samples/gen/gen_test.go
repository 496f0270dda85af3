package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// samplesDir is samples/, seen from this package's folder.
var samplesDir = filepath.Join("..")

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := generate(a); err != nil {
		t.Fatal(err)
	}
	if err := generate(b); err != nil {
		t.Fatal(err)
	}
	for _, name := range outputFiles {
		first, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		second, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two runs wrote different bytes", name)
		}
		// The committed samples must be what the generator writes today;
		// if this fails, run `go run ./samples/gen` and commit the result.
		committed, err := os.ReadFile(filepath.Join(samplesDir, name))
		if err != nil {
			t.Errorf("%s: committed sample missing: %v", name, err)
			continue
		}
		if !bytes.Equal(first, committed) {
			t.Errorf("%s: samples/%s differs from the generator's output; regenerate it", name, name)
		}
	}
}

// demoRates reads the rates of the committed demo config, so that the truth
// below is the truth of the report `make demo` makes.
func demoRates(t *testing.T) map[string]*big.Rat {
	t.Helper()
	cfg, err := config.Load(filepath.Join(samplesDir, "clientrisk.yaml"))
	if err != nil {
		t.Fatalf("the demo config does not load: %v", err)
	}
	return cfg.Rates
}

func TestDemoConfig(t *testing.T) {
	cfg, err := config.Load(filepath.Join(samplesDir, "clientrisk.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The generator sized hours with these rates; they must agree.
	for code, want := range sampleRates {
		if got := cfg.Rates[code]; got == nil || got.Cmp(want) != 0 {
			t.Errorf("rate %s: config has %v, generator uses %v", code, got, want)
		}
	}
	if cfg.Currency != "EUR" || cfg.Language != "en" || cfg.TimezoneName != "Europe/Rome" || cfg.Email.Enabled() {
		t.Errorf("got currency %s language %s timezone %s email %v, want EUR en Europe/Rome off",
			cfg.Currency, cfg.Language, cfg.TimezoneName, cfg.Email.Enabled())
	}
}

func TestIntendedTruth(t *testing.T) {
	l, err := buildLedger()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := computeTruth(l, demoRates(t))
	if err != nil {
		t.Fatal(err)
	}
	// Every flag of metrics.md is raised, each by the client meant to.
	wantFlags := map[string][]string{
		"Globex Corporation":         {"over_dependent"},
		"Ferrari Logistica srl":      {"slow_payer"},
		"Hernández y Asociados SL":   {"slow_payer"},
		"Esposito Moda srl":          {"high_maintenance"},
		"Bianchi Arredamenti spa":    {"high_maintenance"},
		"Northwind Traders Inc":      {"lost"},
		"Colombo Vini srl":           {"new"},
		"Romano Costruzioni spa":     nil,
		"ООО «Северный Ветер»":       nil,
		"Construcciones Martínez SA": nil,
		"АО «Техносфера»":            nil,
		"Gómez Publicidad SL":        nil,
	}
	if len(tr.Clients) != len(wantFlags) {
		t.Errorf("got %d clients, want %d", len(tr.Clients), len(wantFlags))
	}
	for _, f := range tr.Clients {
		want, ok := wantFlags[f.Name]
		if !ok {
			t.Errorf("unexpected client %q", f.Name)
			continue
		}
		if !reflect.DeepEqual(f.Flags, want) {
			t.Errorf("%s: got flags %v, want %v (figures %+v)", f.Name, f.Flags, want, f)
		}
	}

	// Each flag is raised by a clear margin, not by a hair.
	ranges := []struct {
		client, figure string
		got, lo, hi    float64
	}{
		{"Globex Corporation", "share", 0, 0.30, 0.38},
		{"Ferrari Logistica srl", "wadl", 0, 30, 60},
		{"Hernández y Asociados SL", "max days past due", 0, 90, 140},
		{"Bianchi Arredamenti spa", "load ratio", 0, 2.2, 4},
		{"Esposito Moda srl", "credit notes per invoice", 0, 0.2, 0.4},
	}
	for i := range ranges {
		r := &ranges[i]
		f, ok := tr.client(r.client)
		if !ok {
			t.Fatalf("no client %s", r.client)
		}
		switch r.figure {
		case "share":
			r.got = f.Share
		case "wadl":
			r.got = f.WADL
		case "max days past due":
			r.got = float64(f.MaxPastDue)
		case "load ratio":
			r.got = f.LoadRatio
		case "credit notes per invoice":
			r.got = float64(f.CreditNotes) / float64(f.Invoices)
		}
		if r.got < r.lo || r.got > r.hi {
			t.Errorf("%s %s: got %.3f, want between %g and %g", r.client, r.figure, r.got, r.lo, r.hi)
		}
	}
	if tr.HHI < 1500 || tr.HHI > 2500 {
		t.Errorf("HHI: got %.0f, want the moderate band (1500-2500) so the README's story holds", tr.HHI)
	}
}

func TestTruthByHand(t *testing.T) {
	l, err := buildLedger()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := computeTruth(l, demoRates(t))
	if err != nil {
		t.Fatal(err)
	}
	// Colombo Vini: one invoice of 3,200.00 EUR issued in October 2026,
	// nothing before: revenue 320000 cents, new in the demo month.
	colombo, _ := tr.client("Colombo Vini srl")
	if colombo.Revenue != 320000 || !colombo.New || colombo.Invoices != 1 {
		t.Errorf("Colombo: got revenue %d new %v invoices %d, want 320000 true 1", colombo.Revenue, colombo.New, colombo.Invoices)
	}
	// Техносфера: four quarterly invoices in the window, in roubles; each
	// converted at 0.0105 (105/10000) and rounded to the cent. Sum the RUB
	// amounts from the books: the conversion of whole roubles multiples of
	// 5,000 is exact (5000 * 0.0105 = 52.50), so revenue = sum * 0.0105.
	var rub int64
	for _, d := range l.Docs {
		if d.Client.Name == "АО «Техносфера»" && d.Issue >= windowStart.First() && d.Issue <= demoMonth.Last() {
			rub += int64(d.Signed())
		}
	}
	// rub is in kopecks; EUR cents = kopecks * 105 / 10000.
	if want := invoice.Money(rub * 105 / 10000); rub*105%10000 != 0 || tr.mustClient(t, "АО «Техносфера»").Revenue != want {
		t.Errorf("Техносфера: got revenue %d, want %d (= %d kopecks * 0.0105)", tr.mustClient(t, "АО «Техносфера»").Revenue, want, rub)
	}
	// The total is the sum of the positive revenues.
	var sum invoice.Money
	for _, f := range tr.Clients {
		if f.Revenue > 0 {
			sum += f.Revenue
		}
	}
	if sum != tr.Total {
		t.Errorf("total: got %d, want the sum of clients %d", tr.Total, sum)
	}
}

func (tr truth) mustClient(t *testing.T, name string) figures {
	t.Helper()
	f, ok := tr.client(name)
	if !ok {
		t.Fatalf("no client %s", name)
	}
	return f
}

func TestAmountText(t *testing.T) {
	tests := []struct {
		m              invoice.Money
		decimal, group string
		want           string
	}{
		{123456, ",", ".", "1.234,56"},
		{5, ",", ".", "0,05"},
		{-123456789, ",", ".", "-1.234.567,89"},
		{100000, ",", "", "1000,00"},
		{99999, ".", ",", "999.99"},
	}
	for _, tc := range tests {
		if got := amountText(tc.m, tc.decimal, tc.group); got != tc.want {
			t.Errorf("amountText(%d, %q, %q): got %q, want %q", tc.m, tc.decimal, tc.group, got, tc.want)
		}
	}
	// 1,234.56 + 22% VAT = 1,506.1632 -> 1,506.16; 0.05 + 22% = 0.061 -> 0.06;
	// 0.25 * 1.22 = 0.305 -> half-even 0.30.
	for _, g := range []struct{ net, want invoice.Money }{{123456, 150616}, {5, 6}, {25, 30}} {
		if got := gross(g.net, 22); got != g.want {
			t.Errorf("gross(%d, 22): got %d, want %d", g.net, got, g.want)
		}
	}
}

func openSample(t *testing.T, name string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// The exports carry the books: every document once, in the form the
// program writes it.
func TestExportsCarryTheBooks(t *testing.T) {
	l, err := buildLedger()
	if err != nil {
		t.Fatal(err)
	}
	count := map[market]int{}
	for _, d := range l.Docs {
		count[d.Client.Market]++
	}

	t.Run("quickbooks", func(t *testing.T) {
		f := openSample(t, fileQuickBooks)
		rows, err := f.GetRows("Invoice List")
		if err != nil {
			t.Fatal(err)
		}
		header := []string{"", "Type", "Date", "Num", "Customer", "Due Date", "Currency", "Amount", "Open Balance"}
		if !reflect.DeepEqual(rows[4], header) {
			t.Errorf("row 5: got %q, want header %q", rows[4], header)
		}
		// 3 title rows + blank + header + documents + TOTAL.
		if got, want := len(rows), 5+count[marketQuickBooks]+1; got != want {
			t.Errorf("got %d rows, want %d", got, want)
		}
		if last := rows[len(rows)-1]; last[0] != "TOTAL" {
			t.Errorf("last row: got %q, want a TOTAL row", last)
		}
		settles := false
		for _, r := range rows[5 : len(rows)-1] {
			var m, d, y int
			if _, err := fmt.Sscanf(r[2], "%d/%d/%d", &m, &d, &y); err != nil || m > 12 {
				t.Errorf("date %q: want month-first text", r[2])
			}
			settles = settles || d > 12
		}
		if !settles {
			t.Error("no date settles the month-first order (a day above 12)")
		}
	})

	t.Run("italian register", func(t *testing.T) {
		f := openSample(t, fileItaly)
		if got, want := f.GetSheetList(), []string{"Fatture 2024", "Fatture 2025-2026", "Note"}; !reflect.DeepEqual(got, want) {
			t.Errorf("sheets: got %q, want %q", got, want)
		}
		if vis, _ := f.GetSheetVisible("Note"); vis {
			t.Error("sheet Note: got visible, want hidden")
		}
		var docs int
		var net invoice.Money
		for _, s := range []string{"Fatture 2024", "Fatture 2025-2026"} {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			if rows[0][0] != "Numero" || rows[0][5] != "Imponibile" {
				t.Errorf("%s header: got %q", s, rows[0])
			}
			for _, r := range rows[1:] {
				docs++
				// "1.234,56" -> 123456 cents
				v, ok := new(big.Rat).SetString(strings.ReplaceAll(strings.ReplaceAll(r[5], ".", ""), ",", "."))
				if !ok {
					t.Fatalf("%s: amount %q does not read back", s, r[5])
				}
				m, _ := invoice.RoundRat(v, "EUR")
				if r[1] == "Nota di credito" {
					m = -m
				}
				net += m
			}
		}
		var want invoice.Money
		for _, d := range l.Docs {
			if d.Client.Market == marketItaly {
				want += d.Signed()
			}
		}
		if docs != count[marketItaly] || net != want {
			t.Errorf("got %d documents totalling %s, want %d totalling %s", docs, net, count[marketItaly], want)
		}
	})

	t.Run("spanish csv", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(samplesDir, fileSpain))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(raw, []byte("N\xba factura;")) {
			t.Errorf("got first bytes %q, want \"N\\xba factura;\" (Windows-1252 º)", raw[:12])
		}
		text, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(text))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(recs)-1, count[marketSpain]; got != want {
			t.Errorf("got %d documents, want %d", got, want)
		}
		if !bytes.Contains(raw, []byte("\r\n")) || !strings.Contains(string(text), "Hernández") {
			t.Error("want CRLF line ends and accented names")
		}
	})

	t.Run("1c workbook", func(t *testing.T) {
		f := openSample(t, fileRussia)
		rows, err := f.GetRows("TDSheet")
		if err != nil {
			t.Fatal(err)
		}
		if rows[4][2] != "Контрагент" || rows[len(rows)-1][0] != "Итого" {
			t.Errorf("got header %q and last row %q", rows[4], rows[len(rows)-1])
		}
		if got, want := len(rows), 5+count[marketRussia]+1; got != want {
			t.Errorf("got %d rows, want %d", got, want)
		}
		// Dates are real date cells: the raw value is Excel's day number.
		d := l.Docs[0]
		for _, x := range l.Docs {
			if x.Client.Market == marketRussia {
				d = x
				break
			}
		}
		raw, _ := f.GetCellValue("TDSheet", "B6", excelize.Options{RawCellValue: true})
		// 1899-12-30 is day 0; e.g. 2024-11-18 is 45614.
		if want := d.Issue.DaysSince(invoice.NewDate(1899, time.December, 30)); raw != strconv.Itoa(want) {
			t.Errorf("B6 raw value: got %q, want serial %d for %s", raw, want, d.Issue)
		}
	})

	t.Run("toggl csv", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(samplesDir, fileToggl))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var seconds, want int64
		for _, r := range recs[1:] {
			var h, m, s int64
			if _, err := fmt.Sscanf(r[6], "%d:%d:%d", &h, &m, &s); err != nil {
				t.Fatalf("duration %q: %v", r[6], err)
			}
			seconds += h*3600 + m*60 + s
		}
		for _, e := range l.Entries {
			want += e.Seconds
		}
		if len(recs)-1 != len(l.Entries) || seconds != want {
			t.Errorf("got %d entries of %d s, want %d of %d s", len(recs)-1, seconds, len(l.Entries), want)
		}
	})
}

func TestExportsAreSmall(t *testing.T) {
	l, err := buildLedger()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Docs) + len(l.Entries); n > 600 {
		t.Errorf("got %d rows in all, want a few hundred at most", n)
	}
	// Nothing exists after the export day.
	var late []string
	for _, d := range l.Docs {
		if d.Issue > demoMonth.Last() || d.Paid > exportDay {
			late = append(late, d.Number)
		}
	}
	sort.Strings(late)
	if len(late) > 0 {
		t.Errorf("documents issued or paid after the export: %v", late)
	}
}
