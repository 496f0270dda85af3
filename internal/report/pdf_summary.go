package report

import (
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
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
	r.font("B", 12.5)
	lines := r.wrap(r.headline(flagged), contentW-14)
	boxH := float64(len(lines))*6.4 + 8
	y := 47.0
	r.fillColour(colTint)
	r.pdf.Rect(marginL, y, contentW, boxH, "F")
	r.fillColour(colAccent)
	r.pdf.Rect(marginL, y, 1.6, boxH, "F")
	r.textColour(colInk)
	for i, l := range lines {
		r.pdf.SetXY(marginL+7, y+4+float64(i)*6.4)
		r.pdf.CellFormat(contentW-14, 6.4, l, "", 0, "L", false, 0, "")
	}
	r.pdf.SetXY(marginL, y+boxH+4)

	r.heading(r.t("ui.key_figures"), 50)
	r.keyFigures()
	for _, n := range r.res.Portfolio.Notes {
		r.paragraph("• "+r.msg(n), 9, 4.8, colVermilion)
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
			overdue = r.money(e.client.OverdueAmount)
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

// headline is the one plain sentence at the top of the summary.
func (r *pdfRenderer) headline(flagged []flaggedEntry) string {
	if len(r.res.Clients) == 0 || r.res.Portfolio.Clients == 0 {
		return r.t("ui.headline.empty")
	}
	top := r.res.Clients[0]
	parts := []string{r.tf("ui.headline.top", "client", shortName(top.Name, 60), "share", r.cat.Percent(top.Share))}
	if n := countFlag(flagged, analytics.FlagSlowPayer); n > 0 {
		parts = append(parts, r.tn("ui.headline.slow", n))
	} else {
		parts = append(parts, r.t("ui.headline.no_slow"))
	}
	if n := len(r.res.Lost); n > 0 {
		parts = append(parts, r.tn("ui.headline.lost", n))
	}
	return strings.Join(parts, "; ") + "."
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
			r.tf("ui.kf.new_lost", "new", r.count(len(r.res.New)), "lost", r.count(len(r.res.Lost))), colInk},
		{r.t("ui.kf.top_share"), r.cat.Percent(p.Top1Share), topName, colInk},
		{r.t("ui.kf.hhi"), band, r.tf("ui.kf.hhi_sub", "hhi", r.cat.Number(p.HHI, 0), "effective", eff), bandCol},
		{r.t("ui.kf.dso"), r.days(p.DSO), r.t("ui.kf.dso_sub"), colInk},
		{r.t("ui.kf.overdue"), r.money(p.OverdueAmount), r.tf("ui.kf.overdue_sub", "open", r.money(p.OpenAmount)), overdueCol},
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
		r.fitSize(t.value, tileW-6.6, 15, 10)
		r.textColour(t.col)
		r.textAt(x+2.5, y+7, tileW-5, 7.5, t.value, "L")
		r.font("", 7.5)
		r.textColour(colMuted)
		r.textAt(x+2.5, y+15, tileW-5, 4, t.sub, "L")
	}
	r.pdf.SetXY(marginL, y0+2*tileH+gap+3)
}
