package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/schedule"

	"github.com/clientrisk/clientrisk/internal/mail/mailtest"
)

var recipients = []string{"accountant@rossi.example", "owner@rossi.example"}

// rcpts lists the envelope recipients of messages, sorted.
func rcpts(msgs []smtpMessage) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.to...)
	}
	sort.Strings(out)
	return out
}

func TestReportEmailOnceThenResend(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t, "", "")
	dir := t.TempDir()
	cfg := writeConfig(t, dir, srv.emailYAML())
	c := newCLI(t)
	args := append([]string{"report", "--config", cfg, "--month", "2026-10", "--email"}, inArgs(samplePaths(t))...)

	o := c.mustRun(0, args...)
	got := srv.got()
	if r := rcpts(got); strings.Join(r, " ") != strings.Join(recipients, " ") {
		t.Fatalf("first send: recipients %v, want each of %v once\nstdout: %s\nstderr: %s", r, recipients, o.stdout, o.stderr)
	}
	for _, rc := range recipients {
		if !strings.Contains(o.stdout, "email to "+rc+": sent") {
			t.Errorf("stdout does not say the mail to %s was sent:\n%s", rc, o.stdout)
		}
	}
	pdfPath, _, xlsxPath := reportPaths(filepath.Join(dir, "reports"))
	pdf, xlsx := readFile(t, pdfPath), readFile(t, xlsxPath)
	for _, m := range got {
		var sawPDF, sawXLSX bool
		for _, a := range mailtest.Parse(t, m.data).Attachments {
			switch a.ContentType {
			case "application/pdf":
				sawPDF = true
				if a.Name != filepath.Base(pdfPath) || !bytes.Equal(a.Data, pdf) {
					t.Errorf("mail to %v: PDF attachment %q (%d bytes) is not the written %s (%d bytes)", m.to, a.Name, len(a.Data), pdfPath, len(pdf))
				}
			case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
				sawXLSX = true
				if !bytes.Equal(a.Data, xlsx) {
					t.Errorf("mail to %v: XLSX attachment differs from the written file", m.to)
				}
			}
		}
		if !sawPDF || !sawXLSX {
			t.Errorf("mail to %v: PDF attached %v, XLSX attached %v; want both", m.to, sawPDF, sawXLSX)
		}
	}

	// Again: already sent, nothing goes out.
	o = c.mustRun(0, args...)
	if n := len(srv.got()); n != 2 {
		t.Errorf("second run sent again: %d messages in all, want 2", n)
	}
	for _, rc := range recipients {
		if !strings.Contains(o.stdout, "email to "+rc+": already sent for 2026-10") {
			t.Errorf("second run does not say %s already has it:\n%s", rc, o.stdout)
		}
	}

	// --resend: once more to each.
	c.mustRun(0, append(args, "--resend")...)
	if r := rcpts(srv.got()[2:]); strings.Join(r, " ") != strings.Join(recipients, " ") {
		t.Errorf("--resend: recipients %v, want %v", r, recipients)
	}

	o = c.mustRun(0, "status", "--config", cfg)
	for _, rc := range recipients {
		if l := lineWith(o.stdout, rc); !strings.Contains(l, "sent") {
			t.Errorf("status: outbox line of %s = %q, want sent", rc, l)
		}
	}
}

func TestReportEmailServerRefuses(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t, "", "")
	srv.setTempFail(true)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, srv.emailYAML())
	c := newCLI(t)
	o := c.mustRun(1, append([]string{"report", "--config", cfg, "--month", "2026-10", "--email"}, inArgs(samplePaths(t))...)...)
	if !strings.Contains(o.stderr, "2 of 2 emails not delivered: 2 stay in the outbox and are retried") {
		t.Errorf("stderr does not say the mails stay in the outbox:\n%s", o.stderr)
	}
	for _, rc := range recipients {
		if l := lineWith(o.stdout, "email to "+rc); !strings.Contains(l, "pending") || !strings.Contains(l, "451") {
			t.Errorf("report output for %s = %q, want pending with the server's 451 reply", rc, l)
		}
	}
	if len(srv.got()) != 0 {
		t.Errorf("the refusing server accepted %d messages", len(srv.got()))
	}
	// The report itself was written.
	if _, err := os.Stat(filepath.Join(dir, "reports", "2026-10-client-report.pdf")); err != nil {
		t.Errorf("report not written when the mail failed: %v", err)
	}
	o = c.mustRun(0, "status", "--config", cfg)
	for _, rc := range recipients {
		if l := lineWith(o.stdout, rc); !strings.Contains(l, " pending ") {
			t.Errorf("status: outbox line of %s = %q, want pending", rc, l)
		}
	}
}

