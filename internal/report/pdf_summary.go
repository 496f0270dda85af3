package report

import (
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// ---- page 1: summary ----

func (r *pdfRenderer) pageSummary() {
	r.section = r.t("ui.summary")
	r.pdf.AddPage()
	r.fillColour(colAccent)
	r.pdf.Rect(0, 0, pageW, 3.2, "F")

	r.font("B", 8.5)
	r.textColour(colAccent)
	r.textAt(marginL, 13, contentW, 5, strings.ToUpper(r.t("ui.report_title")), "L")
	r.font("B", 22)
	r.textColour(colInk)
	r.textAt(marginL, 19, contentW, 11, r.in.Company, "L")
	r.font("", 13)
	r.textColour(colInk)
	r.textAt(marginL, 30.5, contentW, 7, r.cat.Month(r.res.Month), "L")
	r.font("", 8.5)
	r.textColour(colMuted)
	r.textAt(marginL, 37.5, contentW, 5, r.tf("ui.window",
		"from", r.cat.Date(r.res.WindowFrom), "to", r.cat.Date(r.res.WindowTo),
		"currency", r.res.Currency), "L")

	// headline in a tinted box with an accent edge
	flagged := r.flagged()
	r.font("B", 12)
	lines := r.wrap(r.headline(flagged), contentW-14)
	boxH := float64(len(lines))*6 + 7
	y := 45.0
	r.fillColour(colTint)
	r.pdf.Rect(marginL, y, contentW, boxH, "F")
	r.fillColour(colAccent)
	r.pdf.Rect(marginL, y, 1.6, boxH, "F")
	r.textColour(colInk)
	for i, l := range lines {
		r.pdf.SetXY(marginL+7, y+3.5+float64(i)*6)
		r.pdf.CellFormat(contentW-14, 6, l, "", 0, "L", false, 0, "")
	}
	r.pdf.SetXY(marginL, y+boxH+2)

	r.actionList()
	r.findingList()
	r.heading(r.t("ui.key_figures"), 50)
	r.keyFigures()
	for _, n := range r.res.Portfolio.Notes {
		r.paragraph("• "+r.msg(n), 9, 4.8, colVermilion)
	}
	r.trendChart()

	if contentBottom-r.pdf.GetY() < 30 {
		return // the flagged clients are in the actions above and in detail further on
	}
	r.heading(r.t("ui.flagged_clients"), 20)
	if len(flagged) == 0 {
		r.note(r.t("ui.no_flags"))
		return
	}
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), width: 60, align: "L"},
		{title: r.t("ui.col.flags"), width: 58, align: "L"},
		{title: r.t("ui.col.share"), width: 18, align: "R"},
		{title: r.t("ui.col.revenue"), width: 24, align: "R"},
		{title: r.t("ui.col.overdue"), width: 18, align: "R"},
	}
	// The summary stays one page: as many rows as fit above the footer,
	// keeping room for the header row and the "more" line.
	room := contentBottom - r.pdf.GetY() - 3*3.3 - 3 - 8
	var rows [][]pdfCell
	for i, e := range flagged {
		if i == topTableRows {
			break
		}
		share, overdue := r.cat.Dash(), r.cat.Dash()
		if e.client != nil {
			share = r.cat.Percent(e.client.Share)
			if e.client.PaymentKnown {
				overdue = r.money(e.client.OverdueAmount)
			}
		}
		row := []pdfCell{bold(e.name), flagCell(e.flagNames()), txt(share), txt(r.money(e.revenue)), txt(overdue)}
		if room -= r.rowHeight(cols, row); room < 0 {
			break
		}
		rows = append(rows, row)
	}
	r.table(cols, rows)
	r.moreRows("ui.more_flagged", len(flagged)-len(rows))
}

