package mail

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestConfigChecks(t *testing.T) {
	t.Parallel()
	valid := func() Config {
		return Config{Settings: Settings{Host: "smtp.example.com", Username: testUser,
			From: testFrom, To: []string{testOwner}}, Password: testPassword, OutboxDir: t.TempDir()}
	}
	cases := []struct {
		name    string
		change  func(*Config)
		wantErr string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"no host", func(c *Config) { c.Host = " " }, "email host is empty"},
		{"unknown tls", func(c *Config) { c.TLS = "ssl" }, `tls "ssl" is not one of starttls, tls, none`},
		{"none on a remote host", func(c *Config) { c.TLS = TLSNone }, `email.tls: none sends the password and the report in clear text; it is allowed only for a loopback host (localhost, 127.0.0.1, ::1), not "smtp.example.com"`},
		{"none on localhost", func(c *Config) { c.TLS, c.Host = TLSNone, "localhost" }, ""},
		{"none on ::1", func(c *Config) { c.TLS, c.Host = TLSNone, "::1" }, ""},
		{"bad port", func(c *Config) { c.Port = 70000 }, "port 70000"},
		{"unknown auth", func(c *Config) { c.Auth = "cram-md5" }, `auth "cram-md5" is not one of plain, login`},
		{"user without password", func(c *Config) { c.Password = "" }, "set password_env or password_file"},
		{"bad from", func(c *Config) { c.From = "reports" }, `email.from: "reports" is not an email address`},
		{"no recipients", func(c *Config) { c.To = nil }, "email.to: email.host is set, so at least one recipient is needed"},
		{"bad recipient", func(c *Config) { c.To = []string{"owner@"} }, `email.to: "owner@" is not an email address`},
		{"recipient twice", func(c *Config) { c.To = []string{testOwner, "Owner <OWNER@example.com>"} }, "listed twice"},
		{"retry max below initial", func(c *Config) { c.Retry = Retry{Initial: time.Hour, Max: time.Minute} }, "email.retry.max: 1m0s is shorter than email.retry.initial 1h0m0s"},
		{"no outbox", func(c *Config) { c.OutboxDir = "" }, "outbox folder is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := valid()
			tc.change(&cfg)
			recs, _ := newFakeRecords("")
			_, err := NewOutbox(cfg, recs, nil, nil)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrConfig)):
				t.Errorf("got error %v, want ErrConfig saying %q", err, tc.wantErr)
			case err != nil && strings.Contains(err.Error(), testPassword):
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		tls      string
		wantPort int
	}{{"", 587}, {TLSStartTLS, 587}, {TLSImplicit, 465}}
	for _, tc := range cases {
		got, err := Config{Settings: Settings{Host: "smtp.example.com", TLS: tc.tls, From: testFrom, To: []string{testOwner}}, OutboxDir: "x"}.withDefaults()
		if err != nil {
			t.Fatalf("tls %q: %v", tc.tls, err)
		}
		if got.Port != tc.wantPort || got.Retry != (Retry{time.Minute, 6 * time.Hour}) || got.Subject != "Client report {month}" ||
			got.TLSConfig.ServerName != "smtp.example.com" || got.SendingStale != 10*time.Minute {
			t.Errorf("tls %q: port %d, retry %+v, subject %q, server name %q, stale %s; want %d, 1m/6h, the default subject, the host, 10m",
				tc.tls, got.Port, got.Retry, got.Subject, got.TLSConfig.ServerName, got.SendingStale, tc.wantPort)
		}
	}
}

func TestEnqueueRejectsBadMessages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, TLSStartTLS, nil)
	good := testMessage(t, f.dir)
	cases := []struct {
		name    string
		change  func(*Message)
		wantErr string
	}{
		{"bad month", func(m *Message) { m.Month = "2026-13" }, `month "2026-13" is not yyyy-mm`},
		{"no text", func(m *Message) { m.Text = " " }, "no plain-text body"},
		{"missing attachment", func(m *Message) { m.Attachments = []Attachment{{Path: f.dir + "/nope.pdf"}} }, "nope.pdf"},
	}
	for _, tc := range cases {
		m := good
		tc.change(&m)
		_, _, err := f.ob.Enqueue(t.Context(), m, false)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: got error %v, want one saying %q", tc.name, err, tc.wantErr)
		}
	}
	if n := len(f.recs.all()); n != 0 {
		t.Errorf("%d records after rejected messages, want 0", n)
	}
	if n := len(emlFiles(t, f.cfg.OutboxDir)); n != 0 {
		t.Errorf("%d .eml files after rejected messages, want 0", n)
	}
}