func TestWrongPasswordNeverPrinted(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-Pa55-6f1d2a9c-never-shown"
	srv := startSMTP(t, "reports@rossi.example", "the-right-one")
	dir := t.TempDir()
	cfg := writeConfig(t, dir, srv.emailYAML())
	c := newCLI(t)
	c.env["CLIENTRISK_SMTP_PASSWORD"] = secret
	var outs []outcome
	for _, format := range []string{"text", "json"} {
		o := c.mustRun(1, "report", "--config", cfg, "--month", "2026-10", "--email", "--log-level", "debug", "--log-format", format,
			"--in", filepath.Join(samplesDir(), "quickbooks_invoice_list.xlsx"), "--resend")
		outs = append(outs, o, c.mustRun(0, "status", "--config", cfg))
	}
	srv.mu.Lock()
	tried := strings.Join(srv.authSeen, " ")
	srv.mu.Unlock()
	if !strings.Contains(tried, secret) {
		t.Fatalf("the server never saw the password from the environment (saw %q): the test proves nothing", tried)
	}
	for i, o := range outs {
		if strings.Contains(o.stdout, secret) || strings.Contains(o.stderr, secret) {
			t.Errorf("run %d printed the password:\nstdout: %s\nstderr: %s", i, o.stdout, o.stderr)
		}
	}
	if !strings.Contains(outs[0].stdout+outs[0].stderr, "535") {
		t.Errorf("the refusal is not reported:\n%s\n%s", outs[0].stdout, outs[0].stderr)
	}
	// Every file beside the config: ledger, its WAL, the outbox's .eml files.
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if bytes.Contains(readFile(t, path), []byte(secret)) {
			t.Errorf("%s holds the password", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// While a serve holds the ledger's lock, `report --email` only queues the
// mail: one process sends, so two flushes of one outbox cannot both send a
// message. The queued deliveries are then sent once by the next sender.
func TestReportEmailQueuesWhileServeRuns(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t, "", "")
	dir := t.TempDir()
	cfg := writeConfig(t, dir, srv.emailYAML())
	c := newCLI(t)
	args := append([]string{"report", "--config", cfg, "--month", "2026-10", "--email"}, inArgs(samplePaths(t))...)

	// The lock serve would hold: ledger.db.lock beside the ledger.
	release, err := schedule.AcquireLock(filepath.Join(dir, "ledger.db.lock"))
	if err != nil {
		t.Fatalf("take the serve lock: %v", err)
	}
	o := c.mustRun(0, args...)
	if n := len(srv.got()); n != 0 {
		t.Fatalf("report --email sent %d messages while serve holds the lock; want 0 (queue only)", n)
	}
	if !strings.Contains(o.stdout, "email queued: the running clientrisk serve sends it") {
		t.Errorf("stdout does not say the mail was queued for serve:\n%s", o.stdout)
	}
	o = c.mustRun(0, "status", "--config", cfg)
	for _, rc := range recipients {
		if l := lineWith(o.stdout, rc); !strings.Contains(l, "pending") {
			t.Errorf("status: outbox line of %s = %q, want pending", rc, l)
		}
	}
	if err := release(); err != nil {
		t.Fatalf("release the lock: %v", err)
	}

	// No serve any more: the next report --email sends the queued mail,
	// once to each recipient (the queue already holds this month's).
	c.mustRun(0, args...)
	if r := rcpts(srv.got()); strings.Join(r, " ") != strings.Join(recipients, " ") {
		t.Errorf("after the lock is free: recipients %v, want each of %v once", r, recipients)
	}
}
