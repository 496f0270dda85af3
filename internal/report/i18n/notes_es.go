package i18n

// notesES holds the Spanish notes of the reader (see notesEN).
func notesES() map[string]string {
	return map[string]string{
		"read.encoding_utf16":  "{file}: leído como UTF-16: empieza con una marca de orden de bytes UTF-16",
		"read.encoding_cp1251": "{file}: leído como Windows-1251: no es UTF-8 y sus letras acentuadas parecen cirílicas; si no es correcto, ajuste input.encoding",
		"read.encoding_cp1252": "{file}: leído como Windows-1252: no es UTF-8; si no es correcto, ajuste input.encoding",

		"read.sheet_chart":         "{file}: la hoja {sheet} es un gráfico y se ha omitido",
		"read.sheet_not_worksheet": "{file}: la hoja {sheet} no es una hoja de cálculo ({kind}) y se ha omitido",
		"read.sheet_hidden":        "{file}: la hoja {sheet} está oculta y se ha omitido",

		"read.dates_day_first_lang":              "{file}: hoja {sheet}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el día primero por el idioma de los encabezados (input.date_order para cambiarlo)",
		"read.dates_day_first_lang.no_sheet":     "{file}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el día primero por el idioma de los encabezados (input.date_order para cambiarlo)",
		"read.dates_month_first_en":              "{file}: hoja {sheet}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el mes primero porque los encabezados están en inglés (input.date_order para cambiarlo)",
		"read.dates_month_first_en.no_sheet":     "{file}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el mes primero porque los encabezados están en inglés (input.date_order para cambiarlo)",
		"read.dates_day_first":                   "{file}: hoja {sheet}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el día primero, ya que ninguna fecha de la columna lo aclara (input.date_order para cambiarlo)",
		"read.dates_day_first.no_sheet":          "{file}: la columna {column} tiene fechas como 03/04 que admiten dos lecturas; se ha supuesto el día primero, ya que ninguna fecha de la columna lo aclara (input.date_order para cambiarlo)",
		"read.amounts_comma_lang":                "{file}: hoja {sheet}: la columna {column} tiene importes como 1.234 que admiten dos lecturas; se ha supuesto la coma decimal por el idioma de los encabezados",
		"read.amounts_comma_lang.no_sheet":       "{file}: la columna {column} tiene importes como 1.234 que admiten dos lecturas; se ha supuesto la coma decimal por el idioma de los encabezados",
		"read.amounts_point":                     "{file}: hoja {sheet}: la columna {column} tiene importes como 1.234 que admiten dos lecturas; se ha supuesto el punto decimal",
		"read.amounts_point.no_sheet":            "{file}: la columna {column} tiene importes como 1.234 que admiten dos lecturas; se ha supuesto el punto decimal",
		"read.refused_payments":                  "{file}: la hoja {sheet} es una exportación de cobros, no una lista de facturas, y no se ha leído ({detail})",
		"read.refused_payments.no_sheet":         "{file}: el archivo es una exportación de cobros, no una lista de facturas, y no se ha leído ({detail})",
		"read.refused_ledger_no_types":           "{file}: la hoja {sheet} es una exportación de movimientos del libro mayor sin tipos de cuenta y no se ha leído: exporte en su lugar la lista de facturas (Sales > Invoices)",
		"read.refused_ledger_no_types.no_sheet":  "{file}: el archivo es una exportación de movimientos del libro mayor sin tipos de cuenta y no se ha leído: exporte en su lugar la lista de facturas (Sales > Invoices)",
		"read.refused_ledger_no_client":          "{file}: la hoja {sheet} es una exportación de movimientos del libro mayor sin columna de cliente y no se ha leído: exporte en su lugar la lista de facturas (Sales > Invoices)",
		"read.refused_ledger_no_client.no_sheet": "{file}: el archivo es una exportación de movimientos del libro mayor sin columna de cliente y no se ha leído: exporte en su lugar la lista de facturas (Sales > Invoices)",
		"read.refused":                           "{file}: la hoja {sheet} no se ha leído: {reason}",
		"read.refused.no_sheet":                  "{file}: el archivo no se ha leído: {reason}",
		"read.paid_amounts":                      "{file}: hoja {sheet}: la columna {column} contiene importes pagados, no sí/no: el saldo pendiente es el importe menos lo pagado",
		"read.paid_amounts.no_sheet":             "{file}: la columna {column} contiene importes pagados, no sí/no: el saldo pendiente es el importe menos lo pagado",
		"read.not_yes_no":                        "{file}: hoja {sheet}: la columna {column} contiene {count} valores que no son sí/no; se han ignorado",
		"read.not_yes_no.one":                    "{file}: hoja {sheet}: la columna {column} contiene {count} valor que no es sí/no; se ha ignorado",
		"read.not_yes_no.no_sheet":               "{file}: la columna {column} contiene {count} valores que no son sí/no; se han ignorado",
		"read.not_yes_no.no_sheet.one":           "{file}: la columna {column} contiene {count} valor que no es sí/no; se ha ignorado",
		"read.bad_paid":                          "{file}: hoja {sheet}: no se han podido leer {count} importes pagados; esas facturas no tienen un saldo conocido",
		"read.bad_paid.one":                      "{file}: hoja {sheet}: no se ha podido leer {count} importe pagado; esa factura no tiene un saldo conocido",
		"read.bad_paid.no_sheet":                 "{file}: no se han podido leer {count} importes pagados; esas facturas no tienen un saldo conocido",
		"read.bad_paid.no_sheet.one":             "{file}: no se ha podido leer {count} importe pagado; esa factura no tiene un saldo conocido",
		"read.ledger_negative":                   "{file}: hoja {sheet}: las líneas de ingresos de la columna {column} son negativas (abonos escritos en negativo); se ha invertido su signo",
		"read.ledger_negative.no_sheet":          "{file}: las líneas de ingresos de la columna {column} son negativas (abonos escritos en negativo); se ha invertido su signo",
		"read.ledger_no_receivables":             "{file}: la hoja {sheet} es una exportación de movimientos sin líneas de cuentas por cobrar: solo cuentan las líneas de ingresos y no se sabe si las facturas se han pagado",
		"read.ledger_no_receivables.no_sheet":    "{file}: el archivo es una exportación de movimientos sin líneas de cuentas por cobrar: solo cuentan las líneas de ingresos y no se sabe si las facturas se han pagado",
		"read.ledger_receivables":                "{file}: la hoja {sheet} es una exportación de movimientos: solo cuentan las líneas de ingresos; el pago se deduce de las líneas de cuentas por cobrar de cada número de factura: pagadas {paid}, pendientes {open}, sin cargo en el archivo (pago desconocido) {unknown}",
		"read.ledger_receivables.no_sheet":       "{file}: el archivo es una exportación de movimientos: solo cuentan las líneas de ingresos; el pago se deduce de las líneas de cuentas por cobrar de cada número de factura: pagadas {paid}, pendientes {open}, sin cargo en el archivo (pago desconocido) {unknown}",
	}
}
