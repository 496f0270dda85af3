package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/store"
)

// corpusFile is a real export of ../shared/corpus; the test skips when
// that folder is absent (the repository holds no copy of it).
func corpusFile(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(corpustest.Sub(t, "invoices"), name)
}

// TestLedgerKeepsTwoProgramsApart imports a Wave export and then an
// Invoice2go export, whose invoices 2, 3 and 4 of January 2021 are for
// other clients (and are drafts): Wave's invoices must stay in the ledger.
// Keyed without the client, Invoice2go's drafts replaced them and the
// month's revenue was 0.
func TestLedgerKeepsTwoProgramsApart(t *testing.T) {
	t.Parallel()
	wave := corpusFile(t, "invoiceninja__wave_invoices.csv")
	i2go := corpusFile(t, "invoiceninja__invoice2go_invoices.csv")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "clientrisk.yaml")
	if err := os.WriteFile(cfg, []byte("currency: USD\nledger: ledger.db\noutput_dir: out\ntimezone: UTC\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := newCLI(t).mustRun(0, "import", "--config", cfg, wave, i2go)
	// import id, new, updated, unchanged, rejected, duplicates, time entries.
	checkImportLine(t, o.stdout, "invoiceninja__wave_invoices.csv", "1 3 0 0 0 0 0")
	// Invoice2go's invoice 1 is 815.00 ILS, with no rate in this config:
	// stored (new 4) and counted as rejected (1).
	checkImportLine(t, o.stdout, "invoiceninja__invoice2go_invoices.csv", "2 4 0 0 1 0 0")

	newCLI(t).mustRun(0, "report", "--config", cfg, "--month", "2021-01")
	b, err := os.ReadFile(filepath.Join(dir, "out", "2021-01-client-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Portfolio struct{ Revenue json.Number }
		Clients   []struct {
			Name    string
			Revenue json.Number
		}
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	// Wave's receivable lines: Mark Walberg 4,974.00 (invoice 2), Lucas
	// Cage 590.50 (3), Jessica Jones 3,500.41 (4); 4974.00 + 590.50 +
	// 3500.41 = 9064.91. Invoice2go's four are unsent drafts: left out.
	if r.Portfolio.Revenue != "9064.91" {
		t.Errorf("revenue of January 2021 = %s, want 9064.91 (Wave's three invoices)", r.Portfolio.Revenue)
	}
	var got []string
	for _, c := range r.Clients {
		got = append(got, c.Name+" "+string(c.Revenue))
	}
	if want := "Mark Walberg 4974.00|Jessica Jones 3500.41|Lucas Cage 590.50"; strings.Join(got, "|") != want {
		t.Errorf("clients = %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestImportRefusesDamagedLedger: an import into a ledger whose pages are
// damaged exits 1, says what to do, and leaves the file as it was.
func TestImportRefusesDamagedLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	ledger := filepath.Join(dir, "ledger.db")
	l, err := store.Open(ledger)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]invoice.Document, 3000)
	for i := range docs {
		docs[i] = invoice.Document{Kind: invoice.KindInvoice, Number: "F-" + strings.Repeat("9", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676)),
			ClientKey: "acme", ClientName: "Acme", IssueDate: invoice.NewDate(2026, 9, 1+i%28), Currency: "EUR", Amount: 10000,
			Source: invoice.Source{File: "old.xlsx", Row: i + 2}}
	}
	if _, err := l.Import(t.Context(), store.ImportFile{Name: "old.xlsx", SHA256: "old"}, docs, nil, store.ReadCounts{}, demoNow(t)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	raw, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	const page = 32 << 10
	for off := page; off+page <= len(raw); off += page {
		copy(raw[off+page/2:], strings.Repeat("\xff", 16))
	}
	if err := os.WriteFile(ledger, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)

	o := newCLI(t).mustRun(1, "import", "--config", cfg, filepath.Join(samplesDir(), "facturas_emitidas.csv"))
	if !strings.Contains(o.stdout+o.stderr, "the ledger file is damaged") || !strings.Contains(o.stdout+o.stderr, "restore the ledger from a backup") {
		t.Errorf("import into a damaged ledger says:\n%s%s\nwant that it is damaged and what to do", o.stdout, o.stderr)
	}
	after, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(after) != sum {
		t.Error("the damaged ledger was written to")
	}
}
