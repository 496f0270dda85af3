package i18n

// notesIT holds the Italian notes of the reader (see notesEN). Input
// config keys (input.date_order, input.encoding) and the names of other
// programs' menus stay as the user types or sees them.
func notesIT() map[string]string {
	return map[string]string{
		"read.encoding_utf16":  "{file}: letto come UTF-16: inizia con un byte order mark UTF-16",
		"read.encoding_cp1251": "{file}: letto come Windows-1251: non è UTF-8 e le sue lettere accentate sembrano cirilliche; se è sbagliato, impostare input.encoding",
		"read.encoding_cp1252": "{file}: letto come Windows-1252: non è UTF-8; se è sbagliato, impostare input.encoding",

		"read.sheet_chart":         "{file}: il foglio {sheet} è un grafico ed è stato saltato",
		"read.sheet_not_worksheet": "{file}: il foglio {sheet} non è un foglio di lavoro ({kind}) ed è stato saltato",
		"read.sheet_hidden":        "{file}: il foglio {sheet} è nascosto ed è stato saltato",

		"read.dates_day_first_lang":              "{file}: foglio {sheet}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il giorno, in base alla lingua delle intestazioni (input.date_order per cambiarlo)",
		"read.dates_day_first_lang.no_sheet":     "{file}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il giorno, in base alla lingua delle intestazioni (input.date_order per cambiarlo)",
		"read.dates_month_first_en":              "{file}: foglio {sheet}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il mese, dato che le intestazioni sono in inglese (input.date_order per cambiarlo)",
		"read.dates_month_first_en.no_sheet":     "{file}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il mese, dato che le intestazioni sono in inglese (input.date_order per cambiarlo)",
		"read.dates_day_first":                   "{file}: foglio {sheet}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il giorno, perché nessuna data della colonna lo chiarisce (input.date_order per cambiarlo)",
		"read.dates_day_first.no_sheet":          "{file}: la colonna {column} ha date come 03/04 leggibili in due modi; si è assunto prima il giorno, perché nessuna data della colonna lo chiarisce (input.date_order per cambiarlo)",
		"read.amounts_comma_lang":                "{file}: foglio {sheet}: la colonna {column} ha importi come 1.234 leggibili in due modi; si è assunta la virgola decimale in base alla lingua delle intestazioni",
		"read.amounts_comma_lang.no_sheet":       "{file}: la colonna {column} ha importi come 1.234 leggibili in due modi; si è assunta la virgola decimale in base alla lingua delle intestazioni",
		"read.amounts_point":                     "{file}: foglio {sheet}: la colonna {column} ha importi come 1.234 leggibili in due modi; si è assunto il punto decimale",
		"read.amounts_point.no_sheet":            "{file}: la colonna {column} ha importi come 1.234 leggibili in due modi; si è assunto il punto decimale",
		"read.refused_payments":                  "{file}: il foglio {sheet} è un export di incassi, non un elenco di fatture, e non è stato letto ({detail})",
		"read.refused_payments.no_sheet":         "{file}: il file è un export di incassi, non un elenco di fatture, e non è stato letto ({detail})",
		"read.refused_ledger_no_types":           "{file}: il foglio {sheet} è un export dei movimenti di contabilità generale senza tipi di conto e non è stato letto: esportare invece l'elenco delle fatture (Sales > Invoices)",
		"read.refused_ledger_no_types.no_sheet":  "{file}: il file è un export dei movimenti di contabilità generale senza tipi di conto e non è stato letto: esportare invece l'elenco delle fatture (Sales > Invoices)",
		"read.refused_ledger_no_client":          "{file}: il foglio {sheet} è un export dei movimenti di contabilità generale senza colonna cliente e non è stato letto: esportare invece l'elenco delle fatture (Sales > Invoices)",
		"read.refused_ledger_no_client.no_sheet": "{file}: il file è un export dei movimenti di contabilità generale senza colonna cliente e non è stato letto: esportare invece l'elenco delle fatture (Sales > Invoices)",
		"read.refused":                           "{file}: il foglio {sheet} non è stato letto: {reason}",
		"read.refused.no_sheet":                  "{file}: il file non è stato letto: {reason}",
		"read.paid_amounts":                      "{file}: foglio {sheet}: la colonna {column} contiene importi pagati, non sì/no: il saldo aperto è l'importo meno quanto pagato",
		"read.paid_amounts.no_sheet":             "{file}: la colonna {column} contiene importi pagati, non sì/no: il saldo aperto è l'importo meno quanto pagato",
		"read.not_yes_no":                        "{file}: foglio {sheet}: la colonna {column} contiene {count} valori che non sono sì/no; sono stati ignorati",
		"read.not_yes_no.one":                    "{file}: foglio {sheet}: la colonna {column} contiene {count} valore che non è sì/no; è stato ignorato",
		"read.not_yes_no.no_sheet":               "{file}: la colonna {column} contiene {count} valori che non sono sì/no; sono stati ignorati",
		"read.not_yes_no.no_sheet.one":           "{file}: la colonna {column} contiene {count} valore che non è sì/no; è stato ignorato",
		"read.bad_paid":                          "{file}: foglio {sheet}: {count} importi pagati non sono leggibili; quelle fatture non hanno un saldo noto",
		"read.bad_paid.one":                      "{file}: foglio {sheet}: {count} importo pagato non è leggibile; quella fattura non ha un saldo noto",
		"read.bad_paid.no_sheet":                 "{file}: {count} importi pagati non sono leggibili; quelle fatture non hanno un saldo noto",
		"read.bad_paid.no_sheet.one":             "{file}: {count} importo pagato non è leggibile; quella fattura non ha un saldo noto",
		"read.ledger_negative":                   "{file}: foglio {sheet}: le righe di ricavo della colonna {column} sono negative (accrediti scritti in negativo); il loro segno è stato invertito",
		"read.ledger_negative.no_sheet":          "{file}: le righe di ricavo della colonna {column} sono negative (accrediti scritti in negativo); il loro segno è stato invertito",
		"read.ledger_no_receivables":             "{file}: il foglio {sheet} è un export di movimenti senza righe di credito verso clienti: contano solo le righe di ricavo, e non si sa se le fatture sono state pagate",
		"read.ledger_no_receivables.no_sheet":    "{file}: il file è un export di movimenti senza righe di credito verso clienti: contano solo le righe di ricavo, e non si sa se le fatture sono state pagate",
		"read.ledger_receivables":                "{file}: il foglio {sheet} è un export di movimenti: contano solo le righe di ricavo; il pagamento è ricavato dalle righe di credito verso clienti di ogni numero di fattura: pagate {paid}, aperte {open}, senza addebito nel file (pagamento ignoto) {unknown}",
		"read.ledger_receivables.no_sheet":       "{file}: il file è un export di movimenti: contano solo le righe di ricavo; il pagamento è ricavato dalle righe di credito verso clienti di ogni numero di fattura: pagate {paid}, aperte {open}, senza addebito nel file (pagamento ignoto) {unknown}",
		"read.sheet_draft":                       "{file}: il foglio {sheet} ha nome di bozza ed è stato saltato",
		"read.column_not_taken":                  "{file}: foglio {sheet}: la colonna {column} non è stata usata: la sua intestazione somiglia a una nota ma i suoi valori non corrispondono",
		"read.column_not_taken.no_sheet":         "{file}: la colonna {column} non è stata usata: la sua intestazione somiglia a una nota ma i suoi valori non corrispondono",
		"read.date_beside":                       "{file}: foglio {sheet}: le date di emissione sono state lette dalla colonna {column}, senza intestazione ma con sole date, accanto alla colonna vuota {empty}",
		"read.date_beside.no_sheet":              "{file}: le date di emissione sono state lette dalla colonna {column}, senza intestazione ma con sole date, accanto alla colonna vuota {empty}",
	}
}
