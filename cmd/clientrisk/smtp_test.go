package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 without
// TLS, the pattern of internal/mail's tests cut down to what the command
// tests need: accept, refuse DATA with 451 for a while, or ask for AUTH
// PLAIN with a password.
type smtpServer struct {
	port       int
	user, pass string

	mu       sync.Mutex
	accepted []smtpMessage
	tempFail bool
	authSeen []string // passwords tried
}

type smtpMessage struct {
	to   []string
	data []byte
}

func startSMTP(t *testing.T, user, pass string) *smtpServer {
	t.Helper()
	ts := &smtpServer{user: user, pass: pass}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{ts: ts}, nil }))
	srv.Domain = "127.0.0.1"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ts.port = l.Addr().(*net.TCPAddr).Port
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ts
}

func (ts *smtpServer) setTempFail(on bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.tempFail = on
}

func (ts *smtpServer) got() []smtpMessage {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]smtpMessage(nil), ts.accepted...)
}

// emailYAML is the email section for this server: no TLS on loopback,
// two recipients, and a login when the server has a user.
func (ts *smtpServer) emailYAML() string {
	s := fmt.Sprintf(`email:
  host: 127.0.0.1
  port: %d
  tls: none
  from: reports@rossi.example
  to: [owner@rossi.example, accountant@rossi.example]
  retry:
    initial: 1m
    max: 1h
`, ts.port)
	if ts.user != "" {
		s += "  username: " + ts.user + "\n  password_env: CLIENTRISK_SMTP_PASSWORD\n"
	}
	return s
}

type smtpSession struct {
	ts     *smtpServer
	authed bool
	to     []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, errors.New("unsupported mechanism")
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		s.ts.mu.Lock()
		s.ts.authSeen = append(s.ts.authSeen, password)
		s.ts.mu.Unlock()
		if username == s.ts.user && password == s.ts.pass {
			s.authed = true
			return nil
		}
		// A careless server that echoes what it got: the client must not
		// pass it on.
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8},
			Message: "authentication failed for " + username + " with password " + password}
	}), nil
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error {
	if s.ts.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if s.ts.tempFail {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.ts.accepted = append(s.ts.accepted, smtpMessage{to: append([]string(nil), s.to...), data: data})
	return nil
}

func (s *smtpSession) Reset()        { s.to = nil }
func (s *smtpSession) Logout() error { return nil }
