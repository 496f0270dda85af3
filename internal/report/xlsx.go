package report

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// Sheet names of the workbook.
const (
	SheetSummary     = "Summary"
	SheetClients     = "Clients"
	SheetOpen        = "Open invoices"
	SheetRejected    = "Rejected rows"
	SheetDataQuality = "Data quality"
)

// Number formats of the workbook's cells.
const (
	fmtPercent = "0.0%"
	fmtChange  = "+0.0%;-0.0%;0.0%"
	fmtDate    = "yyyy-mm-dd"
	fmtDays    = "0.0"
	fmtCount   = "0"
	fmtHours   = "0.0"
	fmtRatio   = "0.00"
	fmtHHI     = "#,##0"
)

// moneyFormat is "#,##0.00" for a currency with cents, "#,##0" for JPY
// and the like, "#,##0.000" for the dinars.
func moneyFormat(currency string) string {
	if n := invoice.MinorDigits(currency); n > 0 {
		return "#,##0." + strings.Repeat("0", n)
	}
	return "#,##0"
}

// xlsxColumn is one column of a sheet: its header, width, number format
// ("" for text, perRowFormat when each value is formatted with its own)
// and how a row gives its value (nil = empty cell).
type xlsxColumn[T any] struct {
	header string
	width  float64
	format string
	value  func(*T) any
}

// perRowFormat is the format of a column whose values are each a
// formatted value with a number format of its own.
const perRowFormat = "\x00per row"

// xlsxBook is the workbook being written: it caches one style ID per
// number format, and keeps the rows of each table until the zip is
// written (writeZip).
type xlsxBook struct {
	f      *excelize.File
	header int
	ids    map[string]int
	rows   map[string]tableRows // by the sheet's part name in the zip
}

// addRows registers the rows of sheet, to be put below its header row
// when the workbook is written. excelize names a sheet's part after its
// sheet ID (xl/worksheets/sheet<ID>.xml); writeZip fails if that part is
// not in the workbook, so the rows are never silently left out.
func (s *xlsxBook) addRows(sheet string, rows tableRows) error {
	for id, name := range s.f.GetSheetMap() {
		if name == sheet {
			s.rows["xl/worksheets/sheet"+strconv.Itoa(id)+".xml"] = rows
			return nil
		}
	}
	return fmt.Errorf("sheet %s: not in the workbook", sheet)
}

func (s *xlsxBook) id(format string) (int, error) {
	if id, ok := s.ids[format]; ok {
		return id, nil
	}
	st := &excelize.Style{}
	if format != "" {
		nf := format
		st.CustomNumFmt = &nf
	}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, fmt.Errorf("number format %q: %w", format, err)
	}
	s.ids[format] = id
	return id, nil
}

// WriteXLSX writes the accountant's workbook to path: a summary of the
// month's key figures (an unknown one is an empty cell with the reason
// beside it, never 0), every client with
// every figure and its flags, the open invoices with days past due and
// aging bucket, the rejected rows, and the data-quality record. Like the
// JSON it is in English. Money cells are numbers (the exact decimal of
// the amount, which a spreadsheet stores as the nearest double) with the
// base currency's decimals; undefined figures are empty cells so the
// columns stay numeric. The file is written beside path and renamed into
// place, so a failed run never leaves half a workbook under the real name.
func WriteXLSX(path string, in *Input) (err error) {
	if err := in.check(); err != nil {
		return err
	}
	cat, err := i18n.Lookup("en")
	if err != nil {
		return fmt.Errorf("xlsx report: %w", err)
	}
	cat = cat.WithCurrency(in.Result.Currency)

	// excelize's temporary files and the zip's spool go beside the
	// report, in a folder of this run's own (tempfiles.go).
	tmpDir, err := runTempDir(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("xlsx report: %w", err)
	}
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("xlsx report %s: %w", path, cerr)
		}
		_ = os.RemoveAll(tmpDir)
		_ = os.Remove(filepath.Dir(tmpDir)) // only when empty: another run may be using it
	}()
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F1F8"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return fmt.Errorf("xlsx report %s: header style: %w", path, err)
	}
	book := &xlsxBook{f: f, header: header, ids: map[string]int{}, rows: map[string]tableRows{}}

	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	for _, name := range []string{SheetClients, SheetOpen, SheetRejected, SheetDataQuality} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx report %s: sheet %s: %w", path, name, err)
		}
	}
	cur := in.Result.Currency
	if err := writeSummary(book, in, cat); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	if err := writeTable(book, SheetClients, clientColumns(cat, cur), clientRows(in.Result), len(in.Result.Clients)); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	if err := writeTable(book, SheetOpen, openColumns(cur), openRows(in.Result), in.Result.Open.Len()); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	rejectedList := in.rejectedRows()
	rejected := rowPointers(rejectedList)
	if err := writeTable(book, SheetRejected, rejectedColumns(), rejected, len(rejectedList)); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	if err := writeDataQuality(book, in, cat); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	// No SetActiveSheet: the first sheet is already the active one, and
	// the call would parse every streamed sheet back into memory.

	if err := WriteAtomic(path, func(w io.Writer) error { return writeZip(f, book.rows, tmpDir, w) }); err != nil {
		return fmt.Errorf("xlsx report %s: %w", path, err)
	}
	return nil
}

