package parse

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func TestParseDateText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		order DateOrder
		want  string // yyyy-mm-dd; "" for an error, "ambiguous" for ErrAmbiguousDate
	}{
		{"iso", "2026-03-05", OrderUnknown, "2026-03-05"},
		{"iso with midnight (Akaunting 2018)", "2018-06-11 00:00:00", OrderUnknown, "2018-06-11"},
		{"iso timestamp cut as written", "2014-02-14T08:27:48.765Z", OrderUnknown, "2014-02-14"},
		{"iso with offset late at night", "2014-02-14T23:30:00-05:00", OrderUnknown, "2014-02-14"},
		{"iso with zone suffix", "2026-03-05Z", OrderUnknown, "2026-03-05"},
		{"year first slashes", "2026/03/05", OrderMDY, "2026-03-05"},
		{"year first dots", "2026.3.5", OrderUnknown, "2026-03-05"},
		{"compact yyyymmdd", "20260305", OrderUnknown, "2026-03-05"},
		{"dmy slashes", "05/03/2026", OrderDMY, "2026-03-05"},
		{"mdy slashes", "05/03/2026", OrderMDY, "2026-05-03"},
		{"ambiguous without order", "05/03/2026", OrderUnknown, "ambiguous"},
		{"dmy dots single digits", "5.3.2026", OrderDMY, "2026-03-05"},
		{"dmy dots trailing dot", "5.3.2026.", OrderDMY, "2026-03-05"},
		{"dashes two-digit year", "05-03-26", OrderDMY, "2026-03-05"},
		{"two-digit year 69 is 2069", "01/13/69", OrderUnknown, "2069-01-13"},
		{"two-digit year 70 is 1970", "13/01/70", OrderUnknown, "1970-01-13"},
		{"first part above 12 settles dmy", "25/03/2026", OrderUnknown, "2026-03-25"},
		{"first part above 12 wins over mdy", "25/03/2026", OrderMDY, "2026-03-25"},
		{"second part above 12 settles mdy", "2/29/2020", OrderUnknown, "2020-02-29"},
		{"second part above 12 wins over dmy", "10/20/2019", OrderDMY, "2019-10-20"},
		{"equal parts are not ambiguous", "07/07/2026", OrderUnknown, "2026-07-07"},
		{"us time after date (Fill report)", "03/01/2016 17:56:14", OrderMDY, "2016-03-01"},
		{"time with am/pm", "3/1/2016 5:56 PM", OrderMDY, "2016-03-01"},
		{"leading spaces", "  2026-03-05 ", OrderUnknown, "2026-03-05"},
		{"russian numeric with year word", "28.01.2021 г.", OrderUnknown, "2021-01-28"},
		// Month names.
		{"invoicely", "Jan 28 2021", OrderUnknown, "2021-01-28"},
		{"day month year", "28 Jan 2021", OrderUnknown, "2021-01-28"},
		{"long with comma", "January 28, 2021", OrderUnknown, "2021-01-28"},
		{"ordinal (Google Sheets)", "April 1st 2013", OrderUnknown, "2013-04-01"},
		{"ordinal 3rd", "Jan 3rd 2013", OrderUnknown, "2013-01-03"},
		{"dashed abbreviation", "28-Jan-2021", OrderUnknown, "2021-01-28"},
		{"abbreviation with dot", "Sept. 9, 2025", OrderUnknown, "2025-09-09"},
		{"weekday and time", "Thursday, January 28, 2021 10:30 AM", OrderUnknown, "2021-01-28"},
		{"year first with name", "2021 Jan 28", OrderUnknown, "2021-01-28"},
		{"italian", "5 marzo 2026", OrderUnknown, "2026-03-05"},
		{"italian weekday accented", "mercoledì 5 marzo 2026", OrderUnknown, "2026-03-05"},
		{"italian abbreviation", "12 gen 2026", OrderUnknown, "2026-01-12"},
		{"spanish with de", "5 de marzo de 2026", OrderUnknown, "2026-03-05"},
		{"spanish setiembre", "1 setiembre 2025", OrderUnknown, "2025-09-01"},
		{"russian genitive", "5 марта 2026", OrderUnknown, "2026-03-05"},
		{"russian with year word", "5 марта 2026 г.", OrderUnknown, "2026-03-05"},
		{"russian may genitive", "9 мая 2025", OrderUnknown, "2025-05-09"},
		{"russian nominative capital", "Январь 3 2026", OrderUnknown, "2026-01-03"},
		{"german", "1. März 2026", OrderUnknown, "2026-03-01"},
		{"german ascii", "1. Maerz 2026", OrderUnknown, "2026-03-01"},
		{"german abbreviation", "15. Dez. 2025", OrderUnknown, "2025-12-15"},
		{"french premier", "1er mars 2026", OrderUnknown, "2026-03-01"},
		{"french accented", "15 décembre 2025", OrderUnknown, "2025-12-15"},
		{"french août", "3 août 2024", OrderUnknown, "2024-08-03"},
		{"name with two-digit year", "28 Jan 21", OrderUnknown, "2021-01-28"},
		// Errors.
		{"empty", "", OrderUnknown, ""},
		{"text", "n/a", OrderUnknown, ""},
		{"31 february", "31/02/2026", OrderDMY, ""},
		{"29 february non leap", "2025-02-29", OrderUnknown, ""},
		{"29 february 1900 not leap", "1900-02-29", OrderUnknown, ""},
		{"month 13 both ways", "13/13/2026", OrderUnknown, ""},
		{"iso month 13", "2026-13-01", OrderUnknown, ""},
		{"mixed separators", "05/03-2026", OrderDMY, ""},
		{"three-digit year", "05/03/202", OrderDMY, ""},
		{"missing day", "Jan 2021", OrderUnknown, ""},
		{"two month names", "Jan Feb 2021", OrderUnknown, ""},
		{"garbage after date", "2026-03-05 foo", OrderUnknown, ""},
		{"amount", "1.234,56", OrderDMY, ""},
		{"day zero", "00/03/2026", OrderDMY, ""},
		{"year zero", "0000-01-01", OrderUnknown, ""},
		{"long digits", "1234567890/1/1", OrderUnknown, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDateText(tc.in, tc.order)
			switch tc.want {
			case "":
				if err == nil {
					t.Fatalf("ParseDateText(%q, %v) = %s, want an error", tc.in, tc.order, got)
				}
				if errors.Is(err, ErrAmbiguousDate) {
					t.Errorf("ParseDateText(%q) = %v, want a plain error, not ambiguous", tc.in, err)
				}
			case "ambiguous":
				if !errors.Is(err, ErrAmbiguousDate) {
					t.Fatalf("ParseDateText(%q, %v) = %s, %v; want ErrAmbiguousDate", tc.in, tc.order, got, err)
				}
			default:
				if err != nil {
					t.Fatalf("ParseDateText(%q, %v): %v", tc.in, tc.order, err)
				}
				if got.String() != tc.want {
					t.Errorf("ParseDateText(%q, %v) = %s, want %s", tc.in, tc.order, got, tc.want)
				}
			}
		})
	}
}

