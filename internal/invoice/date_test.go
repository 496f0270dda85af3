package invoice

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestParseISODateAsTimeParse: the hand-read path accepts exactly what
// time.Parse("2006-01-02") accepts and gives the same date, on every day
// of four centuries around the leap-year rules, and on random strings of
// the date's shape (months 00-19, days 00-39, year 0000 ...) and near it.
func TestParseISODateAsTimeParse(t *testing.T) {
	check := func(s string) {
		t.Helper()
		got, err := ParseISODate(s)
		tt, terr := time.Parse("2006-01-02", s)
		if (err == nil) != (terr == nil) {
			t.Fatalf("%q: error %v, time.Parse says %v", s, err, terr)
		}
		if err == nil && got != DateOf(tt) {
			t.Fatalf("%q: %v, time.Parse gives %v", s, got, DateOf(tt))
		}
	}
	for d := NewDate(1899, time.December, 25); d < NewDate(2301, time.January, 5); d++ {
		check(d.String())
	}
	for _, s := range []string{"0000-02-29", "0001-01-01", "9999-12-31", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29",
		"2024-00-10", "2024-13-01", "2024-04-31", "2024-01-00", "2024-1-01", "2024/01/01", "+024-01-01", "2024-01-0a", "20240101", ""} {
		check(s)
	}
	r := rand.New(rand.NewPCG(3, 9))
	const shape = "dddd-dd-dd"
	for range 200000 {
		b := []byte(shape)
		for i := range b {
			switch {
			case r.IntN(50) == 0:
				b[i] = "-/ +x9"[r.IntN(6)]
			case b[i] == 'd':
				b[i] = byte('0' + r.IntN(10))
				if i == 5 || i == 8 {
					b[i] = byte('0' + r.IntN(4)) // months and days near the valid ones
				}
			}
		}
		check(string(b))
	}
}

func TestDaysIn(t *testing.T) {
	for y := 1890; y <= 2410; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysIn(m, y), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%v, %d) = %d, want %d", m, y, got, want)
			}
		}
	}
}

func BenchmarkParseISODate(b *testing.B) {
	for b.Loop() {
		if _, err := ParseISODate("2025-03-14"); err != nil {
			b.Fatal(err)
		}
	}
}
