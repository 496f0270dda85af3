package parse

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// DateOrder says how a column writes numeric day/month dates.
type DateOrder uint8

const (
	OrderUnknown DateOrder = iota
	OrderDMY               // 05/03/2026 is 5 March
	OrderMDY               // 05/03/2026 is 3 May
)

func (o DateOrder) String() string {
	switch o {
	case OrderDMY:
		return "dmy"
	case OrderMDY:
		return "mdy"
	}
	return ""
}

// ErrAmbiguousDate is wrapped by ParseDateText when a numeric date could
// be read day-first or month-first and no order was given; test with
// errors.Is.
var ErrAmbiguousDate = errors.New("day and month could be either way round")

// ParseDateText reads a date written as text:
//   - year first, always year-month-day: "2026-03-05", "2026/03/05",
//     "2026.03.05", "20260305";
//   - day and month first with '/', '.' or '-': "05/03/2026", "5.3.2026",
//     "05-03-26"; order decides dd/mm or mm/dd, but a value that settles
//     it (a part above 12, or both parts equal) is read as it must be
//     whatever order says; with OrderUnknown an undecidable value fails
//     with an error wrapping ErrAmbiguousDate;
//   - with a month name in English, Italian, Spanish, Russian (nominative
//     or genitive), German or French, full or abbreviated: "Jan 28 2021",
//     "28 Jan 2021", "January 28, 2021", "April 1st 2013", "28-Jan-2021",
//     "5 marzo 2026", "5 de marzo de 2026", "5 марта 2026 г.", "1. März
//     2026", "1er mars 2026"; a leading weekday is ignored.
//
// A time after the date ("2026-03-05 00:00:00", "2014-02-14T08:27:48.765Z",
// "03/01/2016 17:56:14", "Jan 28 2021 10:30 AM") is cut off: the date is
// the one written, with no time zone conversion. Two-digit years 00-69 are
// 2000-2069 and 70-99 are 1970-1999 (the POSIX strptime pivot). Dates that
// do not exist (31/02/2026) are errors.
func ParseDateText(s string, order DateOrder) (invoice.Date, error) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return 0, errors.New("cannot read an empty text as a date")
	}
	if t[0] >= '0' && t[0] <= '9' {
		if d, done, err := parseNumericDate(s, t, order); done {
			return d, err
		}
	}
	return parseWordDate(s, t)
}

// numericDate is the shape of "a<sep>b<sep>c<rest>".
type numericDate struct {
	a, b, c    int
	na, nb, nc int // digit counts
	rest       string
}

// scanNumericDate splits t into three numbers joined by one separator
// ('/', '.' or '-'), followed by an optional time. ok is false when t has
// another shape.
func scanNumericDate(t string) (nd numericDate, ok bool) {
	i := 0
	nd.a, nd.na, i = readNum(t, i)
	if nd.na == 0 || i >= len(t) {
		return nd, false
	}
	sep := t[i]
	if sep != '/' && sep != '.' && sep != '-' {
		return nd, false
	}
	nd.b, nd.nb, i = readNum(t, i+1)
	if nd.nb == 0 || i >= len(t) || t[i] != sep {
		return nd, false
	}
	nd.c, nd.nc, i = readNum(t, i+1)
	if nd.nc == 0 {
		return nd, false
	}
	nd.rest = t[i:]
	if sep == '.' && strings.HasPrefix(nd.rest, ".") {
		nd.rest = nd.rest[1:] // "5.3.2026." as some locales end it
	}
	return nd, timeRest(nd.rest)
}

// readNum reads up to 9 digits from t[i:]; n is how many it read.
func readNum(t string, i int) (v, n, j int) {
	for j = i; j < len(t) && t[j] >= '0' && t[j] <= '9'; j++ {
		if n == 9 {
			return v, 10, j // too long for any date part
		}
		v = v*10 + int(t[j]-'0')
		n++
	}
	return v, n, j
}

// timeRest accepts what may follow a date: nothing, a time ("T08:27:48Z",
// " 17:56:14", " 10:30 AM", "+01:00"), or "Z".
func timeRest(r string) bool {
	if r == "" || r == "Z" {
		return true
	}
	switch strings.TrimSpace(r) {
	case "г", "г.", "года": // Russian "year": "28.01.2021 г."
		return true
	}
	switch r[0] {
	case 'T', 't', ' ':
		if len(r) < 2 || r[1] < '0' || r[1] > '9' {
			return false
		}
	case '+':
	default:
		return false
	}
	for i := 1; i < len(r); i++ {
		switch c := r[i]; {
		case c >= '0' && c <= '9', c == ':', c == '.', c == ',', c == '+', c == '-', c == ' ', c == 'Z', c == 'z':
		case c == 'A', c == 'P', c == 'M', c == 'a', c == 'p', c == 'm':
		default:
			return false
		}
	}
	return true
}

