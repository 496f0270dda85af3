package parse

import (
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Words are compared folded (case, accents and punctuation ignored), so
// "PAID", "Payée" and "partially-paid" need no spelling of their own.

// statusWords lists status values of the languages in the input spec and of
// the programs in the corpus (Xero AUTHORISED/VOIDED, Zoho, Invoice
// Ninja, FreshBooks).
var statusWords = buildWordMap(map[invoice.Status]string{
	invoice.StatusPaid: "paid|fully paid|paid in full|closed|settled|complete|completed|" +
		"pagata|pagato|pagate|pagati|saldata|saldato|incassata|incassato|chiusa|" +
		"pagado|pagada|cobrado|cobrada|liquidada|" +
		"оплачен|оплачено|оплачена|оплачены|оплачен полностью|закрыт|" +
		"bezahlt|beglichen|erledigt|ausgeglichen|" +
		"payée|payé|réglée|réglé|soldée|acquittée",
	invoice.StatusOpen: "open|sent|unpaid|overdue|partial|partially paid|part paid|viewed|due|pending|outstanding|" +
		"awaiting payment|authorised|authorized|approved|submitted|issued|past due|not paid|late|" +
		"aperta|aperto|da incassare|da pagare|non pagata|non pagato|scaduta|scaduto|inviata|emessa|" +
		"parzialmente pagata|parzialmente incassata|insoluta|in attesa|" +
		"pendiente|vencida|enviada|emitida|parcialmente pagada|parcialmente cobrada|no pagada|impagada|pendiente de pago|abierta|" +
		"не оплачен|неоплачен|не оплачено|неоплачено|частично оплачен|частично оплачено|просрочен|просрочено|выставлен|открыт|ожидает оплаты|" +
		"offen|unbezahlt|überfällig|teilweise bezahlt|teilbezahlt|versendet|gesendet|fällig|" +
		"ouverte|impayée|impayé|en retard|envoyée|partiellement payée|en attente|non payée|due",
	invoice.StatusVoid: "void|voided|cancelled|canceled|deleted|written off|write off|" +
		"annullata|annullato|stornata|stornato|cancellata|" +
		"anulada|anulado|cancelada|cancelado|" +
		"отменен|отменён|отменена|аннулирован|аннулирована|" +
		"storniert|annulliert|storno|" +
		"annulée|annulé|supprimée",
	invoice.StatusDraft: "draft|unsent|not sent|" +
		"bozza|borrador|черновик|entwurf|brouillon",
	invoice.StatusDisputed: "disputed|in dispute|contested|" +
		"contestata|contestato|in contestazione|" +
		"disputada|en disputa|impugnada|reclamada|" +
		"оспаривается|оспорен|спорный|спор|" +
		"strittig|bestritten|reklamiert|" +
		"contestée|contesté|en litige|litige",
})

// ParseStatus maps a status word in English, Italian, Spanish, Russian,
// German or French to a status: paid, open (including sent, overdue and
// partially paid), void (cancelled, deleted, written off), draft
// (including Invoice2go's "unsent") or disputed. ok is false for words it
// does not know; the reader then ignores the status and says so.
func ParseStatus(s string) (invoice.Status, bool) {
	st, ok := lookupFolded(statusWords, s)
	return st, ok
}

var kindWords = buildWordMap(map[invoice.Kind]string{
	invoice.KindInvoice: "invoice|tax invoice|sales invoice|inv|bill|" +
		"fattura|fattura elettronica|fattura differita|fattura immediata|fattura accompagnatoria|parcella|" +
		"td01|td02|td06|td24|td25|" +
		"factura|factura simplificada|factura completa|" +
		"счет|счёт|счет фактура|счёт фактура|упд|накладная|реализация|" +
		"rechnung|ausgangsrechnung|" +
		"facture",
	invoice.KindCreditNote: "credit note|credit memo|credit|creditnote|refund|" +
		"nota di credito|nota credito|nc|td04|" +
		"nota de crédito|nota de credito|abono|factura rectificativa|rectificativa|factura de abono|" +
		"корректировочный счет|корректировочный счёт|корректировочный счет фактура|кредит нота|возврат|" +
		"gutschrift|rechnungskorrektur|stornorechnung|" +
		"avoir|facture d'avoir|note de crédit",
})

// ParseKind maps document-type words to invoice or credit note ("Invoice",
// "Fattura", "TD01", "Factura", "Счет", "Rechnung", "Facture"; "Credit
// note", "Credit memo", "Nota di credito", "TD04", "Nota de crédito",
// "Abono", "Корректировочный счет", "Кредит-нота", "Gutschrift", "Avoir").
// The TDxx codes are the Italian e-invoice document types that Fatture in
// Cloud and SDI exports carry.
func ParseKind(s string) (invoice.Kind, bool) {
	k, ok := lookupFolded(kindWords, s)
	return k, ok
}

var yesNoWords = buildWordMap(map[bool]string{
	true:  "yes|y|true|1|1.0|x|si|sì|sí|да|д|ja|j|oui|o|✓|✔|☑|checked",
	false: "no|n|false|0|0.0|нет|н|nein|non|☐|unchecked",
})

// ParseYesNo reads a flag cell: Yes/No, Y/N, Sì/Si/No, Sí/No, Да/Нет,
// Ja/Nein, Oui/Non, true/false, 1/0, x or a check mark. An empty cell is
// "no" (a column of x marks leaves the others blank). ok is false for
// anything else, such as an amount in a "Paid" column.
func ParseYesNo(s string) (value bool, ok bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return false, true
	}
	switch t {
	case "✓", "✔", "☑":
		return true, true
	case "☐":
		return false, true
	}
	v, ok := lookupFolded(yesNoWords, t)
	return v, ok
}

