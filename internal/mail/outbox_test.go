package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/mail/mailtest"
)

func TestDeliveredMessageContent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		attachXLSX bool
		wantFiles  []string
	}{
		{"pdf only", false, []string{"2026-10-client-report.pdf"}},
		{"pdf and xlsx", true, []string{"2026-10-client-report.pdf", "2026-10-client-report.xlsx"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, TLSStartTLS, func(c *Config) { c.AttachXLSX = tc.attachXLSX })
			m := testMessage(t, f.dir)
			m.Subject = "Rapporto clienti {month} – ottobre"
			queued, skipped := f.enqueue(t, m, false)
			if len(queued) != 1 || len(skipped) != 0 {
				t.Fatalf("Enqueue: queued %d, skipped %v; want 1 queued, none skipped", len(queued), skipped)
			}
			res := f.flush(t)
			if len(res) != 1 || res[0].Err != nil || res[0].Record.Status != StatusSent {
				t.Fatalf("Flush: got %+v; want one sent delivery", res)
			}
			got := f.srv.got()
			if len(got) != 1 {
				t.Fatalf("server accepted %d messages, want 1", len(got))
			}
			r := got[0]
			if r.From != testUser || len(r.To) != 1 || r.To[0] != testOwner {
				t.Errorf("envelope: from %q to %v; want from %q to [%s]", r.From, r.To, testUser, testOwner)
			}
			if !r.TLS || r.Mech != "PLAIN" {
				t.Errorf("session: tls %v, auth %q; want STARTTLS and PLAIN", r.TLS, r.Mech)
			}
			pm := mailtest.Parse(t, r.Data)
			if want := "Rapporto clienti 2026-10 – ottobre"; pm.Subject != want {
				t.Errorf("subject %q, want %q", pm.Subject, want)
			}
			if got, want := pm.Header.Get("To"), "<"+testOwner+">"; got != want {
				t.Errorf("To header %q, want %q", got, want)
			}
			if from, err := pm.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != testUser || from[0].Name != "Clientrisk" {
				t.Errorf("From header %q (%v), want Clientrisk <%s>", pm.Header.Get("From"), err, testUser)
			}
			if got, want := pm.Header.Get("Message-Id"), "<"+queued[0].MessageID+">"; got != want {
				t.Errorf("Message-ID %q, want the recorded %q", got, want)
			}
			if date, err := pm.Header.Date(); err != nil || !date.Equal(t0) {
				t.Errorf("Date %q (%v), want the clock's %s", pm.Header.Get("Date"), err, t0)
			}
			if strings.TrimRight(pm.Text, "\n") != strings.TrimRight(m.Text, "\n") {
				t.Errorf("text part:\n%s\nwant:\n%s", pm.Text, m.Text)
			}
			if strings.TrimRight(pm.HTML, "\n") != strings.TrimRight(m.HTML, "\n") {
				t.Errorf("html part:\n%s\nwant:\n%s", pm.HTML, m.HTML)
			}
			var names []string
			for _, a := range pm.Attachments {
				names = append(names, a.Name)
				want, err := os.ReadFile(filepath.Join(f.dir, a.Name))
				if err != nil {
					t.Fatalf("attachment %q has no source file: %v", a.Name, err)
				}
				if !bytes.Equal(a.Data, want) {
					t.Errorf("attachment %s: %d bytes differ from the %d-byte file", a.Name, len(a.Data), len(want))
				}
				wantType := map[string]string{".pdf": ContentTypePDF, ".xlsx": ContentTypeXLSX}[filepath.Ext(a.Name)]
				if a.ContentType != wantType {
					t.Errorf("attachment %s: content type %q, want %q", a.Name, a.ContentType, wantType)
				}
			}
			if strings.Join(names, ",") != strings.Join(tc.wantFiles, ",") {
				t.Errorf("attachments %v, want %v", names, tc.wantFiles)
			}
			rec := f.recs.all()[0]
			if rec.Status != StatusSent || rec.Attempts != 1 || !rec.Sent.Equal(t0) || rec.LastError != "" {
				t.Errorf("record: status %s, attempts %d, sent %s, error %q; want sent, 1, %s, none", rec.Status, rec.Attempts, rec.Sent, rec.LastError, t0)
			}
			eml, err := os.ReadFile(rec.MessagePath)
			if err != nil || !bytes.Equal(bytes.ReplaceAll(eml, []byte("\r\n"), []byte("\n")), bytes.ReplaceAll(r.Data, []byte("\r\n"), []byte("\n"))) {
				t.Errorf("the outbox file %s (%v) is not what was sent", rec.MessagePath, err)
			}
		})
	}
}

