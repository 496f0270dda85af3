package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/message"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// The PDF is laid out in millimetres on A4 portrait. Sections flow one
// after the other (a new page only when little room is left); short
// tables and charts are kept on one page; long tables paginate by hand
// (auto page break is off) so a header row can be repeated and a row is
// never split.
const (
	pageW, pageH   = 210.0, 297.0
	marginL        = 16.0
	marginR        = 16.0
	marginT        = 14.0
	contentBottom  = 279.0 // below is the footer
	contentW       = pageW - marginL - marginR
	ellipsis       = "…"
	fontSans       = "go"
	fontMono       = "gomono"
	topTableRows   = 25 // per-client tables; the XLSX holds the full list
	topOpenRows    = 20
	topRejectRows  = 40
	topChartBars   = 10
	paretoMaxPoint = 400         // a polyline of more points looks no different
	pageTop        = marginT + 4 // where the content of a continuation page starts
	sectionRoom    = 70.0        // a section starts a new page when less is left
	sectionGap     = 7.0         // space above a section that continues a page
	keepTableRows  = 20          // tables up to this many rows are kept on one page
	sectionTitleH  = 11.0        // a section title and the space below it
)

// rgb is a colour. The palette is Okabe-Ito, which stays distinguishable
// for the common kinds of colour blindness.
type rgb struct{ r, g, b int }

var (
	colInk       = rgb{33, 37, 41}
	colMuted     = rgb{108, 117, 125}
	colRule      = rgb{206, 212, 218}
	colZebra     = rgb{244, 246, 248}
	colTint      = rgb{230, 241, 248}
	colAccent    = rgb{0, 114, 178}   // Okabe-Ito blue
	colOrange    = rgb{230, 159, 0}   // Okabe-Ito orange
	colSky       = rgb{86, 180, 233}  // Okabe-Ito sky blue
	colGreen     = rgb{0, 158, 115}   // Okabe-Ito bluish green
	colYellow    = rgb{240, 228, 66}  // Okabe-Ito yellow
	colVermilion = rgb{213, 94, 0}    // Okabe-Ito vermilion
	colPurple    = rgb{204, 121, 167} // Okabe-Ito reddish purple
	colGrey      = rgb{170, 176, 182}
	colWhite     = rgb{255, 255, 255}
)

// flagColours gives each flag a label colour and a readable text colour.
func flagColours(flag string) (bg, fg rgb) {
	switch flag {
	case analytics.FlagOverDependent:
		return colVermilion, colWhite
	case analytics.FlagSlowPayer:
		return colOrange, colInk
	case analytics.FlagHighMaintenance:
		return colPurple, colInk
	case analytics.FlagLost:
		return colSky, colInk
	}
	return colGrey, colInk
}

// pdfRenderer holds one render: the document, the catalog and the keys it
// asked the catalog for (so a test can prove none is missing).
type pdfRenderer struct {
	pdf    *gofpdf.Fpdf
	cat    *i18n.Catalog
	in     *Input
	res    *analytics.Result
	glyphs glyphSet
	used   map[string]bool
	// section is repeated in the running header of continuation pages.
	section string
	// cardPage is the page of each flagged client's detail card (by
	// client key), known from a first render so page 1 can point at it.
	cardPage map[string]int
	// where the scatter's names went, its dots, lines and plot area, so a
	// test can check that no name sits on a mark
	scatterLabels []box
	scatterDots   []box
	scatterLines  []segment
	scatterPlot   box
}

// WritePDF writes the monthly report of in as an A4 PDF to w, in the
// language in.Lang. The output depends only on in (the creation date is
// in.Generated), so two renders of one input are byte-identical.
//
// Decisions where the spec is silent:
//   - per-client tables show the top 25 rows and a line saying how many
//     more are in the XLSX; the summary's flagged table only as many rows
//     as fit on page 1; the detail pages the first 25 flagged clients;
//     open invoices the 20 most overdue; rejected rows the first 40, with
//     the total count;
//   - the threshold lines (share, load ratio) use Result.Thresholds, or
//     the metrics spec's defaults for a Result built without them;
//   - "months of cash" of the largest client is its revenue in W divided
//     by the average monthly revenue of the portfolio in W;
//   - the payments table lists clients by amount-weighted days late, worst
//     first; the aging grid by open amount, largest first, with a total
//     over every client; clients whose exports say nothing about payment
//     are left out of both (and counted) rather than shown as zeros; the
//     maintenance table lists flagged clients first;
//   - characters the embedded Go fonts cannot draw (CJK, emoji) print as
//     "?" rather than as invisible glyphs.
func WritePDF(w io.Writer, in *Input) error {
	r, err := renderPDF(in)
	if err != nil {
		return err
	}
	if err := r.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf report: %w", err)
	}
	return nil
}

