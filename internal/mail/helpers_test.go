package mail

import (
	"bytes"
	"crypto/tls"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// t0 is when the tests' clock starts: 07:00 on 1 November 2026, the
// monthly job sending October's report.
var t0 = time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)

const (
	testUser     = "reports@example.com"
	testPassword = "s3cr3t-Pa55word!"
	testFrom     = "Clientrisk <reports@example.com>"
	testOwner    = "owner@example.com"
)

type fixture struct {
	srv   *testServer
	recs  *fakeRecords
	clock *testClock
	ob    *Outbox
	cfg   Config
	dir   string
	logs  *bytes.Buffer
}

// newFixture starts a server in mode (with the right password) and an
// outbox over in-memory records; change adjusts the config first.
func newFixture(t *testing.T, mode string, change func(*Config)) *fixture {
	t.Helper()
	srv := startServer(t, mode, testUser, testPassword)
	dir := t.TempDir()
	cfg := Config{
		Settings: Settings{Host: srv.Host, Port: srv.Port, TLS: mode,
			Username: testUser, From: testFrom, To: []string{testOwner},
			Subject: "Client report {month}",
			Retry:   Retry{Initial: time.Minute, Max: 5 * time.Minute}},
		Password:  testPassword,
		Timeout:   5 * time.Second,
		TLSConfig: &tls.Config{RootCAs: srv.cert.pool, MinVersion: tls.VersionTLS12},
		OutboxDir: filepath.Join(dir, "outbox"),
	}
	if change != nil {
		change(&cfg)
	}
	recs, err := newFakeRecords("")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: srv, recs: recs, clock: newTestClock(t0), cfg: cfg, dir: dir, logs: &bytes.Buffer{}}
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if f.ob, err = NewOutbox(cfg, recs, f.clock.now, log); err != nil {
		t.Fatalf("NewOutbox: %v", err)
	}
	return f
}

// reportFiles writes a fake PDF and XLSX (arbitrary bytes, every value
// 0-255 present) and returns their paths and contents.
func reportFiles(t *testing.T, dir string) (pdfPath string, pdf []byte, xlsxPath string, xlsx []byte) {
	t.Helper()
	rng := rand.New(rand.NewChaCha8([32]byte{1, 2, 3}))
	pdf = append([]byte("%PDF-1.7\n"), make([]byte, 30000)...)
	for i := 9; i < len(pdf); i++ {
		pdf[i] = byte(rng.Uint32())
	}
	for i := range 256 {
		pdf[9+i] = byte(i)
	}
	xlsx = append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 0xff, 'x'}, 500)...)
	pdfPath = filepath.Join(dir, "2026-10-client-report.pdf")
	xlsxPath = filepath.Join(dir, "2026-10-client-report.xlsx")
	for p, b := range map[string][]byte{pdfPath: pdf, xlsxPath: xlsx} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return pdfPath, pdf, xlsxPath, xlsx
}

// testMessage is October 2026's report email with both attachments.
func testMessage(t *testing.T, dir string) Message {
	t.Helper()
	pdfPath, _, xlsxPath, _ := reportFiles(t, dir)
	text, html := RenderBodies(Body{
		Lang:  "it",
		Title: "Rapporto clienti — ottobre 2026",
		Intro: []string{"Ecco il rapporto del mese."},
		Figures: []Figure{
			{Label: "Fatturato (12 mesi)", Value: "€ 184.250,00"},
			{Label: "Primo cliente", Value: "Rossi & Figli 31,4%"},
		},
		FlaggedTitle: "Clienti segnalati",
		Flagged:      []string{"Rossi & Figli <srl>: dipendenza 31,4%", "ООО Ромашка: paga in media 47 giorni dopo la scadenza"},
		Footer:       []string{"clientrisk"},
	})
	return Message{
		Month: "2026-10", Text: text, HTML: html,
		Attachments: []Attachment{{Path: pdfPath}, {Path: xlsxPath}},
	}
}

// flushOnce flushes and fails the test on a records error.
func (f *fixture) flush(t *testing.T) []Result {
	t.Helper()
	res, err := f.ob.Flush(t.Context())
	if err != nil {
		t.Fatalf("Flush: %v", err)
	}
	return res
}

func (f *fixture) enqueue(t *testing.T, m Message, resend bool) ([]Record, []string) {
	t.Helper()
	q, s, err := f.ob.Enqueue(t.Context(), m, resend)
	if err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	return q, s
}

func newFixtureTLS(srv *testServer) *tls.Config {
	return &tls.Config{RootCAs: srv.cert.pool, MinVersion: tls.VersionTLS12}
}
