// Package report turns one month's figures (analytics.Result) plus the
// data-quality record of the import into the report files: the PDF for the
// owner, the JSON for programs (schema in report-json.md) and the XLSX for
// the accountant. Strings and locale formatting live in report/i18n.
//
// The JSON and the XLSX are always in English whatever Input.Lang says:
// they are companions for programs and accountants, and their field names
// and headers must not change with the owner's language. Only the PDF (and
// the email) speak the configured language.
package report
