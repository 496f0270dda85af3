package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Password reads the SMTP password from email.password_file (trailing
// newline trimmed) or else the environment variable email.password_env,
// through getenv so that callers and tests choose the environment. With no
// username, no password is needed and "" is returned. Errors name where
// the password was looked for, never what it is.
func (e EmailConfig) Password(getenv func(string) string) (string, error) {
	if e.PasswordFile != "" {
		b, err := os.ReadFile(e.PasswordFile)
		if err != nil {
			// The os error carries the path and reason, not the contents.
			if errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("email.password_file %s does not exist: %w", e.PasswordFile, err)
			}
			return "", fmt.Errorf("email.password_file: cannot read the SMTP password: %w", err)
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