var totalsLabels = buildWordMap(map[bool]string{
	true: "total|totals|grand total|sub total|subtotal|sum|" +
		"totale|totali|totale generale|subtotale|totale complessivo|" +
		"totales|total general|suma|" +
		"итого|всего|итого по|итог|" +
		"gesamt|summe|gesamtsumme|zwischensumme|endsumme|" +
		"total général|sous total",
})

// IsTotalsLabel says whether a row's first text cell marks a totals row:
// the label alone ("Total", "Totale generale", "Итого:", "Summe"), or
// followed by a currency ("Total EUR") or by "for"/"per"/"по"/"für"/
// "pour"/"de" and a name (QuickBooks "Total for Acme"). A client called
// "Total Consulting" is not a totals label.
func IsTotalsLabel(s string) bool {
	f := Fold(s, false)
	if f == "" {
		return false
	}
	if totalsLabels[f] {
		return true
	}
	for label := range totalsLabels {
		rest, ok := strings.CutPrefix(f, label+" ")
		if !ok {
			continue
		}
		if _, cur := CurrencyCode(rest); cur {
			return true
		}
		first, _, _ := strings.Cut(rest, " ")
		switch first {
		case "for", "per", "по", "fur", "pour", "de", "del", "della", "of":
			return true
		}
	}
	return false
}

// buildWordMap folds the |-separated words of each value into one lookup
// table.
func buildWordMap[V comparable](src map[V]string) map[string]V {
	m := make(map[string]V)
	for v, words := range src {
		for _, w := range strings.Split(words, "|") {
			if f := Fold(w, false); f != "" {
				m[f] = v
			}
		}
	}
	return m
}

func WordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Split(s, "|") {
		m[Fold(w, false)] = true
	}
	return m
}

// HasWord reports whether a word of the folded text f is in set.
func HasWord(set map[string]bool, f string) bool {
	for f != "" {
		var w string
		w, f, _ = strings.Cut(f, " ")
		if set[w] {
			return true
		}
	}
	return false
}

// HasPhrase reports whether f, or a run of its words, is in set.
func HasPhrase(set map[string]bool, f string) bool {
	words := strings.Fields(f)
	for i := range words {
		for j := i + 1; j <= len(words) && j <= i+3; j++ {
			if set[strings.Join(words[i:j], " ")] {
				return true
			}
		}
	}
	return false
}
