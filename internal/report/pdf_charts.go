package report

import (
	"math"

	"github.com/jung-kurt/gofpdf"

	"github.com/clientrisk/clientrisk/internal/analytics"
)

// Charts are drawn with vector primitives only, so they stay sharp when
// printed and keep every label selectable.

// barItem is one bar of the share chart.
type barItem struct {
	label  string
	value  float64 // a fraction of revenue
	colour rgb
}

// plotValue maps NaN and infinities to 0 so a broken figure cannot put
// "NaN" into the page content.
func plotValue(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// niceCeil rounds a fraction up to the next step (0.05 below 0.2, else
// 0.1), so axis ticks land on round percentages.
func niceCeil(v float64) (top, step float64) {
	switch {
	case v <= 0.2:
		step = 0.05
	case v <= 0.6:
		step = 0.1
	default:
		step = 0.2
	}
	top = math.Ceil(v/step-1e-9) * step
	if top < step {
		top = step
	}
	if top > 1 {
		top = 1
	}
	return top, step
}

// niceIntStep returns a round tick step so that 0..n has at most max ticks.
func niceIntStep(n, max int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000} {
		if n/s <= max {
			return s
		}
	}
	return n/max + 1
}

// axisNumber prints a tick value in percent with no decimals.
func (r *pdfRenderer) axisNumber(fraction float64) string {
	return r.cat.Number(fraction*100, 0)
}

// dashed draws a dashed line.
func (r *pdfRenderer) dashed(x1, y1, x2, y2 float64, c rgb, width float64) {
	r.drawColour(c)
	r.pdf.SetLineWidth(width)
	r.pdf.SetDashPattern([]float64{1.2, 1.0}, 0)
	r.pdf.Line(x1, y1, x2, y2)
	r.pdf.SetDashPattern([]float64{}, 0)
}

// shareBars draws horizontal bars of shares with the over-dependence
// threshold as a dashed line, value labels and a labelled axis.
func (r *pdfRenderer) shareBars(items []barItem, threshold float64) {
	const labelW, valueW, barH, pitch = 52.0, 15.0, 4.4, 6.2
	plotX := marginL + labelW + 2
	plotW := contentW - labelW - 2 - valueW
	maxV := threshold
	for _, it := range items {
		maxV = math.Max(maxV, plotValue(it.value))
	}
	top, step := niceCeil(maxV * 1.02)
	height := 6 + float64(len(items))*pitch + 13
	r.ensure(height)
	y0 := r.pdf.GetY() + 6 // room for the threshold label
	plotH := float64(len(items)) * pitch
	xOf := func(v float64) float64 { return plotX + plotW*math.Max(0, math.Min(plotValue(v), top))/top }

	// grid and ticks
	r.font("", 7)
	r.textColour(colMuted)
	for t := 0.0; t <= top+1e-9; t += step {
		x := xOf(t)
		r.drawColour(colRule)
		r.pdf.SetLineWidth(0.15)
		r.pdf.Line(x, y0, x, y0+plotH)
		r.textAt(x-8, y0+plotH+0.8, 16, 3.5, r.axisNumber(t), "C")
	}
	r.axes(plotX, y0, plotW, plotH, r.t("ui.chart.share_axis"))

	for i, it := range items {
		y := y0 + float64(i)*pitch + (pitch-barH)/2
		r.font("", 8)
		r.textColour(colInk)
		r.textAt(marginL, y-0.3, labelW, barH+0.6, it.label, "R")
		r.fillColour(it.colour)
		w := xOf(it.value) - plotX
		if w > 0 {
			r.pdf.Rect(plotX, y, w, barH, "F")
		}
		r.font("B", 7.5)
		r.textAt(plotX+w+0.5, y-0.3, valueW+4, barH+0.6, r.cat.Percent(it.value), "L")
	}

	// threshold on top of the bars
	tx := xOf(threshold)
	r.dashed(tx, y0-1.5, tx, y0+plotH, colVermilion, 0.45)
	r.font("B", 7)
	r.textColour(colVermilion)
	label := r.tf("ui.chart.threshold", "threshold", r.cat.Percent(threshold))
	lw := r.pdf.GetStringWidth(r.clean(label)) + 2
	lx := math.Min(tx-lw/2, plotX+plotW+valueW-lw)
	r.textAt(lx, y0-5.5, lw, 4, label, "C")
	r.pdf.SetXY(marginL, y0+plotH+10)
}