func TestTLSModesAndAuth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		mode, auth, user string
		wantTLS          bool
		wantMech         string
	}{
		{TLSStartTLS, AuthPlain, testUser, true, "PLAIN"},
		{TLSStartTLS, AuthLogin, testUser, true, "LOGIN"},
		{TLSImplicit, AuthPlain, testUser, true, "PLAIN"},
		{TLSImplicit, AuthLogin, testUser, true, "LOGIN"},
		{TLSNone, AuthPlain, testUser, false, "PLAIN"},
		{TLSNone, "", "", false, ""}, // local relay without auth
	}
	for _, tc := range cases {
		t.Run(tc.mode+"/"+tc.auth+"/"+tc.user, func(t *testing.T) {
			srv := startServer(t, tc.mode, tc.user, testPassword)
			recs, _ := newFakeRecords("")
			pass := testPassword
			if tc.user == "" {
				pass = ""
			}
			ob, err := NewOutbox(Config{
				Settings: Settings{Host: srv.Host, Port: srv.Port, TLS: tc.mode, Username: tc.user,
					From: testFrom, To: []string{testOwner}},
				Auth: tc.auth, Password: pass, Timeout: 5 * time.Second,
				TLSConfig: newFixtureTLS(srv), OutboxDir: t.TempDir(),
			}, recs, newTestClock(t0).now, nil)
			if err != nil {
				t.Fatalf("NewOutbox: %v", err)
			}
			if _, _, err := ob.Enqueue(t.Context(), testMessage(t, t.TempDir()), false); err != nil {
				t.Fatalf("Enqueue: %v", err)
			}
			res, err := ob.Flush(t.Context())
			if err != nil || len(res) != 1 || res[0].Err != nil {
				t.Fatalf("Flush: %+v, %v; want one success", res, err)
			}
			got := srv.got()
			if len(got) != 1 {
				t.Fatalf("server accepted %d messages, want 1", len(got))
			}
			if got[0].TLS != tc.wantTLS || got[0].Mech != tc.wantMech {
				t.Errorf("session: tls %v, auth %q; want tls %v, auth %q", got[0].TLS, got[0].Mech, tc.wantTLS, tc.wantMech)
			}
		})
	}
}

