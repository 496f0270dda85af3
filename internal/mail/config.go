package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"time"
)

// TLS modes of Config.TLS.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: allowed for a loopback host only
)

// Auth mechanisms of Config.Auth.
const (
	AuthPlain = "plain"
	AuthLogin = "login"
)

// Defaults used when a Config field is zero.
const (
	DefaultRetryInitial = time.Minute
	DefaultRetryMax     = 6 * time.Hour
	DefaultTimeout      = 30 * time.Second
	DefaultPoll         = 30 * time.Second
	DefaultSendingStale = 10 * time.Minute
	DefaultSubject      = "Client report {month}"
)

// Config is what the outbox needs to reach the SMTP server: the email
// Settings of the config file, the password the caller (the pipeline) read
// from the environment variable or the password file, and the outbox's own
// settings.
type Config struct {
	Settings
	// Auth is plain (default) or login; ignored when Username is empty,
	// in which case no authentication is attempted.
	Auth string
	// Password never appears in an error or log line of this package:
	// server replies that echo it are redacted.
	Password string
	// Timeout bounds the connection and each SMTP command.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings (tests trust a self-signed
	// certificate with it); its ServerName defaults to Host.
	TLSConfig *tls.Config
	// OutboxDir holds the .eml files of the queued messages.
	OutboxDir string
	// Poll is how often Run looks for due deliveries.
	Poll time.Duration
	// SendingStale is how long a delivery may stay in "sending" before
	// Flush treats it as interrupted by a crash (see the package doc).
	SendingStale time.Duration
}

// ErrConfig is wrapped by every configuration error of NewOutbox.
var ErrConfig = errors.New("invalid email configuration")

// withDefaults returns cfg with the zero fields set and checks it by the
// rules the config file is checked by (Settings.Check), for callers that
// build a Config themselves, plus what the file does not hold (password,
// auth, outbox folder, duplicate recipients).
func (cfg Config) withDefaults() (Config, error) {
	bad := func(format string, args ...any) (Config, error) {
		return Config{}, fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	cfg.Host = strings.TrimSpace(cfg.Host)
	if cfg.Host == "" {
		return bad("email host is empty")
	}
	cfg.TLS = strings.ToLower(strings.TrimSpace(cfg.TLS))
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return bad("tls %q is not one of starttls, tls, none", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = DefaultPort(cfg.TLS)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return bad("port %d is not between 1 and 65535", cfg.Port)
	}
	cfg.Auth = strings.ToLower(strings.TrimSpace(cfg.Auth))
	if cfg.Auth == "" {
		cfg.Auth = AuthPlain
	}
	if cfg.Auth != AuthPlain && cfg.Auth != AuthLogin {
		return bad("auth %q is not one of plain, login", cfg.Auth)
	}
	if cfg.Username != "" && cfg.Password == "" {
		return bad("a username (%s) is set but the password is empty: set password_env or password_file", cfg.Username)
	}
	if cfg.Retry.Initial <= 0 {
		cfg.Retry.Initial = DefaultRetryInitial
	}
	if cfg.Retry.Max <= 0 {
		cfg.Retry.Max = DefaultRetryMax
	}
	// The rules the config file is checked by (Settings.Check).
	if problems := cfg.Settings.Check(); len(problems) > 0 {
		return bad("email.%s: %s", problems[0].Key, problems[0].Msg)
	}
	seen := map[string]bool{}
	for _, to := range cfg.To {
		a, err := netmail.ParseAddress(to)
		if err != nil {
			return bad("email.to: %q is not an email address", to)
		}
		key := strings.ToLower(a.Address)
		if seen[key] {
			return bad("recipient %s is listed twice", a.Address)
		}
		seen[key] = true
	}
	if cfg.Subject == "" {
		cfg.Subject = DefaultSubject
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.SendingStale <= 0 {
		cfg.SendingStale = DefaultSendingStale
	}
	if cfg.SendingStale < 2*cfg.Timeout {
		// A live transaction refreshes its deadline per command; stale must
		// stay well above it so that a slow but alive send is not taken over.
		cfg.SendingStale = 2 * cfg.Timeout
	}
	if cfg.OutboxDir == "" {
		return bad("outbox folder is empty")
	}
	if cfg.TLSConfig != nil {
		cfg.TLSConfig = cfg.TLSConfig.Clone()
	} else {
		cfg.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if cfg.TLSConfig.ServerName == "" {
		cfg.TLSConfig.ServerName = cfg.Host
	}
	return cfg, nil
}

// IsLoopback reports whether host names this machine: the only place where
// an unencrypted SMTP connection (a local relay) is acceptable. Brackets
// around an IPv6 address are allowed. The config uses it for email.tls.
func IsLoopback(host string) bool {
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