// parseNumericDate handles dates made of numbers only. done is false when
// t is not of that shape (it may still be "28 Jan 2021").
func parseNumericDate(s, t string, order DateOrder) (d invoice.Date, done bool, err error) {
	if len(t) == 8 && allDigits(t) {
		y, m, dd := atoi(t[:4]), atoi(t[4:6]), atoi(t[6:])
		d, err := makeDate(s, y, m, dd)
		return d, true, err
	}
	nd, ok := scanNumericDate(t)
	if !ok {
		return 0, false, nil
	}
	if nd.na == 4 && nd.nb <= 2 && nd.nc <= 2 {
		d, err := makeDate(s, nd.a, nd.b, nd.c)
		return d, true, err
	}
	if nd.na > 2 || nd.nb > 2 || (nd.nc != 2 && nd.nc != 4) {
		return 0, true, dateError(s)
	}
	y := fullYear(nd.c, nd.nc)
	first, second := nd.a, nd.b
	switch {
	case first == second:
		d, err := makeDate(s, y, first, first)
		return d, true, err
	case first > 12 && second <= 12:
		order = OrderDMY
	case second > 12 && first <= 12:
		order = OrderMDY
	case first > 12 && second > 12:
		return 0, true, dateError(s)
	}
	switch order {
	case OrderDMY:
		d, err := makeDate(s, y, second, first)
		return d, true, err
	case OrderMDY:
		d, err := makeDate(s, y, first, second)
		return d, true, err
	}
	return 0, true, fmt.Errorf("cannot read %q as a date: %w", clip(s), ErrAmbiguousDate)
}

// DateOrderEvidence says which order a numeric day/month date proves: a
// first part above 12 proves OrderDMY, a second part above 12 proves
// OrderMDY. Year-first dates, dates with month names and undecidable
// values prove nothing (OrderUnknown).
func DateOrderEvidence(s string) DateOrder {
	t := strings.TrimFunc(s, unicode.IsSpace)
	nd, ok := scanNumericDate(t)
	if !ok || nd.na > 2 || nd.nb > 2 || (nd.nc != 2 && nd.nc != 4) {
		return OrderUnknown
	}
	switch {
	case nd.a > 12 && nd.a <= 31 && nd.b >= 1 && nd.b <= 12:
		return OrderDMY
	case nd.b > 12 && nd.b <= 31 && nd.a >= 1 && nd.a <= 12:
		return OrderMDY
	}
	return OrderUnknown
}

// fullYear applies the two-digit year pivot: 00-69 -> 20xx, 70-99 -> 19xx.
func fullYear(y, digits int) int {
	if digits != 2 {
		return y
	}
	if y < 70 {
		return 2000 + y
	}
	return 1900 + y
}

func allDigits(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(t string) int {
	n := 0
	for i := 0; i < len(t); i++ {
		n = n*10 + int(t[i]-'0')
	}
	return n
}

func dateError(s string) error {
	return fmt.Errorf("cannot read %q as a date", clip(s))
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:60]) + "…"
	}
	return s
}

// makeDate validates y-m-d and builds the date.
func makeDate(s string, y, m, d int) (invoice.Date, error) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return 0, dateError(s)
	}
	if d > daysIn(y, m) {
		return 0, fmt.Errorf("cannot read %q as a date: %s %d has no day %d", clip(s), time.Month(m), y, d)
	}
	return invoice.NewDate(y, time.Month(m), d), nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseWordDate reads dates with a month name.
func parseWordDate(s, t string) (invoice.Date, error) {
	month := 0
	var nums [2]struct{ v, n int }
	nn := 0
	rest := t
	for rest != "" {
		tok, r := nextDateToken(rest)
		rest = r
		if tok == "" {
			continue
		}
		if strings.ContainsRune(tok, ':') {
			break // a time: the date is complete
		}
		if tok[0] >= '0' && tok[0] <= '9' {
			v, n, j := readNum(tok, 0)
			if !ordinalSuffix(tok[j:]) || nn == 2 || n > 4 {
				return 0, dateError(s)
			}
			nums[nn].v, nums[nn].n = v, n
			nn++
			continue
		}
		w := foldWord(tok)
		if m, ok := monthNames[w]; ok && month == 0 {
			month = m
			continue
		}
		if dateFillers[w] {
			continue
		}
		return 0, dateError(s)
	}
	if month == 0 || nn != 2 {
		return 0, dateError(s)
	}
	// The year is the number with 3-4 digits, else the second one.
	day, year := nums[0], nums[1]
	if nums[0].n >= 3 && nums[1].n <= 2 {
		day, year = nums[1], nums[0]
	}
	if day.n > 2 || year.n == 1 || year.n == 3 {
		return 0, dateError(s)
	}
	return makeDate(s, fullYear(year.v, year.n), month, day.v)
}