func TestTemporaryRefusalRetriedUntilDelivered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil) // retry 1m, max 5m
	f.srv.tempFailData = 3
	f.enqueue(t, testMessage(t, f.dir), false)

	// attempt n fails at clock c and waits min(1m·2^(n-1), 5m):
	//   1 at t0      -> next t0+1m
	//   2 at t0+1m   -> next t0+1m+2m = t0+3m
	//   3 at t0+3m   -> next t0+3m+4m = t0+7m
	//   4 at t0+7m   -> accepted
	steps := []struct {
		at          time.Duration
		wantResults int
		wantStatus  string
		wantNext    time.Duration // from t0; -1: none
	}{
		{0, 1, StatusPending, time.Minute},
		{30 * time.Second, 0, StatusPending, time.Minute},
		{time.Minute, 1, StatusPending, 3 * time.Minute},
		{3 * time.Minute, 1, StatusPending, 7 * time.Minute},
		{6 * time.Minute, 0, StatusPending, 7 * time.Minute},
		{7 * time.Minute, 1, StatusSent, -1},
		{time.Hour, 0, StatusSent, -1},
	}
	for i, s := range steps {
		f.clock.set(t0.Add(s.at))
		res := f.flush(t)
		if len(res) != s.wantResults {
			t.Fatalf("step %d (t0+%s): %d results, want %d", i, s.at, len(res), s.wantResults)
		}
		if len(res) == 1 && s.wantStatus == StatusPending {
			var de *DeliveryError
			if !errors.As(res[0].Err, &de) || de.Permanent || de.Code != 451 {
				t.Errorf("step %d: error %v, want a temporary 451", i, res[0].Err)
			}
		}
		rec := f.recs.all()[0]
		if rec.Status != s.wantStatus {
			t.Errorf("step %d (t0+%s): status %s, want %s", i, s.at, rec.Status, s.wantStatus)
		}
		if s.wantNext >= 0 && !rec.NextAttempt.Equal(t0.Add(s.wantNext)) {
			t.Errorf("step %d (t0+%s): next attempt %s, want t0+%s", i, s.at, rec.NextAttempt, s.wantNext)
		}
	}
	if n := len(f.srv.got()); n != 1 {
		t.Errorf("server accepted %d messages, want exactly 1", n)
	}
	if n := f.srv.attempts(); n != 4 {
		t.Errorf("server saw %d DATA attempts, want 4 (3 refused + 1)", n)
	}
	if rec := f.recs.all()[0]; rec.Attempts != 4 || !rec.Sent.Equal(t0.Add(7*time.Minute)) {
		t.Errorf("record: %d attempts, sent %s; want 4, t0+7m", rec.Attempts, rec.Sent)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	ob := &Outbox{cfg: Config{Settings: Settings{Retry: Retry{Initial: time.Minute, Max: 5 * time.Minute}}}}
	cases := []struct {
		attempt int
		want    time.Duration
	}{
		{1, time.Minute},     // 1m
		{2, 2 * time.Minute}, // 1m·2
		{3, 4 * time.Minute}, // 1m·4
		{4, 5 * time.Minute}, // 1m·8 = 8m, capped at 5m
		{10, 5 * time.Minute},
		{10000, 5 * time.Minute}, // no overflow
	}
	for _, tc := range cases {
		if got := ob.backoff(tc.attempt); got != tc.want {
			t.Errorf("backoff after attempt %d: got %s, want %s", tc.attempt, got, tc.want)
		}
	}
}

func TestPermanentRefusalNotRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	f.srv.permFailData = true
	f.enqueue(t, testMessage(t, f.dir), false)
	res := f.flush(t)
	var de *DeliveryError
	if len(res) != 1 || !errors.As(res[0].Err, &de) {
		t.Fatalf("Flush: %+v; want one DeliveryError", res)
	}
	if !de.Permanent || de.Code != 554 {
		t.Errorf("error: code %d, permanent %v; want 554, permanent", de.Code, de.Permanent)
	}
	for _, want := range []string{testOwner, "554", "message rejected by policy", "not retried"} {
		if !strings.Contains(de.Text, want) {
			t.Errorf("error %q does not say %q", de.Text, want)
		}
	}
	rec := f.recs.all()[0]
	if rec.Status != StatusFailed || rec.LastError != de.Text {
		t.Errorf("record: status %s, last error %q; want failed with %q", rec.Status, rec.LastError, de.Text)
	}
	f.clock.advance(24 * time.Hour)
	if res := f.flush(t); len(res) != 0 {
		t.Errorf("a day later Flush made %d attempts, want none", len(res))
	}
	if n := f.srv.attempts(); n != 1 {
		t.Errorf("server saw %d DATA attempts, want 1", n)
	}
}

