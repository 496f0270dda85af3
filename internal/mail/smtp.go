package mail

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// DeliveryError is why one delivery attempt failed. Text never contains
// the SMTP password: server replies that echo it are redacted.
type DeliveryError struct {
	Recipient string
	// Code is the SMTP reply code (0 when the failure was not a reply:
	// network, TLS).
	Code int
	// Permanent is true for a 5xx reply: the attempt is not retried.
	Permanent bool
	Text      string
}

func (e *DeliveryError) Error() string { return e.Text }

// send runs one SMTP transaction delivering data to recipient: connect,
// TLS, auth, MAIL, RCPT, DATA, QUIT. ctx bounds the connection only: once
// the transaction has started it runs to its end (each command bounded by
// Timeout), because cutting it after the final dot would leave the outcome
// unknown. accepted is called as soon as the server has taken the message
// (its 250 after the final dot) and before QUIT, so the caller records
// "sent" without waiting for the rest of the conversation: a crash or a
// hung QUIT after that moment must not make the message go out twice.
func (o *Outbox) send(ctx context.Context, recipient string, data []byte, accepted func()) error {
	server := fmt.Sprintf("%s:%d", o.cfg.Host, o.cfg.Port)
	fail := func(stage string, err error) error {
		return o.deliveryError(recipient, stage, err)
	}
	// Our own dialer keeps hold of the connection: go-mail leaves it open
	// when the greeting, STARTTLS or a later handshake step fails.
	var conn net.Conn
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var err error
		if o.cfg.TLS == TLSImplicit {
			conn, err = (&tls.Dialer{NetDialer: d, Config: o.cfg.TLSConfig}).DialContext(ctx, network, addr)
		} else {
			conn, err = d.DialContext(ctx, network, addr)
		}
		return conn, err
	}
	opts := []gomail.Option{
		gomail.WithPort(o.cfg.Port),
		gomail.WithTimeout(o.cfg.Timeout),
		gomail.WithTLSConfig(o.cfg.TLSConfig),
		gomail.WithDialContextFunc(dial),
	}
	switch o.cfg.TLS {
	case TLSImplicit:
		// The dialer above does the TLS; WithSSL keeps go-mail from also
		// trying STARTTLS.
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if o.cfg.Username != "" {
		// none is loopback only (withDefaults), where the unencrypted
		// variants are the honest choice.
		auth := map[string]gomail.SMTPAuthType{AuthPlain: gomail.SMTPAuthPlain, AuthLogin: gomail.SMTPAuthLogin}[o.cfg.Auth]
		if o.cfg.TLS == TLSNone {
			auth = map[string]gomail.SMTPAuthType{AuthPlain: gomail.SMTPAuthPlainNoEnc, AuthLogin: gomail.SMTPAuthLoginNoEnc}[o.cfg.Auth]
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(o.cfg.Username), gomail.WithPassword(o.cfg.Password))
	}
	client, err := gomail.NewClient(o.cfg.Host, opts...)
	if err != nil {
		return fail("set up the connection to "+server, err)
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if conn != nil {
			_ = conn.Close()
		}
		if strings.HasPrefix(err.Error(), "SMTP AUTH failed") {
			return fail(fmt.Sprintf("log in to %s as %s (check the password)", server, o.cfg.Username), err)
		}
		return fail("connect to "+server, err)
	}
	defer sc.Close()
	step := func(stage string, f func() error) error {
		if err := sc.UpdateDeadline(o.cfg.Timeout); err != nil {
			return fail(stage, err)
		}
		if err := f(); err != nil {
			return fail(stage, err)
		}
		return nil
	}
	// go-mail's SMTP client sends the path as given: RFC 5321 (4.1.2)
	// wants it in angle brackets, and a strict server refuses it without.
	from, to := "<"+o.fromAddr+">", "<"+recipient+">"
	if err := step("MAIL FROM:"+from+" at "+server, func() error { return sc.Mail(from) }); err != nil {
		return err
	}
	if err := step("RCPT TO:"+to+" at "+server, func() error { return sc.Rcpt(to) }); err != nil {
		return err
	}
	if err := step("send the message (DATA) to "+server, func() error {
		w, err := sc.Data()
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			_ = w.Close()
			return err
		}
		return w.Close()
	}); err != nil {
		return err
	}
	// The server has taken the message: record it now; a failing QUIT
	// changes nothing.
	accepted()
	_ = sc.Quit()
	return nil
}

// deliveryError classifies err and words it for the user without the
// password. Only a 5xx reply is permanent (status failed, not retried; a
// wrong password gives 535 and is such a case). Anything else (4xx,
// network, TLS) is retried after Retry.Initial·2^(attempts-1), capped at
// Retry.Max, for as long as the service runs.
func (o *Outbox) deliveryError(recipient, stage string, err error) *DeliveryError {
	de := &DeliveryError{Recipient: recipient}
	var te *textproto.Error
	if errors.As(err, &te) {
		de.Code = te.Code
		de.Permanent = te.Code >= 500 && te.Code < 600
	}
	kind := "temporary failure, will retry"
	if de.Permanent {
		kind = "refused for good, not retried"
	}
	de.Text = o.redact(fmt.Sprintf("send report to %s: %s: %v (%s)", recipient, stage, err, kind))
	return de
}

// redact removes the password, and the base64 forms in which AUTH PLAIN
// and LOGIN carry it, from s: a server may echo what it was sent. Every
// SMTP failure text passes through it before it is logged, stored in
// LastError or returned, so the password never appears in an error or
// log line of this package.
func (o *Outbox) redact(s string) string {
	p := o.cfg.Password
	if p == "" {
		return s
	}
	u := o.cfg.Username
	secrets := []string{
		p,
		base64.StdEncoding.EncodeToString([]byte(p)),
		base64.StdEncoding.EncodeToString([]byte("\x00" + u + "\x00" + p)),
		base64.StdEncoding.EncodeToString([]byte(u + "\x00" + u + "\x00" + p)),
	}
	// A password of several lines (from a file) may be echoed one line
	// at a time.
	if strings.ContainsAny(p, "\r\n") {
		for _, line := range strings.FieldsFunc(p, func(r rune) bool { return r == '\r' || r == '\n' }) {
			if len(line) >= 4 {
				secrets = append(secrets, line)
			}
		}
	}
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}
