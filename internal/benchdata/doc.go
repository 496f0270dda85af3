// Package benchdata writes large generated invoice workbooks for the
// benchmarks and the long-running tests (the reader's, the pipeline's and
// serve's kill test), so they all measure the same kind of file. Nothing in
// the product imports it.
package benchdata