func TestWrongPasswordIsClearAndRedacted(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{AuthPlain, AuthLogin} {
		t.Run(auth, func(t *testing.T) {
			f := newFixture(t, TLSStartTLS, func(c *Config) { c.Auth = auth })
			f.srv.pass = "the-right-one"
			f.enqueue(t, testMessage(t, f.dir), false)
			res, flushErr := f.ob.Flush(t.Context())
			if flushErr != nil {
				t.Fatalf("Flush: %v", flushErr)
			}
			var de *DeliveryError
			if len(res) != 1 || !errors.As(res[0].Err, &de) {
				t.Fatalf("Flush: %+v; want one DeliveryError", res)
			}
			// The server did echo the password: redaction is what keeps it out.
			f.srv.mu.Lock()
			echoed := len(f.srv.authReplies) == 1 && strings.Contains(f.srv.authReplies[0], testPassword)
			f.srv.mu.Unlock()
			if !echoed {
				t.Fatalf("test server did not echo the password; the test would prove nothing")
			}
			for _, want := range []string{"log in to " + f.srv.addr() + " as " + testUser + " (check the password)", "535", "[redacted]"} {
				if !strings.Contains(de.Text, want) {
					t.Errorf("error %q does not say %q", de.Text, want)
				}
			}
			if !de.Permanent {
				t.Errorf("a refused login (535) should not be retried: %q", de.Text)
			}
			rec := f.recs.all()[0]
			if rec.Status != StatusFailed {
				t.Errorf("record status %s, want failed", rec.Status)
			}
			recJSON, _ := json.Marshal(f.recs.all())
			for where, s := range map[string]string{
				"error": res[0].Err.Error(), "record": string(recJSON), "log": f.logs.String(),
			} {
				if strings.Contains(s, testPassword) {
					t.Errorf("the password appears in the %s: %s", where, s)
				}
			}
			if !strings.Contains(f.logs.String(), "535") {
				t.Errorf("the log does not report the refusal:\n%s", f.logs.String())
			}
		})
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	ob := &Outbox{cfg: Config{Settings: Settings{Username: "u@x"}, Password: "pw!42"}}
	cases := []struct{ in, want string }{
		{"535 bad password pw!42 for u@x", "535 bad password [redacted] for u@x"},
		{"pw!42pw!42", "[redacted][redacted]"},
		{"echo cHchNDI=", "echo [redacted]"},         // base64("pw!42"), as AUTH LOGIN sends it
		{"echo AHVAeABwdyE0Mg==", "echo [redacted]"}, // base64("\x00u@x\x00pw!42"), AUTH PLAIN
		{"nothing secret here", "nothing secret here"},
	}
	for _, tc := range cases {
		if got := ob.redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOneRecipientRefusedOthersDelivered(t *testing.T) {
	t.Parallel()
	const refusing = "nobody@example.com"
	f := newFixture(t, TLSStartTLS, func(c *Config) { c.To = []string{refusing, testOwner} })
	f.srv.refuseRcpt[refusing] = true
	queued, _ := f.enqueue(t, testMessage(t, f.dir), false)
	if len(queued) != 2 {
		t.Fatalf("queued %d, want 2", len(queued))
	}
	res := f.flush(t)
	byRcpt := map[string]Result{}
	for _, r := range res {
		byRcpt[r.Record.Recipient] = r
	}
	var de *DeliveryError
	if r := byRcpt[refusing]; !errors.As(r.Err, &de) || de.Code != 550 || r.Record.Status != StatusFailed || !strings.Contains(de.Text, "RCPT TO:<"+refusing+">") {
		t.Errorf("%s: status %s, error %v; want failed with a 550 at RCPT TO", refusing, r.Record.Status, r.Err)
	}
	if r := byRcpt[testOwner]; r.Err != nil || r.Record.Status != StatusSent {
		t.Errorf("%s: status %s, error %v; want sent", testOwner, r.Record.Status, r.Err)
	}
	f.clock.advance(time.Hour)
	f.flush(t)
	if n := len(f.srv.gotFor(testOwner)); n != 1 {
		t.Errorf("%s received %d copies, want 1", testOwner, n)
	}
	if n := len(f.srv.gotFor(refusing)); n != 0 {
		t.Errorf("%s received %d copies, want 0", refusing, n)
	}
}

func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEnqueueTwiceSkippedAndResendSendsAgain(t *testing.T) {
	t.Parallel()
	const second = "accountant@example.com"
	f := newFixture(t, TLSStartTLS, func(c *Config) { c.To = []string{testOwner, second} })
	m := testMessage(t, f.dir)

	q1, s1 := f.enqueue(t, m, false)
	f.flush(t)
	q2, s2 := f.enqueue(t, m, false) // same month: already sent
	f.flush(t)
	if len(q1) != 2 || len(s1) != 0 || len(q2) != 0 || strings.Join(s2, ",") != testOwner+","+second {
		t.Fatalf("first Enqueue: %d queued, skipped %v; second: %d queued, skipped %v; want 2/none then 0/both", len(q1), s1, len(q2), s2)
	}
	if n := len(emlFiles(t, f.cfg.OutboxDir)); n != 2 {
		t.Errorf("%d .eml files after a skipped Enqueue, want 2", n)
	}
	q3, s3 := f.enqueue(t, m, true) // resend
	f.flush(t)
	if len(q3) != 2 || len(s3) != 0 || q3[0].Generation != 2 {
		t.Fatalf("resend: %d queued (generation %d), skipped %v; want 2 at generation 2", len(q3), q3[0].Generation, s3)
	}
	for _, rcpt := range []string{testOwner, second} {
		got := f.srv.gotFor(rcpt)
		if len(got) != 2 {
			t.Fatalf("%s received %d copies, want 2 (first + resend)", rcpt, len(got))
		}
		id1 := mailtest.Parse(t, got[0].Data).Header.Get("Message-Id")
		id2 := mailtest.Parse(t, got[1].Data).Header.Get("Message-Id")
		if id1 == id2 {
			t.Errorf("%s: the resend has the first copy's Message-ID %s; a requested resend is a new message", rcpt, id1)
		}
	}
	// A month still queued is not "already sent": its queued message is
	// replaced by the new one; the sent one is skipped.
	f.srv.tempFailData = 1
	m.Month = "2026-11"
	f.enqueue(t, m, false)
	f.flush(t) // 451 for the first recipient: back to pending
	q, s := f.enqueue(t, m, false)
	if len(q) != 1 || q[0].Recipient != testOwner || q[0].Generation != 1 || strings.Join(s, ",") != second {
		t.Errorf("Enqueue of a month pending for %s, sent to %s: queued %+v, skipped %v; want %s replaced (generation 1), %s skipped",
			testOwner, second, q, s, testOwner, second)
	}
}

// TestRemadeReportReplacesQueuedMessage: a report made again for the same
// month (new data) while its email is still queued replaces the queued
// message, so what goes out is the new PDF, once; the old message file,
// never sent, is removed.
func TestRemadeReportReplacesQueuedMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	m := testMessage(t, f.dir)
	f.srv.tempFailData = 1
	q1, _ := f.enqueue(t, m, false)
	f.flush(t) // 451: pending
	if rec := f.recs.all()[0]; rec.Status != StatusPending {
		t.Fatalf("after a 451 the delivery is %s, want pending", rec.Status)
	}
	// The report is made again: a new PDF at the same path.
	newPDF := []byte("%PDF-1.7\nthe report remade with November's late payments\n")
	if err := os.WriteFile(m.Attachments[0].Path, newPDF, 0o600); err != nil {
		t.Fatal(err)
	}
	q2, s2 := f.enqueue(t, m, false)
	if len(q2) != 1 || len(s2) != 0 || q2[0].ID != q1[0].ID || q2[0].MessageID == q1[0].MessageID {
		t.Fatalf("enqueue of the remade report: queued %+v, skipped %v; want the same delivery with a new message", q2, s2)
	}
	if _, err := os.Stat(q1[0].MessagePath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the replaced, never sent, message %s is still there (%v)", q1[0].MessagePath, err)
	}
	f.clock.set(t0.Add(time.Hour))
	f.flush(t)
	got := f.srv.gotFor(testOwner)
	if len(got) != 1 {
		t.Fatalf("%s received %d messages, want 1", testOwner, len(got))
	}
	if !bytes.Contains(got[0].Data, []byte(base64.StdEncoding.EncodeToString(newPDF)[:40])) {
		t.Errorf("the message sent does not carry the remade PDF")
	}
	if rec := f.recs.all()[0]; rec.Status != StatusSent || len(f.recs.all()) != 1 {
		t.Errorf("records after sending: %+v, want one delivery, sent", f.recs.all())
	}
}

func TestResendSupersedesQueuedCopy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	m := testMessage(t, f.dir)
	f.srv.tempFailData = 1
	first, _ := f.enqueue(t, m, false)
	f.flush(t) // 451: stays pending until t0+1m
	again, _ := f.enqueue(t, m, true)
	f.clock.advance(time.Hour)
	res := f.flush(t)
	if len(res) != 1 || res[0].Record.ID != again[0].ID || res[0].Err != nil {
		t.Fatalf("Flush after resend: %+v; want only the resend (id %d) sent", res, again[0].ID)
	}
	for _, r := range f.recs.all() {
		if r.ID == first[0].ID && (r.Status != StatusFailed || !strings.Contains(r.LastError, "superseded")) {
			t.Errorf("older copy: status %s, error %q; want failed, superseded", r.Status, r.LastError)
		}
	}
	if n := len(f.srv.gotFor(testOwner)); n != 1 {
		t.Errorf("%s received %d copies, want 1", testOwner, n)
	}
}

func TestInterruptedSendingRecords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		age          time.Duration // since the record went to "sending"
		interrupted  bool          // an earlier attempt was interrupted already
		removeFile   bool
		wantStatus   string
		wantAccepted int
		wantError    string
	}{
		{"young: maybe another process is sending", 5 * time.Minute, false, false, StatusSending, 0, ""},
		{"stale: sent once more", 11 * time.Minute, false, false, StatusSent, 1, "[interrupted] "},
		{"stale twice: given up", 11 * time.Minute, true, false, StatusFailed, 0, "check whether " + testOwner},
		{"stale, file gone: failed", 11 * time.Minute, false, true, StatusFailed, 0, "cannot be read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, TLSStartTLS, nil)
			q, _ := f.enqueue(t, testMessage(t, f.dir), false)
			r := q[0]
			r.Status, r.Attempts, r.Updated = StatusSending, 1, t0
			if tc.interrupted {
				r.LastError = interruptedMark + "attempt 0 interrupted"
			}
			if err := f.recs.UpdateDelivery(t.Context(), r); err != nil {
				t.Fatal(err)
			}
			if tc.removeFile {
				os.Remove(r.MessagePath)
			}
			f.clock.advance(tc.age) // SendingStale is 10m by default
			f.flush(t)
			got := f.recs.all()[0]
			if got.Status != tc.wantStatus || !strings.Contains(got.LastError, tc.wantError) {
				t.Errorf("status %s, error %q; want %s with %q", got.Status, got.LastError, tc.wantStatus, tc.wantError)
			}
			if n := len(f.srv.got()); n != tc.wantAccepted {
				t.Errorf("server accepted %d, want %d", n, tc.wantAccepted)
			}
		})
	}
}

