package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// noLedgerReport writes the 2026-10 report of the five samples with
// --no-ledger into a temp folder and returns that folder.
func noLedgerReport(t *testing.T, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	out := filepath.Join(dir, "out")
	args := append([]string{"report", "--config", cfg, "--no-ledger", "--month", "2026-10", "--out", out}, inArgs(samplePaths(t))...)
	o := newCLI(t).mustRun(0, append(args, extra...)...)
	if !strings.Contains(o.stdout, "report for 2026-10: 12 clients with revenue, 6 of 12 clients flagged, revenue 291966.16 EUR") {
		t.Errorf("report summary line: %q", o.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.db")); err == nil {
		t.Errorf("--no-ledger created the ledger")
	}
	return out
}

func TestReportSamplesGolden(t *testing.T) {
	t.Parallel()
	out := noLedgerReport(t)
	pdf, js, xlsx := reportPaths(out)
	for _, p := range []string{pdf, js, xlsx} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("report file %s missing or empty (%v)", p, err)
		}
	}
	got := readFile(t, js)
	golden := filepath.Join("testdata", "samples-2026-10.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readFile(t, golden)
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test ./cmd/clientrisk -update to accept):\n%s", js, golden, firstDiff(got, want))
	}
	// Deterministic: Main.Now is fixed, so a second run writes the same bytes.
	if again := readFile(t, func() string { _, j, _ := reportPaths(noLedgerReport(t)); return j }()); !bytes.Equal(again, got) {
		t.Errorf("two runs with the same clock wrote different JSON:\n%s", firstDiff(again, got))
	}
	r := decodeReport(t, got)
	// demoNow is 2026-11-04 09:00 in Rome (UTC+1 in November); the report
	// writes it in UTC.
	if r.Generated != "2026-11-04T08:00:00Z" {
		t.Errorf("generated = %q, want the fixed clock 2026-11-04T08:00:00Z", r.Generated)
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + x + "\n  want: " + y
		}
	}
	return "(no line differs)"
}

