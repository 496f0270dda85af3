package report

import (
	"math"
	"sort"

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

// Chart heights, for the heading that must stay with its chart.
const (
	barPitch       = 6.2
	othersGap      = 3.5 // space that sets the "other clients" bar apart
	paretoPlotH    = 52.0
	paretoHeight   = paretoPlotH + 20
	agingBarHeight = 9.0 + 24
	scatterPlotH   = 62.0
	scatterHeight  = scatterPlotH + 22
)

// shareBarsHeight is the height of shareBars with n bars.
func shareBarsHeight(n int, others bool) float64 {
	h := 6 + float64(n)*barPitch + 13
	if others {
		h += othersGap + barPitch
	}
	return h
}

// box is a rectangle in mm: x, y top-left, w, h.
type box struct{ x, y, w, h float64 }

func (b box) overlaps(o box) bool {
	return b.x < o.x+o.w && o.x < b.x+b.w && b.y < o.y+o.h && o.y < b.y+b.h
}

func (b box) inside(o box) bool {
	return b.x >= o.x && b.y >= o.y && b.x+b.w <= o.x+o.w && b.y+b.h <= o.y+o.h
}

// distance is how far the point (x, y) is from b (0 inside).
func (b box) distance(x, y float64) float64 {
	return math.Hypot(math.Max(0, math.Max(b.x-x, x-b.x-b.w)), math.Max(0, math.Max(b.y-y, y-b.y-b.h)))
}

func (b box) grow(d float64) box { return box{b.x - d, b.y - d, b.w + 2*d, b.h + 2*d} }

// segment is a straight line of a chart, from (x1, y1) to (x2, y2).
type segment struct{ x1, y1, x2, y2 float64 }

// crosses says whether the segment passes through b (Liang-Barsky
// clipping: the segment keeps a part inside b).
func (s segment) crosses(b box) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := s.x2-s.x1, s.y2-s.y1
	for _, e := range [4][2]float64{{-dx, s.x1 - b.x}, {dx, b.x + b.w - s.x1}, {-dy, s.y1 - b.y}, {dy, b.y + b.h - s.y1}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// valueLabelX places a bar's value label of width w after the bar end x:
// right after the bar, or past the threshold line at tx when the label
// would sit on it.
func valueLabelX(x, w, tx float64) float64 {
	const gap = 0.6
	lx := x + gap
	if lx-gap < tx+gap && lx+w+gap > tx-gap {
		lx = tx + 1.2
	}
	return lx
}

// shareBars draws horizontal bars of shares with the over-dependence
// threshold as a dashed line, value labels and a labelled axis. The
// combined share of the other clients, when there is one, is drawn set
// apart below in grey and the threshold line does not cross it: it is
// the sum of many clients, not one client to read against the line. A
// combined share beyond the axis is cut with a break mark.
func (r *pdfRenderer) shareBars(items []barItem, others *barItem, threshold float64) {
	const valueW, barH = 15.0, 4.4
	pitch := barPitch
	r.font("", 8)
	labelW := 30.0
	all := items
	if others != nil {
		all = append(append([]barItem(nil), items...), *others)
	}
	for _, it := range all {
		labelW = max(labelW, r.pdf.GetStringWidth(r.clean(it.label))+2.4)
	}
	labelW = min(labelW, 70)
	plotX := marginL + labelW + 2
	plotW := contentW - labelW - 2 - valueW
	maxV := threshold
	for _, it := range items {
		maxV = math.Max(maxV, plotValue(it.value))
	}
	top, step := niceCeil(maxV * 1.02)
	r.keepTogether(shareBarsHeight(len(items), others != nil), 40)
	y0 := r.pdf.GetY() + 6 // room for the threshold label
	plotH := float64(len(items)) * pitch
	fullH := plotH
	if others != nil {
		fullH += othersGap + pitch
	}
	xOf := func(v float64) float64 { return plotX + plotW*math.Max(0, math.Min(plotValue(v), top))/top }
	tx := xOf(threshold)

	// grid and ticks
	r.font("", 7)
	r.textColour(colMuted)
	for t := 0.0; t <= top+1e-9; t += step {
		x := xOf(t)
		r.drawColour(colRule)
		r.pdf.SetLineWidth(0.15)
		r.pdf.Line(x, y0, x, y0+fullH)
		r.textAt(x-8, y0+fullH+0.8, 16, 3.5, r.axisNumber(t), "C")
	}
	r.axes(plotX, y0, plotW, fullH, r.t("ui.chart.share_axis"))

	// threshold label above the plot, kept inside the chart's width
	r.font("B", 7)
	label := r.tf("ui.chart.threshold", "threshold", r.cat.Percent(threshold))
	lw := r.pdf.GetStringWidth(r.clean(label)) + 2
	lx := math.Max(plotX, math.Min(tx-lw/2, plotX+plotW+valueW-lw))
	r.textColour(colVermilion)
	r.textAt(lx, y0-5.5, lw, 4, label, "C")

	bar := func(it barItem, y float64, ink rgb) {
		r.font("", 8)
		r.textColour(ink)
		r.textAt(marginL, y-0.3, labelW, barH+0.6, it.label, "R")
		r.fillColour(it.colour)
		end := xOf(it.value)
		if end > plotX {
			r.pdf.Rect(plotX, y, end-plotX, barH, "F")
		}
		if plotValue(it.value) > top {
			// cut: two white slashes near the end say the bar goes on
			r.drawColour(colWhite)
			r.pdf.SetLineWidth(0.6)
			for _, dx := range []float64{-5, -3.6} {
				r.pdf.Line(end+dx, y+barH+0.3, end+dx+1.4, y-0.3)
			}
		}
		r.font("B", 7.5)
		value := r.clean(r.cat.Percent(it.value))
		vw := r.pdf.GetStringWidth(value) + 2
		vx := end + 0.6
		if it.colour != colGrey {
			vx = valueLabelX(end, vw, tx)
		}
		r.textColour(ink)
		r.textAt(vx, y-0.3, vw, barH+0.6, value, "L")
	}
	for i, it := range items {
		bar(it, y0+float64(i)*pitch+(pitch-barH)/2, colInk)
	}

	// threshold on top of the client bars only
	r.dashed(tx, y0-1.5, tx, y0+plotH, colVermilion, 0.45)

	if others != nil {
		y := y0 + plotH + othersGap + (pitch-barH)/2
		r.drawColour(colRule)
		r.pdf.SetLineWidth(0.2)
		r.pdf.Line(marginL, y0+plotH+othersGap/2, plotX+plotW+valueW, y0+plotH+othersGap/2)
		bar(*others, y, colMuted)
	}
	r.pdf.SetXY(marginL, y0+fullH+10)
}

// paretoCurve draws the cumulative share of revenue against the number of
// clients, largest first, with the 80% line and where it is crossed.
func (r *pdfRenderer) paretoCurve(shares []float64, k80 int) {
	const plotH = paretoPlotH
	n := len(shares)
	if n == 0 {
		return
	}
	r.keepTogether(paretoHeight, paretoHeight)
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
	r.keepTogether(agingBarHeight, agingBarHeight)
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

// scatterLabel is a client name to place beside its dot.
type scatterLabel struct {
	text    string
	x, y    float64 // the dot
	flagged bool
	size    float64 // share of revenue plus share of hours: larger is named first
}

// maxScatterLabels caps the names written in the scatter; flagged
// clients come first, then the largest.
const maxScatterLabels = 10

// spotBox is a w x h box whose side or corner facing a dot at (x, y)
// is d mm away from it in the direction angle (degrees, 0 = right,
// 90 = down, as y grows downwards on the page).
func spotBox(x, y, d, angle, w, h float64) box {
	c, s := math.Cos(angle*math.Pi/180), math.Sin(angle*math.Pi/180)
	px, py := x+d*c, y+d*s
	bx, by := px-w/2, py-h/2
	switch {
	case c > 0.3:
		bx = px
	case c < -0.3:
		bx = px - w
	}
	switch {
	case s > 0.3:
		by = py
	case s < -0.3:
		by = py - h
	}
	return box{bx, by, w, h}
}

// distance is how far the point (x, y) is from the segment.
func (s segment) distance(x, y float64) float64 {
	dx, dy := s.x2-s.x1, s.y2-s.y1
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((x-s.x1)*dx+(y-s.y1)*dy)/l2))
	}
	return math.Hypot(x-(s.x1+t*dx), y-(s.y1+t*dy))
}

