package report

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
	r.ensure(headH + rowH)
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

func (r *pdfRenderer) tableHeader(cols []pdfColumn) {
	y := r.pdf.GetY()
	r.font("B", 7.6)
	r.textColour(colMuted)
	x := marginL
	for _, c := range cols {
		r.textAt(x, y, c.width, headH, c.title, c.align)
		x += c.width
	}
	r.drawColour(colInk)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(marginL, y+headH, marginL+r.tableWidth(cols), y+headH)
	r.pdf.SetXY(marginL, y+headH+0.4)
}

// moreRows writes the "N more ... in the XLSX" line under a capped table.
func (r *pdfRenderer) moreRows(key string, hidden int) {
	if hidden <= 0 {
		return
	}
	r.note(r.tn(key, hidden))
}

// txt, num and flagCell build cells.
func txt(s string) pdfCell             { return pdfCell{text: s} }
func bold(s string) pdfCell            { return pdfCell{text: s, bold: true} }
func coloured(s string, c rgb) pdfCell { return pdfCell{text: s, col: &c} }
func flagCell(flags []string) pdfCell  { return pdfCell{flags: flags} }
