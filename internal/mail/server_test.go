package mail

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testCert is a self-signed ECDSA certificate for 127.0.0.1 made for one
// test run; its PEM lets a child process trust it too.
type testCert struct {
	cert tls.Certificate
	pool *x509.CertPool
	pem  []byte
}

func newTestCert(t *testing.T) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "clientrisk test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create certificate: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return testCert{
		cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
		pool: pool,
		pem:  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
	}
}

// received is one message the test server accepted (or saw, for the
// stalled one).
type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool
	Mech string
}

// testServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 with a
// random port, whose behaviour a test sets: refuse DATA a few times with
// 451, refuse it for good with 554, refuse some recipients with 550, or
// stall after reading DATA without answering.
type testServer struct {
	Host string
	Port int
	cert testCert

	user, pass string

	mu           sync.Mutex
	accepted     []received
	dataAttempts int
	tempFailData int
	permFailData bool
	refuseRcpt   map[string]bool
	authReplies  []string // texts of refused AUTH replies, as sent
	stall        bool
	stalled      chan received
	release      chan struct{}

	// Every command line the server read (commandLog), for strictness:
	// MAIL FROM and RCPT TO without angle brackets (RFC 5321, 4.1.2) are
	// refused with 501 as a strict server does, and the test fails.
	lines      []string
	badPaths   []string
	onQuit     func() // called when QUIT is read, before the server answers it
	commandBuf []byte
}

// commandLog is the server's Debug writer: it sees every byte read and
// written in clear text (after STARTTLS too) and picks the client's
// command lines out of it.
type commandLog struct{ ts *testServer }

func (w commandLog) Write(b []byte) (int, error) {
	ts := w.ts
	ts.mu.Lock()
	ts.commandBuf = append(ts.commandBuf, b...)
	var quit func()
	for {
		i := bytes.Index(ts.commandBuf, []byte("\r\n"))
		if i < 0 {
			break
		}
		line := string(ts.commandBuf[:i])
		ts.commandBuf = ts.commandBuf[i+2:]
		ts.lines = append(ts.lines, line)
		upper := strings.ToUpper(line)
		for _, verb := range []string{"MAIL FROM:", "RCPT TO:"} {
			if strings.HasPrefix(upper, verb) && !strings.HasPrefix(strings.TrimSpace(line[len(verb):]), "<") {
				ts.badPaths = append(ts.badPaths, line)
			}
		}
		if upper == "QUIT" && ts.onQuit != nil {
			quit = ts.onQuit
		}
	}
	ts.mu.Unlock()
	if quit != nil {
		quit()
	}
	return len(b), nil
}

// strictPath refuses a MAIL FROM or RCPT TO path the client sent without
// angle brackets.
func (ts *testServer) strictPath() error {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.badPaths) > 0 {
		return &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 5, 2}, Message: "path without angle brackets: " + ts.badPaths[len(ts.badPaths)-1]}
	}
	return nil
}

// startServer starts a server in mode starttls, tls or none that takes
// AUTH PLAIN and LOGIN for user/pass.
func startServer(t *testing.T, mode, user, pass string) *testServer {
	t.Helper()
	ts := &testServer{
		user: user, pass: pass, cert: newTestCert(t),
		refuseRcpt: map[string]bool{},
		stalled:    make(chan received, 1),
		release:    make(chan struct{}),
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &testSession{ts: ts, tls: isTLS}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.Debug = commandLog{ts}
	srv.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected in some tests
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{ts.cert.cert}, MinVersion: tls.VersionTLS12}
	switch mode {
	case TLSStartTLS:
		srv.TLSConfig = tlsCfg
	case TLSImplicit:
		srv.TLSConfig = tlsCfg
		l = tls.NewListener(l, tlsCfg)
	case TLSNone:
		srv.AllowInsecureAuth = true
	default:
		t.Fatalf("unknown server mode %q", mode)
	}
	addr := l.Addr().(*net.TCPAddr)
	ts.Host, ts.Port = "127.0.0.1", addr.Port
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() {
		ts.unstall()
		_ = srv.Close()
		ts.mu.Lock()
		defer ts.mu.Unlock()
		if len(ts.badPaths) > 0 {
			t.Errorf("the client sent paths without angle brackets (RFC 5321 4.1.2): %q", ts.badPaths)
		}
	})
	return ts
}

func (ts *testServer) addr() string { return net.JoinHostPort(ts.Host, strconv.Itoa(ts.Port)) }

// unstall lets a stalled DATA end (with 451) and stops stalling.
func (ts *testServer) unstall() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.stall = false
	select {
	case <-ts.release:
	default:
		close(ts.release)
	}
}

func (ts *testServer) got() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.accepted...)
}

// gotFor returns the accepted messages whose envelope includes rcpt.
func (ts *testServer) gotFor(rcpt string) []received {
	var out []received
	for _, r := range ts.got() {
		for _, to := range r.To {
			if to == rcpt {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func (ts *testServer) attempts() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.dataAttempts
}

type testSession struct {
	ts     *testServer
	tls    bool
	authed bool
	mech   string
	from   string
	to     []string
}

func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain, sasl.Login} }

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	check := func(username, password string) error {
		if username == s.ts.user && password == s.ts.pass {
			s.authed, s.mech = true, mech
			return nil
		}
		// A careless server that echoes what it got: the client must
		// redact it.
		text := "5.7.8 authentication failed for " + username + " with password " + password
		s.ts.mu.Lock()
		s.ts.authReplies = append(s.ts.authReplies, text)
		s.ts.mu.Unlock()
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: text}
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, username, password string) error { return check(username, password) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, errors.New("unsupported mechanism")
}

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks.
type loginServer struct {
	step     int
	username string
	check    func(username, password string) error
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if len(response) > 0 { // initial response carries the username
			l.username = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.username = string(response)
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(l.username, string(response))
	}
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if err := s.ts.strictPath(); err != nil {
		return err
	}
	if !s.authed && s.ts.user != "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := s.ts.strictPath(); err != nil {
		return err
	}
	s.ts.mu.Lock()
	refuse := s.ts.refuseRcpt[to]
	s.ts.mu.Unlock()
	if refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user here: " + to}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg := received{From: s.from, To: append([]string(nil), s.to...), Data: data, TLS: s.tls, Mech: s.mech}
	ts := s.ts
	ts.mu.Lock()
	ts.dataAttempts++
	if ts.stall {
		release := ts.release
		ts.mu.Unlock()
		select {
		case ts.stalled <- msg:
		default:
		}
		<-release
		// The client never got a 250: the message is not taken.
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "stalled, not accepted"}
	}
	defer ts.mu.Unlock()
	if ts.tempFailData > 0 {
		ts.tempFailData--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	if ts.permFailData {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "message rejected by policy"}
	}
	ts.accepted = append(ts.accepted, msg)
	return nil
}

func (s *testSession) Reset() { s.from, s.to = "", nil }

func (s *testSession) Logout() error { return nil }
