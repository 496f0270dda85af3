package schedule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
)

var cronDescriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

type cronField struct {
	name   string
	lo, hi int
	names  []string // accepted three-letter names
	base   int      // value of names[0]
}

var cronFields = []cronField{
	{name: "minute", lo: 0, hi: 59},
	{name: "hour", lo: 0, hi: 23},
	{name: "day of month", lo: 1, hi: 31},
	{name: "month", lo: 1, hi: 12, names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}, base: 1},
	{name: "day of week", lo: 0, hi: 6, names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, base: 0},
}

// CheckCron is the check of schedule.cron made when the config is read,
// so that a typo fails at load time with the key's name: expr must be a
// standard 5-field expression (minute hour day-of-month month
// day-of-week) or a descriptor such as @monthly, and gocron's own parser
// must accept it, so that what loads is exactly what the scheduler runs.
// The field-by-field reading comes first only for its messages, which
// name the field and the value at fault.
func CheckCron(expr string) error {
	if err := explainCron(expr); err != nil {
		return err
	}
	if err := gocron.NewDefaultCron(false).IsValid(strings.TrimSpace(expr), time.UTC, time.Now()); err != nil {
		return fmt.Errorf("not accepted by the scheduler: %s", strings.ReplaceAll(err.Error(), "\n", ": "))
	}
	return nil
}

// explainCron reads expr field by field and says which part is wrong.
func explainCron(expr string) error {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "@") {
		if slices.Contains(cronDescriptors, strings.ToLower(expr)) {
			return nil
		}
		return fmt.Errorf("unknown descriptor; use one of %s or five fields", strings.Join(cronDescriptors, ", "))
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return fmt.Errorf("has %d fields, want 5 (minute hour day-of-month month day-of-week, e.g. \"0 7 1 * *\")", len(fields))
	}
	for i, f := range fields {
		if err := cronFields[i].check(f); err != nil {
			return fmt.Errorf("%s field %q: %w", cronFields[i].name, f, err)
		}
	}
	return nil
}

func (c cronField) check(field string) error {
	for _, part := range strings.Split(field, ",") {
		rng, step, hasStep := strings.Cut(part, "/")
		if hasStep {
			n, err := strconv.Atoi(step)
			if err != nil || n < 1 {
				return fmt.Errorf("step %q is not a positive whole number", step)
			}
		}
		if rng == "*" || (rng == "?" && (c.lo == 1 && c.hi == 31 || c.hi == 6)) {
			continue
		}
		from, to, isRange := strings.Cut(rng, "-")
		a, err := c.value(from)
		if err != nil {
			return err
		}
		if isRange {
			b, err := c.value(to)
			if err != nil {
				return err
			}
			if b < a {
				return fmt.Errorf("range %s runs backwards", rng)
			}
		}
	}
	return nil
}

func (c cronField) value(s string) (int, error) {
	for i, n := range c.names {
		if strings.EqualFold(s, n) {
			return c.base + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v < c.lo || v > c.hi {
		return 0, fmt.Errorf("%d is out of range (%d to %d)", v, c.lo, c.hi)
	}
	return v, nil
}