func TestRunSendsWhatIsQueued(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, func(c *Config) { c.Poll = time.Hour })
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- f.ob.Run(ctx) }()
	f.enqueue(t, testMessage(t, f.dir), false) // wakes Run: Poll alone would wait an hour
	deadline := time.Now().Add(10 * time.Second)
	for len(f.srv.got()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := len(f.srv.got()); n != 1 {
		t.Errorf("server accepted %d, want 1", n)
	}
	if st := f.recs.all()[0].Status; st != StatusSent {
		t.Errorf("status %s, want sent", st)
	}
	// The message has no subject of its own: Config.Subject's template.
	if got := f.srv.got(); len(got) == 1 {
		if subj := mailtest.Parse(t, got[0].Data).Subject; subj != "Client report 2026-10" {
			t.Errorf("subject %q, want %q", subj, "Client report 2026-10")
		}
	}
}

func TestUntrustedCertificateIsRetriedNotSent(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{TLSStartTLS, TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			// The system roots do not know the test's self-signed certificate.
			f := newFixture(t, mode, func(c *Config) { c.TLSConfig = nil })
			f.enqueue(t, testMessage(t, f.dir), false)
			res := f.flush(t)
			var de *DeliveryError
			if len(res) != 1 || !errors.As(res[0].Err, &de) {
				t.Fatalf("Flush: %+v; want one DeliveryError", res)
			}
			if de.Permanent || !strings.Contains(de.Text, "connect to "+f.srv.addr()) || !strings.Contains(de.Text, "certificate") {
				t.Errorf("error %q (permanent %v): want a temporary failure to connect that names the certificate", de.Text, de.Permanent)
			}
			if rec := f.recs.all()[0]; rec.Status != StatusPending || !rec.NextAttempt.Equal(t0.Add(time.Minute)) {
				t.Errorf("record: status %s, next %s; want pending, t0+1m", rec.Status, rec.NextAttempt)
			}
			if n := len(f.srv.got()); n != 0 {
				t.Errorf("server accepted %d over an untrusted connection, want 0", n)
			}
		})
	}
}