// headline is the plain sentence at the top of the summary: the largest
// client's share, then every kind of flag with the money at stake.
func (r *pdfRenderer) headline(flagged []flaggedEntry) string {
	if len(r.res.Clients) == 0 || r.res.Portfolio.Clients == 0 {
		return r.t("p1.hl.empty")
	}
	top := r.res.Clients[0]
	parts := []string{r.tf("p1.hl.top", "client", shortName(top.Name, 60), "share", r.cat.Percent(top.Share))}
	var slowN, lostN, hmN int
	var slowAmt, lostAmt invoice.Money
	for _, e := range flagged {
		for _, f := range e.flags {
			switch f.Flag {
			case analytics.FlagSlowPayer:
				slowN++
				slowAmt += f.AtStake
			case analytics.FlagLost:
				lostN++
				lostAmt += f.AtStake
			case analytics.FlagHighMaintenance:
				hmN++
			}
		}
	}
	switch {
	case !r.res.Portfolio.PaymentKnown:
		parts = append(parts, r.t("p1.hl.no_payment"))
	case slowN > 0:
		parts = append(parts, r.tn("p1.hl.slow", slowN, "amount", r.money(slowAmt)))
	default:
		parts = append(parts, r.t("p1.hl.no_slow"))
	}
	if lostN > 0 {
		parts = append(parts, r.tn("p1.hl.lost", lostN, "amount", r.money(lostAmt)))
	}
	if hmN > 0 {
		parts = append(parts, r.tn("p1.hl.hm", hmN))
	}
	return strings.Join(parts, "; ") + "."
}

// actionList is page 1's "what to do this month": the actions of
// Result.Actions, act first, each with its grade, the client, the action
// (naming invoices and amounts) and the page of the client's detail.
func (r *pdfRenderer) actionList() {
	r.heading(r.t("p1.actions"), 24)
	if len(r.res.Actions) == 0 {
		r.note(r.t("p1.no_actions"))
		return
	}
	const numW, gradeW, pageRefW = 5.0, 24.0, 12.0
	textX := marginL + numW + gradeW
	textW := contentW - numW - gradeW - pageRefW
	for i, a := range r.res.Actions {
		y := r.pdf.GetY()
		r.font("B", 9)
		r.textColour(colInk)
		r.textAt(marginL, y, numW, 4.8, r.count(i+1)+".", "L")
		r.font("B", 6.8)
		r.fillColour(gradeColour(a.Grade))
		r.pdf.RoundedRect(marginL+numW, y+0.5, gradeW-3, 3.9, 1, "1234", "F")
		r.textColour(colWhite)
		r.textAt(marginL+numW, y+0.5, gradeW-3, 3.9, r.fitText(strings.ToUpper(r.t("grade."+a.Grade)), gradeW-4), "C")
		if pg, ok := r.cardPage[a.ClientKey]; ok {
			r.font("", 8)
			r.textColour(colMuted)
			r.textAt(pageW-marginR-pageRefW, y, pageRefW, 4.8, r.tf("p1.detail_page", "page", r.count(pg)), "R")
		}
		r.font("B", 9)
		r.textColour(colInk)
		name := r.fitText(a.ClientName, textW)
		r.textAt(textX, y, textW, 4.8, name, "L")
		r.pdf.SetY(y + 4.8)
		r.paragraphAt(textX, textW, r.msg(a.Message), 9, 4.5, colInk)
		r.pdf.SetY(r.pdf.GetY() + 1.2)
	}
	p := r.res.Portfolio
	r.paragraphAt(marginL, contentW, r.tf("p1.grade_rule", "act", r.money(p.ActAmount), "min", r.money(p.MinAmount)), 7.5, 3.8, colMuted)
}

// findingList says the portfolio findings once, and which files had no
// payment data.
func (r *pdfRenderer) findingList() {
	if len(r.res.Findings) == 0 && len(r.res.NoPaymentFiles) == 0 {
		return
	}
	r.heading(r.t("p1.findings"), 20)
	for _, f := range r.res.Findings {
		r.paragraph("• "+r.msg(f.Message), 9, 4.6, colInk)
	}
	if len(r.res.NoPaymentFiles) > 0 {
		r.paragraph("• "+r.tf("p1.no_payment", "files", strings.Join(r.res.NoPaymentFiles, ", ")), 9, 4.6, colInk)
	}
}

