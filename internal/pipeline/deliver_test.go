package pipeline

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/mail"
)

// tlsServer is a real STARTTLS SMTP server on 127.0.0.1 with a self-signed
// certificate, taking AUTH PLAIN for one user (internal/mail's test
// pattern, cut down).
type tlsServer struct {
	port       int
	pool       *x509.CertPool
	user, pass string

	mu       sync.Mutex
	accepted [][]byte
	tried    []string
	tlsSeen  bool
}

func startTLSServer(t *testing.T, user, pass string) *tlsServer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "clientrisk pipeline test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	ts := &tlsServer{pool: x509.NewCertPool(), user: user, pass: pass}
	ts.pool.AddCert(leaf)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &tlsSession{ts: ts, tls: isTLS}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}}, MinVersion: tls.VersionTLS12}
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ts.port = l.Addr().(*net.TCPAddr).Port
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ts
}

type tlsSession struct {
	ts          *tlsServer
	tls, authed bool
}

func (s *tlsSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *tlsSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, errors.New("unsupported mechanism")
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.ts.mu.Lock()
		s.ts.tried = append(s.ts.tried, pass)
		s.ts.tlsSeen = s.ts.tlsSeen || s.tls
		s.ts.mu.Unlock()
		if user == s.ts.user && pass == s.ts.pass {
			s.authed = true
			return nil
		}
		// Echoes the password, as careless servers do: it must go no further.
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad password " + pass}
	}), nil
}

func (s *tlsSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *tlsSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *tlsSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	s.ts.accepted = append(s.ts.accepted, b)
	s.ts.mu.Unlock()
	return nil
}
func (s *tlsSession) Reset()        {}
func (s *tlsSession) Logout() error { return nil }

// TestDeliverWrongPasswordOverSTARTTLS makes a report from the ledger and
// delivers it through a STARTTLS server that refuses the password: the
// password must appear in no log line, error, ledger or outbox file. The
// outbox is built as Pipeline.Outbox builds it, plus the TLSConfig that
// trusts the test's self-signed certificate (the config file has no way to
// name a CA, on purpose).
func TestDeliverWrongPasswordOverSTARTTLS(t *testing.T) {
	t.Parallel()
	const secret = "pipeline-secret-9b1e77c4-never-shown"
	srv := startTLSServer(t, "reports@rossi.example", "the-right-one")
	dir := t.TempDir()
	yaml := fmt.Sprintf(`ledger: clientrisk.db
output_dir: reports
timezone: Europe/Rome
currency: USD
email:
  host: 127.0.0.1
  port: %d
  tls: starttls
  username: reports@rossi.example
  password_env: CLIENTRISK_SMTP_PASSWORD
  from: reports@rossi.example
  to: [owner@rossi.example]
`, srv.port)
	cfgPath := filepath.Join(dir, "clientrisk.yaml")
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	lg := slog.New(slog.NewJSONHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	now := time.Date(2026, 11, 4, 9, 0, 0, 0, cfg.Timezone)
	p := New(cfg, lg, func() time.Time { return now })
	l, err := p.OpenLedger()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	out, err := p.Report(ctx, ReportRequest{
		Month: invoice.Month{Year: 2026, Month: time.October}, Ledger: l,
		Files: []string{filepath.Join("..", "..", "samples", "quickbooks_invoice_list.xlsx")},
	})
	if err != nil {
		t.Fatalf("report: %v", err)
	}

	outbox := func(password string) *mail.Outbox {
		ob, err := mail.NewOutbox(mail.Config{
			Settings: cfg.Email, Password: password,
			OutboxDir: p.OutboxDir(), TLSConfig: &tls.Config{RootCAs: srv.pool, MinVersion: tls.VersionTLS12},
		}, ledgerRecords{l}, p.Now, p.Log)
		if err != nil {
			t.Fatal(err)
		}
		return ob
	}
	password, err := cfg.Email.Password(func(k string) string {
		if k == "CLIENTRISK_SMTP_PASSWORD" {
			return secret
		}
		return ""
	})
	if err != nil || password != secret {
		t.Fatalf("password from the environment: %q, %v", password, err)
	}

	results, _, err := p.Deliver(ctx, outbox(password), out, false)
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	if len(results) != 1 || results[0].Err == nil || results[0].Record.Status != mail.StatusFailed {
		t.Fatalf("wrong password: results %+v, want one failed delivery", results)
	}
	srv.mu.Lock()
	tried, overTLS := strings.Join(srv.tried, " "), srv.tlsSeen
	srv.mu.Unlock()
	if !strings.Contains(tried, secret) || !overTLS {
		t.Fatalf("the server saw passwords %q (over TLS %v): the password was not tried over STARTTLS, the test proves nothing", tried, overTLS)
	}
	texts := []string{logBuf.String(), results[0].Err.Error(), results[0].Record.LastError}
	for i, s := range texts {
		if strings.Contains(s, secret) {
			t.Errorf("text %d holds the password: %s", i, s)
		}
	}
	if !strings.Contains(logBuf.String(), "535") {
		t.Errorf("the log does not say why the mail failed:\n%s", logBuf.String())
	}
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds the password", path)
			}
		}
		return err
	})

	// The right password, resent: delivered over STARTTLS with the PDF.
	results, _, err = p.Deliver(ctx, outbox("the-right-one"), out, true)
	if err != nil || len(results) != 1 || results[0].Err != nil {
		t.Fatalf("right password: results %+v, err %v", results, err)
	}
	srv.mu.Lock()
	n := len(srv.accepted)
	var msg []byte
	if n > 0 {
		msg = srv.accepted[0]
	}
	srv.mu.Unlock()
	if n != 1 {
		t.Fatalf("server accepted %d messages, want 1", n)
	}
	m, err := netmail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatalf("message does not parse: %v", err)
	}
	if got := m.Header.Get("To"); !strings.Contains(got, "owner@rossi.example") {
		t.Errorf("To = %q", got)
	}
	if !bytes.Contains(msg, []byte("2026-10-client-report.pdf")) {
		t.Errorf("message does not attach the PDF")
	}
}
