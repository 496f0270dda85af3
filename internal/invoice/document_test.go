package invoice

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestKeyForm pins the form of Key: ledgers store keys, so a key changes
// only with a ledger migration. Each case is written out by hand.
func TestKeyForm(t *testing.T) {
	t.Parallel()
	day := NewDate
	tests := []struct {
		doc  Document
		want string
	}{
		{Document{Kind: KindInvoice, Number: " INV-0042 ", ClientKey: "acme", IssueDate: day(2025, 3, 1)}, "invoice|n|inv-0042|2025|acme"},
		{Document{Kind: KindCreditNote, Number: "NC 7", ClientKey: "ромашка", IssueDate: day(2024, 12, 31)}, "credit_note|n|nc 7|2024|ромашка"},
		{Document{Kind: KindInvoice, Number: "СЧ-Ё5", IssueDate: day(2026, 1, 2)}, "invoice|n|сч-ё5|2026|"},
		{Document{Kind: KindInvoice, Number: "  ", ClientKey: "acme", IssueDate: day(2025, 7, 9), Amount: -12345, Currency: "usd"},
			"invoice|c|acme|2025-07-09|-12345|USD"},
		{Document{Kind: KindInvoice, ClientKey: "rossi", IssueDate: day(2025, 1, 5), Amount: 100000},
			"invoice|c|rossi|2025-01-05|100000|"},
		{Document{Kind: KindInvoice, ClientKey: "nodate", Amount: 5}, "invoice|c|nodate||5|"},
	}
	for _, tc := range tests {
		if got := tc.doc.Key(); got != tc.want {
			t.Errorf("Key(%+v) = %q, want %q", tc.doc, got, tc.want)
		}
	}
}

// TestKeySeparatesClients: two programs' invoice "2" of one year for two
// clients are two documents; the same client's re-export is the same one.
func TestKeySeparatesClients(t *testing.T) {
	t.Parallel()
	wave := Document{Kind: KindInvoice, Number: "2", ClientKey: "globex", IssueDate: NewDate(2021, 1, 4)}
	i2go := Document{Kind: KindInvoice, Number: "2", ClientKey: "initech", IssueDate: NewDate(2021, 6, 30)}
	if wave.Key() == i2go.Key() {
		t.Errorf("invoice 2 of globex and of initech share the key %q", wave.Key())
	}
	again := wave
	again.PaidDate, again.Source = NewDate(2021, 2, 1), Source{File: "wave-feb.csv", Row: 3}
	if again.Key() != wave.Key() {
		t.Errorf("a re-export of globex's invoice 2 changed its key: %q, was %q", again.Key(), wave.Key())
	}
}

// TestKeyMatchesFormula checks Key, and AppendKey after bytes already in
// its buffer, against the formula they replaced (fmt.Sprintf with
// strings.ToLower and ToUpper), on random documents. The numbers and
// currencies include invalid UTF-8 (which ToLower and ToUpper write as
// U+FFFD), a U+FFFD of the text's own, letters whose case changes their
// length in bytes (İ is 2 bytes, its lower case i is 1) and ASCII after
// non-ASCII.
func TestKeyMatchesFormula(t *testing.T) {
	t.Parallel()
	formula := func(d *Document) string {
		if n := strings.TrimSpace(d.Number); n != "" {
			return fmt.Sprintf("%s|n|%s|%d|%s", d.Kind, strings.ToLower(n), d.IssueDate.Year(), d.ClientKey)
		}
		return fmt.Sprintf("%s|c|%s|%s|%d|%s", d.Kind, d.ClientKey, d.IssueDate, int64(d.Amount), strings.ToUpper(d.Currency))
	}
	r := rand.New(rand.NewPCG(7, 11))
	numbers := []string{"", " ", "INV-1", " a/B 3 ", "Ñº 12", "ФАКТ-9", "x\ty",
		"A\xffB", "\xe2\x82", "İSTANBUL-7", "ǅ \uFFFD Q", "ÀB\xc3"}
	currencies := []string{"", "eur", "USD", "Rub", "ß", "eu\xffr", "ǆx", "\uFFFDe"}
	for i := 0; i < 2000; i++ {
		d := Document{
			Kind:      Kind(r.IntN(2)),
			Number:    numbers[r.IntN(len(numbers))],
			ClientKey: fmt.Sprintf("client %d", r.IntN(50)),
			Amount:    Money(r.Int64N(2_000_000) - 1_000_000),
			Currency:  currencies[r.IntN(len(currencies))],
		}
		if r.IntN(10) > 0 {
			d.IssueDate = NewDate(1990+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		}
		want := formula(&d)
		if got := d.Key(); got != want {
			t.Fatalf("Key(%+v) = %q, formula gives %q", d, got, want)
		}
		if got := d.AppendKey([]byte("k:")); string(got) != "k:"+want {
			t.Fatalf("AppendKey(%+v) after \"k:\" = %q, formula gives %q", d, got, want)
		}
	}
}