// trendChart draws the overdue amount at each month end as bars and the
// DSO as a line (its own scale on the right), for the months of the
// window that have data. Nothing without payment data or with one month.
func (r *pdfRenderer) trendChart() {
	tr := r.res.Trend
	if len(tr) < 2 || contentBottom-r.pdf.GetY() < 52 || !trendShows(tr) {
		return
	}
	var maxOver invoice.Money
	maxDSO, hasDSO := 0.0, false
	for _, p := range tr {
		maxOver = max(maxOver, p.Overdue)
		if p.DSO != nil {
			maxDSO, hasDSO = math.Max(maxDSO, *p.DSO), true
		}
	}
	if hasDSO {
		r.heading(r.t("p1.trend"), 38)
	} else {
		r.heading(r.t("p1.trend_no_dso"), 38)
	}
	const h = 30.0
	x0, w := marginL+16, contentW-32
	y0 := r.pdf.GetY() + 2
	// The overdue scale reaches at least the materiality floor (and one
	// whole currency unit): with nothing overdue, an axis of $0.01 steps
	// would read as noise.
	floor := max(r.res.Portfolio.MinAmount, invoice.Money(math.Pow10(invoice.MinorDigits(r.res.Currency))))
	topO, stepO := niceScale(float64(max(maxOver, floor)))
	// The DSO scale shares the grid: as many intervals, a round step.
	intervals := math.Round(topO / stepO)
	_, stepD := niceScale(math.Max(maxDSO, 1) * 4 / intervals)
	stepD = math.Max(stepD, 1) // whole days: labels are printed without decimals
	for stepD*intervals < maxDSO {
		stepD *= 2
	}
	topD := stepD * intervals
	r.drawColour(colRule)
	r.pdf.SetLineWidth(0.2)
	r.font("", 6.5)
	r.textColour(colMuted)
	for v := 0.0; v <= topO+stepO/2; v += stepO {
		y := y0 + h - v/topO*h
		r.pdf.Line(x0, y, x0+w, y)
		r.textAt(marginL, y-1.5, 15, 3, r.cat.Money(invoice.Money(v), r.res.Currency), "R")
		if hasDSO { // no DSO scale without a DSO line
			r.textAt(x0+w+1, y-1.5, 15, 3, r.cat.Number(v/topO*topD, 0), "L")
		}
	}
	slot := w / float64(len(tr))
	var pts []gofpdf.PointType
	for i, p := range tr {
		x := x0 + float64(i)*slot
		bh := float64(p.Overdue) / topO * h
		r.fillColour(colOrange)
		r.pdf.Rect(x+slot*0.2, y0+h-bh, slot*0.6, bh, "F")
		r.textColour(colMuted)
		r.textAt(x, y0+h+0.8, slot, 3, r.cat.MonthShort(p.Month), "C")
		if p.DSO != nil {
			pts = append(pts, gofpdf.PointType{X: x + slot/2, Y: y0 + h - *p.DSO/topD*h})
		}
	}
	r.drawColour(colAccent)
	r.pdf.SetLineWidth(0.6)
	for i := 1; i < len(pts); i++ {
		r.pdf.Line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y)
	}
	r.fillColour(colAccent)
	for _, p := range pts {
		r.pdf.Circle(p.X, p.Y, 0.7, "F")
	}
	// legend
	ly := y0 + h + 5
	r.fillColour(colOrange)
	r.pdf.Rect(x0, ly+0.6, 3, 2.4, "F")
	r.textColour(colInk)
	r.font("", 7)
	r.textAt(x0+4, ly, 40, 3.6, r.t("p1.trend_overdue"), "L")
	if hasDSO {
		r.drawColour(colAccent)
		r.pdf.Line(x0+40, ly+1.8, x0+44, ly+1.8)
		r.textAt(x0+45, ly, 40, 3.6, r.t("p1.trend_dso"), "L")
	}
	r.pdf.SetXY(marginL, ly+6)
}

// trendShows reports whether the trend has anything to draw: some
// overdue money or a known DSO at some month end. A chart of zeros with
// no DSO line says nothing.
func trendShows(tr []analytics.TrendPoint) bool {
	for _, p := range tr {
		if p.Overdue != 0 || p.DSO != nil {
			return true
		}
	}
	return false
}

