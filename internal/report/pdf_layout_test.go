package report

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// pageTexts renders in and returns the text of each page (pdftotext
// -layout, one call per page), with no-break spaces folded.
func pageTexts(t *testing.T, in *Input) []string {
	t.Helper()
	path := writeTemp(t, in)
	return pdfPages(t, path)
}

func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	n := pageCount(t, path)
	pages := make([]string, n)
	for i := 1; i <= n; i++ {
		p := fmt.Sprint(i)
		pages[i-1] = normalise(pdfTool(t, "pdftotext", "-layout", "-f", p, "-l", p, path, "-"))
	}
	return pages
}

// flat joins the words of s with single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// contentLines are the non-empty lines of a page without the running
// header and the footer.
func contentLines(page string) []string {
	var out []string
	for _, l := range strings.Split(page, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Generated ") || strings.Contains(l, "· October 2026") {
			continue
		}
		out = append(out, flat(l))
	}
	return out
}

// renderAt draws a table on a new page of a rendered report, starting
// free mm above the footer, and returns the text of every page.
func tableAt(t *testing.T, free float64, rows int) (pages []string, first int) {
	t.Helper()
	r, err := renderPDF(sampleInput("en"))
	if err != nil {
		t.Fatal(err)
	}
	r.pdf.AddPage()
	first = r.pdf.PageNo()
	r.pdf.SetY(contentBottom - free)
	cols := []pdfColumn{{title: "Zebraheader", align: "L", fill: true}, {title: "Amount", align: "R"}}
	var body [][]pdfCell
	for i := 0; i < rows; i++ {
		body = append(body, []pdfCell{txt(fmt.Sprintf("row-%03d", i)), txt(fmt.Sprint(i))})
	}
	r.table(cols, body)
	b, err := r.output()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "table.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return pdfPages(t, path), first
}

// TestShortTableKeptTogether: a 12-row table that finds room for about
// six rows at the foot of a page starts on the next page, whole, instead
// of splitting 6 + 6.
func TestShortTableKeptTogether(t *testing.T) {
	t.Parallel()
	// header 6.8 mm + 6 rows of 5.8 mm + the closing rule
	pages, first := tableAt(t, 6.8+6*rowH+3, 12)
	var on []int
	for i, p := range pages {
		if strings.Contains(p, "row-0") {
			on = append(on, i+1)
		}
	}
	if len(on) != 1 {
		t.Fatalf("the 12 rows are on pages %v, want one page", on)
	}
	if on[0] != first+1 {
		t.Errorf("the table is on page %d, want the fresh page %d", on[0], first+1)
	}
	page := pages[on[0]-1]
	for i := 0; i < 12; i++ {
		if w := fmt.Sprintf("row-%03d", i); !strings.Contains(page, w) {
			t.Errorf("page %d lacks %q", on[0], w)
		}
	}
	if got := strings.Count(page, "Zebraheader"); got != 1 {
		t.Errorf("header printed %d times on page %d, want once", got, on[0])
	}
	// a table that fits where it is stays there
	pages, first = tableAt(t, 6.8+12*rowH+5, 12)
	if !strings.Contains(pages[first-1], "row-000") || !strings.Contains(pages[first-1], "row-011") {
		t.Errorf("a 12-row table with room for it left its page %d", first)
	}
}

// TestLongTableStillSplits: a table longer than keepTableRows starts at
// once and goes on over the next page with its header repeated.
func TestLongTableStillSplits(t *testing.T) {
	t.Parallel()
	pages, first := tableAt(t, 60, 40)
	a, b := pages[first-1], pages[first]
	if !strings.Contains(a, "row-000") || !strings.Contains(b, "row-039") {
		t.Fatalf("a 40-row table with 60 mm left should start there and end on the next page")
	}
	if strings.Count(a, "Zebraheader")+strings.Count(b, "Zebraheader") != 2 {
		t.Errorf("the header is not repeated once per page")
	}
}

