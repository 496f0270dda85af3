package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mixedCSV is an export with one invoice in the base currency (EUR) and
// three in currencies the config may have no rate for.
const mixedCSV = `Number,Client,Date,Due,Amount,Currency
INV-1,Alpha Srl,2026-09-10,2026-10-10,1000.00,EUR
INV-2,Beta Inc,2026-09-15,2026-10-15,200.00,USD
INV-3,Beta Inc,2026-10-05,2026-11-05,300.00,USD
INV-4,Gamma Ltd,2026-10-07,2026-11-07,50.00,GBP
`

// noRateConfig writes a config in dir (base EUR, ledger and reports in
// dir) with the given rates line ("" = none).
func noRateConfig(t *testing.T, dir, name, rates string) string {
	t.Helper()
	s := "currency: EUR\nledger: ledger.db\noutput_dir: out\ntimezone: Europe/Rome\nwindow_months: 12\n" + rates
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNoRateCheckImportReport: documents in a currency with no rate are
// rejected by every report; check and import say so per currency and
// count them as rejected, instead of "rejected 0". They are kept in the
// ledger, so a config with the rates counts them without a re-import.
func TestNoRateCheckImportReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	export := filepath.Join(dir, "mixed.csv")
	if err := os.WriteFile(export, []byte(mixedCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	bare := noRateConfig(t, dir, "bare.yaml", "")
	space := regexp.MustCompile(`[ \t]+`)

	o := newCLI(t).mustRun(0, "check", "--config", bare, export)
	norm := space.ReplaceAllString(o.stdout, " ")
	for _, want := range []string{
		// 4 rows read, 3 of them (2 USD + 1 GBP) have no rate: 4 - 3 = 1.
		"rows 4, accepted 1, rejected 3, skipped 0 (totals), duplicates 0; 4 documents",
		`rejected: 2 rows in USD: no rate in the config (rates: {USD: ...}); sheet "mixed.csv", currency column F "Currency"`,
		`rejected: 1 row in GBP: no rate in the config (rates: {GBP: ...}); sheet "mixed.csv", currency column F "Currency"`,
		"rows 4, accepted 1, rejected 3, skipped 0, duplicates 0",
	} {
		if !strings.Contains(norm, want) {
			t.Errorf("check lacks %q:\n%s", want, o.stdout)
		}
	}

	o = newCLI(t).mustRun(0, "import", "--config", bare, export)
	// import 1, new 4 (all kept), updated 0, unchanged 0, rejected 3
	// (2 USD + 1 GBP), duplicates 0, time entries 0.
	checkImportLine(t, o.stdout, export+" ", "1 4 0 0 3 0 0")
	for _, want := range []string{
		export + `: 2 rows in USD: no rate in the config (rates: {USD: ...})`,
		export + `: 1 row in GBP: no rate in the config (rates: {GBP: ...})`,
		"no re-import needed",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("import lacks %q:\n%s", want, o.stdout)
		}
	}

	// Some documents count (INV-1): the report exits 0 with 1000.00 EUR.
	o = newCLI(t).mustRun(0, "report", "--config", bare, "--month", "2026-10")
	_, js, _ := reportPaths(filepath.Join(dir, "out"))
	r := decodeReport(t, readFile(t, js))
	if got := parseMoney(t, r.Portfolio.Revenue); got != 1000_00 {
		t.Errorf("revenue without rates = %d cents, want 100000 (INV-1 only)", got)
	}

	// The rates arrive: the documents already in the ledger count, with
	// no re-import: 1000.00 + (200.00 + 300.00) * 0.9 + 50.00 * 1.15
	// = 1000.00 + 450.00 + 57.50 = 1507.50 EUR.
	rated := noRateConfig(t, dir, "rated.yaml", "rates: {USD: 0.9, GBP: 1.15}\n")
	o = newCLI(t).mustRun(0, "import", "--config", rated, export)
	if !strings.Contains(o.stdout, "already imported as 1: nothing changed") || strings.Contains(o.stdout, "no rate") {
		t.Errorf("re-import with the rates: want 'already imported' and no no-rate line:\n%s", o.stdout)
	}
	newCLI(t).mustRun(0, "report", "--config", rated, "--month", "2026-10")
	r = decodeReport(t, readFile(t, js))
	if got := parseMoney(t, r.Portfolio.Revenue); got != 1507_50 {
		t.Errorf("revenue with the rates = %d cents, want 150750", got)
	}
}

// TestNoRateReportNothingCounted: a report whose every document is in a
// currency with no rate is written (the reason stays in its data-quality
// section) but exits 1, saying why on stderr; before, it said "0 clients,
// revenue 0.00 EUR" and exited 0.
func TestNoRateReportNothingCounted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	export := filepath.Join(dir, "usd.csv")
	// Two USD invoices, one of them after October: a month before some of
	// the documents must fail too (they are not counted in any month).
	csv := "Number,Client,Date,Amount,Currency\nA-1,Beta Inc,2026-10-05,300.00,USD\nA-2,Beta Inc,2026-11-02,120.00,USD\n"
	if err := os.WriteFile(export, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := noRateConfig(t, dir, "clientrisk.yaml", "")
	const why = "no document could be counted: of 2 documents, 2 in USD: no rate in the config (rates: {USD: ...})"
	for _, ledger := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out")
		args := []string{"report", "--config", cfg, "--month", "2026-10", "--out", out, "--in", export}
		if !ledger {
			args = append(args, "--no-ledger")
		}
		o := newCLI(t).mustRun(1, args...)
		if !strings.Contains(o.stderr, why) {
			t.Errorf("ledger %v: stderr lacks %q:\n%s", ledger, why, o.stderr)
		}
		_, js, _ := reportPaths(out)
		b := readFile(t, js)
		if !strings.Contains(string(b), `"reason": "no exchange rate for USD"`) {
			t.Errorf("ledger %v: the JSON report lacks the reason in data_quality", ledger)
		}
	}
	// With the rate it is an ordinary report: 300.00 * 0.9 = 270.00 EUR.
	rated := noRateConfig(t, dir, "rated.yaml", "rates: {USD: 0.9}\n")
	out := filepath.Join(t.TempDir(), "out")
	newCLI(t).mustRun(0, "report", "--config", rated, "--month", "2026-10", "--out", out, "--no-ledger", "--in", export)
	_, js, _ := reportPaths(out)
	if got := parseMoney(t, decodeReport(t, readFile(t, js)).Portfolio.Revenue); got != 270_00 {
		t.Errorf("revenue with the rate = %d cents, want 27000", got)
	}
}