// zipLevel is the deflate level of the workbook's parts. On a large
// portfolio the sheets are a hundred megabytes of repetitive XML: on a
// 1M-row month's report (106 MB of XML), level 2 deflates it to 11.9 MB
// in 0.32 s of CPU, where zip's default (5) takes 0.77 s for 10.7 MB and
// BestSpeed 0.27 s for 13.5 MB.
const zipLevel = 2

// writeZip writes the workbook f as a zip to w without holding it in
// memory: excelize's parts go, deflated at zipLevel, into a spool file in
// tmpDir in the order excelize gives them, then are copied to w in a
// fixed order (sortedZip), the sheets of tables with their rows.
func writeZip(f *excelize.File, tables map[string]tableRows, tmpDir string, w io.Writer) (err error) {
	spool, err := os.CreateTemp(tmpDir, "workbook-*.zip")
	if err != nil {
		return err
	}
	defer func() {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
	}()
	zw := zip.NewWriter(spool)
	zw.RegisterCompressor(zip.Deflate, deflater)
	// excelize hands its ZipWriter an in-memory buffer; this one writes
	// to the spool instead, so the buffer WriteToBuffer returns is empty.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteToBuffer(); err != nil {
		return err
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	return sortedZip(w, spool, size, tables)
}

// summaryLine is one row of the Summary sheet: a figure's name, its value
// (nil when unknown) with its number format, and a note saying why a
// value is missing.
type summaryLine struct {
	label  string
	value  any
	format string
	note   string
}

// Why a summary figure is an empty cell. An unknown figure is never
// written as 0: a spreadsheet sum or a reader would take it for a fact.
const (
	noPaymentData = "not available (no payment data)"
	noRevenue     = "not available (no revenue in the window)"
	notDefined    = "not available"
)