// failingRecords refuses to store the "sending" state, like a locked ledger.
type failingRecords struct{ *fakeRecords }

func (f failingRecords) UpdateDelivery(ctx context.Context, r Record) error {
	if r.Status == StatusSending {
		return errors.New("database is locked")
	}
	return f.fakeRecords.UpdateDelivery(ctx, r)
}

func TestNothingSentWhenSendingCannotBeRecorded(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	ob, err := NewOutbox(f.cfg, failingRecords{f.recs}, f.clock.now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ob.Enqueue(t.Context(), testMessage(t, f.dir), false); err != nil {
		t.Fatal(err)
	}
	_, err = ob.Flush(t.Context())
	if err == nil || !strings.Contains(err.Error(), "nothing sent") || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("Flush error %v; want the records failure, saying nothing was sent", err)
	}
	if n := f.srv.attempts(); n != 0 || len(f.srv.got()) != 0 {
		t.Errorf("server saw %d DATA attempts; want none when the attempt could not be recorded first", n)
	}
	if rec := f.recs.all()[0]; rec.Status != StatusPending || rec.Attempts != 0 {
		t.Errorf("record: status %s, attempts %d; want pending, 0", rec.Status, rec.Attempts)
	}
}

// TestSentRecordedBeforeQuit: "sent" is recorded as soon as the server
// answers 250 to the final dot, before QUIT, so that a crash or a hung
// QUIT after the server took the message cannot make it go out twice.
// The server looks at the record at the moment it reads QUIT.
func TestSentRecordedBeforeQuit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSNone, func(c *Config) { c.Host = "127.0.0.1" })
	var atQuit []string
	f.srv.onQuit = func() {
		for _, r := range f.recs.all() {
			atQuit = append(atQuit, r.Status)
		}
	}
	f.enqueue(t, testMessage(t, f.dir), false)
	res := f.flush(t)
	if len(res) != 1 || res[0].Err != nil || res[0].Record.Status != StatusSent {
		t.Fatalf("flush: %+v, want one message sent", res)
	}
	if strings.Join(atQuit, ",") != StatusSent {
		t.Errorf("status of the delivery when the server read QUIT: %q, want %q", atQuit, StatusSent)
	}
}

