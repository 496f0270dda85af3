// Package ingest reads invoice and time-tracking exports (.xlsx/.xlsm and
// .csv/.tsv) into invoice documents and time entries. It finds the table in
// each sheet, maps its columns from header synonyms (or the config), parses
// values, and says exactly how it understood the file: mapping, date order,
// decimal separator, grain, skipped and rejected rows. A file it cannot read
// fails alone with a one-line FileError that says what to export instead.
//
// The package is pure: it reads, never writes, moves or deletes a file, and
// it does no logging.
//
// Choices made where input.md is silent:
//
//   - Format comes from the content, never the name. Zip-based files that
//     are not workbooks (.ods, .numbers, .docx), OLE files (.xls or an
//     encrypted xlsx), PDFs, HTML pages and binary files each get their own
//     reason. UTF-16 text with a byte order mark (Excel's "Unicode text")
//     is read as well as UTF-8, Windows-1252 and Windows-1251.
//   - The header is searched in the first 30 non-blank rows. A cell longer
//     than the cell limit above the header is ignored; in the table it
//     rejects its row. More non-blank rows than the row limit in one sheet
//     fail the file: a partial read would silently change totals.
//   - Worksheets are scanned directly (xlsxscan.go) for speed; excelize
//     opens a copy of the package without cell data to list the sheets,
//     their visibility, the date system and the number formats.
//   - Dates: a number in a date column is an Excel serial in the
//     workbook's date system; an unstyled whole number from 19000101 to
//     21001231 is read as yyyymmdd. Day/month order is voted per column
//     over all its values; a tie follows the header language (it, es, ru,
//     de, fr, pt, nl, pl, uk: day first; en: month first), else day first,
//     and the notes say so. The decimal separator of an amount column is
//     voted the same way; a tie is a point in a workbook (its numbers are
//     stored with one) and follows the header language in a CSV.
//   - Hours: a number formatted as a time ([h]:mm) is a fraction of a day;
//     any other number is decimal hours.
//   - A row error reports the first problem of the row. Unreadable due or
//     paid dates reject the row like a bad amount; an unknown status word
//     leaves the status unknown; values of a yes/no column that are not
//     yes or no are ignored and counted in the notes, except amounts: a
//     "Paid" column holding amounts (Invoice Ninja, 1C) and an amount-paid
//     column give the open balance, amount less paid, never below zero.
//   - Net and gross: net wins, except that a gross total named exactly
//     ("TotalAmount") beats a net found only inside a longer header.
//   - Line items are grouped by (number, client, issue date, currency)
//     within a sheet; rows without a number are documents of their own. A
//     group whose amounts differ is summed; a group repeating one amount
//     takes it once; a header naming line amounts sums. A document whose
//     total is negative is a credit note even without a type column.
//   - A duplicate is a row identical in every cell (trailing empty cells
//     aside) to an earlier row of the same file, in any sheet.
//   - A CSV is one table: its SheetResult is named after the file, and its
//     sources and row errors carry no sheet.
//   - SheetResult.Currency is "mixed" when a sheet's documents are in more
//     than one currency.
//   - General-ledger transaction exports (ledger.go) are recognised by an
//     account column with an account type or group column, or by debit and
//     credit columns (Dare/Avere, Debe/Haber, Дебет/Кредит, Soll/Haben).
//     Only lines whose type or group says income (Income, Revenue, Sales,
//     Ricavi, Ingresos, Доходы, Выручка, Erlöse ...) count, summed per
//     invoice number, client and date (grain "line" whatever the config
//     says); the amount is the credit, a debit on an income account counts
//     negative. With one signed amount column whose income lines add up
//     below zero, signs are turned. Receivable lines (a receivable account
//     or type) give payment: an invoice charged on the receivable in the
//     file is paid on the date its payments (credits) reach the charge,
//     else open for the rest; without a charge in the file, or with a
//     receivable line that could not be read, it has no payment data.
//     Other lines (cash, tax, expenses) are left out and counted as
//     skipped. A ledger without account types, or without a customer
//     column, fails the sheet (and the file when no other sheet holds a
//     table): its income lines cannot be told apart.
//   - Payments exports (payments.go) are refused, not read as invoices:
//     a label row just above the header or a sheet name saying Payments,
//     Pagamenti, Incassi, Pagos, Cobros, Платежи, Оплаты, Zahlungen,
//     Paiements (and not also Invoices); or, when the table has no real
//     invoice date (only a generic date inside a longer header such as
//     posting_date), a paid amount, a payment date or a payment_type /
//     party_type column; or, where no invoice table is found, a client and
//     amount whose only date is a payment date, or a date whose only
//     amount is an amount paid. A file name is never evidence. A payments
//     sheet beside an invoice sheet is left out with a note; a file with
//     only payments fails with "is a payments export, not an invoice
//     list".
package ingest
