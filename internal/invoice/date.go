package invoice

import (
	"fmt"
	"time"
)

// Date is a calendar date with no time of day: the number of days since
// 0001-01-01 (proleptic Gregorian) plus one, so that the zero value means
// "no date" (a missing due or paid date). Dates compare with < and ==, and
// subtracting two dates gives the days between them.
type Date int32

// unixEpochDays is the Date value of 1970-01-01.
const unixEpochDays = 719162 + 1

// NewDate returns the date y-m-d. Out-of-range days and months are
// normalised as time.Date does (2025-02-30 becomes 2025-03-02); parsers
// must validate before calling it.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix()/86400 + unixEpochDays)
}

// DateOf cuts a timestamp to its calendar date in the timestamp's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseISODate reads yyyy-mm-dd strictly, as time.Parse("2006-01-02")
// does. A well-formed date is read by hand (a million-row CSV has three
// million of them, and time.Parse is most of their cost); anything else
// goes to time.Parse, which accepts or refuses it.
func ParseISODate(s string) (Date, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, yok := digits(s[0:4])
		m, mok := digits(s[5:7])
		d, dok := digits(s[8:10])
		if yok && mok && dok && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(time.Month(m), y) {
			return NewDate(y, time.Month(m), d), nil
		}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date in yyyy-mm-dd form", s)
	}
	return DateOf(t), nil
}

// digits reads s, all ASCII digits, as a number.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month m of year y (proleptic Gregorian,
// as package time counts them).
func daysIn(m time.Month, y int) int {
	if m == time.February {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + int((m+m/8)%2) // 31 in January, March, May, July, August, October, December
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Unix(int64(d-unixEpochDays)*86400, 0).UTC()
}

// Civil returns year, month and day.
func (d Date) Civil() (int, time.Month, int) { return d.Time().Date() }

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the calendar month d falls in.
func (d Date) Month() Month { y, m, _ := d.Civil(); return Month{Year: y, Month: m} }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// DaysSince returns d - e in days.
func (d Date) DaysSince(e Date) int { return int(d - e) }

// String formats d as yyyy-mm-dd, or "" for no date.
func (d Date) String() string {
	var buf [10]byte
	return string(d.AppendISO(buf[:0]))
}

// AppendISO appends String's form of d to dst (nothing for no date).
func (d Date) AppendISO(dst []byte) []byte {
	if d.IsZero() {
		return dst
	}
	return d.Time().AppendFormat(dst, "2006-01-02")
}

// MarshalText writes yyyy-mm-dd (empty for no date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads yyyy-mm-dd (empty for no date).
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseISODate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Month is a calendar month, the unit a report covers.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads yyyy-mm.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("%q is not a month in yyyy-mm form", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// MonthOf returns the month a timestamp falls in, in its location.
func MonthOf(t time.Time) Month { return Month{Year: t.Year(), Month: t.Month()} }

// First returns the first day of m.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }

// Last returns the last day of m.
func (m Month) Last() Date { return m.Add(1).First() - 1 }

// Days returns the number of days in m.
func (m Month) Days() int { return int(m.Last()-m.First()) + 1 }

// Add returns the month n months after m (n may be negative).
func (m Month) Add(n int) Month {
	i := m.Index() + n
	return Month{Year: floorDiv(i, 12), Month: time.Month(i - floorDiv(i, 12)*12 + 1)}
}

// Index is a month counter (year*12 + month-1), handy for distances.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.Index() < o.Index() }

// Contains reports whether d falls in m.
func (m Month) Contains(d Date) bool { return !d.IsZero() && d >= m.First() && d <= m.Last() }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// String formats m as yyyy-mm.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// MarshalText writes yyyy-mm.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads yyyy-mm.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
