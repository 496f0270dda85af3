// Package report writes one month's figures (analytics.Result) with the
// import's data quality (Input) as the report files:
//
//   - report.go: Input, DataQuality, Paths and what all writers share.
//   - json.go: WriteJSON, for programs (its schema is the structs there).
//   - xlsx.go: WriteXLSX, the workbook for the accountant (excelize
//     makes the workbook and each sheet's header; xlsx_rows.go encodes
//     the tables' rows straight into the zip).
//   - pdf.go: WritePDF and the pdfRenderer: strings, fonts, text helpers.
//   - pdf_summary.go: page 1 (headline, actions, findings, key figures).
//   - pdf_pages.go: the sections after it (concentration, payments,
//     maintenance, lost and new clients, data quality).
//   - pdf_flags.go: the flagged clients' cards.
//   - pdf_tables.go, pdf_charts.go: tables and charts.
//
// Every string and number format comes from report/i18n.
package report