// renderPDF lays the whole report out in memory.
func renderPDF(in *Input) (*pdfRenderer, error) {
	if err := in.check(); err != nil {
		return nil, fmt.Errorf("pdf report: %w", err)
	}
	cat, err := i18n.Lookup(in.Lang)
	if err != nil {
		return nil, fmt.Errorf("pdf report: %w", err)
	}
	glyphs, err := newGlyphSet()
	if err != nil {
		return nil, fmt.Errorf("pdf report: %w", err)
	}
	r := &pdfRenderer{
		cat:    cat.WithCurrency(in.Result.Currency),
		in:     in,
		res:    in.Result,
		glyphs: glyphs,
		used:   map[string]bool{},
	}
	// Two renders: the first learns on which page each detail card
	// lands, the second prints those pages in page 1's action list.
	r.cardPage = map[string]int{}
	r.renderPages()
	if len(r.res.Actions) > 0 && r.pdf.Error() == nil {
		pages := r.cardPage
		r.cardPage, r.used, r.section = pages, map[string]bool{}, ""
		r.renderPages()
		r.cardPage = pages
	}
	if err := r.pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdf report: layout: %w", err)
	}
	return r, nil
}

// renderPages lays out every section on a new document.
func (r *pdfRenderer) renderPages() {
	r.setup()
	r.pageSummary()
	r.pageConcentration()
	r.pagePayments()
	r.pageMaintenance()
	r.pageLostNew()
	r.pageFlagged()
	r.pageQuality()
}

func (r *pdfRenderer) setup() {
	p := gofpdf.New("P", "mm", "A4", "")
	r.pdf = p
	// The alias must be set before fonts are added so the page count
	// digits are part of the embedded subset.
	p.AliasNbPages("{nb}")
	// gofpdf writes into the font bytes it is given while it subsets them
	// (the hmtx it reads back then differs), so each document gets its
	// own copy: with the shared ones, the second PDF of a process differed
	// from the first.
	p.AddUTF8FontFromBytes(fontSans, "", bytes.Clone(goregular.TTF))
	p.AddUTF8FontFromBytes(fontSans, "B", bytes.Clone(gobold.TTF))
	p.AddUTF8FontFromBytes(fontMono, "", bytes.Clone(gomono.TTF))
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(false, 0)
	p.SetCatalogSort(true)
	p.SetCompression(true)
	gen := r.in.Generated
	p.SetCreationDate(gen)
	p.SetModificationDate(gen)
	title := r.t("ui.report_title") + " - " + r.in.Company + " - " + r.cat.Month(r.res.Month)
	p.SetTitle(r.clean(title), true)
	p.SetAuthor(r.clean(r.in.Company), true)
	p.SetCreator("clientrisk", true)
	p.SetProducer("clientrisk", true)
	p.SetFooterFunc(r.footer)
	p.SetHeaderFunc(r.header)
}

// t returns a UI string and remembers that the key was used.
func (r *pdfRenderer) t(key string) string {
	r.used[key] = true
	return r.cat.T(key)
}

// tf says a UI string with {name} placeholders filled from pairs (name,
// text, name, text ...) already formatted by the caller. These keys have
// no plural forms, so Format's count is 0.
func (r *pdfRenderer) tf(key string, pairs ...string) string {
	r.used[key] = true
	return r.cat.Format(key, 0, textArgs(pairs)...)
}

