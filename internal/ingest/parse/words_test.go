package parse

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   invoice.Status
		wantOK bool
	}{
		{"Paid", invoice.StatusPaid, true},
		{"PAID", invoice.StatusPaid, true},
		{"Pagata", invoice.StatusPaid, true},
		{"Pagado", invoice.StatusPaid, true},
		{"Оплачен", invoice.StatusPaid, true},
		{"Bezahlt", invoice.StatusPaid, true},
		{"Payée", invoice.StatusPaid, true},
		{"payee", invoice.StatusPaid, true},
		{"Closed", invoice.StatusPaid, true},
		{"Settled", invoice.StatusPaid, true},
		{"Open", invoice.StatusOpen, true},
		{"sent", invoice.StatusOpen, true},
		{"Unpaid", invoice.StatusOpen, true},
		{"Overdue", invoice.StatusOpen, true},
		{"Partial", invoice.StatusOpen, true},
		{"Partially paid", invoice.StatusOpen, true},
		{"partially_paid", invoice.StatusOpen, true},
		{"Viewed", invoice.StatusOpen, true},
		{"AUTHORISED", invoice.StatusOpen, true},
		{"Due", invoice.StatusOpen, true},
		{"Aperta", invoice.StatusOpen, true},
		{"Da incassare", invoice.StatusOpen, true},
		{"Pendiente", invoice.StatusOpen, true},
		{"Не оплачен", invoice.StatusOpen, true},
		{"Offen", invoice.StatusOpen, true},
		{"Überfällig", invoice.StatusOpen, true},
		{"Impayée", invoice.StatusOpen, true},
		{"Void", invoice.StatusVoid, true},
		{"VOIDED", invoice.StatusVoid, true},
		{"Cancelled", invoice.StatusVoid, true},
		{"Canceled", invoice.StatusVoid, true},
		{"Annullata", invoice.StatusVoid, true},
		{"Anulada", invoice.StatusVoid, true},
		{"Отменен", invoice.StatusVoid, true},
		{"Отменён", invoice.StatusVoid, true},
		{"Storniert", invoice.StatusVoid, true},
		{"Annulée", invoice.StatusVoid, true},
		{"Draft", invoice.StatusDraft, true},
		{"Bozza", invoice.StatusDraft, true},
		{"Borrador", invoice.StatusDraft, true},
		{"Черновик", invoice.StatusDraft, true},
		{"Entwurf", invoice.StatusDraft, true},
		{"Brouillon", invoice.StatusDraft, true},
		{"unsent", invoice.StatusDraft, true},
		{"Disputed", invoice.StatusDisputed, true},
		{"Contestata", invoice.StatusDisputed, true},
		{"Disputada", invoice.StatusDisputed, true},
		{"Оспаривается", invoice.StatusDisputed, true},
		{"Strittig", invoice.StatusDisputed, true},
		{"En litige", invoice.StatusDisputed, true},
		{"synced", invoice.StatusUnknown, false},
		{"", invoice.StatusUnknown, false},
		{"paid maybe", invoice.StatusUnknown, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseStatus(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseStatus(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   invoice.Kind
		wantOK bool
	}{
		{"Invoice", invoice.KindInvoice, true},
		{"Fattura", invoice.KindInvoice, true},
		{"TD01", invoice.KindInvoice, true},
		{"Factura", invoice.KindInvoice, true},
		{"Счет", invoice.KindInvoice, true},
		{"Счёт", invoice.KindInvoice, true},
		{"Rechnung", invoice.KindInvoice, true},
		{"Facture", invoice.KindInvoice, true},
		{"Credit note", invoice.KindCreditNote, true},
		{"Credit Memo", invoice.KindCreditNote, true},
		{"credit_note", invoice.KindCreditNote, true},
		{"Nota di credito", invoice.KindCreditNote, true},
		{"TD04", invoice.KindCreditNote, true},
		{"Nota de crédito", invoice.KindCreditNote, true},
		{"Abono", invoice.KindCreditNote, true},
		{"Корректировочный счет", invoice.KindCreditNote, true},
		{"Кредит-нота", invoice.KindCreditNote, true},
		{"Gutschrift", invoice.KindCreditNote, true},
		{"Avoir", invoice.KindCreditNote, true},
		{"Payment", invoice.KindInvoice, false},
		{"", invoice.KindInvoice, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseKind(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseKind(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestParseYesNo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   bool
		wantOK bool
	}{
		{"Yes", true, true}, {"No", false, true},
		{"Y", true, true}, {"n", false, true},
		{"Sì", true, true}, {"Si", true, true}, {"Sí", true, true},
		{"Да", true, true}, {"Нет", false, true},
		{"Ja", true, true}, {"Nein", false, true},
		{"Oui", true, true}, {"Non", false, true},
		{"TRUE", true, true}, {"false", false, true},
		{"1", true, true}, {"0", false, true},
		{"x", true, true}, {"X", true, true},
		{"", false, true}, {"  ", false, true},
		{"✓", true, true},
		{"$5.01", false, false},
		{"maybe", false, false},
		{"2", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseYesNo(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseYesNo(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestIsTotalsLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"Total", true},
		{"TOTAL:", true},
		{"Totals", true},
		{"Grand total", true},
		{"Totale", true},
		{"Totale generale", true},
		{"Totales", true},
		{"Итого", true},
		{"Итого:", true},
		{"Всего", true},
		{"Gesamt", true},
		{"Summe", true},
		{"Total général", true},
		{"Total EUR", true},
		{"Total for Acme Ltd", true},
		{"Итого по клиенту", true},
		{"Total Consulting Srl", false},
		{"Acme", false},
		{"Subtotals of things", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := IsTotalsLabel(tc.in); got != tc.want {
				t.Errorf("IsTotalsLabel(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
