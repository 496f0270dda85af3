package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/store"
)

func noRatePipeline(t *testing.T, dir string) *Pipeline {
	t.Helper()
	cfg := config.Default(dir)
	cfg.Timezone = time.UTC
	return New(cfg, nil, func() time.Time { return time.Date(2026, 11, 4, 9, 0, 0, 0, time.UTC) })
}

// TestReadCountsNoRate: Read groups the documents with no rate per sheet
// and currency; a currency of the config's rates, written in lower case
// there, is not among them.
func TestReadCountsNoRate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	csv := "Number,Client,Date,Amount,Currency\n1,A,2026-10-01,10.00,USD\n2,A,2026-10-02,20.00,CHF\n3,B,2026-10-03,30.00,usd\n4,B,2026-10-04,40.00,EUR\n5,C,2026-10-05,50.00,GBP\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	p := noRatePipeline(t, dir)
	p.Config.Options.Rates = map[string]*big.Rat{"gbp": big.NewRat(115, 100)}
	fr := p.Read(context.Background(), path)
	if fr.Err != nil {
		t.Fatal(fr.Err)
	}
	// USD rows 1 and 3, CHF row 2; EUR is the base, GBP has a rate.
	want := []NoRate{
		{Sheet: "x.csv", Column: `currency column E "Currency"`, Currency: "CHF", Documents: 1, Rows: 1},
		{Sheet: "x.csv", Column: `currency column E "Currency"`, Currency: "USD", Documents: 2, Rows: 2},
	}
	if len(fr.NoRate) != len(want) {
		t.Fatalf("NoRate = %+v, want %+v", fr.NoRate, want)
	}
	for i := range want {
		if fr.NoRate[i] != want[i] {
			t.Errorf("NoRate[%d] = %+v, want %+v", i, fr.NoRate[i], want[i])
		}
	}
	if n := fr.NoRateRows(); n != 3 {
		t.Errorf("NoRateRows = %d, want 3", n)
	}
}

// TestReadMissingFile: a file that is not there says so, and stays a
// not-exist error for the callers.
func TestReadMissingFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "gone.xlsx")
	fr := noRatePipeline(t, dir).Read(context.Background(), path)
	if fr.Err == nil || !errors.Is(fr.Err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error", fr.Err)
	}
	if want := "file gone.xlsx: no such file (" + path + ")"; fr.Err.Error() != want {
		t.Errorf("err = %q, want %q", fr.Err, want)
	}
}

// TestRecordedReportNothingCounted: a report whose every document has no
// rate is written, returned with ErrNothingCounted, and its run recorded
// as failed with the reason and the files written.
func TestRecordedReportNothingCounted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "usd.csv")
	if err := os.WriteFile(path, []byte("Number,Client,Date,Amount,Currency\n1,A,2026-10-01,10.00,USD\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := noRatePipeline(t, dir)
	l, err := p.OpenLedger()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	out, err := p.RecordedReport(ctx, ReportRequest{Month: invoice.Month{Year: 2026, Month: time.October}, Ledger: l, Files: []string{path}}, TriggerManual)
	if !errors.Is(err, ErrNothingCounted) || out == nil {
		t.Fatalf("RecordedReport = %v, %v; want the outcome and ErrNothingCounted", out, err)
	}
	if _, err := os.Stat(out.PDF); err != nil {
		t.Errorf("the report was not written: %v", err)
	}
	runs, err := l.Runs(ctx, 1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %v, %v", runs, err)
	}
	r := runs[0]
	if r.Status != store.RunFailed || !strings.Contains(r.Error, "1 in USD: no rate in the config") || len(r.Outputs) != 3 {
		t.Errorf("run = %+v, want failed with the reason and 3 outputs", r)
	}
}