// writeSummary writes the first sheet: what the report is about, then the
// portfolio's key figures, the flag counts and the lost and new clients.
func writeSummary(s *xlsxBook, in *Input, cat *i18n.Catalog) error {
	r := in.Result
	pf := &r.Portfolio
	money := moneyFormat(r.Currency)
	var lines []summaryLine
	add := func(label string, value any, format string) {
		lines = append(lines, summaryLine{label: label, value: value, format: format})
	}
	// figure adds a figure that may be unknown: nil, NaN and infinities
	// are an empty cell with why beside it.
	figure := func(label string, value any, format, why string) {
		if f, ok := value.(*float64); ok {
			value = floatCell(f)
		}
		if value == nil {
			lines = append(lines, summaryLine{label: label, format: format, note: why})
			return
		}
		add(label, value, format)
	}
	// payment adds a payment figure: unknown as a whole when no invoice
	// says whether it was paid.
	payment := func(label string, value any, format string) {
		if !pf.PaymentKnown {
			value = nil
		}
		why := notDefined
		if !pf.PaymentKnown {
			why = noPaymentData
		}
		figure(label, value, format, why)
	}
	// concentration adds a share figure, unknown with no revenue at all.
	concentration := func(label string, value any, format string) {
		if pf.Clients == 0 {
			value = nil
		}
		figure(label, value, format, noRevenue)
	}

	add("Company", textCell(in.Company), "")
	add("Report month", r.Month.String(), "")
	add("As of", dateCell(r.AsOf), fmtDate)
	add("Window from", dateCell(r.WindowFrom), fmtDate)
	add("Window to", dateCell(r.WindowTo), fmtDate)
	add("Base currency", textCell(r.Currency), "")
	generated := any(nil)
	if !in.Generated.IsZero() {
		generated = in.Generated.UTC().Format("2006-01-02 15:04:05") + " UTC"
	}
	add("Generated", generated, "")

	add("Revenue in the window", moneyCell(pf.Revenue, r.Currency), money)
	add("Revenue in the month", moneyCell(pf.MonthRevenue, r.Currency), money)
	add("Clients with revenue", pf.Clients, fmtCount)
	concentration("HHI", floatCell(&pf.HHI), fmtHHI)
	band := any(nil)
	if pf.HHIBand != "" {
		band = cat.T("band." + pf.HHIBand)
	}
	concentration("HHI band", band, "")
	figure("Effective number of clients", pf.EffectiveClients, fmtRatio, noRevenue)
	concentration("Top 1 client's share", floatCell(&pf.Top1Share), fmtPercent)
	concentration("Top 3 clients' share", floatCell(&pf.Top3Share), fmtPercent)
	concentration("Top 5 clients' share", floatCell(&pf.Top5Share), fmtPercent)
	concentration("Clients making 80% of revenue", pf.Pareto80Clients, fmtCount)

	payment("Open amount", moneyCell(pf.OpenAmount, r.Currency), money)
	payment("Overdue amount", moneyCell(pf.OverdueAmount, r.Currency), money)
	payment("DSO (days)", floatCell(pf.DSO), fmtDays)
	payment("Weighted days late", floatCell(pf.WADL), fmtDays)
	payment("On-time rate", floatCell(pf.OnTimeRate), fmtPercent)
	payment("Open, not yet due", moneyCell(pf.Aging.Current, r.Currency), money)
	payment("Open, 1-30 days past due", moneyCell(pf.Aging.D1to30, r.Currency), money)
	payment("Open, 31-60 days past due", moneyCell(pf.Aging.D31to60, r.Currency), money)
	payment("Open, 61-90 days past due", moneyCell(pf.Aging.D61to90, r.Currency), money)
	payment("Open, over 90 days past due", moneyCell(pf.Aging.D90plus, r.Currency), money)

	for _, f := range []string{analytics.FlagOverDependent, analytics.FlagSlowPayer, analytics.FlagHighMaintenance} {
		n := 0
		for i := range r.Clients {
			if r.Clients[i].HasFlag(f) {
				n++
			}
		}
		add("Clients flagged "+cat.T("flag."+f), n, fmtCount)
	}
	// Lost clients may have no revenue in the window, so they are not all
	// among the listed clients: count them from their own list.
	add("Clients flagged "+cat.T("flag."+analytics.FlagLost)+" (lost clients)", len(r.Lost), fmtCount)
	add("New clients", len(r.New), fmtCount)

	type l = summaryLine
	cols := []xlsxColumn[l]{
		{"Figure", 34, "", func(x *l) any { return x.label }},
		{"Value", 20, perRowFormat, func(x *l) any { return formatted{x.value, x.format} }},
		{"Note", 40, "", func(x *l) any { return textCell(x.note) }},
	}
	return writeTable(s, SheetSummary, cols, rowPointers(lines), -1)
}

func rowPointers[T any](rows []T) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range rows {
			if !yield(&rows[i]) {
				return
			}
		}
	}
}

func clientRows(r *analytics.Result) iter.Seq[*analytics.ClientFigures] {
	return rowPointers(r.Clients)
}

// openRows makes each open invoice as the sheet takes it (OpenList), into
// one variable: the sheet is done with a row before it asks for the next.
func openRows(r *analytics.Result) iter.Seq[*analytics.OpenInvoice] {
	return func(yield func(*analytics.OpenInvoice) bool) {
		var cur analytics.OpenInvoice
		for _, o := range r.Open.All() {
			cur = o
			if !yield(&cur) {
				return
			}
		}
	}
}

