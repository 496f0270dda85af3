package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Output file names, inside the output folder.
const (
	fileQuickBooks = "quickbooks_invoice_list.xlsx"
	fileItaly      = "registro_fatture_rossi_design.xlsx"
	fileSpain      = "facturas_emitidas.csv"
	fileRussia     = "1c_scheta_pokupatelyam.xlsx"
	fileToggl      = "toggl_time_entries.csv"
)

// outputFiles lists every file generate writes.
var outputFiles = []string{fileQuickBooks, fileItaly, fileSpain, fileRussia, fileToggl}

// generate writes the five exports into dir.
func generate(dir string) error {
	l, err := buildLedger()
	if err != nil {
		return err
	}
	writers := []struct {
		name  string
		write func(*ledger) ([]byte, error)
	}{
		{fileQuickBooks, writeQuickBooks},
		{fileItaly, writeItaly},
		{fileSpain, writeSpain},
		{fileRussia, writeRussia},
		{fileToggl, writeToggl},
	}
	for _, w := range writers {
		data, err := w.write(l)
		if err != nil {
			return fmt.Errorf("making %s: %w", w.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, w.name), data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", w.name, err)
		}
	}
	return nil
}

func docsOf(l *ledger, m market) []doc {
	var out []doc
	for _, d := range l.Docs {
		if d.Client.Market == m {
			out = append(out, d)
		}
	}
	return out
}

// fixedProps stamps a workbook's metadata with fixed times, so that two
// runs write identical bytes.
func fixedProps(f *excelize.File, creator, title string) error {
	stamp := exportDay.Time().Add(9 * time.Hour).Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Created: stamp, Modified: stamp, Creator: creator, LastModifiedBy: creator, Title: title,
	})
}

func workbookBytes(f *excelize.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), f.Close()
}

// cell is a shorthand for "column letter(s) + row".
func cell(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }

// number formats minor units with a decimal separator and optional
// thousands grouping: amountText(123456, ",", ".") = "1.234,56".
func amountText(m invoice.Money, decimal, group string) string {
	s := m.Decimal("EUR") // "-1234.56"
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if group != "" {
		var b strings.Builder
		for i, r := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteString(group)
			}
			b.WriteRune(r)
		}
		whole = b.String()
	}
	out := whole + decimal + frac
	if neg {
		out = "-" + out
	}
	return out
}

// units returns m as a float of whole units, for numeric cells. Cents fit
// exactly enough that the shortest repr round-trips ("9123.45").
func units(m invoice.Money) float64 { f, _ := m.Rat("EUR").Float64(); return f }

// gross adds VAT at pct percent, rounded half-even to the cent.
func gross(net invoice.Money, pct int64) invoice.Money {
	r := new(big.Rat).Mul(net.Rat("EUR"), big.NewRat(100+pct, 100))
	g, _ := invoice.RoundRat(r, "EUR")
	return g
}

func dmy(d invoice.Date, sep string) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Civil()
	return fmt.Sprintf("%02d%s%02d%s%04d", day, sep, int(m), sep, y)
}

func mdy(d invoice.Date) string {
	y, m, day := d.Civil()
	return fmt.Sprintf("%02d/%02d/%04d", int(m), day, y)
}

// writeQuickBooks imitates QuickBooks Online's "Invoice List" report saved
// as Excel: three title rows, an empty first column, month-first dates
// stored as text, amounts as numbers, a currency column (multicurrency on),
// credit memos negative, no paid date (only the open balance) and a TOTAL
// row.
func writeQuickBooks(l *ledger) ([]byte, error) {
	f := excelize.NewFile()
	sheet := "Invoice List"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	if err := fixedProps(f, "QuickBooks Online", "Invoice List"); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return nil, err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return nil, err
	}
	titles := []string{"Rossi Design srl", "Invoice List", "All Dates"}
	for i, t := range titles {
		r := i + 1
		if err := f.MergeCell(sheet, cell("A", r), cell("I", r)); err != nil {
			return nil, err
		}
		_ = f.SetCellValue(sheet, cell("A", r), t)
		_ = f.SetCellStyle(sheet, cell("A", r), cell("I", r), bold)
	}
	header := []any{"", "Type", "Date", "Num", "Customer", "Due Date", "Currency", "Amount", "Open Balance"}
	if err := f.SetSheetRow(sheet, "A5", &header); err != nil {
		return nil, err
	}
	_ = f.SetCellStyle(sheet, "A5", "I5", head)
	row := 6
	var total, open invoice.Money
	for _, d := range docsOf(l, marketQuickBooks) {
		typ := "Invoice"
		if d.Kind == invoice.KindCreditNote {
			typ = "Credit Memo"
		}
		var balance invoice.Money
		if d.Status != invoice.StatusPaid {
			balance = d.Signed()
		}
		vals := []any{"", typ, mdy(d.Issue), d.Number, d.Client.Name, mdy(d.Due), d.Currency, units(d.Signed()), units(balance)}
		if err := f.SetSheetRow(sheet, cell("A", row), &vals); err != nil {
			return nil, err
		}
		total += d.Signed()
		open += balance
		row++
	}
	_ = f.SetCellStyle(sheet, "H6", cell("I", row), money)
	totals := []any{"TOTAL", "", "", "", "", "", "", units(total), units(open)}
	if err := f.SetSheetRow(sheet, cell("A", row), &totals); err != nil {
		return nil, err
	}
	_ = f.SetColWidth(sheet, "B", "B", 12)
	_ = f.SetColWidth(sheet, "E", "E", 26)
	_ = f.SetColWidth(sheet, "H", "I", 14)
	return workbookBytes(f)
}

