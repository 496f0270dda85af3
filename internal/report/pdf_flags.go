package report

import (
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
)

// ---- page 6: each flagged client ----

func (r *pdfRenderer) pageFlagged() {
	r.newSection("ui.flagged_detail")
	flagged := r.flagged()
	if len(flagged) == 0 {
		r.note(r.t("ui.no_flags"))
		return
	}
	for i, e := range flagged {
		if i == topFlaggedBlocks {
			break
		}
		r.flaggedBlock(e)
	}
	r.moreRows("ui.more_flagged", len(flagged)-topFlaggedBlocks)
}

// flaggedBlock is one client: name, its figures in one line, then per
// flag its grade, the reasons and the recommended actions. A card is kept
// on one page (it is measured first), and its page is recorded for the
// action list of page 1.
func (r *pdfRenderer) flaggedBlock(e flaggedEntry) {
	const textX = marginL + 5
	textW := contentW - 5
	var facts []string
	key := ""
	if c := e.client; c != nil {
		key = c.Key
		facts = append(facts,
			r.t("ui.col.share")+" "+r.cat.Percent(c.Share),
			r.t("ui.col.revenue")+" "+r.money(c.Revenue))
		if c.WADL != nil {
			facts = append(facts, r.t("ui.col.wadl")+" "+r.cat.Days(*c.WADL))
		}
		if c.OverdueAmount != 0 {
			facts = append(facts, r.t("ui.col.overdue")+" "+r.money(c.OverdueAmount))
		}
	} else if e.lost != nil {
		key = e.lost.Key
		facts = append(facts, r.t("ui.col.revenue")+" "+r.money(e.lost.Revenue),
			r.t("ui.col.last_invoice")+" "+r.cat.Date(e.lost.LastInvoice))
	}
	factLine := strings.Join(facts, "  ·  ")

	// Measure, so the card never splits.
	lines := func(s string, size, w float64) float64 {
		r.font("", size)
		return float64(len(r.wrap(s, w-1.6)))
	}
	h := 2 + 7 + lines(factLine, 8.5, textW)*4.6 + 1 + 5
	for _, f := range e.flags {
		h += 5.6 + 1.5
		if len(f.Reasons) > 0 {
			h += 4.6
			for _, m := range f.Reasons {
				h += lines("• "+r.msg(m), 9, textW-3) * 4.7
			}
		}
		if len(f.Actions) > 0 {
			h += 4.6
			for _, m := range f.Actions {
				h += lines("→ "+r.msg(m), 9, textW-3) * 4.7
			}
		}
	}
	r.keepTogether(h, 30)
	if key != "" {
		if _, seen := r.cardPage[key]; !seen {
			r.cardPage[key] = r.pdf.PageNo()
		}
	}

	y0 := r.pdf.GetY() + 2
	r.pdf.SetY(y0)
	r.font("B", 12)
	r.textColour(colInk)
	r.textAt(textX, y0, textW, 6.5, r.fitText(e.name, textW), "L")
	r.pdf.SetY(y0 + 7)
	r.paragraphAt(textX, textW, factLine, 8.5, 4.6, colMuted)
	r.pdf.Ln(1)
	for _, f := range e.flags {
		r.ensure(16)
		y := r.pdf.GetY()
		r.flagLabels(textX, y, textW, []string{f.Flag})
		lw := r.flagLabelsWidth(f.Flag) // in the font flagLabels left set
		if f.Grade != "" {
			r.gradeLabel(textX+lw+1.5, y, f.Grade)
		}
		r.pdf.SetY(y + 5.6)
		if len(f.Reasons) > 0 {
			r.font("B", 8.5)
			r.textColour(colInk)
			r.textAt(textX, r.pdf.GetY(), textW, 4.6, r.t("ui.why"), "L")
			r.pdf.Ln(4.6)
			for _, m := range f.Reasons {
				r.paragraphAt(textX+3, textW-3, "• "+r.msg(m), 9, 4.7, colInk)
			}
		}
		if len(f.Actions) > 0 {
			r.ensure(10)
			r.font("B", 8.5)
			r.textColour(colAccent)
			r.textAt(textX, r.pdf.GetY(), textW, 4.6, r.t("ui.what_to_do"), "L")
			r.pdf.Ln(4.6)
			for _, m := range f.Actions {
				r.paragraphAt(textX+3, textW-3, "→ "+r.msg(m), 9, 4.7, colInk)
			}
		}
		r.pdf.Ln(1.5)
	}
	// accent edge along the block (on its last page part)
	y1 := r.pdf.GetY()
	top := y0
	if y1 < y0 {
		top = marginT + 20
	}
	r.fillColour(colAccent)
	r.pdf.Rect(marginL, top, 1.2, y1-top, "F")
	r.drawColour(colRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(marginL, y1+2, pageW-marginR, y1+2)
	r.pdf.SetY(y1 + 3)
}

// flagLabelsWidth is the width of one flag's label (before flagLabels
// caps it at the room it has); the labels' font (bold 6.8) must be set.
func (r *pdfRenderer) flagLabelsWidth(flag string) float64 {
	const pad = 1.4 // as in flagLabels
	return r.pdf.GetStringWidth(r.clean(r.flagName(flag))) + 2*pad
}

// gradeLabel draws "ACT" (vermilion) or "WATCH" (grey) beside a flag.
func (r *pdfRenderer) gradeLabel(x, y float64, grade string) {
	label := strings.ToUpper(r.t("grade." + grade))
	r.font("B", 6.8)
	w := r.pdf.GetStringWidth(r.clean(label)) + 2.8
	r.fillColour(gradeColour(grade))
	r.pdf.RoundedRect(x, y, w, 4.2, 1, "1234", "F")
	r.textColour(colWhite)
	r.textAt(x, y, w, 4.2, label, "C")
}

// gradeColour is a grade label's colour: vermilion for act, grey for watch.
func gradeColour(grade string) rgb {
	if grade == analytics.GradeAct {
		return colVermilion
	}
	return colGrey
}
