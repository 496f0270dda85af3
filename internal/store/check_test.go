package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// damage overwrites the start of every page but the first (the header and
// schema, which Open reads) with 0xFF, as a disk or a careless copy might,
// and returns the file's SHA-256 afterwards.
func damage(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 32 << 10
	if len(b) < 3*page {
		t.Fatalf("ledger has %d bytes: too few pages to damage", len(b))
	}
	for off := page; off < len(b); off += page {
		for i := off + page/2; i < off+page/2+16; i++ {
			b[i] = 0xFF
		}
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// damagedLedger imports 3,000 documents numbered prefix-00000 ... into a
// new ledger, closes it, damages it, and returns its path and the
// damaged file's SHA-256.
func damagedLedger(t *testing.T, prefix string) (string, [32]byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]invoice.Document, 3000)
	for i := range docs {
		docs[i] = inv(fmt.Sprintf("%s-%05d", prefix, i), fmt.Sprintf("client %d", i%40), d(2025, 1, 1+i%28), invoice.Money(1000+i), "jan.xlsx", i+2)
	}
	if _, err := l.Import(context.Background(), ImportFile{Name: "jan.xlsx", SHA256: "jan"}, docs, nil, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	if err := l.Check(context.Background()); err != nil {
		t.Fatalf("check of a sound ledger: %v", err)
	}
	l.Close()
	return path, damage(t, path)
}

// TestDamagedLedgerRefusesWrites: once the ledger's pages are damaged,
// Check and Import say so (with what to do), and nothing is written: the
// file keeps its bytes, and later writes of any kind are refused.
func TestDamagedLedgerRefusesWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path, sum := damagedLedger(t, "INV")
	l, err := Open(path)
	if err != nil {
		t.Fatalf("open: %v (the header is intact: opening must work, so that the damage can be reported)", err)
	}
	defer l.Close()
	err = l.Check(ctx)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "restore the ledger from a backup") {
		t.Errorf("check of the damaged ledger: got %v, want ErrDamaged with what to do", err)
	}
	feb := []invoice.Document{inv("INV-99999", "acme", d(2025, 2, 1), 500, "feb.xlsx", 2)}
	if _, err := l.Import(ctx, ImportFile{Name: "feb.xlsx", SHA256: "feb"}, feb, nil, ReadCounts{}, testNow); !errors.Is(err, ErrDamaged) {
		t.Errorf("import into the damaged ledger: got %v, want ErrDamaged", err)
	}
	if _, _, err := l.RemoveImport(ctx, 1); !errors.Is(err, ErrDamaged) {
		t.Errorf("remove import from the damaged ledger: got %v, want ErrDamaged", err)
	}
	if _, err := l.StartRun(ctx, "2025-01", "manual", testNow); !errors.Is(err, ErrDamaged) {
		t.Errorf("start run in the damaged ledger: got %v, want ErrDamaged", err)
	}
	if _, err := l.FailInterruptedRuns(ctx, testNow); !errors.Is(err, ErrDamaged) {
		t.Errorf("fail interrupted runs in the damaged ledger: got %v, want ErrDamaged", err)
	}
	if got := fileSum(t, path); got != sum {
		t.Error("the damaged ledger file was written to")
	}
}

// TestDamagedWhileReading: a read that meets a damaged page marks the
// ledger damaged, and a fresh Ledger on the same file finds it too.
func TestDamagedWhileReading(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path, sum := damagedLedger(t, "R")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, _, err := l.Documents(ctx); !errors.Is(err, ErrDamaged) {
		t.Fatalf("reading the damaged ledger: got %v, want ErrDamaged", err)
	}
	if _, err := l.StartRun(ctx, "2025-03", "manual", testNow); !errors.Is(err, ErrDamaged) {
		t.Errorf("start run after a damaged read: got %v, want ErrDamaged", err)
	}
	if got := fileSum(t, path); got != sum {
		t.Error("the damaged ledger file was written to")
	}
}
