package config

import (
	"fmt"
	"strings"
)

// MsgUnknownKey is the Msg of an Error about a key the config does not
// know (usually a typo).
const MsgUnknownKey = "unknown key"

// Error is one problem with the config file. Key is the dotted key name
// (thresholds.over_dependent_share, rates.USD, email.to); Line is 1-based,
// 0 when the problem is not on one line (a key that is missing).
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	switch {
	case e.Key != "" && e.Msg == MsgUnknownKey:
		fmt.Fprintf(&b, ": unknown key %q", e.Key)
	case e.Key != "":
		fmt.Fprintf(&b, ": %s: %s", e.Key, e.Msg)
	default:
		fmt.Fprintf(&b, ": %s", e.Msg)
	}
	return b.String()
}
