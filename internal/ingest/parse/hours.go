package parse

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode"
)

// maxDurationSeconds bounds one time entry (a year) so that nonsense
// cannot overflow sums of many entries.
const maxDurationSeconds = 366 * 24 * 3600

// ParseDuration reads a time-tracking duration and returns it in whole
// seconds, rounded half to even: decimal hours "1.5" or "1,5" (Clockify
// "Duration (decimal)", Harvest "Hours"), clock forms "1:30" (h:mm) and
// "01:30:00" (h:mm:ss, Toggl), and unit forms "90m", "1h 30m", "1h30m",
// "1.5h", "45s", "2 hrs". Negative durations and durations over a year
// are errors.
func ParseDuration(s string) (seconds int64, err error) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return 0, fmt.Errorf("cannot read an empty text as a duration")
	}
	var v *big.Rat // seconds
	switch {
	case strings.ContainsRune(t, ':'):
		v = parseClock(t)
	case strings.IndexFunc(t, unicode.IsLetter) >= 0:
		v = parseUnits(t)
	default:
		if h := parseHoursNumber(t); h != nil {
			v = h.Mul(h, big.NewRat(3600, 1))
		}
	}
	if v == nil {
		return 0, fmt.Errorf("cannot read %q as a duration", clip(s))
	}
	return durationSeconds(s, v)
}

// ExcelDuration converts a workbook duration (a fraction of a day, as a
// cell formatted [h]:mm:ss stores it) to whole seconds, half to even.
func ExcelDuration(days float64) (int64, error) {
	if math.IsNaN(days) || math.IsInf(days, 0) {
		return 0, fmt.Errorf("%v is not a duration", days)
	}
	r, ok := new(big.Rat).SetString(fmt.Sprint(days))
	if !ok {
		return 0, fmt.Errorf("%v is not a duration", days)
	}
	return durationSeconds(fmt.Sprint(days), r.Mul(r, big.NewRat(86400, 1)))
}

func durationSeconds(s string, v *big.Rat) (int64, error) {
	if v.Sign() < 0 {
		return 0, fmt.Errorf("duration %q is negative", clip(s))
	}
	if v.Cmp(big.NewRat(maxDurationSeconds, 1)) > 0 {
		return 0, fmt.Errorf("duration %q is longer than a year", clip(s))
	}
	// Rounding to whole units of a currency with 0 decimals is rounding
	// to whole seconds, half to even.
	m, _, err := RoundMoney(v, "JPY")
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", clip(s), err)
	}
	return int64(m), nil
}

// parseHoursNumber reads "1.5" or "1,5" (one separator, decimal).
func parseHoursNumber(t string) *big.Rat {
	var sc numScan
	if !sc.scan(t) || sc.exp || sc.nsep > 1 {
		return nil
	}
	if sc.nsep == 1 && (sc.seps[0].kind == ' ' || sc.seps[0].kind == '\'') {
		return nil
	}
	if sc.nsep == 1 && sc.seps[0].at == sc.nd {
		return nil
	}
	intDigits := sc.nd
	if sc.nsep == 1 {
		intDigits = sc.seps[0].at
	}
	return digitsRat(t, sc.nd, sc.nd-intDigits)
}

// parseClock reads h:mm or h:mm:ss with an optional fraction of a second;
// minutes and seconds must be below 60.
func parseClock(t string) *big.Rat {
	parts := strings.Split(t, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return nil
	}
	h, nh, j := readNum(parts[0], 0)
	if nh == 0 || nh > 6 || j != len(parts[0]) {
		return nil
	}
	m, nm, j := readNum(parts[1], 0)
	if nm != 2 || j != len(parts[1]) || m >= 60 {
		return nil
	}
	total := big.NewRat(int64(h)*3600+int64(m)*60, 1)
	if len(parts) == 3 {
		p := parts[2]
		if len(p) < 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
			return nil
		}
		sec := parseHoursNumber(p)
		if sec == nil || sec.Cmp(big.NewRat(60, 1)) >= 0 {
			return nil
		}
		total.Add(total, sec)
	}
	return total
}

// parseUnits reads "1h 30m", "90m", "1.5h", "2 hrs", "45s".
func parseUnits(t string) *big.Rat {
	total := new(big.Rat)
	rest := strings.ToLower(t)
	seen := false
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
			i++
		}
		if i == 0 {
			return nil
		}
		n := parseHoursNumber(rest[:i])
		if n == nil {
			return nil
		}
		rest = strings.TrimLeftFunc(rest[i:], unicode.IsSpace)
		j := 0
		for j < len(rest) && unicode.IsLetter(rune(rest[j])) {
			j++
		}
		var unit int64
		switch rest[:j] {
		case "h", "hr", "hrs", "hour", "hours", "ore", "ora", "horas", "hora", "std", "stunden", "heures", "heure":
			unit = 3600
		case "m", "min", "mins", "minute", "minutes", "minuti", "minutos", "minuten":
			unit = 60
		case "s", "sec", "secs", "second", "seconds":
			unit = 1
		default:
			return nil
		}
		total.Add(total, n.Mul(n, big.NewRat(unit, 1)))
		rest = strings.TrimPrefix(rest[j:], ",")
		seen = true
	}
	if !seen {
		return nil
	}
	return total
}