// tn says key for n: the plural form (".one", ".few", ".many") and {n}
// come from Catalog.Format, the other pairs are filled as in tf.
func (r *pdfRenderer) tn(key string, n int, pairs ...string) string {
	r.used[r.cat.PluralKey(key, n)] = true
	return r.cat.Format(key, n, textArgs(pairs)...)
}

// textArgs turns name, text pairs into message arguments.
func textArgs(pairs []string) []message.Arg {
	args := make([]message.Arg, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args = append(args, message.Arg{Name: pairs[i], Value: message.Text(pairs[i+1])})
	}
	return args
}

// msg says an analytics message in the report's language.
func (r *pdfRenderer) msg(m analytics.Message) string {
	r.used[m.Key] = true
	return r.cat.Message(m)
}

// flagName is the short label of a flag.
func (r *pdfRenderer) flagName(flag string) string { return r.t("flag." + flag) }

// ---- text helpers ----

// glyphSet says which runes all three embedded fonts can draw.
type glyphSet struct {
	fonts []*sfnt.Font
	buf   *sfnt.Buffer
	cache map[rune]bool
}

func newGlyphSet() (glyphSet, error) {
	g := glyphSet{buf: &sfnt.Buffer{}, cache: map[rune]bool{}}
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return g, fmt.Errorf("read embedded font: %w", err)
		}
		g.fonts = append(g.fonts, f)
	}
	return g, nil
}

func (g glyphSet) has(c rune) bool {
	if ok, seen := g.cache[c]; seen {
		return ok
	}
	ok := c <= 0xFFFF // gofpdf indexes widths by 16-bit code
	for _, f := range g.fonts {
		if !ok {
			break
		}
		i, err := f.GlyphIndex(g.buf, c)
		ok = err == nil && i != 0
	}
	g.cache[c] = ok
	return ok
}

// clean makes s safe to draw: control characters become spaces, runes
// the fonts lack become "?", so gofpdf never indexes past its tables.
func (r *pdfRenderer) clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\n' || c == '\r' || c == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(c) || c == unicode.ReplacementChar:
			b.WriteByte('?')
		case c == ' ' || r.glyphs.has(c):
			b.WriteRune(c)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// fitText returns s cut to fit width w (mm) in the current font, ending
// with an ellipsis when cut.
func (r *pdfRenderer) fitText(s string, w float64) string {
	s = r.clean(s)
	if r.pdf.GetStringWidth(s) <= w {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.pdf.GetStringWidth(strings.TrimRight(string(runes[:mid]), " ")+ellipsis) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + ellipsis
}

// fitSize sets the bold font to the largest size from maxSize down to
// minSize at which s fits in w; below that fitText cuts it.
func (r *pdfRenderer) fitSize(s string, w, maxSize, minSize float64) {
	s = r.clean(s)
	size := maxSize
	for ; size > minSize; size -= 0.5 {
		r.font("B", size)
		if r.pdf.GetStringWidth(s) <= w {
			return
		}
	}
	r.font("B", minSize)
}

// words splits s at plain spaces only: a no-break space (between a
// figure and its currency sign, or the thousands of a Russian amount)
// keeps its two sides on one line.
func words(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool { return c == ' ' })
}

