package report

import (
	"strings"
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
// flag the reasons and the recommended actions.
func (r *pdfRenderer) flaggedBlock(e flaggedEntry) {
	const textX = marginL + 5
	textW := contentW - 5
	r.ensure(30)
	y0 := r.pdf.GetY() + 2
	r.pdf.SetY(y0)
	r.font("B", 12)
	r.textColour(colInk)
	r.textAt(textX, y0, textW, 6.5, e.name, "L")
	r.pdf.SetY(y0 + 7)
	var facts []string
	if c := e.client; c != nil {
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
		facts = append(facts, r.t("ui.col.revenue")+" "+r.money(e.lost.Revenue),
			r.t("ui.col.last_invoice")+" "+r.cat.Date(e.lost.LastInvoice))
	}
	r.paragraphAt(textX, textW, strings.Join(facts, "  ·  "), 8.5, 4.6, colMuted)
	r.pdf.Ln(1)
	for _, f := range e.flags {
		r.ensure(16)
		y := r.pdf.GetY()
		r.flagLabels(textX, y, textW, []string{f.Flag})
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
