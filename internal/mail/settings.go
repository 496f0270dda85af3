package mail

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/filekind"
)

// Settings is the email section of the config file, whose keys the yaml
// tags name; the config package reads and checks it (with line numbers)
// and the pipeline passes it on in Config. Email is optional: with no
// Host it is off.
type Settings struct {
	Host string `yaml:"host"`
	// Port defaults by TLS mode when unset (DefaultPort).
	Port     int    `yaml:"port"`
	TLS      string `yaml:"tls"` // starttls, tls, none (loopback hosts only)
	Username string `yaml:"username"`
	// PasswordEnv and PasswordFile say where the password is; the password
	// itself is read only when needed, by Password, and never stored here.
	PasswordEnv  string   `yaml:"password_env"`
	PasswordFile string   `yaml:"password_file"` // absolute
	From         string   `yaml:"from"`          // defaults to Username when that is an address
	To           []string `yaml:"to"`
	// Subject is used when the Message has none; {month} is replaced by
	// the message's month (yyyy-mm).
	Subject string `yaml:"subject"`
	// AttachXLSX keeps the message's .xlsx attachments; without it they
	// are left out and only the PDF (and any other file) is attached.
	AttachXLSX bool  `yaml:"attach_xlsx"`
	Retry      Retry `yaml:"retry"`
}

// Retry is the back-off between attempts of one delivery: Initial after the
// first failure, doubled after each further one, never more than Max.
type Retry struct {
	Initial time.Duration `yaml:"initial"`
	Max     time.Duration `yaml:"max"`
}

// TLSModes are the values of Settings.TLS.
var TLSModes = []string{TLSStartTLS, TLSImplicit, TLSNone}

// DefaultPort is the port of a TLS mode, used when none is set: 587 for
// starttls, 465 for tls, 25 for none.
func DefaultPort(tls string) int {
	return map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[tls]
}

// DefaultSettings are the email settings the config file starts from.
func DefaultSettings() Settings {
	return Settings{
		Port:        DefaultPort(TLSStartTLS),
		TLS:         TLSStartTLS,
		PasswordEnv: "CLIENTRISK_SMTP_PASSWORD",
		To:          []string{},
		Subject:     DefaultSubject,
		AttachXLSX:  true,
		Retry:       Retry{Initial: DefaultRetryInitial, Max: DefaultRetryMax},
	}
}

// Enabled reports whether email delivery is configured.
func (s Settings) Enabled() bool { return s.Host != "" }

// Password reads the SMTP password from email.password_file (trailing
// newline trimmed) or else the environment variable email.password_env,
// through getenv so that callers and tests choose the environment. With no
// username, no password is needed and "" is returned. Errors name where
// the password was looked for, never what it is.
func (e Settings) Password(getenv func(string) string) (string, error) {
	if e.PasswordFile != "" {
		b, err := readPasswordFile(e.PasswordFile)
		if err != nil {
			return "", err
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			return "", fmt.Errorf("email.password_file %s is empty", e.PasswordFile)
		}
		return pw, nil
	}
	if e.PasswordEnv != "" && getenv != nil {
		if pw := getenv(e.PasswordEnv); pw != "" {
			return pw, nil
		}
	}
	if e.Username == "" {
		return "", nil
	}
	if e.PasswordEnv != "" {
		return "", fmt.Errorf("email.username %s needs a password: the environment variable %s (email.password_env) is not set or empty", e.Username, e.PasswordEnv)
	}
	return "", fmt.Errorf("email.username %s needs a password: set email.password_env or email.password_file", e.Username)
}

// maxPasswordFile is the most a password file may hold: more is not a
// password (a wrong path such as a log file, or /dev/zero).
const maxPasswordFile = 4 << 10

// readPasswordFile reads a password file. Anything but a regular file is
// refused before it is opened (a FIFO would block the open for ever, a
// device such as /dev/zero never ends), and at most maxPasswordFile bytes
// are read. Errors carry the path and the reason, never the contents.
func readPasswordFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("email.password_file %s does not exist: %w", path, err)
		}
		return nil, fmt.Errorf("email.password_file: cannot read the SMTP password: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("email.password_file %s is not a regular file (a %s): name a file that holds the password", path, filekind.Of(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("email.password_file: cannot read the SMTP password: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		return nil, fmt.Errorf("email.password_file: cannot read the SMTP password: %w", err)
	}
	if len(b) > maxPasswordFile {
		return nil, fmt.Errorf("email.password_file %s holds more than 4 KiB: that is not a password file", path)
	}
	return b, nil
}

// PasswordFileWarning says when the password file can be read by users
// other than its owner ("" when it cannot, or there is none).
func (e Settings) PasswordFileWarning() string {
	if e.PasswordFile == "" {
		return ""
	}
	fi, err := os.Stat(e.PasswordFile)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("email.password_file %s can be read by other users (mode %04o): chmod 600 it", e.PasswordFile, fi.Mode().Perm())
}

// Problem is one thing wrong with email Settings: Key is the setting's key
// in the email section (tls, from, to, retry.max), Item the list entry it
// is about (an address of to) or "" for the key as a whole, and Msg says
// why in the words of the config file's errors.
type Problem struct {
	Key, Item, Msg string
}

// Check returns what is wrong with settings whose defaults are filled in:
// the one set of rules for the config file (which reports each problem at
// its line) and NewOutbox (which refuses settings with any). The checks of
// a value's type and range (a port number, a TLS mode) are the config
// reader's; NewOutbox repeats those for callers that build a Config.
func (s Settings) Check() []Problem {
	var out []Problem
	add := func(key, item, format string, args ...any) {
		out = append(out, Problem{Key: key, Item: item, Msg: fmt.Sprintf(format, args...)})
	}
	if s.TLS == TLSNone && s.Host != "" && !IsLoopback(s.Host) {
		add("tls", "", "none sends the password and the report in clear text; it is allowed only for a loopback host (localhost, 127.0.0.1, ::1), not %q", s.Host)
	}
	if s.From != "" {
		if _, err := netmail.ParseAddress(s.From); err != nil {
			add("from", s.From, "%q is not an email address", s.From)
		}
	}
	for _, to := range s.To {
		if a := strings.TrimSpace(to); a != "" {
			if _, err := netmail.ParseAddress(a); err != nil {
				add("to", a, "%q is not an email address", a)
			}
		}
	}
	if s.Retry.Max < s.Retry.Initial {
		add("retry.max", "", "%s is shorter than email.retry.initial %s", s.Retry.Max, s.Retry.Initial)
	}
	if s.Host == "" {
		return out
	}
	if len(s.To) == 0 {
		add("to", "", "email.host is set, so at least one recipient is needed")
	}
	if s.From == "" {
		add("from", "", "email.host is set, so a sender address is needed (or an email.username that is an address)")
	}
	return out
}