// TestAgingGrid checks the per-client aging grid of sampleInput against
// the sums worked out by hand (see sampleInput):
//
//	client          current   1-30   31-60  61-90   90+    total
//	Acme srl          5,000      0       0      0      0    5,000
//	ООО «Ромашка»         0  3,000       0  1,500      0    4,500
//	Società Ñandú srl     0      0   1,000      0  1,500    2,500
//	total             5,000  3,000   1,000  1,500  1,500   12,000
//
// A client with no payment data is not shown as zeros: it is left out
// and counted in one line.
func TestAgingGrid(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	for i := range in.Result.Clients {
		in.Result.Clients[i].PaymentKnown = in.Result.Clients[i].PaidCount > 0 || in.Result.Clients[i].OpenAmount != 0
	}
	in.Result.Portfolio.PaymentKnown = true
	text := flat(strings.Join(pageTexts(t, in), "\n"))
	for _, want := range []string{
		"Acme srl €5,000.00 €0.00 €0.00 €0.00 €0.00 €5,000.00",
		"ООО «Ромашка» €0.00 €3,000.00 €0.00 €1,500.00 €0.00 €4,500.00",
		"Società Ñandú srl €0.00 €0.00 €1,000.00 €0.00 €1,500.00 €2,500.00",
		"Total €5,000.00 €3,000.00 €1,000.00 €1,500.00 €1,500.00 €12,000.00",
		// 5,000 / 12,000 = 41.7%, 3,000 = 25.0%, 1,000 = 8.3%, 1,500 = 12.5%
		"Share of open 41.7% 25.0% 8.3% 12.5% 12.5%",
		// Gamma Ltd has invoices but no payment data
		"1 client has no payment data in the exports",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("payments section lacks %q", want)
		}
	}
	// largest open amount first
	if a, b := strings.Index(text, "Acme srl €5,000.00 €0.00"), strings.Index(text, "Società Ñandú srl €0.00 €0.00 €1,000.00"); a < 0 || b < a {
		t.Errorf("grid rows are not in open-amount order")
	}
	if strings.Contains(text, "Gamma Ltd €0.00") || strings.Contains(text, "Gamma Ltd 0 -") {
		t.Errorf("a client with no payment data is shown with zero figures")
	}
}

// TestAgingGridCapped: 30 clients with open amounts show the largest 25,
// the "more in the XLSX" line and a total over all 30.
func TestAgingGridCapped(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	res := in.Result
	res.Clients = nil
	res.Open = analytics.OpenList{}
	var total invoice.Money
	for i := 1; i <= 30; i++ {
		// client i has i*100.00 not yet due and i*10.00 over 90 days
		a := analytics.Aging{Current: invoice.Money(i * 10000), D90plus: invoice.Money(i * 1000)}
		total += a.Total()
		res.Clients = append(res.Clients, analytics.ClientFigures{
			Key: fmt.Sprint(i), Name: fmt.Sprintf("Client %02d", i), Revenue: invoice.Money(100000 - i), Share: 1.0 / 30,
			PaymentKnown: true, PaidCount: 1, OpenAmount: a.Total(), OverdueAmount: a.D90plus, Aging: a,
		})
	}
	res.Portfolio.Aging = analytics.Aging{Current: 4650000, D90plus: 465000}
	text := flat(strings.Join(pageTexts(t, in), "\n"))
	// sum of i*100 for i = 1..30 = 46,500.00; of i*10 = 4,650.00;
	// together 51,150.00
	if total != 5115000 {
		t.Fatalf("test arithmetic: total %d", total)
	}
	for _, want := range []string{
		"Client 30 €3,000.00 €0.00 €0.00 €0.00 €300.00 €3,300.00",
		"Total, all clients €46,500.00 €0.00 €0.00 €0.00 €4,650.00 €51,150.00",
		"5 more clients in the XLSX",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("capped grid lacks %q", want)
		}
	}
	if strings.Contains(text, "Client 05 €500.00") {
		t.Errorf("client 05 (26th by open amount) is in the grid")
	}
}

// TestSectionsFlow: sections follow one another on a page when there is
// room, and each page's running header names the section it starts in.
func TestSectionsFlow(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	pages := pageTexts(t, in)
	cat, _ := i18n.Lookup("en")
	titles := []string{}
	for _, k := range []string{"ui.concentration", "ui.payments", "ui.maintenance", "ui.lost_new", "ui.flagged_detail", "ui.quality"} {
		titles = append(titles, cat.T(k))
	}
	isTitle := func(l string) string {
		for _, t := range titles {
			if l == t {
				return t
			}
		}
		return ""
	}
	if len(pages) > 6 {
		t.Errorf("%d pages for seven short sections, want at most 6", len(pages))
	}
	shared := false
	current := ""
	for i, p := range pages[1:] {
		n := i + 2
		lines := contentLines(p)
		want := current
		if len(lines) > 0 && isTitle(lines[0]) != "" {
			want = lines[0]
		}
		head := ""
		for _, l := range strings.Split(p, "\n") {
			if strings.Contains(l, "Client risk report") {
				head = flat(l)
				break
			}
		}
		if want != "" && !strings.HasSuffix(head, "Client risk report · "+want) {
			t.Errorf("page %d: running header %q, want it to name %q", n, head, want)
		}
		found := 0
		for _, l := range lines {
			if s := isTitle(l); s != "" {
				current = s
				found++
			}
		}
		if found >= 2 || (found == 1 && isTitle(lines[0]) == "") {
			shared = true
		}
	}
	if !shared {
		t.Error("no section continues a page another section started")
	}
}

