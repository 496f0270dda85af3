package ingest

import (
	"strconv"
	"strings"
)

// Note is something the user should know about how a file was read (a
// hidden sheet skipped, a date order assumed ...). It is a key and named
// arguments rather than a sentence so a report can say it in its own
// language: the report catalogs (internal/report/i18n, notes_*.go) hold
// one template per key, prefixed there with the file's name. String says
// it in English, for `clientrisk check`.
type Note struct {
	Key  string
	Args []NoteArg
}

// NoteArg is one named argument of a Note. Value is a string (a sheet or
// column name, an encoding) or an int (a count).
type NoteArg struct {
	Name  string
	Value any
}

// Note keys. A key with a "sheet" argument has a ".no_sheet" variant for
// a CSV (the file is its one table); one with a "count" argument has a
// ".one" variant for a count of 1.
const (
	NoteEncodingUTF16         = "read.encoding_utf16"
	NoteEncodingCP1251        = "read.encoding_cp1251"
	NoteEncodingCP1252        = "read.encoding_cp1252"
	NoteSheetChart            = "read.sheet_chart"
	NoteSheetNotWorksheet     = "read.sheet_not_worksheet"
	NoteSheetHidden           = "read.sheet_hidden"
	NoteDatesDayFirstLang     = "read.dates_day_first_lang"
	NoteDatesMonthFirstEN     = "read.dates_month_first_en"
	NoteDatesDayFirst         = "read.dates_day_first"
	NoteAmountsCommaLang      = "read.amounts_comma_lang"
	NoteAmountsPoint          = "read.amounts_point"
	NoteRefusedPayments       = "read.refused_payments"
	NoteRefusedLedgerNoTypes  = "read.refused_ledger_no_types"
	NoteRefusedLedgerNoClient = "read.refused_ledger_no_client"
	NoteRefused               = "read.refused"
	NotePaidAmounts           = "read.paid_amounts"
	NoteNotYesNo              = "read.not_yes_no"
	NoteBadPaid               = "read.bad_paid"
	NoteLedgerNegative        = "read.ledger_negative"
	NoteLedgerNoReceivables   = "read.ledger_no_receivables"
	NoteLedgerReceivables     = "read.ledger_receivables"
	NoteSheetDraft            = "read.sheet_draft"
	NoteColumnNotTaken        = "read.column_not_taken"
	NoteDateBeside            = "read.date_beside"
)

