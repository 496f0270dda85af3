package report

import (
	"sort"
	"strings"
)

// pdfColumn is one table column: its header, width in mm and alignment
// ("L" text, "R" numbers). A width of 0 is the width of the column's
// widest cell or header word; a fill column (client names) takes the
// width the other columns leave.
type pdfColumn struct {
	title string
	width float64
	align string
	mono  bool // hashes and codes
	fill  bool
	// maxWidth caps an auto column (0: no cap); a longer cell is cut.
	maxWidth float64
}

// pdfCell is one table cell: text, or flag labels when flags is set.
type pdfCell struct {
	text  string
	flags []string
	bold  bool
	col   *rgb // text colour, nil for ink
}

const (
	rowH      = 5.8
	headH     = 6.4
	cellPad   = 1.6
	headLineH = 3.3
	// cellSlack is what a cell needs beside its text: gofpdf's cell
	// margin on both sides and a little air.
	cellSlack = 2*cellPad + 0.6
	minFillW  = 30.0 // a fill column narrower than this is not worth keeping
)

// table draws a table at the current position. A table of up to
// keepTableRows rows that fits on a page is kept on one page; a longer
// one repeats the header row on each new page. A row is never split.
func (r *pdfRenderer) table(cols []pdfColumn, rows [][]pdfCell) {
	cols = r.layoutColumns(cols, rows)
	titles, sizes, hh := r.headerLayout(cols)
	if len(rows) <= keepTableRows {
		r.keepTogether(r.rowsHeight(cols, rows, hh), hh+2*rowH)
	} else {
		r.ensure(hh + 3*rowH)
	}
	r.tableHeader(cols, titles, sizes, hh)
	for i, row := range rows {
		h := r.rowHeight(cols, row)
		if r.ensure(h) {
			r.tableHeader(cols, titles, sizes, hh)
		}
		y := r.pdf.GetY()
		if i%2 == 1 {
			r.fillColour(colZebra)
			r.pdf.Rect(marginL, y, r.tableWidth(cols), h, "F")
		}
		x := marginL
		for j, c := range cols {
			if j >= len(row) {
				break
			}
			cell := row[j]
			if len(cell.flags) > 0 {
				r.flagLabels(x+cellPad, y+(rowH-4.2)/2, c.width-2*cellPad, cell.flags)
			} else {
				r.cellFont(c, cell)
				if cell.col != nil {
					r.textColour(*cell.col)
				} else {
					r.textColour(colInk)
				}
				r.textAt(x, y, c.width, rowH, cell.text, c.align)
			}
			x += c.width
		}
		r.pdf.SetXY(marginL, y+h)
	}
	r.drawColour(colRule)
	r.pdf.SetLineWidth(0.2)
	y := r.pdf.GetY()
	r.pdf.Line(marginL, y, marginL+r.tableWidth(cols), y)
	r.pdf.Ln(2)
}

// tableHeight is the height table would use on one page, for a heading
// that must stay with it. For a table that will paginate anyway it is the
// height of the header row and three rows.
func (r *pdfRenderer) tableHeight(cols []pdfColumn, rows [][]pdfCell) float64 {
	cols = r.layoutColumns(cols, rows)
	_, _, hh := r.headerLayout(cols)
	if h := r.rowsHeight(cols, rows, hh); len(rows) <= keepTableRows && h <= contentBottom-pageTop {
		return h
	}
	return hh + 3*rowH
}

// rowsHeight is the header row, every row and the closing rule.
func (r *pdfRenderer) rowsHeight(cols []pdfColumn, rows [][]pdfCell, headerH float64) float64 {
	h := headerH + 0.4 + 2
	for _, row := range rows {
		h += r.rowHeight(cols, row)
	}
	return h
}

// cellFont sets the font a cell of column c is drawn in.
func (r *pdfRenderer) cellFont(c pdfColumn, cell pdfCell) {
	switch {
	case c.mono:
		r.pdf.SetFont(fontMono, "", 7.6)
	case cell.bold:
		r.font("B", 8.4)
	default:
		r.font("", 8.4)
	}
}

