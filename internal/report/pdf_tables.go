package report

import "strings"

// pdfColumn is one table column: its header, width in mm and alignment
// ("L" text, "R" numbers).
type pdfColumn struct {
	title string
	width float64
	align string
	mono  bool // hashes and codes
}

// pdfCell is one table cell: text, or flag labels when flags is set.
type pdfCell struct {
	text  string
	flags []string
	bold  bool
	col   *rgb // text colour, nil for ink
}

const (
	rowH    = 5.8
	headH   = 6.4
	cellPad = 1.6
)

// table draws a table at the current position. It repeats the header row
// on each new page and never splits a row. Widths are scaled to the
// content width when they add up to more.
func (r *pdfRenderer) table(cols []pdfColumn, rows [][]pdfCell) {
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	if total > contentW {
		for i := range cols {
			cols[i].width *= contentW / total
		}
	}
	r.ensure(3*3.3 + 3 + 2*rowH)
	r.tableHeader(cols)
	for i, row := range rows {
		h := r.rowHeight(cols, row)
		if r.ensure(h) {
			r.tableHeader(cols)
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
				style := ""
				if cell.bold {
					style = "B"
				}
				if c.mono {
					r.pdf.SetFont(fontMono, "", 7.6)
				} else {
					r.font(style, 8.4)
				}
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

// tableHeader draws the header row. Long titles wrap onto up to three
// lines rather than being cut, bottom-aligned so one-line titles sit on
// the rule like the others.
func (r *pdfRenderer) tableHeader(cols []pdfColumn) {
	const lineH = 3.3
	y := r.pdf.GetY()
	r.font("B", 7.6)
	r.textColour(colMuted)
	titles := make([][]string, len(cols))
	sizes := make([]float64, len(cols))
	n := 1
	for i, c := range cols {
		// a smaller size first, so that words are not cut in the middle
		sizes[i] = 7.6
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
	h := max(headH, float64(n)*lineH+3)
	x := marginL
	for i, c := range cols {
		ly := y + h - 1.2 - float64(len(titles[i]))*lineH
		r.font("B", sizes[i])
		for j, l := range titles[i] {
			r.textAt(x, ly+float64(j)*lineH, c.width, lineH, l, c.align)
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
	for _, word := range strings.Fields(r.clean(s)) {
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