// TestEmptySectionsOneLine: a section with nothing to show is its title
// and one line, not headings over nothing.
func TestEmptySectionsOneLine(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	res := in.Result
	res.Lost, res.New = nil, nil
	res.SignalsAvailable = nil
	res.Rejected = nil
	in.Quality.Rejected = nil
	for i := range res.Clients {
		res.Clients[i].Flags = nil
	}
	text := strings.Join(pageTexts(t, in), "\n")
	lines := contentLines(text)
	after := func(title string) []string {
		for i, l := range lines {
			if l == title {
				var out []string
				for _, m := range lines[i+1:] {
					if m == "Lost and new clients" || m == "Flagged clients in detail" || m == "Data quality" || m == "Files read" {
						break
					}
					out = append(out, m)
				}
				return out
			}
		}
		t.Fatalf("no section %q", title)
		return nil
	}
	cases := []struct{ title, line string }{
		{"Maintenance load", "The exports hold no maintenance signal (no credit notes, disputed documents or time entries)."},
		{"Lost and new clients", "No lost or new clients this month."},
	}
	for _, tc := range cases {
		got := after(tc.title)
		if len(got) != 1 || got[0] != tc.line {
			t.Errorf("section %q is %q, want the one line %q", tc.title, got, tc.line)
		}
	}
	for _, gone := range []string{"Lost clients", "New clients this month", "Rejected rows", "Clients with maintenance signals"} {
		for _, l := range lines {
			if l == gone {
				t.Errorf("empty sub-section %q still has its heading", gone)
			}
		}
	}
	if !strings.Contains(flat(text), "No row was rejected.") {
		t.Error("no line says that no row was rejected")
	}
}

// TestNamesUseTheRoom: a client name that fits in the width the other
// columns leave is printed whole in every table; only a name longer than
// that room is cut.
func TestNamesUseTheRoom(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	long := "Bianchi Arredamenti e Costruzioni Meccaniche spa" // 48 runes, ~70 mm at 8.4 pt
	in.Result.Clients[2].Name = long
	open := in.Result.Open.Invoices()
	for i := range open {
		if open[i].ClientKey == "nandu" {
			open[i].ClientName = long
		}
	}
	in.Result.Open = analytics.NewOpenList(open)
	huge := strings.Repeat("Very long client name ", 10)
	in.Result.Clients[3].Name = huge
	pages := pageTexts(t, in)
	text := strings.Join(pages, "\n")
	// concentration, days late, aging grid, overdue invoices, maintenance
	// tables: the name whole each time (the scatter may cut it)
	if n := strings.Count(text, long); n < 5 {
		t.Errorf("%q printed whole %d times, want at least 5 (one per table)", long, n)
	}
	if strings.Contains(text, strings.TrimSpace(huge)) {
		t.Error("a 220-character name was printed whole")
	}
	if !regexp.MustCompile(`Very long client name[^\n]*…`).MatchString(text) {
		t.Error("a name too long for its column was not cut with an ellipsis")
	}
}

// TestValueLabelClearsThreshold: a bar ending just before the threshold
// line puts its value past the line; others keep it right after the bar.
func TestValueLabelClearsThreshold(t *testing.T) {
	t.Parallel()
	const tx, w = 100.0, 10.0
	cases := []struct {
		name   string
		barEnd float64
		want   float64
	}{
		{"far before the line", 60, 60.6},
		{"ends just before", 95, tx + 1.2},
		{"ends on the line", 100, tx + 1.2},
		{"past the line", 110, 110.6},
	}
	for _, tc := range cases {
		x := valueLabelX(tc.barEnd, w, tx)
		if x != tc.want {
			t.Errorf("%s: label at %.1f, want %.1f", tc.name, x, tc.want)
		}
		if x < tx+0.6 && x+w > tx-0.6 {
			t.Errorf("%s: label [%.1f, %.1f] sits on the line at %.1f", tc.name, x, x+w, tx)
		}
	}
}

// TestOthersBarSetApart: the combined share of the clients beyond the
// top ten is named as such and comes after them.
func TestOthersBarSetApart(t *testing.T) {
	t.Parallel()
	in := bigInput(400)
	text := flat(strings.Join(pageTexts(t, in), "\n"))
	i := strings.Index(text, "390 other clients combined")
	if i < 0 {
		t.Fatal("no bar for the 390 other clients combined")
	}
	if j := strings.Index(text, "0010 Long"); j < 0 || j > i {
		t.Error("the combined bar is not after the top ten")
	}
}

