package i18n

// notesRU holds the Russian notes of the reader (see notesEN). As in
// msgsRU, every count follows a colon ("значений: 5"), which reads right
// for each of the three plural forms (1 значение, 2 значения, 5
// значений); the ".one" variants repeat the general text.
func notesRU() map[string]string {
	return map[string]string{
		"read.encoding_utf16":  "{file}: прочитан как UTF-16: файл начинается с метки порядка байтов UTF-16",
		"read.encoding_cp1251": "{file}: прочитан как Windows-1251: это не UTF-8, и буквы с диакритикой похожи на кириллицу; если это неверно, задайте input.encoding",
		"read.encoding_cp1252": "{file}: прочитан как Windows-1252: это не UTF-8; если это неверно, задайте input.encoding",

		"read.sheet_chart":         "{file}: лист {sheet} — диаграмма, он пропущен",
		"read.sheet_not_worksheet": "{file}: лист {sheet} не является рабочим листом ({kind}), он пропущен",
		"read.sheet_hidden":        "{file}: лист {sheet} скрыт, он пропущен",

		"read.dates_day_first_lang":              "{file}: лист {sheet}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; по языку заголовков принято, что день идёт первым (изменить: input.date_order)",
		"read.dates_day_first_lang.no_sheet":     "{file}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; по языку заголовков принято, что день идёт первым (изменить: input.date_order)",
		"read.dates_month_first_en":              "{file}: лист {sheet}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; заголовки английские, поэтому принято, что месяц идёт первым (изменить: input.date_order)",
		"read.dates_month_first_en.no_sheet":     "{file}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; заголовки английские, поэтому принято, что месяц идёт первым (изменить: input.date_order)",
		"read.dates_day_first":                   "{file}: лист {sheet}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; ни одна дата столбца этого не решает, поэтому принято, что день идёт первым (изменить: input.date_order)",
		"read.dates_day_first.no_sheet":          "{file}: в столбце {column} есть даты вида 03/04, которые можно прочитать двояко; ни одна дата столбца этого не решает, поэтому принято, что день идёт первым (изменить: input.date_order)",
		"read.amounts_comma_lang":                "{file}: лист {sheet}: в столбце {column} есть суммы вида 1.234, которые можно прочитать двояко; по языку заголовков десятичным разделителем принята запятая",
		"read.amounts_comma_lang.no_sheet":       "{file}: в столбце {column} есть суммы вида 1.234, которые можно прочитать двояко; по языку заголовков десятичным разделителем принята запятая",
		"read.amounts_point":                     "{file}: лист {sheet}: в столбце {column} есть суммы вида 1.234, которые можно прочитать двояко; десятичным разделителем принята точка",
		"read.amounts_point.no_sheet":            "{file}: в столбце {column} есть суммы вида 1.234, которые можно прочитать двояко; десятичным разделителем принята точка",
		"read.refused_payments":                  "{file}: лист {sheet} — выгрузка платежей, а не список счетов, он не прочитан ({detail})",
		"read.refused_payments.no_sheet":         "{file}: файл — выгрузка платежей, а не список счетов, он не прочитан ({detail})",
		"read.refused_ledger_no_types":           "{file}: лист {sheet} — выгрузка проводок главной книги без типов счетов, он не прочитан: выгрузите вместо неё список счетов (Sales > Invoices)",
		"read.refused_ledger_no_types.no_sheet":  "{file}: файл — выгрузка проводок главной книги без типов счетов, он не прочитан: выгрузите вместо неё список счетов (Sales > Invoices)",
		"read.refused_ledger_no_client":          "{file}: лист {sheet} — выгрузка проводок главной книги без столбца клиента, он не прочитан: выгрузите вместо неё список счетов (Sales > Invoices)",
		"read.refused_ledger_no_client.no_sheet": "{file}: файл — выгрузка проводок главной книги без столбца клиента, он не прочитан: выгрузите вместо неё список счетов (Sales > Invoices)",
		"read.refused":                           "{file}: лист {sheet} не прочитан: {reason}",
		"read.refused.no_sheet":                  "{file}: файл не прочитан: {reason}",
		"read.paid_amounts":                      "{file}: лист {sheet}: в столбце {column} оплаченные суммы, а не да/нет: непогашенный остаток — это сумма за вычетом оплаченного",
		"read.paid_amounts.no_sheet":             "{file}: в столбце {column} оплаченные суммы, а не да/нет: непогашенный остаток — это сумма за вычетом оплаченного",
		"read.not_yes_no":                        "{file}: лист {sheet}: в столбце {column} значений не да/нет: {count}; они не учтены",
		"read.not_yes_no.one":                    "{file}: лист {sheet}: в столбце {column} значений не да/нет: {count}; они не учтены",
		"read.not_yes_no.no_sheet":               "{file}: в столбце {column} значений не да/нет: {count}; они не учтены",
		"read.not_yes_no.no_sheet.one":           "{file}: в столбце {column} значений не да/нет: {count}; они не учтены",
		"read.bad_paid":                          "{file}: лист {sheet}: нечитаемых оплаченных сумм: {count}; остаток по этим счетам неизвестен",
		"read.bad_paid.one":                      "{file}: лист {sheet}: нечитаемых оплаченных сумм: {count}; остаток по этим счетам неизвестен",
		"read.bad_paid.no_sheet":                 "{file}: нечитаемых оплаченных сумм: {count}; остаток по этим счетам неизвестен",
		"read.bad_paid.no_sheet.one":             "{file}: нечитаемых оплаченных сумм: {count}; остаток по этим счетам неизвестен",
		"read.ledger_negative":                   "{file}: лист {sheet}: строки доходов в столбце {column} отрицательные (кредит записан со знаком минус); их знак изменён",
		"read.ledger_negative.no_sheet":          "{file}: строки доходов в столбце {column} отрицательные (кредит записан со знаком минус); их знак изменён",
		"read.ledger_no_receivables":             "{file}: лист {sheet} — выгрузка проводок без строк дебиторской задолженности: учитываются только строки доходов, и оплачены ли счета, неизвестно",
		"read.ledger_no_receivables.no_sheet":    "{file}: файл — выгрузка проводок без строк дебиторской задолженности: учитываются только строки доходов, и оплачены ли счета, неизвестно",
		"read.ledger_receivables":                "{file}: лист {sheet} — выгрузка проводок: учитываются только строки доходов; оплата определена по строкам дебиторской задолженности каждого номера счёта: оплачено: {paid}, не оплачено: {open}, без начисления в файле (оплата неизвестна): {unknown}",
		"read.ledger_receivables.no_sheet":       "{file}: файл — выгрузка проводок: учитываются только строки доходов; оплата определена по строкам дебиторской задолженности каждого номера счёта: оплачено: {paid}, не оплачено: {open}, без начисления в файле (оплата неизвестна): {unknown}",
	}
}