// Italian status words of the register.
func statoIT(d doc) string {
	switch d.Status {
	case invoice.StatusPaid:
		return "Pagata"
	case invoice.StatusDisputed:
		return "Contestata"
	}
	return "Da incassare"
}

// writeItaly imitates an Italian invoice register kept in a spreadsheet
// (the kind Fatture in Cloud exports): one sheet per period, header in row
// 1, day-first text dates, amounts as text like "1.234,56", net
// (Imponibile) and gross (Totale, IVA 22%), credit notes with positive
// amounts and "Nota di credito" as document type, VAT numbers as text with
// their leading zeros, and a hidden sheet of notes.
func writeItaly(l *ledger) ([]byte, error) {
	f := excelize.NewFile()
	if err := fixedProps(f, "Ufficio amministrazione", "Registro fatture emesse"); err != nil {
		return nil, err
	}
	sheets := []struct {
		name     string
		from, to int // years
	}{{"Fatture 2024", 2024, 2024}, {"Fatture 2025-2026", 2025, 2026}}
	if err := f.SetSheetName("Sheet1", sheets[0].name); err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	if err != nil {
		return nil, err
	}
	header := []any{"Numero", "Tipo documento", "Data", "Cliente", "Partita IVA", "Imponibile", "Totale", "Scadenza", "Data incasso", "Stato"}
	for i, s := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return nil, err
			}
		}
		if err := f.SetSheetRow(s.name, "A1", &header); err != nil {
			return nil, err
		}
		_ = f.SetCellStyle(s.name, "A1", "J1", head)
		row := 2
		for _, d := range docsOf(l, marketItaly) {
			if y := d.Issue.Year(); y < s.from || y > s.to {
				continue
			}
			tipo := "Fattura"
			if d.Kind == invoice.KindCreditNote {
				tipo = "Nota di credito"
			}
			vals := []any{d.Number, tipo, dmy(d.Issue, "/"), d.Client.Name, d.Client.ID,
				amountText(d.Net, ",", "."), amountText(gross(d.Net, 22), ",", "."),
				dmy(d.Due, "/"), dmy(d.Paid, "/"), statoIT(d)}
			if err := f.SetSheetRow(s.name, cell("A", row), &vals); err != nil {
				return nil, err
			}
			row++
		}
		_ = f.SetColWidth(s.name, "B", "B", 16)
		_ = f.SetColWidth(s.name, "D", "D", 28)
		_ = f.SetColWidth(s.name, "E", "J", 13)
	}
	if _, err := f.NewSheet("Note"); err != nil {
		return nil, err
	}
	notes := [][]any{
		{"Promemoria"},
		{"Solleciti: il 5 di ogni mese, per le fatture scadute da più di 15 giorni."},
		{"Commercialista: Studio Galli, consegna registri entro il 16."},
		{"Telefono", "02 8765 4321"},
	}
	for i, n := range notes {
		if err := f.SetSheetRow("Note", cell("A", i+1), &n); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetVisible("Note", false); err != nil {
		return nil, err
	}
	f.SetActiveSheet(1)
	return workbookBytes(f)
}

func estadoES(d doc) string {
	switch {
	case d.Status == invoice.StatusPaid:
		return "Cobrada"
	case !d.Due.IsZero() && d.Due < exportDay:
		return "Vencida"
	}
	return "Pendiente"
}