// layoutColumns returns the columns with their widths worked out from the
// content: auto columns as wide as their widest cell (or header word), a
// fill column the rest of the content width, so a client name is cut only
// when it really does not fit. Columns that still add up to more than the
// content width are scaled down.
func (r *pdfRenderer) layoutColumns(in []pdfColumn, rows [][]pdfCell) []pdfColumn {
	cols := append([]pdfColumn(nil), in...)
	need := make([]float64, len(cols))
	fixed, fillNeed, fills := 0.0, 0.0, 0
	for j, c := range cols {
		if c.width > 0 && !c.fill {
			fixed += c.width
			continue
		}
		r.font("B", 7.6)
		w := r.longestWord(c.title) + cellSlack
		for _, row := range rows {
			if j < len(row) {
				w = max(w, r.cellWidth(c, row[j]))
			}
		}
		if c.maxWidth > 0 && !c.fill {
			w = min(w, c.maxWidth)
		}
		need[j] = w
		if c.fill {
			fillNeed += w
			fills++
			continue
		}
		cols[j].width = w
		fixed += w
	}
	if fills > 0 {
		// Slack the names do not need first goes to auto columns whose
		// title would otherwise wrap, narrowest first, so that headers
		// stay on one line where the page allows it.
		slack := contentW - fixed - fillNeed
		type widen struct {
			j     int
			extra float64
		}
		var ws []widen
		r.font("B", 7.6)
		for j, c := range cols {
			if c.width > 0 && need[j] > 0 && !c.fill {
				if full := r.pdf.GetStringWidth(r.clean(c.title)) + cellSlack; full > c.width {
					ws = append(ws, widen{j, full - c.width})
				}
			}
		}
		sort.SliceStable(ws, func(a, b int) bool { return ws[a].extra < ws[b].extra })
		for _, w := range ws {
			if w.extra > slack {
				break
			}
			cols[w.j].width += w.extra
			fixed += w.extra
			slack -= w.extra
		}
		avail := contentW - fixed
		for j, c := range cols {
			if !c.fill {
				continue
			}
			switch {
			case avail >= fillNeed:
				// the slack goes to the names, in proportion
				cols[j].width = avail * need[j] / fillNeed
			default:
				cols[j].width = max(avail*need[j]/fillNeed, minFillW/float64(fills))
			}
		}
	}
	total := r.tableWidth(cols)
	if total > contentW {
		for j := range cols {
			cols[j].width *= contentW / total
		}
	}
	return cols
}

// cellWidth is the width a cell needs to be drawn whole.
func (r *pdfRenderer) cellWidth(c pdfColumn, cell pdfCell) float64 {
	if len(cell.flags) > 0 {
		r.font("B", 6.8)
		w := 0.0
		for i, f := range cell.flags {
			if i > 0 {
				w += 1.2
			}
			w += r.pdf.GetStringWidth(r.clean(r.flagName(f))) + 2*1.4
		}
		return w + 2*cellPad
	}
	r.cellFont(c, cell)
	return r.pdf.GetStringWidth(r.clean(cell.text)) + cellSlack
}

func (r *pdfRenderer) tableWidth(cols []pdfColumn) float64 {
	w := 0.0
	for _, c := range cols {
		w += c.width
	}
	return w
}

func (r *pdfRenderer) rowHeight(cols []pdfColumn, row []pdfCell) float64 {
	h := rowH
	for j, c := range cols {
		if j >= len(row) || len(row[j].flags) == 0 {
			continue
		}
		if fh := r.flagLabelsHeight(c.width-2*cellPad, row[j].flags) + (rowH - 4.2); fh > h {
			h = fh
		}
	}
	return h
}

// headerLayout wraps the header titles: long titles wrap onto up to three
// lines rather than being cut, at a smaller size first so that words are
// not cut in the middle. It returns the lines, sizes and row height.
func (r *pdfRenderer) headerLayout(cols []pdfColumn) ([][]string, []float64, float64) {
	titles := make([][]string, len(cols))
	sizes := make([]float64, len(cols))
	n := 1
	for i, c := range cols {
		sizes[i] = 7.6
		r.font("B", sizes[i])
		for sizes[i] > 6.2 && r.longestWord(c.title) > c.width-2*cellPad {
			sizes[i] -= 0.2
			r.font("B", sizes[i])
		}
		lines := r.wrap(c.title, c.width-2*cellPad)
		if len(lines) > 3 {
			lines = append(lines[:2], r.fitText(strings.Join(lines[2:], " "), c.width-2*cellPad))
		}
		titles[i] = lines
		n = max(n, len(lines))
	}
	return titles, sizes, max(headH, float64(n)*headLineH+3)
}

// tableHeader draws the header row laid out by headerLayout,
// bottom-aligned so one-line titles sit on the rule like the others.
func (r *pdfRenderer) tableHeader(cols []pdfColumn, titles [][]string, sizes []float64, h float64) {
	y := r.pdf.GetY()
	r.textColour(colMuted)
	x := marginL
	for i, c := range cols {
		ly := y + h - 1.2 - float64(len(titles[i]))*headLineH
		r.font("B", sizes[i])
		for j, l := range titles[i] {
			r.textAt(x, ly+float64(j)*headLineH, c.width, headLineH, l, c.align)
		}
		x += c.width
	}
	r.drawColour(colInk)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(marginL, y+h, marginL+r.tableWidth(cols), y+h)
	r.pdf.SetXY(marginL, y+h+0.4)
}

// longestWord is the width of the widest word of s in the current font.
func (r *pdfRenderer) longestWord(s string) float64 {
	w := 0.0
	for _, word := range words(r.clean(s)) {
		w = max(w, r.pdf.GetStringWidth(word))
	}
	return w
}

// moreRows writes the "N more ... in the XLSX" line under a capped table.
func (r *pdfRenderer) moreRows(key string, hidden int) {
	if hidden <= 0 {
		return
	}
	r.note(r.tn(key, hidden))
}

// txt, num and flagCell build cells.
func txt(s string) pdfCell            { return pdfCell{text: s} }
func bold(s string) pdfCell           { return pdfCell{text: s, bold: true} }
func flagCell(flags []string) pdfCell { return pdfCell{flags: flags} }
func muted(s string) pdfCell          { return pdfCell{text: s, col: &colMuted} }