// nextDateToken splits at spaces, commas, '-', '/' and '.'; a '.' that
// ends an abbreviation ("Jan.") or an ordinal ("1.") is dropped with it.
func nextDateToken(t string) (tok, rest string) {
	i := 0
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if unicode.IsSpace(r) || r == ',' || r == '-' || r == '/' || r == '.' {
			if i == 0 {
				return "", t[size:]
			}
			return t[:i], t[i+size:]
		}
		if r == ':' {
			// keep times whole so the caller can stop at them
			j := i
			for j < len(t) && !unicode.IsSpace(rune(t[j])) {
				j++
			}
			return t[:j], t[j:]
		}
		i += size
	}
	return t, ""
}

// ordinalSuffix accepts what may follow a day number: "st", "nd", "rd",
// "th", "er" (1er), "e", "º", "°", "ª", "o", "го".
func ordinalSuffix(s string) bool {
	switch strings.ToLower(s) {
	case "", "st", "nd", "rd", "th", "er", "e", "º", "°", "ª", "o", "го", "-го":
		return true
	}
	return false
}

// foldWord lower-cases a word and strips its accents, without the Unicode
// tables for ASCII words.
func foldWord(w string) string {
	if isPlainASCII(w) {
		var buf [16]byte
		if len(w) <= len(buf) {
			b := buf[:len(w)]
			for i := 0; i < len(w); i++ {
				c := w[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b[i] = c
			}
			return string(b)
		}
	}
	return Fold(w, false)
}

// monthNames maps folded month names and abbreviations (en, it, es, ru
// nominative and genitive, de, fr) to month numbers.
var monthNames = func() map[string]int {
	lists := [12]string{
		"january jan gennaio gen enero ene январь января янв janvier janv januar jänner jän",
		"february feb febbraio febrero февраль февраля фев февр fevrier fevr février févr februar",
		"march mar marzo март марта mars märz marz maerz mär mrz",
		"april apr aprile abril abr апрель апреля апр avril avr",
		"may maggio mag mayo май мая mai",
		"june jun giugno junio июнь июня июн juin juni",
		"july jul luglio lug julio июль июля июл juillet juil juli",
		"august aug agosto ago август августа авг aout août",
		"september sep sept settembre set septiembre setiembre сентябрь сентября сен сент septembre",
		"october oct ottobre ott octubre октябрь октября окт octobre oktober okt",
		"november nov novembre noviembre ноябрь ноября ноя нояб",
		"december dec dicembre dic diciembre декабрь декабря дек decembre décembre dezember dez",
	}
	m := make(map[string]int)
	for i, l := range lists {
		for _, w := range strings.Fields(l) {
			m[foldWord(w)] = i + 1
		}
	}
	return m
}()

// dateFillers are words that may stand in a written date without meaning
// anything for it: weekdays, "de", "of", the Russian "г." (year).
var dateFillers = func() map[string]bool {
	const words = "de del di of the le der den am el " +
		"г года год гг " +
		"monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun " +
		"lunedi martedi mercoledi giovedi venerdi sabato domenica lun mer gio ven dom " +
		"lunes martes miercoles jueves viernes sabado domingo " +
		"понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс " +
		"montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so " +
		"lundi mardi mercredi jeudi vendredi samedi dimanche " +
		"am pm"
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[foldWord(w)] = true
	}
	return m
}()

// ExcelSerialDate converts a workbook date serial to a date; a fraction
// (the time of day) is cut off. In the 1900 system serial 1 is 1900-01-01
// and Excel counts a 29 February 1900 that never was: serials 1-59 are the
// dates Excel shows for them, 61 onwards are one day less than a plain
// count, and 60 itself (the fake 1900-02-29) is an error rather than a
// guess. In the 1904 system serial 0 is 1904-01-01. Serials below the
// first day or after 9999-12-31 (2958465 in the 1900 system) are errors.
func ExcelSerialDate(serial float64, date1904 bool) (invoice.Date, error) {
	if math.IsNaN(serial) || math.IsInf(serial, 0) {
		return 0, fmt.Errorf("%v is not a date serial", serial)
	}
	day := math.Floor(serial)
	last := invoice.NewDate(9999, time.December, 31)
	if date1904 {
		base := invoice.NewDate(1904, time.January, 1)
		if day < 0 || day > float64(last-base) {
			return 0, fmt.Errorf("date serial %v is out of range (1904 date system)", serial)
		}
		return base.AddDays(int(day)), nil
	}
	if day < 1 || day > 2958465 {
		return 0, fmt.Errorf("date serial %v is out of range", serial)
	}
	if day == 60 {
		return 0, fmt.Errorf("date serial 60 is 29 February 1900, a day Excel invents")
	}
	if day < 60 {
		return invoice.NewDate(1899, time.December, 31).AddDays(int(day)), nil
	}
	return invoice.NewDate(1899, time.December, 30).AddDays(int(day)), nil
}