// writeSpain imitates a Spanish invoicing program's CSV: semicolons,
// Windows-1252 bytes, CRLF line ends, day-first dates, decimal commas with
// no grouping, net (Base imponible) and gross (Total factura, IVA 21%).
func writeSpain(l *ledger) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	recs := [][]string{{"Nº factura", "Fecha", "Cliente", "NIF", "Base imponible", "Total factura", "Vencimiento", "Fecha de cobro", "Estado"}}
	for _, d := range docsOf(l, marketSpain) {
		recs = append(recs, []string{d.Number, dmy(d.Issue, "/"), d.Client.Name, d.Client.ID,
			amountText(d.Signed(), ",", ""), amountText(gross(d.Signed(), 21), ",", ""),
			dmy(d.Due, "/"), dmy(d.Paid, "/"), estadoES(d)})
	}
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	out, err := charmap.Windows1252.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("encoding as windows-1252: %w", err)
	}
	return out, nil
}

func statusRU(d doc) string {
	switch d.Status {
	case invoice.StatusPaid:
		return "Оплачен"
	case invoice.StatusDisputed:
		return "Оспаривается"
	}
	return "Не оплачен"
}

// excelSerial is a date as Excel's 1900-system day number.
func excelSerial(d invoice.Date) int {
	return int(d - invoice.NewDate(1899, time.December, 30))
}

// writeRussia imitates a 1C "Счета покупателям" list saved to Excel: the
// sheet is TDSheet, title rows above the table, real date cells shown as
// dd.mm.yyyy, amounts as numbers in roubles with a currency column,
// «quoted» ООО/АО names, INNs as text and an Итого row.
func writeRussia(l *ledger) ([]byte, error) {
	f := excelize.NewFile()
	sheet := "TDSheet"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	if err := fixedProps(f, "1С:Предприятие", "Счета покупателям"); err != nil {
		return nil, err
	}
	dateFmt := "dd.mm.yyyy"
	dates, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	_ = f.SetCellValue(sheet, "A1", "Счета покупателям")
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	_ = f.SetCellValue(sheet, "A2", "Организация: Rossi Design srl")
	_ = f.SetCellValue(sheet, "A3", fmt.Sprintf("Период: %s - %s", dmy(firstMonth.First(), "."), dmy(demoMonth.Last(), ".")))
	header := []any{"Номер", "Дата", "Контрагент", "ИНН", "Сумма", "Валюта", "Срок оплаты", "Дата оплаты", "Статус"}
	if err := f.SetSheetRow(sheet, "A5", &header); err != nil {
		return nil, err
	}
	_ = f.SetCellStyle(sheet, "A5", "I5", bold)
	row := 6
	var total invoice.Money
	for _, d := range docsOf(l, marketRussia) {
		vals := []any{d.Number, excelSerial(d.Issue), d.Client.Name, d.Client.ID, units(d.Signed()), d.Currency, excelSerial(d.Due)}
		if !d.Paid.IsZero() {
			vals = append(vals, excelSerial(d.Paid))
		} else {
			vals = append(vals, "")
		}
		vals = append(vals, statusRU(d))
		if err := f.SetSheetRow(sheet, cell("A", row), &vals); err != nil {
			return nil, err
		}
		for _, col := range []string{"B", "G", "H"} {
			_ = f.SetCellStyle(sheet, cell(col, row), cell(col, row), dates)
		}
		total += d.Signed()
		row++
	}
	_ = f.SetCellStyle(sheet, "E6", cell("E", row), money)
	_ = f.SetCellValue(sheet, cell("A", row), "Итого")
	_ = f.SetCellValue(sheet, cell("E", row), units(total))
	_ = f.SetCellStyle(sheet, cell("A", row), cell("A", row), bold)
	_ = f.SetColWidth(sheet, "A", "A", 14)
	_ = f.SetColWidth(sheet, "C", "C", 28)
	_ = f.SetColWidth(sheet, "B", "H", 12)
	return workbookBytes(f)
}

// writeToggl imitates Toggl Track's detailed report CSV: UTF-8 with a BOM,
// ISO start dates and durations as hh:mm:ss; client names as kept in the
// tracker, without legal forms.
func writeToggl(l *ledger) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	recs := [][]string{{"User", "Client", "Project", "Description", "Billable", "Start date", "Duration"}}
	for _, e := range l.Entries {
		h, m := e.Seconds/3600, e.Seconds%3600/60
		recs = append(recs, []string{e.User, e.Client.Toggl, e.Project, e.Desc, "Yes", e.Day.String(), fmt.Sprintf("%02d:%02d:00", h, m)})
	}
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
