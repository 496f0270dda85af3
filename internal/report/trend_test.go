package report

import (
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestTrendChartSaysOnlyWhatItShows: with overdue money but no DSO at any
// month end, the chart's title leaves DSO out (and so do its scale and
// legend); with neither, there is no chart at all.
func TestTrendChartSaysOnlyWhatItShows(t *testing.T) {
	t.Parallel()
	months := func(overdue invoice.Money) []analytics.TrendPoint {
		var tr []analytics.TrendPoint
		for m := 1; m <= 6; m++ {
			tr = append(tr, analytics.TrendPoint{Month: invoice.Month{Year: 2026, Month: time.Month(4 + m)}, Overdue: overdue})
		}
		return tr
	}
	cases := []struct {
		name        string
		trend       []analytics.TrendPoint
		wantTitle   string
		wantNoTitle string
	}{
		{"overdue, no DSO", months(500000), "Overdue amount at each month end", "Overdue amount at each month end, and DSO"},
		{"nothing to draw", months(0), "", "Overdue amount at each month end"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := sampleInput("en")
			in.Result.Trend = tc.trend
			text := strings.Join(strings.Fields(normalise(pdfTool(t, "pdftotext", "-layout", writeTemp(t, in), "-"))), " ")
			if tc.wantTitle != "" && !strings.Contains(text, tc.wantTitle) {
				t.Errorf("no %q in the PDF", tc.wantTitle)
			}
			if strings.Contains(text, tc.wantNoTitle) {
				t.Errorf("the PDF says %q", tc.wantNoTitle)
			}
			if tc.trend[0].DSO == nil && strings.Contains(text, "DSO (days)") {
				t.Error("a DSO legend without a DSO line")
			}
		})
	}
}

// TestWordsKeepNoBreakSpaces: lines break at plain spaces only, so an
// amount written with no-break spaces ("6 650,00 €" in Russian) never
// splits over two lines.
func TestWordsKeepNoBreakSpaces(t *testing.T) {
	t.Parallel()
	got := words("должны 6\u00a0650,00\u00a0€ просроченных")
	want := []string{"должны", "6\u00a0650,00\u00a0€", "просроченных"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("words = %q, want %q", got, want)
	}
}
