package parse

import (
	"fmt"
	"testing"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    int64 // seconds
		wantErr bool
	}{
		{"decimal hours point", "1.5", 5400, false}, // 1.5 * 3600
		{"decimal hours comma", "1,5", 5400, false},
		{"whole hours", "8", 28800, false},
		{"zero", "0", 0, false},
		{"clockify decimal", "0.25", 900, false},
		// 1.2345 h = 4444.2 s -> 4444
		{"rounded to the second", "1.2345", 4444, false},
		// 0.000125 h = 0.45 s -> 0
		{"below half a second", "0.000125", 0, false},
		{"h:mm", "1:30", 5400, false},
		{"h:mm:ss toggl", "01:30:00", 5400, false},
		{"long h:mm:ss", "120:05:09", 432309, false}, // 120*3600 + 5*60 + 9
		// 2.5 s is half way: even -> 2
		{"fractional seconds half even", "0:00:02.5", 2, false},
		{"fractional seconds up", "0:00:02.6", 3, false},
		{"minutes", "90m", 5400, false},
		{"h and m", "1h 30m", 5400, false},
		{"h and m joined", "1h30m", 5400, false},
		{"decimal h", "1.5h", 5400, false},
		{"hrs word", "2 hrs", 7200, false},
		{"seconds", "45s", 45, false},
		{"italian ore", "3 ore", 10800, false},
		{"surrounding spaces", " 2 ", 7200, false},
		{"empty", "", 0, true},
		{"negative", "-1", 0, true},
		{"minutes 60", "1:60", 0, true},
		{"seconds 60", "1:00:60", 0, true},
		{"one-digit minutes", "1:5", 0, true},
		{"four parts", "1:00:00:00", 0, true},
		{"unknown unit", "3 days", 0, true},
		{"text", "n/a", 0, true},
		{"grouped number", "1 234", 0, true},
		{"more than a year", "9000", 0, true},
		{"trailing separator", "1.", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("ParseDuration(%q) = %d, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDuration(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseDuration(%q) = %d s, want %d s", tc.in, got, tc.want)
			}
		})
	}
}

func TestExcelDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		days    float64
		want    int64
		wantErr bool
	}{
		{"one hour and a half", 0.0625, 5400, false}, // 1.5/24 = 0.0625 day
		{"a day", 1, 86400, false},
		{"zero", 0, 0, false},
		{"negative", -0.5, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ExcelDuration(tc.days)
			if tc.wantErr != (err != nil) {
				t.Fatalf("ExcelDuration(%v) error = %v, want error %v", tc.days, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ExcelDuration(%v) = %d, want %d", tc.days, got, tc.want)
			}
		})
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1.5", "1,5", "1:30", "01:30:00", "90m", "1h 30m", "1.5h", "45s", "0:00:02.5", "-1", "9000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sec, err := ParseDuration(s)
		if err != nil {
			return
		}
		if sec < 0 || sec > maxDurationSeconds {
			t.Fatalf("ParseDuration(%q) = %d, outside 0..%d", s, sec, maxDurationSeconds)
		}
		// Written as h:mm:ss it reads back to the same seconds.
		clock := fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
		if again, err := ParseDuration(clock); err != nil || again != sec {
			t.Fatalf("ParseDuration(%q) = %d, but %q reads as %d, %v", s, sec, clock, again, err)
		}
	})
}