func TestParseDateTextErrorMessages(t *testing.T) {
	t.Parallel()
	_, err := ParseDateText("31/02/2026", OrderDMY)
	if err == nil || !strings.Contains(err.Error(), `"31/02/2026"`) || !strings.Contains(err.Error(), "February 2026 has no day 31") {
		t.Errorf("got %v, want the value and why it is no date", err)
	}
	_, err = ParseDateText("05/03/2026", OrderUnknown)
	if err == nil || !strings.Contains(err.Error(), `"05/03/2026"`) {
		t.Errorf("ambiguous error %v does not name the value", err)
	}
}

func TestDateOrderEvidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want DateOrder
	}{
		{"25/03/2026", OrderDMY},
		{"25.03.26", OrderDMY},
		{"3/25/2026", OrderMDY},
		{"10/20/2019 11:00", OrderMDY},
		{"05/03/2026", OrderUnknown},
		{"07/07/2026", OrderUnknown},
		{"2026-03-25", OrderUnknown},
		{"Jan 28 2021", OrderUnknown},
		{"32/01/2026", OrderUnknown},
		{"13/13/2026", OrderUnknown},
		{"", OrderUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := DateOrderEvidence(tc.in); got != tc.want {
				t.Errorf("DateOrderEvidence(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestExcelSerialDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		serial   float64
		date1904 bool
		want     string // "" for an error
	}{
		{"serial 1 is 1900-01-01", 1, false, "1900-01-01"},
		{"serial 59 is 1900-02-28", 59, false, "1900-02-28"},
		{"serial 60 is the fake 29 February", 60, false, ""},
		{"serial 61 is 1900-03-01", 61, false, "1900-03-01"},
		// Akaunting's 43831 is 2020-01-01 (MANIFEST: fmt yyyy-mm-dd):
		// 1899-12-30 + 43831 days.
		{"akaunting 43831", 43831, false, "2020-01-01"},
		{"time of day is cut", 43831.99999, false, "2020-01-01"},
		{"last day", 2958465, false, "9999-12-31"},
		{"after the last day", 2958466, false, ""},
		{"zero in 1900", 0, false, ""},
		{"negative", -1, false, ""},
		{"fraction below one", 0.5, false, ""},
		{"1904 serial 0", 0, true, "1904-01-01"},
		// sheetjs 1904 test: serial 1 => 1904-01-02.
		{"1904 serial 1", 1, true, "1904-01-02"},
		// The two systems are 1462 days apart: 43831 - 1462 = 42369.
		{"1904 akaunting date", 42369, true, "2020-01-01"},
		{"1904 negative", -1, true, ""},
		{"1904 beyond 9999", 2958465, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ExcelSerialDate(tc.serial, tc.date1904)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ExcelSerialDate(%v, %v) = %s, want an error", tc.serial, tc.date1904, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ExcelSerialDate(%v, %v): %v", tc.serial, tc.date1904, err)
			}
			if got.String() != tc.want {
				t.Errorf("ExcelSerialDate(%v, %v) = %s, want %s", tc.serial, tc.date1904, got, tc.want)
			}
		})
	}
}