// placeLabels finds for each label a place beside its dot that overlaps
// no dot, no label placed before it and no line, inside the plot. It
// tries right, left, above, below and the four corners next to the dot;
// a flagged client's name may also go farther out, with a thin leader
// line from its dot (that line too must cross no dot or name); then the
// name cut shorter. measure gives a text's width and cut shortens it to
// a width. A label with no free place is left out (its text is ""): a
// name on a mark is worse than no name.
func placeLabels(labels []scatterLabel, dots []box, lines []segment, plot box, h float64,
	measure func(string) float64, cut func(string, float64) string) (placed []box, texts []string, leaders []*segment) {
	var taken []box
	placed = make([]box, len(labels))
	texts = make([]string, len(labels))
	leaders = make([]*segment, len(labels))
	lines = append([]segment(nil), lines...)
	free := func(b box) bool {
		if !b.inside(plot) {
			return false
		}
		g := b.grow(0.3)
		for _, d := range dots {
			if g.overlaps(d) {
				return false
			}
		}
		for _, t := range taken {
			if g.overlaps(t) {
				return false
			}
		}
		for _, l := range lines {
			if l.crosses(g) {
				return false
			}
		}
		return true
	}
	// a leader from the dot's edge to the nearest point of b; it may
	// cross the dashed lines but no other dot or name
	leader := func(l scatterLabel, b box) (segment, bool) {
		nx := math.Max(b.x, math.Min(l.x, b.x+b.w))
		ny := math.Max(b.y, math.Min(l.y, b.y+b.h))
		dx, dy := nx-l.x, ny-l.y
		n := math.Hypot(dx, dy)
		if n < 2 {
			return segment{}, false
		}
		sg := segment{l.x + dx/n*1.5, l.y + dy/n*1.5, nx - dx/n*0.4, ny - dy/n*0.4}
		for _, d := range dots {
			cx, cy := d.x+d.w/2, d.y+d.h/2
			if (cx != l.x || cy != l.y) && sg.distance(cx, cy) < d.w/2+0.35 {
				return sg, false
			}
		}
		for _, t := range taken {
			if sg.crosses(t) {
				return sg, false
			}
		}
		return sg, true
	}
	// candidate places: next to the dot in the eight main directions,
	// then (flagged only) farther out in sixteen
	type spot struct{ d, angle float64 }
	var spots []spot
	for _, a := range []float64{0, 180, 270, 90, 315, 45, 225, 135} {
		spots = append(spots, spot{1.7, a})
	}
	var far []spot
	for _, d := range []float64{4, 7, 10, 14} {
		for a := 0.0; a < 360; a += 22.5 {
			far = append(far, spot{d, a})
		}
	}
	// clear says the label's own dot is the one nearest to it, by a
	// margin, so the eye does not give the name to a neighbour
	clear := func(l scatterLabel, b box) bool {
		own := b.distance(l.x, l.y)
		for _, d := range dots {
			cx, cy := d.x+d.w/2, d.y+d.h/2
			if (cx != l.x || cy != l.y) && b.distance(cx, cy) < own+1.2 {
				return false
			}
		}
		return true
	}
	for i, l := range labels {
		cands := spots
		if l.flagged {
			cands = append(append([]spot(nil), spots...), far...)
		}
	search:
		for _, maxW := range []float64{0, 28, 16} {
			text := l.text
			if maxW > 0 {
				if measure(text) <= maxW {
					continue
				}
				text = cut(text, maxW)
			}
			w := measure(text) + 0.8
			for pass := 0; pass < 2; pass++ {
				for _, c := range cands {
					b := spotBox(l.x, l.y, c.d, c.angle, w, h)
					if !free(b) || (pass == 0 && !clear(l, b)) {
						continue
					}
					if c.d > spots[0].d {
						sg, ok := leader(l, b)
						if !ok {
							continue
						}
						leaders[i] = &sg
						lines = append(lines, sg)
					}
					placed[i], texts[i] = b, text
					taken = append(taken, b)
					break search
				}
			}
		}
	}
	return placed, texts, leaders
}