// writeTable writes sheet as a table: a bold, frozen header row, the
// columns' widths and number formats and an autofilter, through
// excelize's stream writer, and registers the rows below the header,
// which are encoded into the sheet's zip entry when the workbook is
// written (xlsx_rows.go: memory stays flat however many rows there are).
// rows is iterated then, and once before for the number formats of
// perRowFormat columns, so it must give the same rows each time.
// filterRows is how many rows below the header the autofilter covers;
// below zero, the sheet has no filter.
func writeTable[T any](s *xlsxBook, sheet string, cols []xlsxColumn[T], rows iter.Seq[*T], filterRows int) error {
	sw, err := s.f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	styleIDs := make([]int, len(cols))
	head := make([]any, len(cols))
	perRow := false
	for i, c := range cols {
		if c.format == perRowFormat {
			perRow = true
		} else if styleIDs[i], err = s.id(c.format); err != nil {
			return fmt.Errorf("sheet %s: %w", sheet, err)
		}
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("sheet %s: %w", sheet, err)
		}
		head[i] = excelize.Cell{StyleID: s.header, Value: c.header}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	// The styles of the cells that carry their own number format are made
	// now, in row order: the workbook's styles are written before the rows.
	if perRow {
		for row := range rows {
			for _, c := range cols {
				if c.format != perRowFormat {
					continue
				}
				if fv, ok := c.value(row).(formatted); ok {
					if _, err := s.id(fv.format); err != nil {
						return fmt.Errorf("sheet %s: %w", sheet, err)
					}
				}
			}
		}
	}
	if filterRows >= 0 {
		last, _ := excelize.CoordinatesToCellName(len(cols), max(filterRows+1, 2))
		// The autofilter is set on the sheet before Flush: the stream
		// writer writes the sheet's autoFilter element when it closes the
		// sheet.
		if err := s.f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return fmt.Errorf("sheet %s: autofilter: %w", sheet, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	return s.addRows(sheet, func(w *bufio.Writer) error {
		e := newRowEncoder(w, len(cols))
		r := 2
		for row := range rows {
			e.startRow(r)
			for i, c := range cols {
				v, style := c.value(row), styleIDs[i]
				if fv, ok := v.(formatted); ok {
					if style, ok = s.ids[fv.format]; !ok {
						return fmt.Errorf("sheet %s, row %d: no style was made for the number format %q", sheet, r, fv.format)
					}
					v = fv.value
				}
				if err := e.cell(i, r, style, v); err != nil {
					return fmt.Errorf("sheet %s: %w", sheet, err)
				}
			}
			e.endRow()
			r++
		}
		return nil
	})
}

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}
}

// formatted is a cell value with a number format of its own, for a column
// whose rows differ (amounts each in their own currency).
type formatted struct {
	value  any
	format string
}

// Cell values. A money cell holds the double nearest to the amount's
// exact decimal (for 1234.56, exactly what a person typing it would get),
// never a sum of float roundings. With the minor units and the power of
// ten both exact doubles (below 2^53), their quotient is that double, as
// IEEE division rounds the exact quotient; larger amounts go through
// their decimal text.
func moneyCell(m invoice.Money, currency string) any {
	if m > -maxExactMinor && m < maxExactMinor {
		return float64(m) / minorScale[invoice.MinorDigits(currency)]
	}
	v, err := strconv.ParseFloat(m.Decimal(currency), 64)
	if err != nil {
		return m.Decimal(currency)
	}
	return v
}

// maxExactMinor is 2^53: every integer of smaller magnitude is an exact
// double.
const maxExactMinor = 1 << 53

// minorScale is 10^d for the d decimals a currency can have
// (invoice.MinorDigits: 0, 2 or 3).
var minorScale = [...]float64{1, 10, 100, 1000}

// floatCell is an undefined figure's empty cell, or its number. A NaN or
// infinity (never expected) is left empty too: written as a number it
// would make the cell unreadable.
func floatCell(f *float64) any {
	if f == nil || math.IsNaN(*f) || math.IsInf(*f, 0) {
		return nil
	}
	return *f
}

// excelEpoch is day 0 of the 1900 date system as Excel counts it (the
// fictitious 1900-02-29 makes serials before March 1900 off by one, which
// no invoice date reaches).
var excelEpoch = invoice.NewDate(1899, time.December, 30)

func dateCell(d invoice.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.DaysSince(excelEpoch)
}