// shortName cuts a name to n runes with an ellipsis, for names inside
// sentences where fitText cannot apply.
func shortName(s string, n int) string {
	s = strings.TrimSpace(s)
	if runes := []rune(s); len(runes) > n {
		return strings.TrimRight(string(runes[:n-1]), " ") + ellipsis
	}
	return s
}

// keyFigures draws six tiles: label, value, a line of context.
func (r *pdfRenderer) keyFigures() {
	p := r.res.Portfolio
	topName := ""
	if len(r.res.Clients) > 0 {
		topName = r.res.Clients[0].Name
	}
	eff := r.cat.Dash()
	if p.EffectiveClients != nil {
		eff = r.cat.Number(*p.EffectiveClients, 1)
	}
	band := r.cat.Dash()
	if p.HHIBand != "" {
		band = r.t("band." + p.HHIBand)
	}
	bandCol := colInk
	if p.HHIBand == "high" {
		bandCol = colVermilion
	}
	overdueCol := colInk
	if p.OverdueAmount > 0 {
		overdueCol = colVermilion
	}
	type tile struct {
		label, value, sub string
		col               rgb
	}
	tiles := []tile{
		{r.tf("ui.kf.revenue", "months", r.count(r.windowMonths())), r.money(p.Revenue),
			r.tf("ui.kf.month_revenue", "amount", r.money(p.MonthRevenue)), colInk},
		{r.t("ui.kf.clients"), r.count(p.Clients),
			r.tn("p1.kf.new", len(r.res.New)) + " · " + r.tn("p1.kf.lost", len(r.res.Lost)), colInk},
		{r.t("ui.kf.top_share"), r.cat.Percent(p.Top1Share), topName, colInk},
		{r.t("ui.kf.hhi"), band, r.tf("p1.kf.hhi_sub", "hhi", r.cat.Number(p.HHI, 0), "effective", eff), bandCol},
		{r.t("ui.kf.dso"), r.days(p.DSO), r.t("p1.kf.dso_sub"), colInk},
		{r.t("ui.kf.overdue"), r.money(p.OverdueAmount), r.tf("ui.kf.overdue_sub", "open", r.money(p.OpenAmount)), overdueCol},
	}
	if !p.PaymentKnown {
		// Unknown is not zero: no export said whether an invoice was paid.
		tiles[4] = tile{r.t("ui.kf.dso"), r.cat.Dash(), r.t("p1.kf.no_payment"), colMuted}
		tiles[5] = tile{r.t("ui.kf.overdue"), r.cat.Dash(), r.t("p1.kf.no_payment"), colMuted}
	}
	const gap, tileH = 4.0, 21.0
	tileW := (contentW - 2*gap) / 3
	y0 := r.pdf.GetY() + 1
	for i, t := range tiles {
		x := marginL + float64(i%3)*(tileW+gap)
		y := y0 + float64(i/3)*(tileH+gap)
		r.fillColour(colZebra)
		r.pdf.Rect(x, y, tileW, tileH, "F")
		r.fillColour(colAccent)
		r.pdf.Rect(x, y, tileW, 0.8, "F")
		r.font("", 7.8)
		r.textColour(colMuted)
		r.textAt(x+2.5, y+2.5, tileW-5, 4, t.label, "L")
		r.fitSize(t.value, tileW-6.6, 15, 7)
		r.textColour(t.col)
		r.textAt(x+2.5, y+7, tileW-5, 7.5, t.value, "L")
		r.font("", 7.5)
		r.textColour(colMuted)
		r.textAt(x+2.5, y+15, tileW-5, 4, t.sub, "L")
	}
	r.pdf.SetXY(marginL, y0+2*tileH+gap+3)
}

// niceScale returns an axis top at or above v and a step of 1, 2 or 5
// times a power of ten giving four or five intervals.
func niceScale(v float64) (top, step float64) {
	raw := v / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	return math.Ceil(v/step-1e-9) * step, step
}
