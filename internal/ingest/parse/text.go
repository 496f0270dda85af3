package parse

import (
	"unicode/utf8"
)

// Truncate shortens s to n runes for messages.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}