// TestPathsInAngleBrackets: MAIL FROM and RCPT TO carry their paths in
// angle brackets (RFC 5321 4.1.2), as the test server demands.
func TestPathsInAngleBrackets(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	f.enqueue(t, testMessage(t, f.dir), false)
	if res := f.flush(t); len(res) != 1 || res[0].Err != nil {
		t.Fatalf("flush: %+v, want one message sent", res)
	}
	f.srv.mu.Lock()
	defer f.srv.mu.Unlock()
	var paths []string
	for _, l := range f.srv.lines {
		if u := strings.ToUpper(l); strings.HasPrefix(u, "MAIL FROM:") || strings.HasPrefix(u, "RCPT TO:") {
			paths = append(paths, l)
		}
	}
	want := []string{"MAIL FROM:<reports@example.com> BODY=8BITMIME", "RCPT TO:<owner@example.com>"}
	if strings.Join(paths, "|") != strings.Join(want, "|") {
		t.Errorf("commands sent: %q, want %q", paths, want)
	}
}

// TestRedactLineOfMultilinePassword: a password file of two lines makes a
// two-line password; a server that echoes one line gets it redacted.
func TestRedactLineOfMultilinePassword(t *testing.T) {
	t.Parallel()
	ob := &Outbox{cfg: Config{Settings: Settings{Username: "u@x"}, Password: "first-line\nsecond-line"}}
	got := ob.redact("535 bad password first-line for u@x")
	if got != "535 bad password [redacted] for u@x" {
		t.Errorf("redact of the first line = %q", got)
	}
}
