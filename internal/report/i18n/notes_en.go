package i18n

// notesEN holds the English notes of the reader (the "read.*" keys): how
// a file was read, shown in the data-quality appendix. Each is the
// reader's own English template (ingest.Note) behind "{file}: "; a test in
// internal/pipeline keeps the two equal. The JSON always uses these.
func notesEN() map[string]string {
	return map[string]string{
		"read.amounts_comma_lang":                "{file}: sheet {sheet}: column {column} has amounts like 1.234 that could be read either way; a decimal comma was assumed from the language of the headers",
		"read.amounts_comma_lang.no_sheet":       "{file}: column {column} has amounts like 1.234 that could be read either way; a decimal comma was assumed from the language of the headers",
		"read.amounts_point":                     "{file}: sheet {sheet}: column {column} has amounts like 1.234 that could be read either way; a decimal point was assumed",
		"read.amounts_point.no_sheet":            "{file}: column {column} has amounts like 1.234 that could be read either way; a decimal point was assumed",
		"read.bad_paid":                          "{file}: sheet {sheet}: {count} amounts paid could not be read; those invoices have no known balance",
		"read.bad_paid.no_sheet":                 "{file}: {count} amounts paid could not be read; those invoices have no known balance",
		"read.bad_paid.no_sheet.one":             "{file}: {count} amount paid could not be read; that invoice has no known balance",
		"read.bad_paid.one":                      "{file}: sheet {sheet}: {count} amount paid could not be read; that invoice has no known balance",
		"read.dates_day_first":                   "{file}: sheet {sheet}: column {column} has dates like 03/04 that could be read either way; day first was assumed, as no date in the column settles it (set input.date_order to change it)",
		"read.dates_day_first.no_sheet":          "{file}: column {column} has dates like 03/04 that could be read either way; day first was assumed, as no date in the column settles it (set input.date_order to change it)",
		"read.dates_day_first_lang":              "{file}: sheet {sheet}: column {column} has dates like 03/04 that could be read either way; day first was assumed from the language of the headers (set input.date_order to change it)",
		"read.dates_day_first_lang.no_sheet":     "{file}: column {column} has dates like 03/04 that could be read either way; day first was assumed from the language of the headers (set input.date_order to change it)",
		"read.dates_month_first_en":              "{file}: sheet {sheet}: column {column} has dates like 03/04 that could be read either way; month first was assumed from the English headers (set input.date_order to change it)",
		"read.dates_month_first_en.no_sheet":     "{file}: column {column} has dates like 03/04 that could be read either way; month first was assumed from the English headers (set input.date_order to change it)",
		"read.encoding_cp1251":                   "{file}: read as Windows-1251: it is not UTF-8 and its accented letters look Cyrillic; set input.encoding if wrong",
		"read.encoding_cp1252":                   "{file}: read as Windows-1252: it is not UTF-8; set input.encoding if wrong",
		"read.encoding_utf16":                    "{file}: read as UTF-16: it starts with a UTF-16 byte order mark",
		"read.ledger_negative":                   "{file}: sheet {sheet}: income lines in column {column} are negative (credits written as negatives); their signs were turned",
		"read.ledger_negative.no_sheet":          "{file}: income lines in column {column} are negative (credits written as negatives); their signs were turned",
		"read.ledger_no_receivables":             "{file}: sheet {sheet} is a transaction export with no receivable lines: only income lines count, and whether invoices were paid is not known",
		"read.ledger_no_receivables.no_sheet":    "{file}: the file is a transaction export with no receivable lines: only income lines count, and whether invoices were paid is not known",
		"read.ledger_receivables":                "{file}: sheet {sheet} is a transaction export: only income lines count; payment comes from the receivable lines of each invoice number: {paid} paid, {open} open, {unknown} with no receivable charge in the file (payment unknown)",
		"read.ledger_receivables.no_sheet":       "{file}: the file is a transaction export: only income lines count; payment comes from the receivable lines of each invoice number: {paid} paid, {open} open, {unknown} with no receivable charge in the file (payment unknown)",
		"read.not_yes_no":                        "{file}: sheet {sheet}: column {column} holds {count} values that are not yes/no; they were ignored",
		"read.not_yes_no.no_sheet":               "{file}: column {column} holds {count} values that are not yes/no; they were ignored",
		"read.not_yes_no.no_sheet.one":           "{file}: column {column} holds {count} value that is not yes/no; it was ignored",
		"read.not_yes_no.one":                    "{file}: sheet {sheet}: column {column} holds {count} value that is not yes/no; it was ignored",
		"read.paid_amounts":                      "{file}: sheet {sheet}: column {column} holds amounts paid, not yes/no: the open balance is the amount less the amount paid",
		"read.paid_amounts.no_sheet":             "{file}: column {column} holds amounts paid, not yes/no: the open balance is the amount less the amount paid",
		"read.refused":                           "{file}: sheet {sheet} was not read: it {reason}",
		"read.refused.no_sheet":                  "{file}: the file was not read: it {reason}",
		"read.refused_ledger_no_client":          "{file}: sheet {sheet} is a general-ledger transactions export without a customer column and was not read: export the invoice list (Sales > Invoices) instead",
		"read.refused_ledger_no_client.no_sheet": "{file}: the file is a general-ledger transactions export without a customer column and was not read: export the invoice list (Sales > Invoices) instead",
		"read.refused_ledger_no_types":           "{file}: sheet {sheet} is a general-ledger transactions export without account types and was not read: export the invoice list (Sales > Invoices) instead",
		"read.refused_ledger_no_types.no_sheet":  "{file}: the file is a general-ledger transactions export without account types and was not read: export the invoice list (Sales > Invoices) instead",
		"read.refused_payments":                  "{file}: sheet {sheet} is a payments export, not an invoice list, and was not read ({detail})",
		"read.refused_payments.no_sheet":         "{file}: the file is a payments export, not an invoice list, and was not read ({detail})",
		"read.sheet_chart":                       "{file}: sheet {sheet} is a chart and was skipped",
		"read.sheet_hidden":                      "{file}: sheet {sheet} is hidden and was skipped",
		"read.sheet_not_worksheet":               "{file}: sheet {sheet} is not a worksheet ({kind}) and was skipped",
	}
}