// noteTemplatesEN are the English texts of the notes, with {name}
// placeholders. The report's English catalog holds the same templates
// behind "{file}: " (a test in internal/pipeline keeps them equal).
var noteTemplatesEN = map[string]string{
	NoteEncodingUTF16:  "read as UTF-16: it starts with a UTF-16 byte order mark",
	NoteEncodingCP1251: "read as Windows-1251: it is not UTF-8 and its accented letters look Cyrillic; set input.encoding if wrong",
	NoteEncodingCP1252: "read as Windows-1252: it is not UTF-8; set input.encoding if wrong",

	NoteSheetChart:        "sheet {sheet} is a chart and was skipped",
	NoteSheetNotWorksheet: "sheet {sheet} is not a worksheet ({kind}) and was skipped",
	NoteSheetHidden:       "sheet {sheet} is hidden and was skipped",

	NoteDatesDayFirstLang:               "sheet {sheet}: column {column} has dates like 03/04 that could be read either way; day first was assumed from the language of the headers (set input.date_order to change it)",
	NoteDatesDayFirstLang + ".no_sheet": "column {column} has dates like 03/04 that could be read either way; day first was assumed from the language of the headers (set input.date_order to change it)",
	NoteDatesMonthFirstEN:               "sheet {sheet}: column {column} has dates like 03/04 that could be read either way; month first was assumed from the English headers (set input.date_order to change it)",
	NoteDatesMonthFirstEN + ".no_sheet": "column {column} has dates like 03/04 that could be read either way; month first was assumed from the English headers (set input.date_order to change it)",
	NoteDatesDayFirst:                   "sheet {sheet}: column {column} has dates like 03/04 that could be read either way; day first was assumed, as no date in the column settles it (set input.date_order to change it)",
	NoteDatesDayFirst + ".no_sheet":     "column {column} has dates like 03/04 that could be read either way; day first was assumed, as no date in the column settles it (set input.date_order to change it)",

	NoteAmountsCommaLang:               "sheet {sheet}: column {column} has amounts like 1.234 that could be read either way; a decimal comma was assumed from the language of the headers",
	NoteAmountsCommaLang + ".no_sheet": "column {column} has amounts like 1.234 that could be read either way; a decimal comma was assumed from the language of the headers",
	NoteAmountsPoint:                   "sheet {sheet}: column {column} has amounts like 1.234 that could be read either way; a decimal point was assumed",
	NoteAmountsPoint + ".no_sheet":     "column {column} has amounts like 1.234 that could be read either way; a decimal point was assumed",

	NoteRefusedPayments:                     "sheet {sheet} is a payments export, not an invoice list, and was not read ({detail})",
	NoteRefusedPayments + ".no_sheet":       "the file is a payments export, not an invoice list, and was not read ({detail})",
	NoteRefusedLedgerNoTypes:                "sheet {sheet} is a general-ledger transactions export without account types and was not read: export the invoice list (Sales > Invoices) instead",
	NoteRefusedLedgerNoTypes + ".no_sheet":  "the file is a general-ledger transactions export without account types and was not read: export the invoice list (Sales > Invoices) instead",
	NoteRefusedLedgerNoClient:               "sheet {sheet} is a general-ledger transactions export without a customer column and was not read: export the invoice list (Sales > Invoices) instead",
	NoteRefusedLedgerNoClient + ".no_sheet": "the file is a general-ledger transactions export without a customer column and was not read: export the invoice list (Sales > Invoices) instead",
	NoteRefused:                             "sheet {sheet} was not read: it {reason}",
	NoteRefused + ".no_sheet":               "the file was not read: it {reason}",

	NotePaidAmounts:               "sheet {sheet}: column {column} holds amounts paid, not yes/no: the open balance is the amount less the amount paid",
	NotePaidAmounts + ".no_sheet": "column {column} holds amounts paid, not yes/no: the open balance is the amount less the amount paid",

	NoteNotYesNo:                          "sheet {sheet}: column {column} holds {count} values that are not yes/no; they were ignored",
	NoteNotYesNo + ".one":                 "sheet {sheet}: column {column} holds {count} value that is not yes/no; it was ignored",
	NoteNotYesNo + ".no_sheet":            "column {column} holds {count} values that are not yes/no; they were ignored",
	NoteNotYesNo + ".no_sheet.one":        "column {column} holds {count} value that is not yes/no; it was ignored",
	NoteBadPaid:                           "sheet {sheet}: {count} amounts paid could not be read; those invoices have no known balance",
	NoteBadPaid + ".one":                  "sheet {sheet}: {count} amount paid could not be read; that invoice has no known balance",
	NoteBadPaid + ".no_sheet":             "{count} amounts paid could not be read; those invoices have no known balance",
	NoteBadPaid + ".no_sheet.one":         "{count} amount paid could not be read; that invoice has no known balance",
	NoteLedgerNegative:                    "sheet {sheet}: income lines in column {column} are negative (credits written as negatives); their signs were turned",
	NoteLedgerNegative + ".no_sheet":      "income lines in column {column} are negative (credits written as negatives); their signs were turned",
	NoteLedgerNoReceivables:               "sheet {sheet} is a transaction export with no receivable lines: only income lines count, and whether invoices were paid is not known",
	NoteLedgerNoReceivables + ".no_sheet": "the file is a transaction export with no receivable lines: only income lines count, and whether invoices were paid is not known",
	NoteLedgerReceivables:                 "sheet {sheet} is a transaction export: only income lines count; payment comes from the receivable lines of each invoice number: {paid} paid, {open} open, {unknown} with no receivable charge in the file (payment unknown)",
	NoteLedgerReceivables + ".no_sheet":   "the file is a transaction export: only income lines count; payment comes from the receivable lines of each invoice number: {paid} paid, {open} open, {unknown} with no receivable charge in the file (payment unknown)",

	NoteSheetDraft:                   "sheet {sheet} is named as a draft and was skipped",
	NoteColumnNotTaken:               "sheet {sheet}: column {column} was not taken: its header looks like a known one but its values do not fit it",
	NoteColumnNotTaken + ".no_sheet": "column {column} was not taken: its header looks like a known one but its values do not fit it",
	NoteDateBeside:                   "sheet {sheet}: the issue dates were read from column {column}, which has no header but holds only dates, beside the empty column {empty}",
	NoteDateBeside + ".no_sheet":     "the issue dates were read from column {column}, which has no header but holds only dates, beside the empty column {empty}",
}

// EnglishNoteTemplates returns a copy of the English note templates, so a
// test can hold the report's English catalog to them.
func EnglishNoteTemplates() map[string]string {
	out := make(map[string]string, len(noteTemplatesEN))
	for k, v := range noteTemplatesEN {
		out[k] = v
	}
	return out
}

// String says the note in English. It picks the template variants as the
// report catalogs do: ".no_<name>" for an empty string argument,
// ".one" for a count of 1.
func (n Note) String() string {
	key := n.Key
	for _, a := range n.Args {
		if s, ok := a.Value.(string); ok && strings.TrimSpace(s) == "" {
			if _, has := noteTemplatesEN[n.Key+".no_"+a.Name]; has {
				key = n.Key + ".no_" + a.Name
				break
			}
		}
	}
	if c, ok := n.arg("count"); ok && c == 1 {
		if _, has := noteTemplatesEN[key+".one"]; has {
			key += ".one"
		}
	}
	tmpl, ok := noteTemplatesEN[key]
	if !ok {
		return "!" + n.Key
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		end := strings.IndexByte(tmpl, '}')
		if open < 0 || end < open {
			break
		}
		b.WriteString(tmpl[:open])
		name := tmpl[open+1 : end]
		if v, found := n.arg(name); found {
			switch x := v.(type) {
			case int:
				b.WriteString(strconv.Itoa(x))
			case string:
				b.WriteString(x)
			}
		} else {
			b.WriteString(tmpl[open : end+1])
		}
		tmpl = tmpl[end+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

func (n Note) arg(name string) (any, bool) {
	for _, a := range n.Args {
		if a.Name == name {
			return a.Value, true
		}
	}
	return nil, false
}

// newNote makes a note of key from name, value argument pairs.
func newNote(key string, nameValues ...any) Note {
	n := Note{Key: key}
	for i := 0; i+1 < len(nameValues); i += 2 {
		n.Args = append(n.Args, NoteArg{Name: nameValues[i].(string), Value: nameValues[i+1]})
	}
	return n
}