// wrap splits s into lines no wider than w in the current font, breaking
// at spaces (not no-break spaces) and cutting words longer than a line.
func (r *pdfRenderer) wrap(s string, w float64) []string {
	s = r.clean(s)
	var lines []string
	line := ""
	for _, word := range words(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if r.pdf.GetStringWidth(try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		for r.pdf.GetStringWidth(word) > w {
			cut := r.fitPrefix(word, w)
			lines = append(lines, string([]rune(word)[:cut]))
			word = string([]rune(word)[cut:])
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// fitPrefix returns how many runes of s fit in w (at least one).
func (r *pdfRenderer) fitPrefix(s string, w float64) int {
	runes := []rune(s)
	n := 1
	for n < len(runes) && r.pdf.GetStringWidth(string(runes[:n+1])) <= w {
		n++
	}
	return n
}

// ---- drawing primitives ----

func (r *pdfRenderer) font(style string, size float64) {
	r.pdf.SetFont(fontSans, style, size)
}

func (r *pdfRenderer) textColour(c rgb) { r.pdf.SetTextColor(c.r, c.g, c.b) }
func (r *pdfRenderer) fillColour(c rgb) { r.pdf.SetFillColor(c.r, c.g, c.b) }
func (r *pdfRenderer) drawColour(c rgb) { r.pdf.SetDrawColor(c.r, c.g, c.b) }

// cell writes one line of text in a box of width w at the current
// position, cut to fit, and moves right.
func (r *pdfRenderer) cell(w, h float64, s, align string) {
	r.pdf.CellFormat(w, h, r.fitText(s, w-1.6), "", 0, align, false, 0, "")
}

// textAt writes s with its top-left corner at (x, y) in a box of width w.
func (r *pdfRenderer) textAt(x, y, w, h float64, s, align string) {
	r.pdf.SetXY(x, y)
	r.cell(w, h, s, align)
}

// paragraph writes wrapped text over the content width.
func (r *pdfRenderer) paragraph(s string, size, lineH float64, c rgb) {
	r.paragraphAt(marginL, contentW, s, size, lineH, c)
}

func (r *pdfRenderer) paragraphAt(x, w float64, s string, size, lineH float64, c rgb) {
	r.font("", size)
	r.textColour(c)
	lines := r.wrap(s, w-1.6)
	for _, l := range lines {
		r.ensure(lineH)
		r.pdf.SetXY(x, r.pdf.GetY())
		r.pdf.CellFormat(w, lineH, l, "", 1, "L", false, 0, "")
	}
}

// ensure starts a new page when h mm do not fit above the footer.
func (r *pdfRenderer) ensure(h float64) bool {
	if r.pdf.GetY()+h > contentBottom {
		r.pdf.AddPage()
		return true
	}
	return false
}

// keepTogether keeps a block of h mm (a card, a short table, a chart) on
// one page: it starts a new page when the block does not fit in what is
// left of this one but fits on a fresh page. A block taller than a page
// starts here if at least min mm are left, else on a new page.
func (r *pdfRenderer) keepTogether(h, min float64) bool {
	if r.pdf.GetY()+h <= contentBottom {
		return false
	}
	if h <= contentBottom-pageTop {
		r.pdf.AddPage()
		return true
	}
	return r.ensure(min)
}

// newSection writes a section title. Sections flow one after the other:
// a new page is started only when less than sectionRoom mm are left, so a
// short section does not leave most of a page empty. The running header
// of every page names the section that page starts in.
func (r *pdfRenderer) newSection(titleKey string) {
	r.newSectionKeep(titleKey, sectionRoom-sectionTitleH)
}

// newSectionKeep is newSection for a section whose first block (lead
// text, first table or chart) is keep mm high: the title goes to a new
// page with it rather than stay alone at the foot of a page.
func (r *pdfRenderer) newSectionKeep(titleKey string, keep float64) {
	r.section = r.t(titleKey)
	keep = min(max(keep, sectionRoom-sectionTitleH), contentBottom-marginT-8-sectionTitleH)
	if r.pdf.PageNo() == 0 || r.pdf.GetY()+sectionGap+sectionTitleH+keep > contentBottom {
		r.pdf.AddPage()
		r.pdf.SetY(marginT + 8)
	} else {
		r.pdf.SetY(r.pdf.GetY() + sectionGap)
	}
	r.font("B", 17)
	r.textColour(colAccent)
	r.pdf.SetX(marginL)
	r.cell(contentW, 9, r.section, "L")
	r.pdf.Ln(sectionTitleH)
}

// paragraphHeight is the height paragraph would use for s.
func (r *pdfRenderer) paragraphHeight(s string, size, lineH float64) float64 {
	r.font("", size)
	return float64(len(r.wrap(s, contentW-1.6))) * lineH
}

// headingHeight is what heading uses above the block it keeps.
const headingHeight = 11.0

// sectionLine writes the one line an empty section or sub-section is
// reduced to ("No row was rejected."): no heading over nothing.
func (r *pdfRenderer) sectionLine(s string) {
	r.paragraph(s, 9, 4.8, colMuted)
	r.pdf.Ln(1)
}

// heading writes a sub-heading, keeping it with at least keep mm below.
func (r *pdfRenderer) heading(s string, keep float64) {
	r.ensure(12 + keep)
	r.pdf.Ln(2)
	r.font("B", 11.5)
	r.textColour(colInk)
	r.pdf.SetX(marginL)
	r.cell(contentW, 6.5, s, "L")
	r.pdf.Ln(6.5)
	r.drawColour(colAccent)
	r.pdf.SetLineWidth(0.4)
	y := r.pdf.GetY()
	r.pdf.Line(marginL, y, marginL+14, y)
	r.pdf.Ln(2.5)
}

// note writes a small muted line (a cap notice, an empty-section text).
func (r *pdfRenderer) note(s string) {
	r.paragraph(s, 8.5, 4.6, colMuted)
}

// header draws the running header on every page but the first.
func (r *pdfRenderer) header() {
	if r.pdf.PageNo() == 1 {
		return
	}
	r.font("", 7.5)
	r.textColour(colMuted)
	left := r.cat.Month(r.res.Month)
	if strings.TrimSpace(r.in.Company) != "" {
		left = r.in.Company + " · " + left
	}
	r.textAt(marginL, 8, contentW/2, 4, left, "L")
	right := r.t("ui.report_title")
	if r.section != "" {
		right += " · " + r.section
	}
	r.textAt(marginL+contentW/2, 8, contentW/2, 4, right, "R")
	r.drawColour(colRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(marginL, 12.5, pageW-marginR, 12.5)
	r.pdf.SetXY(marginL, pageTop)
}

// footer draws the generation date and the page number.
func (r *pdfRenderer) footer() {
	r.drawColour(colRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(marginL, 284, pageW-marginR, 284)
	r.font("", 7.5)
	r.textColour(colMuted)
	gen := r.tf("ui.generated", "date", r.cat.Date(invoice.DateOf(r.in.Generated)))
	r.textAt(marginL, 285.5, contentW*0.6, 4, gen, "L")
	page := r.tf("ui.page", "page", fmt.Sprint(r.pdf.PageNo()), "pages", "{nb}")
	// The alias is replaced after layout, so measure with a wide stand-in.
	r.pdf.SetXY(marginL+contentW*0.6, 285.5)
	r.pdf.CellFormat(contentW*0.4, 4, r.clean(page), "", 0, "R", false, 0, "")
}

// flagLabels draws flags as small coloured labels starting at (x, y),
// wrapping inside width w; it returns the height used.
func (r *pdfRenderer) flagLabels(x, y, w float64, flags []string) float64 {
	const h, gap, pad = 4.2, 1.2, 1.4
	r.font("B", 6.8)
	cx, cy := x, y
	for _, f := range flags {
		label := r.flagName(f)
		lw := r.flagLabelsWidth(f)
		if lw > w {
			lw = w
		}
		if cx > x && cx+lw > x+w {
			cx = x
			cy += h + gap
		}
		bg, fg := flagColours(f)
		r.fillColour(bg)
		r.pdf.RoundedRect(cx, cy, lw, h, 1.0, "1234", "F")
		r.textColour(fg)
		r.pdf.SetXY(cx, cy)
		r.pdf.CellFormat(lw, h, r.fitText(label, lw-2*pad+0.2), "", 0, "C", false, 0, "")
		cx += lw + gap
	}
	return cy + h - y
}

// flagLabelsHeight measures what flagLabels would use.
func (r *pdfRenderer) flagLabelsHeight(w float64, flags []string) float64 {
	const h, gap, pad = 4.2, 1.2, 1.4
	if len(flags) == 0 {
		return h
	}
	r.font("B", 6.8)
	cx, lines := 0.0, 1
	for _, f := range flags {
		lw := r.flagLabelsWidth(f)
		if lw > w {
			lw = w
		}
		if cx > 0 && cx+lw > w {
			cx = 0
			lines++
		}
		cx += lw + gap
	}
	return float64(lines)*h + float64(lines-1)*gap
}

// ---- figures helpers ----

func (r *pdfRenderer) money(m invoice.Money) string { return r.cat.Money(m, r.res.Currency) }

func (r *pdfRenderer) pct(p *float64) string {
	if p == nil {
		return r.cat.Dash()
	}
	return r.cat.Percent(*p)
}

func (r *pdfRenderer) days(d *float64) string {
	if d == nil {
		return r.cat.Dash()
	}
	return r.cat.Days(*d)
}

func (r *pdfRenderer) num(f *float64, dec int) string {
	if f == nil {
		return r.cat.Dash()
	}
	return r.cat.Number(*f, dec)
}

func (r *pdfRenderer) count(n int) string { return r.cat.Number(float64(n), 0) }

// pp formats a change of share in percentage points with a sign.
func (r *pdfRenderer) pp(change *float64) string {
	if change == nil {
		return r.cat.Dash()
	}
	v := *change * 100
	s := r.cat.Number(v, 1)
	if strings.TrimLeft(s, "-0.,") == "" {
		s = r.cat.Number(0, 1)
	} else if v > 0 {
		s = "+" + s
	}
	return s + "\u00a0" + r.t("ui.pp")
}

// thresholds are the limits the flags were raised with (Result carries
// them); a Result built without them (zero) gets the metrics spec's defaults.
func (r *pdfRenderer) thresholds() analytics.Thresholds {
	if th := r.res.Thresholds; th != (analytics.Thresholds{}) {
		return th
	}
	return analytics.DefaultThresholds()
}

// windowMonths counts the calendar months of W.
func (r *pdfRenderer) windowMonths() int {
	if r.res.WindowFrom.IsZero() || r.res.WindowTo.IsZero() {
		return 12
	}
	n := r.res.WindowTo.Month().Index() - r.res.WindowFrom.Month().Index() + 1
	if n < 1 {
		return 1
	}
	return n
}

// flaggedEntry is one row of the flagged-clients lists: a client with
// flags, or a lost client (which may have no ClientFigures row).
type flaggedEntry struct {
	name    string
	client  *analytics.ClientFigures // nil for a lost client not in Clients
	lost    *analytics.LostClient
	flags   []analytics.Flag
	revenue invoice.Money
}

func (e flaggedEntry) flagNames() []string {
	out := make([]string, 0, len(e.flags))
	for _, f := range e.flags {
		out = append(out, f.Flag)
	}
	return out
}

// flagged lists flagged clients in revenue order, then lost clients that
// are not among them.
func (r *pdfRenderer) flagged() []flaggedEntry {
	var out []flaggedEntry
	seen := map[string]int{}
	for i := range r.res.Clients {
		c := &r.res.Clients[i]
		if len(c.Flags) == 0 {
			continue
		}
		seen[c.Key] = len(out)
		out = append(out, flaggedEntry{name: c.Name, client: c, flags: c.Flags, revenue: c.Revenue})
	}
	for i := range r.res.Lost {
		l := &r.res.Lost[i]
		fl := l.Flag
		if fl.Flag == "" {
			fl.Flag = analytics.FlagLost
		}
		if j, ok := seen[l.Key]; ok {
			out[j].lost = l
			if !hasFlag(out[j].flags, fl.Flag) {
				out[j].flags = append(append([]analytics.Flag(nil), out[j].flags...), fl)
			}
			continue
		}
		out = append(out, flaggedEntry{name: l.Name, lost: l, flags: []analytics.Flag{fl}, revenue: l.Revenue})
	}
	return out
}

func hasFlag(fs []analytics.Flag, name string) bool {
	for _, f := range fs {
		if f.Flag == name {
			return true
		}
	}
	return false
}

// sortedBy returns pointers to the clients ordered by less, stable on the
// revenue order of Result.Clients.
func sortedBy(cs []analytics.ClientFigures, keep func(*analytics.ClientFigures) bool, less func(a, b *analytics.ClientFigures) bool) []*analytics.ClientFigures {
	var out []*analytics.ClientFigures
	for i := range cs {
		if keep == nil || keep(&cs[i]) {
			out = append(out, &cs[i])
		}
	}
	if less != nil {
		sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	}
	return out
}

// output is a helper for tests: the rendered bytes.
func (r *pdfRenderer) output() ([]byte, error) {
	var b bytes.Buffer
	if err := r.pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