// TestNoRateCorpusUSD is the case of the issue: Invoice Ninja's USD export
// with the default base currency and no rates.
func TestNoRateCorpusUSD(t *testing.T) {
	t.Parallel()
	export := corpusFile(t, "invoiceninja__v4_invoices_export.csv")
	dir := t.TempDir()
	cfg := noRateConfig(t, dir, "clientrisk.yaml", "")
	o := newCLI(t).mustRun(0, "check", "--config", cfg, export)
	// 401 rows, 1 duplicate, 400 invoices, all in USD (from the $ of the
	// Amount column): 400 - 400 = 0 accepted.
	for _, want := range []string{
		"rows 401, accepted 0, rejected 400, skipped 0 (totals), duplicates 1; 400 documents",
		`400 rows in USD: no rate in the config (rates: {USD: ...}); sheet "invoiceninja__v4_invoices_export.csv", currency read from column D "Amount"`,
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, o.stdout)
		}
	}
	o = newCLI(t).mustRun(0, "import", "--config", cfg, export)
	checkImportLine(t, o.stdout, export+" ", "1 400 0 0 400 1 0")

	// Zoho's export repeats an invoice's total on each of its lines: 13
	// rows (14 lines less the header) make 3 invoices, all in USD, so
	// all 13 rows count as rejected, and the line says both figures.
	zoho := corpusFile(t, "invoiceninja__zoho_invoices.csv")
	o = newCLI(t).mustRun(0, "check", "--config", cfg, zoho)
	for _, want := range []string{
		"rows 13, accepted 0, rejected 13, skipped 0 (totals), duplicates 0; 3 documents",
		`13 rows (3 invoices) in USD: no rate in the config (rates: {USD: ...}); sheet "invoiceninja__zoho_invoices.csv", currency column O "Currency Code"`,
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, o.stdout)
		}
	}
	o = newCLI(t).mustRun(1, "report", "--config", cfg, "--month", "2020-01")
	if want := "of 400 documents, 400 in USD: no rate in the config (rates: {USD: ...})"; !strings.Contains(o.stderr, want) {
		t.Errorf("report stderr lacks %q:\n%s", want, o.stderr)
	}
}

