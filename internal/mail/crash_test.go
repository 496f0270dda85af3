package mail

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/mail/mailtest"
)

// crashConfig is the configuration shared by the helper process and the
// test that kills it.
func crashConfig(host string, port int, pool *x509.CertPool, outbox string) Config {
	return Config{
		Settings: Settings{Host: host, Port: port, TLS: TLSStartTLS,
			Username: testUser, From: testFrom, To: []string{testOwner}},
		Password: testPassword,
		// Long enough that the helper waits in DATA until it is killed.
		Timeout:   time.Minute,
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		OutboxDir: outbox,
		// SendingStale: the default, 10 minutes.
	}
}

// TestHelperSendingProcess is not a test: TestCrashDuringSendDeliversOnce
// runs it in a child process that queues the report and starts sending it
// to a server that never answers DATA, and kills it there.
func TestHelperSendingProcess(t *testing.T) {
	if os.Getenv("CLIENTRISK_MAIL_HELPER") != "1" {
		t.Skip("helper process for TestCrashDuringSendDeliversOnce")
	}
	port, _ := strconv.Atoi(os.Getenv("MAIL_HELPER_PORT"))
	pemData, err := os.ReadFile(os.Getenv("MAIL_HELPER_CA"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemData)
	recs, err := newFakeRecords(os.Getenv("MAIL_HELPER_STATE"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := crashConfig("127.0.0.1", port, pool, os.Getenv("MAIL_HELPER_OUTBOX"))
	ob, err := NewOutbox(cfg, recs, newTestClock(t0).now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ob.Enqueue(t.Context(), testMessage(t, os.Getenv("MAIL_HELPER_DIR")), false); err != nil {
		t.Fatal(err)
	}
	res, err := ob.Flush(t.Context())
	t.Fatalf("helper was meant to be killed while sending, but Flush returned %+v, %v", res, err)
}

func TestCrashDuringSendDeliversOnce(t *testing.T) {
	srv := startServer(t, TLSStartTLS, testUser, testPassword)
	srv.stall = true
	dir := t.TempDir()
	caPath := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caPath, srv.cert.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "records.json")
	outbox := filepath.Join(dir, "outbox")

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSendingProcess$", "-test.v")
	cmd.Env = append(os.Environ(),
		"CLIENTRISK_MAIL_HELPER=1",
		"MAIL_HELPER_PORT="+strconv.Itoa(srv.Port),
		"MAIL_HELPER_CA="+caPath,
		"MAIL_HELPER_STATE="+state,
		"MAIL_HELPER_OUTBOX="+outbox,
		"MAIL_HELPER_DIR="+dir,
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper: %v", err)
	}
	var stalled received
	select {
	case stalled = <-srv.stalled:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the helper never reached DATA; its output:\n%s", out.String())
	}
	// The helper has sent the whole message and waits for the reply: the
	// worst moment to die.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill helper: %v", err)
	}
	_ = cmd.Wait()
	srv.unstall() // the server never said 250: nothing was taken

	recs, err := newFakeRecords(state)
	if err != nil {
		t.Fatal(err)
	}
	left := recs.all()
	if len(left) != 1 || left[0].Status != StatusSending || left[0].Attempts != 1 {
		t.Fatalf("after the kill the records are %+v; want one delivery in sending after 1 attempt\nhelper output:\n%s", left, out.String())
	}
	stalledID := mailtest.Parse(t, stalled.Data).Header.Get("Message-Id")
	if stalledID != "<"+left[0].MessageID+">" {
		t.Fatalf("the interrupted message had Message-ID %s, the record %s", stalledID, left[0].MessageID)
	}

	// The restarted process, 5 minutes later: too early to call the
	// delivery interrupted (another process might still be sending).
	clock := newTestClock(t0.Add(5 * time.Minute))
	ob, err := NewOutbox(crashConfig(srv.Host, srv.Port, srv.cert.pool, outbox), recs, clock.now, nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at         time.Duration
		wantStatus string
		wantCopies int
	}{
		{5 * time.Minute, StatusSending, 0}, // < SendingStale (10m): left alone
		{11 * time.Minute, StatusSent, 1},   // stale: sent once more, same Message-ID
		{2 * time.Hour, StatusSent, 1},      // and never again
	}
	for _, s := range steps {
		clock.set(t0.Add(s.at))
		if _, err := ob.Flush(t.Context()); err != nil {
			t.Fatalf("t0+%s: Flush: %v", s.at, err)
		}
		rec := recs.all()[0]
		got := srv.gotFor(testOwner)
		if rec.Status != s.wantStatus || len(got) != s.wantCopies {
			t.Fatalf("t0+%s: status %s, %d copies accepted; want %s, %d", s.at, rec.Status, len(got), s.wantStatus, s.wantCopies)
		}
	}
	rec := recs.all()[0]
	if rec.Attempts != 2 || !strings.HasPrefix(rec.LastError, interruptedMark) {
		t.Errorf("record: %d attempts, last error %q; want 2 and the interrupted mark", rec.Attempts, rec.LastError)
	}
	if id := mailtest.Parse(t, srv.gotFor(testOwner)[0].Data).Header.Get("Message-Id"); id != stalledID {
		t.Errorf("the copy sent after the restart has Message-ID %s, want the interrupted one's %s", id, stalledID)
	}
	if n := len(recs.all()); n != 1 {
		t.Errorf("%d delivery records, want 1", n)
	}
}
