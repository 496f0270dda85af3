// Package benchdata writes large generated invoice workbooks for the
// benchmarks and the long-running tests (the reader's, the pipeline's and
// serve's kill test), so they all measure the same kind of file. Nothing in
// the product imports it.
//
// workbook.go: WriteInvoices, the inline-string workbook (excelize's
// StreamWriter) of `make bench`. excellike.go: WriteExcelLike, the workbook
// written the way Excel writes one (every text cell a shared string,
// distinct invoice numbers, 10k clients, nine columns), and
// WriteExcelLikeCSV, the same rows as CSV. cmd/benchgen writes either for
// .ci/bench-1m.sh (`make bench-1m-cli`).
package benchdata