func TestIsDateNumFmt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   int
		code string
		want bool
	}{
		{"builtin 14", 14, "", true},
		{"builtin 22 date-time", 22, "", true},
		{"builtin 30 east asian", 30, "", true},
		{"builtin 57", 57, "", true},
		{"builtin 18 time", 18, "", false},
		{"builtin 46 duration", 46, "", false},
		{"builtin 0 general", 0, "General", false},
		{"builtin 4 number", 4, "#,##0.00", false},
		{"iso custom", 164, "yyyy-mm-dd", true},
		{"apache poi upper case", 165, "MM/dd/yyyy", true},
		{"month day only (Numbers)", 166, "m/d", true},
		{"month name only", 167, "mmmm", true},
		{"locale prefix", 168, "[$-409]mmmm d, yyyy;@", true},
		{"date time with semicolon", 169, "yyyy/mm/dd hh:mm;@", true},
		{"duration", 170, "[h]:mm:ss", false},
		{"hh:mm is a time", 171, "hh:mm", false},
		{"mm:ss is a time", 172, "mm:ss", false},
		{"time am/pm", 173, "h:mm AM/PM", false},
		{"rouble amount", 174, `#,##0 "₽"`, false},
		{"quoted date letters", 175, `0 "days"`, false},
		{"escaped d", 176, `0\d`, false},
		{"red negative", 177, "#,##0.00;[Red]-#,##0.00", false},
		{"scientific", 178, "0.00E+00", false},
		{"currency bracket", 179, "[$€-2] #,##0.00", false},
		{"wps m/d/yy", 176, "m/d/yy", true},
		{"chinese date", 180, `yyyy"年"m"月"d"日"`, true},
		{"poi amount", 181, "#0.00##", false},
		{"empty custom", 182, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsDateNumFmt(tc.id, tc.code); got != tc.want {
				t.Errorf("IsDateNumFmt(%d, %q) = %v, want %v", tc.id, tc.code, got, tc.want)
			}
		})
	}
}

func TestDateConstantsAgree(t *testing.T) {
	t.Parallel()
	// 2958465 must be 9999-12-31 for the bound in ExcelSerialDate to be
	// the one Excel uses: 1899-12-30 + 2958465 days.
	if got := invoice.NewDate(1899, time.December, 30).AddDays(2958465); got.String() != "9999-12-31" {
		t.Errorf("1899-12-30 + 2958465 = %s", got)
	}
}

func BenchmarkParseDateText(b *testing.B) {
	inputs := []string{"2026-03-05", "05/03/2026", "2018-06-11 00:00:00", "Jan 28 2021", "5.3.2026", "5 марта 2026"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseDateText(inputs[i%len(inputs)], OrderDMY); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseDateText(f *testing.F) {
	for _, s := range []string{"2026-03-05", "2018-06-11 00:00:00", "2014-02-14T08:27:48.765Z", "05/03/2026", "5.3.2026",
		"05-03-26", "Jan 28 2021", "28 Jan 2021", "January 28, 2021", "April 1st 2013", "5 марта 2026", "1. März 2026",
		"1er mars 2026", "5 de marzo de 2026", "31/02/2026", "20260305", "2/29/2020", "03/01/2016 17:56:14"} {
		f.Add(s, uint8(OrderUnknown))
		f.Add(s, uint8(OrderDMY))
		f.Add(s, uint8(OrderMDY))
	}
	if cells, ok := corpustest.ShortCells(f, 30, 40); ok {
		for _, c := range cells {
			f.Add(c, uint8(OrderUnknown))
		}
	} else {
		f.Log("shared corpus not found; fuzzing from the table seeds only")
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := DateOrder(o % 3)
		d, err := ParseDateText(s, order)
		ev := DateOrderEvidence(s)
		if err != nil {
			if errors.Is(err, ErrAmbiguousDate) && order != OrderUnknown {
				t.Fatalf("ParseDateText(%q, %v) is ambiguous although an order was given", s, order)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseDateText(%q) = zero date without an error", s)
		}
		iso := d.String()
		back, err := invoice.ParseISODate(iso)
		if err != nil || back != d {
			t.Fatalf("ParseDateText(%q) = %s, which does not read back: %v", s, iso, err)
		}
		if again, err := ParseDateText(iso, OrderUnknown); err != nil || again != d {
			t.Fatalf("ParseDateText(%q) = %s, re-read as %s, %v", s, iso, again, err)
		}
		// A value that proves an order reads the same with that order.
		if ev != OrderUnknown {
			if byEv, err := ParseDateText(s, ev); err != nil || byEv != d {
				t.Fatalf("ParseDateText(%q, %v) = %s but with the %v it proves: %s, %v", s, order, d, ev, byEv, err)
			}
		}
	})
}