func textCell(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func clientColumns(cat *i18n.Catalog, cur string) []xlsxColumn[analytics.ClientFigures] {
	money := moneyFormat(cur)
	type c = analytics.ClientFigures
	type col = xlsxColumn[c]
	return []col{
		{"Client", 32, "", func(r *c) any { return r.Name }},
		{"Key", 20, "", func(r *c) any { return r.Key }},
		{"Revenue", 14, money, func(r *c) any { return moneyCell(r.Revenue, cur) }},
		{"Share", 9, fmtPercent, func(r *c) any { return floatCell(&r.Share) }},
		{"Previous share", 10, fmtPercent, func(r *c) any { return floatCell(r.PrevShare) }},
		{"Share change", 10, fmtChange, func(r *c) any { return floatCell(r.ShareChange) }},
		{"Month revenue", 14, money, func(r *c) any { return moneyCell(r.MonthRevenue, cur) }},
		{"Month share", 9, fmtPercent, func(r *c) any { return floatCell(&r.MonthShare) }},
		{"Paid invoices", 9, fmtCount, func(r *c) any { return r.PaidCount }},
		{"Avg days to pay", 10, fmtDays, func(r *c) any { return floatCell(r.AvgDaysToPay) }},
		{"Weighted days late", 10, fmtDays, func(r *c) any { return floatCell(r.WADL) }},
		{"Median days late", 10, fmtDays, func(r *c) any { return floatCell(r.MedianDaysLate) }},
		{"P90 days late", 10, fmtDays, func(r *c) any { return floatCell(r.P90DaysLate) }},
		{"Max days late", 10, fmtDays, func(r *c) any { return floatCell(r.MaxDaysLate) }},
		{"On-time rate", 9, fmtPercent, func(r *c) any { return floatCell(r.OnTimeRate) }},
		{"Open amount", 14, money, func(r *c) any { return moneyCell(r.OpenAmount, cur) }},
		{"Overdue amount", 14, money, func(r *c) any { return moneyCell(r.OverdueAmount, cur) }},
		{"Max days past due", 10, fmtCount, func(r *c) any {
			if r.MaxDaysPastDue == nil {
				return nil
			}
			return *r.MaxDaysPastDue
		}},
		{"DSO (days)", 10, fmtDays, func(r *c) any { return floatCell(r.DSO) }},
		{"Not yet due", 13, money, func(r *c) any { return moneyCell(r.Aging.Current, cur) }},
		{"1-30 days past due", 13, money, func(r *c) any { return moneyCell(r.Aging.D1to30, cur) }},
		{"31-60 days past due", 13, money, func(r *c) any { return moneyCell(r.Aging.D31to60, cur) }},
		{"61-90 days past due", 13, money, func(r *c) any { return moneyCell(r.Aging.D61to90, cur) }},
		{"Over 90 days past due", 13, money, func(r *c) any { return moneyCell(r.Aging.D90plus, cur) }},
		{"Invoices", 9, fmtCount, func(r *c) any { return r.InvoiceCount }},
		{"Credit notes", 9, fmtCount, func(r *c) any { return r.CreditNoteCount }},
		{"Credit note ratio", 10, fmtPercent, func(r *c) any { return floatCell(r.CreditNoteRatio) }},
		{"Disputed", 9, fmtCount, func(r *c) any { return r.DisputedCount }},
		{"Hours", 9, fmtHours, func(r *c) any { return floatCell(r.Hours) }},
		{"Hours share", 9, fmtPercent, func(r *c) any { return floatCell(r.HoursShare) }},
		{"Load ratio", 9, fmtRatio, func(r *c) any { return floatCell(r.LoadRatio) }},
		{"Effective rate per hour", 12, money, func(r *c) any { return floatCell(r.EffectiveRate) }},
		{"First invoice", 11, fmtDate, func(r *c) any { return dateCell(r.FirstInvoice) }},
		{"Last invoice", 11, fmtDate, func(r *c) any { return dateCell(r.LastInvoice) }},
		{"Flags", 24, "", func(r *c) any { return textCell(flagNames(cat, r.Flags)) }},
		{"Reasons", 80, "", func(r *c) any { return textCell(flagTexts(cat, r.Flags, false)) }},
		{"Actions", 80, "", func(r *c) any { return textCell(flagTexts(cat, r.Flags, true)) }},
	}
}

// flagNames lists the flags by their English names: "Over-dependent, Slow payer".
func flagNames(cat *i18n.Catalog, flags []analytics.Flag) string {
	names := make([]string, 0, len(flags))
	for _, f := range flags {
		names = append(names, cat.T("flag."+f.Flag))
	}
	return strings.Join(names, ", ")
}

// flagTexts puts every flag's reasons (or actions) in one cell, grouped
// by flag: "Over-dependent: share 60.0% >= 25.0% | Slow payer: ...".
// Reasons are phrases, joined by "; "; actions are sentences, joined by a
// space.
func flagTexts(cat *i18n.Catalog, flags []analytics.Flag, actions bool) string {
	var groups []string
	for _, f := range flags {
		ms, sep := f.Reasons, "; "
		if actions {
			ms, sep = f.Actions, " "
		}
		if len(ms) == 0 {
			continue
		}
		texts := make([]string, 0, len(ms))
		for _, m := range ms {
			texts = append(texts, cat.Message(m))
		}
		groups = append(groups, cat.T("flag."+f.Flag)+": "+strings.Join(texts, sep))
	}
	return strings.Join(groups, " | ")
}

// bucketLabels name the aging buckets of OpenInvoice.Bucket for people.
var bucketLabels = map[string]string{
	"current": "not yet due", "1-30": "1-30 days", "31-60": "31-60 days",
	"61-90": "61-90 days", "90+": "over 90 days",
}

func openColumns(cur string) []xlsxColumn[analytics.OpenInvoice] {
	money := moneyFormat(cur)
	type o = analytics.OpenInvoice
	type col = xlsxColumn[o]
	return []col{
		{"Client", 32, "", func(r *o) any { return r.ClientName }},
		{"Key", 20, "", func(r *o) any { return r.ClientKey }},
		{"Invoice", 16, "", func(r *o) any { return textCell(r.Number) }},
		{"Issue date", 11, fmtDate, func(r *o) any { return dateCell(r.IssueDate) }},
		{"Due date", 11, fmtDate, func(r *o) any { return dateCell(r.DueDate) }},
		{"Due date assumed", 10, "", func(r *o) any {
			if r.DueAssumed {
				return "yes"
			}
			return "no"
		}},
		{"Open amount", 14, money, func(r *o) any { return moneyCell(r.Amount, cur) }},
		// The amount as invoiced, before conversion, in its currency's
		// decimals (¥ none, KWD three).
		{"Original currency", 10, "", func(r *o) any { return origCurrencyOf(r, cur) }},
		{"Original amount", 14, perRowFormat, func(r *o) any {
			c := origCurrencyOf(r, cur)
			return formatted{moneyCell(r.OrigAmount, c), moneyFormat(c)}
		}},
		{"Days past due", 10, fmtCount, func(r *o) any { return r.DaysPastDue }},
		{"Aging bucket", 13, "", func(r *o) any {
			if l, ok := bucketLabels[r.Bucket]; ok {
				return l
			}
			return textCell(r.Bucket)
		}},
		{"File", 28, "", func(r *o) any { return textCell(r.Source.File) }},
		{"Sheet", 16, "", func(r *o) any { return textCell(r.Source.Sheet) }},
		{"Row", 7, fmtCount, func(r *o) any {
			if r.Source.Row == 0 {
				return nil
			}
			return r.Source.Row
		}},
	}
}

// origCurrencyOf is the currency an open invoice was issued in ("" in
// the figures means the base currency).
func origCurrencyOf(r *analytics.OpenInvoice, base string) string {
	if r.OrigCurrency == "" {
		return base
	}
	return r.OrigCurrency
}

func rejectedColumns() []xlsxColumn[RejectedRow] {
	type r = RejectedRow
	type col = xlsxColumn[r]
	return []col{
		{"File", 28, "", func(x *r) any { return textCell(x.File) }},
		{"Sheet", 16, "", func(x *r) any { return textCell(x.Sheet) }},
		{"Row", 7, fmtCount, func(x *r) any {
			if x.Row == 0 {
				return nil
			}
			return x.Row
		}},
		{"Column", 18, "", func(x *r) any { return textCell(x.Column) }},
		{"Reason", 80, "", func(x *r) any { return textCell(x.Reason) }},
	}
}

// dataQualityLine is one row of the Data quality sheet: a file, or (with
// only note set) an assumption or reader's note below the files.
type dataQualityLine struct {
	file *FileSummary
	note string
}

// writeDataQuality lists the files read with their counts, then, under a
// blank row and a "Assumptions and notes" heading, every assumption and
// note in English. The header, freeze pane and filter cover the file
// table.
func writeDataQuality(s *xlsxBook, in *Input, cat *i18n.Catalog) error {
	type d = dataQualityLine
	intCell := func(get func(*FileSummary) int) func(*d) any {
		return func(x *d) any {
			if x.file == nil {
				return nil
			}
			return get(x.file)
		}
	}
	cols := []xlsxColumn[d]{
		{"File", 36, "", func(x *d) any {
			if x.file == nil {
				return textCell(x.note)
			}
			return x.file.Name
		}},
		{"SHA-256", 20, "", func(x *d) any {
			if x.file == nil {
				return nil
			}
			return textCell(x.file.SHA256)
		}},
		{"Rows", 9, fmtCount, intCell(func(f *FileSummary) int { return f.Rows })},
		{"Accepted", 9, fmtCount, intCell(func(f *FileSummary) int { return f.Accepted })},
		{"Rejected", 9, fmtCount, intCell(func(f *FileSummary) int { return f.Rejected })},
		{"Duplicates", 9, fmtCount, intCell(func(f *FileSummary) int { return f.Duplicates })},
		{"Skipped", 9, fmtCount, intCell(func(f *FileSummary) int { return f.Skipped })},
		{"Error", 60, "", func(x *d) any {
			if x.file == nil {
				return nil
			}
			return textCell(x.file.Error)
		}},
	}
	lines := make([]*d, 0, len(in.Quality.Files)+len(in.Quality.Notes)+8)
	for i := range in.Quality.Files {
		lines = append(lines, &d{file: &in.Quality.Files[i]})
	}
	var notes []string
	for _, m := range append(in.assumptions(), in.Quality.Notes...) {
		notes = append(notes, cat.Message(m))
	}
	if len(notes) > 0 {
		lines = append(lines, &d{}, &d{note: "Assumptions and notes"})
		for _, n := range notes {
			lines = append(lines, &d{note: n})
		}
	}
	return writeTable(s, SheetDataQuality, cols, slices.Values(lines), len(in.Quality.Files))
}

// sortedZip copies the entries of the zip in r (size bytes) to w in a
// fixed order ([Content_Types].xml first, then by name), compressed bytes
// untouched, except the sheets of tables: those are written again with
// their rows (spliceRows), deflated at zipLevel. excelize writes streamed
// sheets in map order, so without the sort the same report would differ
// from run to run in its zip layout alone.
func sortedZip(w io.Writer, r io.ReaderAt, size int64, tables map[string]tableRows) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, deflater)
	spliced := 0
	for _, zf := range files {
		if rows, ok := tables[zf.Name]; ok {
			if err := copySpliced(zw, zf, rows); err != nil {
				return fmt.Errorf("%s: %w", zf.Name, err)
			}
			spliced++
			continue
		}
		raw, err := zf.OpenRaw()
		if err != nil {
			return err
		}
		hdr := zf.FileHeader
		out, err := zw.CreateRaw(&hdr)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, raw); err != nil {
			return err
		}
	}
	if spliced != len(tables) {
		return fmt.Errorf("%d of the %d tables' sheets are not in the workbook excelize wrote", len(tables)-spliced, len(tables))
	}
	return zw.Close()
}

// copySpliced writes the zip entry zf to zw with rows below its header.
func copySpliced(zw *zip.Writer, zf *zip.File, rows tableRows) error {
	src, err := zf.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	// The entry's header is made as excelize makes its own (zip.Writer's
	// Create: a name, deflated, no time); one copied from zf would carry
	// the time the zip reader read, and with it an extra field.
	out, err := zw.Create(zf.Name)
	if err != nil {
		return err
	}
	return spliceRows(out, src, rows)
}

func deflater(out io.Writer) (io.WriteCloser, error) {
	return flate.NewWriter(out, zipLevel)
}
