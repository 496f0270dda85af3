package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/clientrisk/clientrisk/internal/dropfolder"
	"github.com/clientrisk/clientrisk/internal/store"
)

// TestDroppedFileOnBusyLedgerIsRetried: while another process holds the
// ledger's write lock past the busy timeout, a dropped file's import
// fails as temporary (dropfolder.ErrRetryLater: it stays in processing/
// and is tried again), not as a bad file; once the lock is gone it is
// imported.
func TestDroppedFileOnBusyLedgerIsRetried(t *testing.T) {
	t.Parallel()
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), "import", false)
	ctx := context.Background()
	l, err := store.OpenWithOptions(filepath.Join(e.dir, "busy.db"), store.Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	other, err := sql.Open("sqlite", "file:"+l.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	s := &Service{P: e.pipeline(nil), Ledger: l}
	sample := filepath.Join(t.TempDir(), serveSample)
	if err := os.WriteFile(sample, readSample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = s.importDropped(ctx, sample)
	if !errors.Is(err, dropfolder.ErrRetryLater) || !errors.Is(err, store.ErrBusy) {
		t.Fatalf("import into a busy ledger: %v, want a temporary failure (ErrRetryLater wrapping ErrBusy)", err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	out, err := s.importDropped(ctx, sample)
	if err != nil || out.Accepted != serveSampleDocs {
		t.Fatalf("import once the lock is gone: accepted %d, %v; want %d, nil", out.Accepted, err, serveSampleDocs)
	}
}