// TestScatterLabelsClear: in a crowded scatter no name sits on a dot, a
// dashed line or another name, every name is inside the plot, and the
// flagged client is named.
func TestScatterLabelsClear(t *testing.T) {
	t.Parallel()
	in := sampleInput("en")
	res := in.Result
	// twelve clients crowded around the fair-share line near 5%
	for i := 0; i < 12; i++ {
		s := 0.04 + float64(i%4)*0.004
		h := s + float64(i/4)*0.004 - 0.004
		res.Clients = append(res.Clients, analytics.ClientFigures{Key: fmt.Sprint("c", i),
			Name: fmt.Sprintf("Crowded client number %d", i), Share: s, HoursShare: pdfPtr(h), Hours: pdfPtr(h * 1000)})
	}
	r, err := renderPDF(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.scatterLabels) == 0 {
		t.Fatal("no name was written in the scatter")
	}
	for i, b := range r.scatterLabels {
		if !b.inside(r.scatterPlot) {
			t.Errorf("label %d %+v is outside the plot %+v", i, b, r.scatterPlot)
		}
		for _, d := range r.scatterDots {
			if b.overlaps(d) {
				t.Errorf("label %d %+v sits on the dot %+v", i, b, d)
			}
		}
		for _, l := range r.scatterLines {
			if l.crosses(b) {
				t.Errorf("label %d %+v sits on the line %+v", i, b, l)
			}
		}
		for j, o := range r.scatterLabels[i+1:] {
			if b.overlaps(o) {
				t.Errorf("labels %d and %d overlap", i, i+1+j)
			}
		}
	}
	flagged := false
	for _, p := range pageTexts(t, in) {
		if strings.Contains(p, "Hours against revenue") && strings.Contains(p, "Società Ñandú srl") {
			flagged = true
		}
	}
	if !flagged {
		t.Error("the high-maintenance client is not named on the scatter's page")
	}
}

func TestSegmentCrosses(t *testing.T) {
	t.Parallel()
	b := box{10, 10, 10, 5}
	cases := []struct {
		name string
		s    segment
		want bool
	}{
		{"through", segment{0, 12, 30, 12}, true},
		{"diagonal through", segment{0, 0, 30, 30}, true},
		{"inside", segment{12, 11, 14, 12}, true},
		{"passes above", segment{0, 5, 30, 5}, false},
		{"ends before", segment{0, 12, 9, 12}, false},
		{"diagonal misses the corner", segment{0, 14, 10, 24}, false},
	}
	for _, tc := range cases {
		if got := tc.s.crosses(b); got != tc.want {
			t.Errorf("%s: crosses = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestNewPlurals: the new counted strings take the right form in each
// language (Russian: 1 and 21 one, 2-4 few, 5-20 many).
func TestNewPlurals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang, key string
		n         int
		want      string
	}{
		{"en", "ui.conc.others_together", 1, "1 other client"},
		{"en", "ui.conc.others_together", 3, "3 other clients combined"},
		{"it", "ui.conc.others_together", 3, "altri 3 clienti in tutto"},
		{"es", "ui.conc.others_together", 1, "1 cliente más"},
		{"ru", "ui.conc.others_together", 1, "ещё 1 клиент, суммарно"},
		{"ru", "ui.conc.others_together", 3, "ещё 3 клиента, суммарно"},
		{"ru", "ui.conc.others_together", 11, "ещё 11 клиентов, суммарно"},
		{"ru", "ui.conc.others_together", 21, "ещё 21 клиент, суммарно"},
		{"en", "ui.pay.unknown_clients", 2, "2 clients have no payment data"},
		{"it", "ui.pay.unknown_clients", 1, "1 cliente non ha dati di pagamento"},
		{"es", "ui.pay.unknown_clients", 4, "4 clientes no tienen datos de pago"},
		{"ru", "ui.pay.unknown_clients", 22, "22 клиента без данных об оплате"},
		{"ru", "ui.pay.unknown_clients", 5, "5 клиентов без данных об оплате"},
	}
	for _, tc := range cases {
		r, err := renderPDF(sampleInput(tc.lang))
		if err != nil {
			t.Fatal(err)
		}
		if got := normalise(r.tn(tc.key, tc.n)); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %s(%d) = %q, want it to start with %q", tc.lang, tc.key, tc.n, got, tc.want)
		}
	}
}