func TestReportSamplesFiguresByHand(t *testing.T) {
	t.Parallel()
	r := decodeReport(t, readFile(t, func() string { _, j, _ := reportPaths(noLedgerReport(t)); return j }()))
	hand := handRevenue(t)

	// Globex Corporation, QuickBooks rows issued 2025-11-01..2026-10-31, USD:
	//   8,900 + 9,300 + 9,100 + 9,900 + 9,250 - 1,202 (credit memo CM-1033)
	//   + 8,800 + 8,500 + 9,650 + 8,800 + 8,750 + 9,000 + 9,450 = 108,198.00
	// At 0.92 every document converts to whole cents (e.g. 1,202 -> 1,105.84),
	// so half-even rounding changes nothing: 108,198 * 0.92 = EUR 99,542.16.
	const globexByHand = invoice.Money(9954216)
	if got := invoice.Money(hand["Globex Corporation"]); got != globexByHand {
		t.Errorf("hand reader: Globex = %s, want %s (the arithmetic above)", got, globexByHand)
	}
	var total int64
	for _, v := range hand {
		if v > 0 {
			total += v
		}
	}
	// samples/README.md: "Total revenue about EUR 291,966".
	if total/100 != 291966 {
		t.Errorf("hand reader: total EUR %s, README says about 291,966", invoice.Money(total))
	}

	byName := map[string]invoice.Money{}
	for _, c := range r.Clients {
		byName[c.Name] = parseMoney(t, c.Revenue)
	}
	if got := byName["Globex Corporation"]; got != globexByHand {
		t.Errorf("report: Globex revenue %s, want %s", got, globexByHand)
	}
	if got := parseMoney(t, r.Portfolio.Revenue); got != invoice.Money(total) {
		t.Errorf("report: portfolio revenue %s, want %s (sum by hand)", got, invoice.Money(total))
	}
	for name, want := range hand {
		if got := byName[name]; got != invoice.Money(want) {
			t.Errorf("report: %s revenue %s, want %s (sum by hand)", name, got, invoice.Money(want))
		}
	}
	if r.Portfolio.Clients != len(hand) {
		t.Errorf("report: %d clients, want %d (the clients with documents in the window)", r.Portfolio.Clients, len(hand))
	}
	// top1 = Globex / total.
	if want := float64(globexByHand) / float64(total); abs(r.Portfolio.Top1Share-want) > 1e-12 {
		t.Errorf("report: top1 share %v, want %v", r.Portfolio.Top1Share, want)
	}

	// The flags samples/README.md promises, and no others.
	wantFlags := map[string]string{
		"Globex Corporation":       "over_dependent",
		"Ferrari Logistica srl":    "slow_payer",
		"Hernández y Asociados SL": "slow_payer",
		"Esposito Moda srl":        "high_maintenance",
		"Bianchi Arredamenti spa":  "high_maintenance",
		"Northwind Traders Inc":    "lost",
	}
	for name, got := range flagsByClient(r) {
		if got != wantFlags[name] {
			t.Errorf("flags of %s = %q, want %q", name, got, wantFlags[name])
		}
	}
	if len(r.LostClients) != 1 || r.LostClients[0].Name != "Northwind Traders Inc" {
		t.Errorf("lost clients = %+v, want Northwind Traders Inc only", r.LostClients)
	}
	// Colombo: first invoice ever 2026-10-12, EUR 3,200.00.
	if len(r.NewClients) != 1 || r.NewClients[0].Name != "Colombo Vini srl" || parseMoney(t, r.NewClients[0].Revenue) != 320000 {
		t.Errorf("new clients = %+v, want Colombo Vini srl with 3200.00", r.NewClients)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestReportXLSXMatchesJSON(t *testing.T) {
	t.Parallel()
	out := noLedgerReport(t)
	_, js, xlsx := reportPaths(out)
	r := decodeReport(t, readFile(t, js))
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatalf("open %s: %v", xlsx, err)
	}
	defer f.Close()
	sheets := strings.Join(f.GetSheetList(), "|")
	for _, want := range []string{"Clients", "Open invoices", "Rejected rows", "Data quality"} {
		if !strings.Contains("|"+sheets+"|", "|"+want+"|") {
			t.Errorf("XLSX sheets %q lack %q", sheets, want)
		}
	}
	rows, err := f.GetRows("Clients", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "Revenue" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("Clients sheet has no Revenue column: %q", rows[0])
	}
	var jsonGlobex invoice.Money
	for _, c := range r.Clients {
		if c.Name == "Globex Corporation" {
			jsonGlobex = parseMoney(t, c.Revenue)
		}
	}
	found := false
	for _, row := range rows[1:] {
		if len(row) > col && row[0] == "Globex Corporation" {
			found = true
			got := centsOf(t, row[col], "", ".")
			if invoice.Money(got) != jsonGlobex {
				t.Errorf("XLSX Globex revenue %q, JSON %s", row[col], jsonGlobex)
			}
		}
	}
	if !found {
		t.Errorf("XLSX Clients sheet has no Globex Corporation row")
	}
	if n := len(rows) - 1; n != len(r.Clients) {
		t.Errorf("XLSX Clients sheet has %d rows, JSON %d clients", n, len(r.Clients))
	}
	dq, err := f.GetRows("Data quality")
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, row := range dq {
		for _, n := range sampleNames {
			if len(row) > 0 && row[0] == n {
				listed++
			}
		}
	}
	if listed != len(sampleNames) {
		t.Errorf("XLSX Data quality lists %d of the %d sample files", listed, len(sampleNames))
	}
}

func TestReportThroughLedger(t *testing.T) {
	t.Parallel()
	want := readFile(t, func() string { _, j, _ := reportPaths(noLedgerReport(t)); return j }())
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	c := newCLI(t)
	args := append([]string{"report", "--config", cfg, "--month", "2026-10"}, inArgs(samplePaths(t))...)
	c.mustRun(0, args...)
	_, js, _ := reportPaths(filepath.Join(dir, "reports"))
	if got := readFile(t, js); !bytes.Equal(got, want) {
		t.Errorf("report through the ledger differs from --no-ledger:\n%s", firstDiff(got, want))
	}

	// Same files again: nothing new, same report.
	o := c.mustRun(0, args...)
	if n := strings.Count(o.stderr, "already imported"); n != len(sampleNames) {
		t.Errorf("second run: %d files said already imported, want %d\n%s", n, len(sampleNames), o.stderr)
	}
	if got := readFile(t, js); !bytes.Equal(got, want) {
		t.Errorf("second report through the ledger differs:\n%s", firstDiff(got, want))
	}
	o = c.mustRun(0, append([]string{"import", "--config", cfg}, samplePaths(t)...)...)
	for i, n := range sampleNames {
		if want := "already imported as " + strconv.Itoa(i+1) + ": nothing changed"; !strings.Contains(lineWith(o.stdout, n), want) {
			t.Errorf("import again: line of %s lacks %q:\n%s", n, want, o.stdout)
		}
	}

	o = c.mustRun(0, "imports", "--config", cfg)
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	if len(lines) != 1+len(sampleNames) {
		t.Errorf("imports: %d lines, want a header and %d imports:\n%s", len(lines), len(sampleNames), o.stdout)
	}
	for i, n := range sampleNames {
		if l := lineWith(o.stdout, n); !strings.HasPrefix(l, strconv.Itoa(i+1)+" ") {
			t.Errorf("imports: %s is not import %d: %q", n, i+1, l)
		}
	}

	// Import 1 is the 1C file (sampleNames order): its two clients go.
	before := decodeReport(t, want)
	o = c.mustRun(0, "imports", "--config", cfg, "remove", "1")
	// 32 documents in the 1C export, no other import has them.
	if !strings.Contains(o.stdout, "import 1 removed: 0 documents reverted to an earlier import, 32 removed") {
		t.Errorf("imports remove 1: %q", o.stdout)
	}
	c.mustRun(0, "report", "--config", cfg, "--month", "2026-10")
	after := decodeReport(t, readFile(t, js))
	gone := map[string]bool{"ООО «Северный Ветер»": true, "АО «Техносфера»": true}
	var goneRevenue invoice.Money
	for _, cl := range before.Clients {
		if gone[cl.Name] {
			goneRevenue += parseMoney(t, cl.Revenue)
		}
	}
	// 18,837.00 + 8,820.00 (the two 1C clients' revenue before).
	if goneRevenue != 1883700+882000 {
		t.Errorf("1C clients' revenue before = %s, want 27657.00", goneRevenue)
	}
	for _, cl := range after.Clients {
		if gone[cl.Name] && parseMoney(t, cl.Revenue) != 0 {
			t.Errorf("after removing the 1C import, %s still has revenue %s", cl.Name, cl.Revenue)
		}
	}
	if after.Portfolio.Clients != before.Portfolio.Clients-2 {
		t.Errorf("clients after removal = %d, want %d", after.Portfolio.Clients, before.Portfolio.Clients-2)
	}
	if got, want := parseMoney(t, after.Portfolio.Revenue), parseMoney(t, before.Portfolio.Revenue)-goneRevenue; got != want {
		t.Errorf("revenue after removal = %s, want %s", got, want)
	}
	for _, f := range after.DataQuality.Files {
		if f.Name == "1c_scheta_pokupatelyam.xlsx" {
			t.Errorf("data quality still lists the removed 1C file")
		}
	}

	// Each of the three reports through the ledger is a recorded run.
	o = c.mustRun(0, "status", "--config", cfg)
	manual := regexp.MustCompile(`(?m)^  2026-10 +manual +done +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d +$`)
	if n := len(manual.FindAllString(o.stdout, -1)); n != 3 {
		t.Errorf("status lists %d done manual runs of 2026-10, want 3:\n%s", n, o.stdout)
	}
}

// lineWith returns the first line of s containing sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

func TestImportPrintsCounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	o := newCLI(t).mustRun(0, append([]string{"import", "--config", cfg}, samplePaths(t)...)...)
	// import id, new, updated, unchanged, rejected, duplicates, time entries:
	// the document counts are check's accepted counts (TestCheckSamples).
	want := map[string]string{
		"1c_scheta_pokupatelyam.xlsx":        "1 32 0 0 0 0 0",
		"quickbooks_invoice_list.xlsx":       "2 44 0 0 0 0 0",
		"registro_fatture_rossi_design.xlsx": "3 89 0 0 0 0 0",
		"facturas_emitidas.csv":              "4 60 0 0 0 0 0",
		"toggl_time_entries.csv":             "5 0 0 0 0 0 262",
	}
	for name, counts := range want {
		checkImportLine(t, o.stdout, name, counts)
	}

	// A report from the ledger alone names every imported file in its
	// data-quality section, the time tracker included (its hours count).
	newCLI(t).mustRun(0, "report", "--config", cfg, "--month", "2026-10")
	_, js, _ := reportPaths(filepath.Join(dir, "reports"))
	r := decodeReport(t, readFile(t, js))
	var names []string
	rows := map[string]int{}
	for _, f := range r.DataQuality.Files {
		names = append(names, f.Name)
		rows[f.Name] = f.Rows
	}
	if strings.Join(names, " ") != strings.Join(sampleNames, " ") {
		t.Errorf("data_quality files %v, want %v", names, sampleNames)
	}
	// The ledger keeps no count of skipped totals rows: 32 and 44 documents
	// here, where a direct read says 33 and 45 rows.
	wantRows := map[string]int{"1c_scheta_pokupatelyam.xlsx": 32, "quickbooks_invoice_list.xlsx": 44,
		"registro_fatture_rossi_design.xlsx": 89, "facturas_emitidas.csv": 60, "toggl_time_entries.csv": 262}
	for n, w := range wantRows {
		if rows[n] != w {
			t.Errorf("data_quality rows of %s = %d, want %d", n, rows[n], w)
		}
	}
}

func TestReportWithFailingFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	bad := filepath.Join(dir, "broken.xlsx")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 not really a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("all fail", func(t *testing.T) {
		for _, ledger := range []bool{false, true} {
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"report", "--config", cfg, "--month", "2026-10", "--out", out, "--in", bad, "--in", empty}
			if !ledger {
				args = append(args, "--no-ledger")
			}
			o := newCLI(t).mustRun(1, args...)
			for _, want := range []string{"no input could be read", "broken.xlsx", "empty.csv"} {
				if !strings.Contains(o.stderr, want) {
					t.Errorf("ledger %v: stderr lacks %q:\n%s", ledger, want, o.stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				entries, _ := os.ReadDir(out)
				if len(entries) > 0 {
					t.Errorf("ledger %v: a report was written although nothing was read: %v", ledger, entries)
				}
			}
		}
	})

	// A named --in file that cannot be read: the report is written from
	// the rest either way; the command exits 1 (the user asked for that
	// file) unless --keep-going. Before, it exited 0.
	for _, keepGoing := range []bool{false, true} {
		t.Run(fmt.Sprintf("some fail, keep-going %v", keepGoing), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			qb := filepath.Join(samplesDir(), "quickbooks_invoice_list.xlsx")
			args := []string{"report", "--config", cfg, "--no-ledger", "--month", "2026-10", "--out", out, "--in", qb, "--in", bad}
			code := 1
			if keepGoing {
				args, code = append(args, "--keep-going"), 0
			}
			o := newCLI(t).mustRun(code, args...)
			if !strings.Contains(o.stderr, "warning:") || !strings.Contains(o.stderr, "broken.xlsx") {
				t.Errorf("no warning about broken.xlsx on stderr:\n%s", o.stderr)
			}
			const failure = "1 of 2 input files could not be read: the report was made from the rest"
			if got := strings.Contains(o.stderr, failure); got == keepGoing {
				t.Errorf("keep-going %v: stderr has %q: %v, want %v\n%s", keepGoing, failure, got, !keepGoing, o.stderr)
			}
			pdf, js, xlsx := reportPaths(out)
			for _, p := range []string{pdf, xlsx} {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("report file missing: %v", err)
				}
			}
			r := decodeReport(t, readFile(t, js))
			files := map[string]*string{}
			for _, f := range r.DataQuality.Files {
				files[f.Name] = f.Error
			}
			if e, ok := files["quickbooks_invoice_list.xlsx"]; !ok || e != nil {
				t.Errorf("data_quality: quickbooks file listed %v with error %v, want listed without error", ok, e)
			}
			if e := files["broken.xlsx"]; e == nil || !strings.Contains(*e, "broken.xlsx") {
				t.Errorf("data_quality: broken.xlsx error = %v, want its reason", e)
			}
			// Only the QuickBooks clients: Globex and Northwind.
			if len(r.Clients) != 2 {
				t.Errorf("report of the good file has %d clients, want 2", len(r.Clients))
			}
		})
	}
}