// loadScatter plots each client's share of hours against its share of
// revenue, with the fair-share diagonal and the load-ratio threshold.
// Names are written where they touch no dot, line or other name.
func (r *pdfRenderer) loadScatter(cs []*analytics.ClientFigures, threshold float64) {
	const plotH = scatterPlotH
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
	r.keepTogether(scatterHeight, scatterHeight)
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
	fair := segment{xOf(0), yOf(0), xOf(top), yOf(top)}
	r.dashed(fair.x1, fair.y1, fair.x2, fair.y2, colGrey, 0.3)
	endX := top
	if threshold > 0 && top*threshold > top {
		endX = top / threshold
	}
	limit := segment{xOf(0), yOf(0), xOf(endX), yOf(endX * threshold)}
	r.dashed(limit.x1, limit.y1, limit.x2, limit.y2, colVermilion, 0.35)

	const dotR = 1.1
	var dots []box
	var flagged, rest []scatterLabel
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
		r.pdf.Circle(px, py, dotR, "F")
		dots = append(dots, box{px - dotR, py - dotR, 2 * dotR, 2 * dotR})
		l := scatterLabel{text: r.clean(c.Name), x: px, y: py, flagged: c.HasFlag(analytics.FlagHighMaintenance),
			size: plotValue(c.Share) + plotValue(*c.HoursShare)}
		if l.flagged {
			flagged = append(flagged, l)
		} else {
			rest = append(rest, l)
		}
	}
	// the largest clients are the ones worth naming after the flagged
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].size > rest[j].size })
	labels := append(flagged, rest...)
	if len(labels) > maxScatterLabels {
		labels = labels[:maxScatterLabels]
	}
	r.font("", 6.8)
	measure := func(s string) float64 { return r.pdf.GetStringWidth(r.clean(s)) }
	cut := func(s string, w float64) string { return r.fitText(s, w) }
	plot := box{plotX + 0.4, y0 + 0.4, plotW - 0.8, plotH - 0.8}
	placed, texts, leaders := placeLabels(labels, dots, []segment{fair, limit}, plot, 2.8, measure, cut)
	r.scatterLabels = r.scatterLabels[:0]
	for i, l := range labels {
		if texts[i] == "" {
			continue
		}
		if sg := leaders[i]; sg != nil {
			r.drawColour(colInk)
			r.pdf.SetLineWidth(0.2)
			r.pdf.Line(sg.x1, sg.y1, sg.x2, sg.y2)
		}
		r.textColour(colMuted)
		if l.flagged {
			r.textColour(colInk)
		}
		b := placed[i]
		r.pdf.SetXY(b.x, b.y)
		r.pdf.CellFormat(b.w, b.h, texts[i], "", 0, "C", false, 0, "")
		r.scatterLabels = append(r.scatterLabels, b)
	}
	r.scatterDots, r.scatterLines, r.scatterPlot = dots, []segment{fair, limit}, plot

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
