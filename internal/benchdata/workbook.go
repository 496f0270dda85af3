package benchdata

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// jan1st2025 is 2025-01-01 as an Excel serial.
const jan1st2025 = 45658

// Options say which columns the workbook has beyond number, client,
// invoice date, amount and status.
type Options struct {
	// Payments adds Due Date and Paid Date (date cells): due 30 days after
	// issue, paid about three weeks after that except the last 45 days'
	// invoices and one older invoice in a hundred, so about 13% are open
	// at the end of 2025, as in a ledger at a month's end.
	Payments bool
}

// WriteInvoices writes an n-row invoice workbook to path with excelize's
// StreamWriter: INV-0000001 ..., 500 clients ("Client 000 Srl"), issue
// dates through 2025 as date-styled serials, amounts 100.25 to 9099.25.
// Every row is one distinct invoice.
func WriteInvoices(path string, n int, opts Options) error {
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := []any{"Invoice No", "Customer", "Invoice Date", "Amount", "Status"}
	if opts.Payments {
		header = []any{"Invoice No", "Customer", "Invoice Date", "Due Date", "Paid Date", "Amount", "Status"}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	statuses := []string{"Paid", "Open", "Paid", "Overdue"}
	for i := range n {
		issued := jan1st2025 + i%365
		number := fmt.Sprintf("INV-%07d", i+1)
		client := fmt.Sprintf("Client %03d Srl", i%500)
		amount := float64(100+i%9000) + 0.25
		row := []any{number, client, excelize.Cell{StyleID: dateStyle, Value: issued}, amount, statuses[i%len(statuses)]}
		if opts.Payments {
			paid, status := any(""), "Open"
			if i%365 < 320 && i%100 != 0 {
				paid, status = excelize.Cell{StyleID: dateStyle, Value: issued + 40 + i%15}, "Paid"
			}
			row = []any{number, client, excelize.Cell{StyleID: dateStyle, Value: issued},
				excelize.Cell{StyleID: dateStyle, Value: issued + 30}, paid, amount, status}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