// paretoCurve draws the cumulative share of revenue against the number of
// clients, largest first, with the 80% line and where it is crossed.
func (r *pdfRenderer) paretoCurve(shares []float64, k80 int) {
	const plotH = 52.0
	n := len(shares)
	if n == 0 {
		return
	}
	r.ensure(plotH + 20)
	plotX := marginL + 10
	plotW := contentW - 14
	y0 := r.pdf.GetY() + 6
	r.font("", 7.5)
	r.textColour(colMuted)
	r.textAt(marginL, y0-5.5, contentW, 4, r.t("ui.chart.cumulative_axis"), "L")
	xOf := func(i float64) float64 { return plotX + plotW*i/float64(n) }
	yOf := func(v float64) float64 { return y0 + plotH - plotH*math.Max(0, math.Min(plotValue(v), 1)) }

	r.font("", 7)
	for v := 0.0; v <= 1.0001; v += 0.2 {
		y := yOf(v)
		r.drawColour(colRule)
		r.pdf.SetLineWidth(0.15)
		r.pdf.Line(plotX, y, plotX+plotW, y)
		r.textColour(colMuted)
		r.textAt(marginL, y-1.8, 9, 3.6, r.axisNumber(v), "R")
	}
	step := niceIntStep(n, 10)
	for i := 0; i <= n; i += step {
		x := xOf(float64(i))
		r.drawColour(colInk)
		r.pdf.SetLineWidth(0.2)
		r.pdf.Line(x, y0+plotH, x, y0+plotH+1)
		r.textAt(x-8, y0+plotH+1, 16, 3.5, r.count(i), "C")
	}
	r.axes(plotX, y0, plotW, plotH, r.t("ui.chart.clients_axis"))

	// 80% line and the client count that reaches it
	r.dashed(plotX, yOf(0.8), plotX+plotW, yOf(0.8), colVermilion, 0.35)
	if k80 > 0 && k80 <= n {
		x := xOf(float64(k80))
		r.dashed(x, yOf(0.8), x, y0+plotH, colVermilion, 0.35)
	}

	// the curve, thinned to at most paretoMaxPoint points
	pts := []gofpdf.PointType{{X: xOf(0), Y: yOf(0)}}
	cum := 0.0
	every := 1
	if n > paretoMaxPoint {
		every = (n + paretoMaxPoint - 1) / paretoMaxPoint
	}
	for i, s := range shares {
		cum += plotValue(s)
		if (i+1)%every == 0 || i == n-1 {
			pts = append(pts, gofpdf.PointType{X: xOf(float64(i + 1)), Y: yOf(cum)})
		}
	}
	r.drawColour(colAccent)
	r.pdf.SetLineWidth(0.6)
	r.pdf.SetLineJoinStyle("round")
	r.pdf.MoveTo(pts[0].X, pts[0].Y)
	for _, p := range pts[1:] {
		r.pdf.LineTo(p.X, p.Y)
	}
	r.pdf.DrawPath("D")
	if n <= 40 {
		r.fillColour(colAccent)
		for _, p := range pts[1:] {
			r.pdf.Circle(p.X, p.Y, 0.7, "F")
		}
	}
	r.pdf.SetXY(marginL, y0+plotH+10)
}

// agingBuckets are the aging buckets in order with their colours, from
// green (not yet due) to vermilion (over 90 days).
func (r *pdfRenderer) agingBuckets(a analytics.Aging) []barItem {
	amounts := []float64{float64(a.Current), float64(a.D1to30), float64(a.D31to60), float64(a.D61to90), float64(a.D90plus)}
	keys := []string{"ui.bucket.current", "ui.bucket.1_30", "ui.bucket.31_60", "ui.bucket.61_90", "ui.bucket.90_plus"}
	cols := []rgb{colGreen, colSky, colYellow, colOrange, colVermilion}
	out := make([]barItem, len(keys))
	for i := range keys {
		out[i] = barItem{label: r.t(keys[i]), value: amounts[i], colour: cols[i]}
	}
	return out
}

// agingBar draws the open amount as one bar stacked by aging bucket, on a
// 0-100% axis, with a legend. Geometry only uses floats; amounts are
// printed from the exact Money in the table beside it.
func (r *pdfRenderer) agingBar(a analytics.Aging) {
	items := r.agingBuckets(a)
	total := 0.0
	for _, it := range items {
		total += math.Max(0, it.value)
	}
	if total <= 0 {
		return
	}
	const barH = 9.0
	r.ensure(barH + 24)
	y0 := r.pdf.GetY() + 1
	x := marginL
	for _, it := range items {
		w := contentW * math.Max(0, it.value) / total
		if w <= 0 {
			continue
		}
		r.fillColour(it.colour)
		r.pdf.Rect(x, y0, w, barH, "F")
		if w > 12 {
			fg := colInk
			if it.colour == colVermilion {
				fg = colWhite
			}
			r.font("B", 7.5)
			r.textColour(fg)
			r.textAt(x, y0, w, barH, r.cat.Percent(math.Max(0, it.value)/total), "C")
		}
		x += w
	}
	r.font("", 7)
	r.textColour(colMuted)
	for t := 0.0; t <= 1.0001; t += 0.25 {
		tx := marginL + contentW*t
		r.drawColour(colInk)
		r.pdf.SetLineWidth(0.2)
		r.pdf.Line(tx, y0+barH, tx, y0+barH+1)
		r.textAt(tx-8, y0+barH+1, 16, 3.5, r.axisNumber(t), "C")
	}
	r.font("", 7.5)
	r.textAt(marginL, y0+barH+4.4, contentW, 4, r.t("ui.chart.open_axis"), "C")
	// legend
	ly := y0 + barH + 10
	lx := marginL
	r.font("", 7.5)
	for _, it := range items {
		w := r.pdf.GetStringWidth(r.clean(it.label)) + 8
		r.fillColour(it.colour)
		r.pdf.Rect(lx, ly+0.6, 3, 3, "F")
		r.textColour(colInk)
		r.textAt(lx+3.6, ly, w, 4.2, it.label, "L")
		lx += w + 3
	}
	r.pdf.SetXY(marginL, ly+7)
}