// IsDateNumFmt says whether a cell's number format shows a date, so that
// its number is a date serial. Built-in ids 14-17, 22, 27-36 and 50-58
// (dates, date-times and the East Asian date formats) are dates. The
// built-in pure time formats 18-21 and 45-47 are not: a time of day or a
// duration ("[h]:mm:ss") is no calendar date, and a duration column is
// hours for a time-tracking export. A custom code is a date when, outside
// quoted text, brackets ("[Red]", "[$-409]"), escaped characters and
// "AM/PM", it has a day or year token, or a month token that is not a
// minute (m right after h or right before s is minutes). Case does not
// matter: Apache POI writes "MM/dd/yyyy".
func IsDateNumFmt(id int, code string) bool {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return true
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return false
	}
	return dateFormatCode(code)
}

func dateFormatCode(code string) bool {
	// Only the first section (positive numbers) matters.
	var toks []byte
	lc := strings.ToLower(code)
	for i := 0; i < len(lc); i++ {
		c := lc[i]
		switch c {
		case ';':
			i = len(lc)
			continue
		case '"':
			j := strings.IndexByte(lc[i+1:], '"')
			if j < 0 {
				i = len(lc)
			} else {
				i += j + 1
			}
			continue
		case '[':
			j := strings.IndexByte(lc[i+1:], ']')
			if j < 0 {
				i = len(lc)
				continue
			}
			inner := lc[i+1 : i+1+j]
			if inner != "" && strings.Trim(inner, "hms") == "" {
				toks = append(toks, inner[0]) // elapsed [h], [mm], [ss]
			}
			i += j + 1
			continue
		case '\\', '_', '*':
			i++ // the next character is literal, padding or fill
			continue
		case 'a':
			if strings.HasPrefix(lc[i:], "am/pm") {
				i += 4
				continue
			}
			if strings.HasPrefix(lc[i:], "a/p") {
				i += 2
				continue
			}
		}
		switch c {
		case 'd', 'm', 'y', 'h', 's', 'b', 'e':
			if c == 'e' || c == 'b' {
				// "e" (era year) and "bbbb" (Buddhist year) count as years
				// only in date-looking codes; "0.00E+00" is scientific.
				if i+1 < len(lc) && (lc[i+1] == '+' || lc[i+1] == '-') {
					continue
				}
				if c == 'e' && !strings.ContainsAny(lc, "dmy") {
					continue
				}
				c = 'y'
			}
			if len(toks) == 0 || toks[len(toks)-1] != c {
				toks = append(toks, c)
			}
		}
	}
	for i, c := range toks {
		switch c {
		case 'd', 'y':
			return true
		case 'm':
			afterH := i > 0 && toks[i-1] == 'h'
			beforeS := i+1 < len(toks) && toks[i+1] == 's'
			if !afterH && !beforeS {
				return true
			}
		}
	}
	return false
}

// IsISOPrefix matches yyyy-mm-dd, alone or followed by a time.
func IsISOPrefix(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || (len(s) > 10 && s[10] != 'T' && s[10] != ' ') {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func YYYYMMDD(y, m, d int) (invoice.Date, bool, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false, fmt.Errorf("%04d%02d%02d is not a valid yyyymmdd date", y, m, d)
	}
	v := invoice.NewDate(y, monthOf(m), d)
	if _, mm, dd := v.Civil(); int(mm) != m || dd != d {
		return 0, false, fmt.Errorf("%04d%02d%02d is not a valid yyyymmdd date", y, m, d)
	}
	return v, false, nil
}

func monthOf(m int) time.Month { return time.Month(m) }

// IsTimeNumFmt: the built-in time formats and custom codes with hours.
func IsTimeNumFmt(id int, code string) bool {
	if (id >= 18 && id <= 21) || (id >= 45 && id <= 47) {
		return true
	}
	lc := strings.ToLower(code)
	return strings.Contains(lc, "h") && strings.Contains(lc, ":")
}
