package schedule

import (
	"strings"
	"testing"
)

func TestCheckCron(t *testing.T) {
	t.Parallel()
	cases := []struct {
		expr, wantErr string // "" = valid
	}{
		{"0 7 1 * *", ""},
		{"30  6 2 * MON-FRI", ""},
		{"@monthly", ""},
		{"*/15 0-6 ? jan-mar sun", ""},
		{"0 7 1 *", "has 4 fields, want 5"},
		{"0 7 1 13 *", `month field "13": 13 is out of range (1 to 12)`},
		{"0 7 5-1 * *", `day of month field "5-1": range 5-1 runs backwards`},
		{"@every", "unknown descriptor"},
		// Every field is in range, but 30 February never comes: only the
		// scheduler's own parser can tell.
		{"0 7 30 2 *", "not accepted by the scheduler"},
	}
	for _, c := range cases {
		err := CheckCron(c.expr)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("CheckCron(%q) = %v, want no error", c.expr, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("CheckCron(%q) = %v, want an error saying %q", c.expr, err, c.wantErr)
		}
	}
}