// TestNamedInputsMustExist: a config or an export named on the command
// line that is not there is an error; a missing file says "no such file"
// (it said "cannot be opened"); `report --in` of such a file exits 1 even
// with a ledger (it exited 0), unless --keep-going, and the report is
// written from the rest either way.
func TestNamedInputsMustExist(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	export := filepath.Join(dir, "mixed.csv")
	if err := os.WriteFile(export, []byte(mixedCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nosuch.csv")

	// check --config of a file that is not there fails (it was ignored).
	o := newCLI(t).mustRun(1, "check", "--config", filepath.Join(dir, "missing.yaml"), export)
	if !strings.Contains(o.stderr, "missing.yaml not found") {
		t.Errorf("check --config missing.yaml: stderr lacks the reason:\n%s", o.stderr)
	}

	o = newCLI(t).mustRun(1, "check", missing)
	if want := "file nosuch.csv: no such file (" + missing + ")"; !strings.Contains(o.stdout, want) {
		t.Errorf("check of a missing file lacks %q:\n%s", want, o.stdout)
	}

	cfg := noRateConfig(t, dir, "clientrisk.yaml", "")
	newCLI(t).mustRun(0, "import", "--config", cfg, export)
	for _, keepGoing := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out")
		args := []string{"report", "--config", cfg, "--month", "2026-10", "--out", out, "--in", missing}
		code := 1
		if keepGoing {
			args, code = append(args, "--keep-going"), 0
		}
		o := newCLI(t).mustRun(code, args...)
		if !strings.Contains(o.stderr, "warning: file nosuch.csv: no such file") {
			t.Errorf("keep-going %v: no warning naming nosuch.csv:\n%s", keepGoing, o.stderr)
		}
		const failure = "1 of 1 input files could not be read: the report was made from the rest"
		if got := strings.Contains(o.stderr, failure); got == keepGoing {
			t.Errorf("keep-going %v: stderr has %q: %v, want %v\n%s", keepGoing, failure, got, !keepGoing, o.stderr)
		}
		// Made from the ledger: INV-1's 1000.00 EUR (the others have no rate).
		_, js, _ := reportPaths(out)
		if got := parseMoney(t, decodeReport(t, readFile(t, js)).Portfolio.Revenue); got != 1000_00 {
			t.Errorf("keep-going %v: revenue %d cents, want 100000", keepGoing, got)
		}
	}
}

// TestReportEmailNotSentWhenAnInputFails: the report made without one of
// the named files is not emailed (the command exits 1); with --keep-going
// it is.
func TestReportEmailNotSentWhenAnInputFails(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t, "", "")
	dir := t.TempDir()
	cfg := writeConfig(t, dir, srv.emailYAML())
	missing := filepath.Join(dir, "nosuch.csv")
	args := append([]string{"report", "--config", cfg, "--month", "2026-10", "--email", "--in", missing}, inArgs(samplePaths(t))...)
	c := newCLI(t)
	o := c.mustRun(1, args...)
	if n := len(srv.got()); n != 0 {
		t.Errorf("%d mails sent although nosuch.csv could not be read", n)
	}
	if !strings.Contains(o.stderr, "no email sent") {
		t.Errorf("stderr does not say no email was sent:\n%s", o.stderr)
	}
	c.mustRun(0, append(args, "--keep-going")...)
	if r := rcpts(srv.got()); strings.Join(r, " ") != strings.Join(recipients, " ") {
		t.Errorf("with --keep-going: recipients %v, want each of %v once", r, recipients)
	}
}