// loadScatter plots each client's share of hours against its share of
// revenue, with the fair-share diagonal and the load-ratio threshold.
func (r *pdfRenderer) loadScatter(cs []*analytics.ClientFigures, threshold float64) {
	const plotH = 62.0
	maxV := 0.0
	for _, c := range cs {
		if c.HoursShare != nil {
			maxV = math.Max(maxV, math.Max(plotValue(*c.HoursShare), plotValue(c.Share)))
		}
	}
	if maxV <= 0 {
		return
	}
	top, step := niceCeil(maxV * 1.05)
	r.ensure(plotH + 22)
	plotW := plotH * 1.6
	plotX := marginL + 10
	y0 := r.pdf.GetY() + 6
	r.font("", 7.5)
	r.textColour(colMuted)
	r.textAt(marginL, y0-5.5, contentW, 4, r.t("ui.chart.hours_axis"), "L")
	xOf := func(v float64) float64 { return plotX + plotW*math.Max(0, math.Min(plotValue(v), top))/top }
	yOf := func(v float64) float64 { return y0 + plotH - plotH*math.Max(0, math.Min(plotValue(v), top))/top }
	r.font("", 7)
	for t := 0.0; t <= top+1e-9; t += step {
		r.drawColour(colRule)
		r.pdf.SetLineWidth(0.15)
		r.pdf.Line(plotX, yOf(t), plotX+plotW, yOf(t))
		r.pdf.Line(xOf(t), y0, xOf(t), y0+plotH)
		r.textColour(colMuted)
		r.textAt(marginL, yOf(t)-1.8, 9, 3.6, r.axisNumber(t), "R")
		r.textAt(xOf(t)-8, y0+plotH+1, 16, 3.5, r.axisNumber(t), "C")
	}
	r.axes(plotX, y0, plotW, plotH, r.t("ui.chart.share_axis"))

	// fair share (hours in line with revenue) and the threshold ratio
	r.dashed(xOf(0), yOf(0), xOf(top), yOf(top), colGrey, 0.3)
	endX := top
	if threshold > 0 && top*threshold > top {
		endX = top / threshold
	}
	r.dashed(xOf(0), yOf(0), xOf(endX), yOf(endX*threshold), colVermilion, 0.35)

	for _, c := range cs {
		if c.HoursShare == nil {
			continue
		}
		col := colAccent
		if c.HasFlag(analytics.FlagHighMaintenance) {
			col = colPurple
		}
		r.fillColour(col)
		px, py := xOf(c.Share), yOf(*c.HoursShare)
		r.pdf.Circle(px, py, 1.1, "F")
		if c.HasFlag(analytics.FlagHighMaintenance) {
			r.font("", 6.8)
			r.textColour(colInk)
			r.textAt(px+1.4, py-2, 40, 4, c.Name, "L")
		}
	}
	// legend to the right of the plot
	lx := plotX + plotW + 6
	ly := y0 + 2
	r.font("", 7.5)
	legend := []struct {
		c    rgb
		text string
		line bool
	}{
		{colGrey, r.t("ui.chart.fair_share"), true},
		{colVermilion, r.tf("ui.chart.load_threshold", "ratio", r.cat.Number(threshold, 1)), true},
		{colAccent, r.t("ui.chart.client"), false},
		{colPurple, r.flagName(analytics.FlagHighMaintenance), false},
	}
	for _, l := range legend {
		if l.line {
			r.dashed(lx, ly+2, lx+6, ly+2, l.c, 0.4)
		} else {
			r.fillColour(l.c)
			r.pdf.Circle(lx+3, ly+2, 1.1, "F")
		}
		r.textColour(colInk)
		r.textAt(lx+7, ly, pageW-marginR-lx-7, 4, l.text, "L")
		ly += 5.5
	}
	r.pdf.SetXY(marginL, y0+plotH+10)
}

// axes draws a chart's left and bottom axis lines and the x-axis label
// centred under the plot.
func (r *pdfRenderer) axes(x, y, w, h float64, label string) {
	r.drawColour(colInk)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(x, y, x, y+h)
	r.pdf.Line(x, y+h, x+w, y+h)
	r.font("", 7.5)
	r.textColour(colMuted)
	r.textAt(x, y+h+4.6, w, 4, label, "C")
}
