package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func pay(number, client string, date invoice.Date, amount invoice.Money, file string, row int) invoice.Payment {
	return invoice.Payment{Number: number, ClientKey: "name:" + client, ClientName: client, Date: date, Amount: amount,
		Source: invoice.Source{File: file, Row: row}}
}

// TestPaymentsFromEveryVersion upgrades a ledger of every older version
// (with a document in it) to 0007, then stores payments and a customer
// list: a re-export repeating payments adds none, a double payment (two
// equal rows of one file) stays two, the newest customer list wins, and
// removing an import takes its payments and customers away.
func TestPaymentsFromEveryVersion(t *testing.T) {
	t.Parallel()
	latest := latestVersion(t)
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for v := 2; v < latest; v++ {
		t.Run(fmt.Sprintf("from version %d", v), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "clientrisk.db")
			old, err := openAt(path, Options{}, ms, v)
			if err != nil {
				t.Fatal(err)
			}
			doc := inv("7", "acme", d(2025, 1, 9), 10000, "inv.csv", 2)
			importOldLayout(t, old, "inv.csv", []invoice.Document{doc})
			old.Close()

			l, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			p1 := pay("7", "acme", d(2025, 2, 1), 4000, "pay-jan.csv", 5)
			p2 := pay("7", "acme", d(2025, 2, 1), 4000, "pay-jan.csv", 6) // paid twice the same day
			custs := []invoice.Customer{
				{ClientKey: "id:C1", ClientID: "C1", Name: "Acme", TermsDays: 45, HasTerms: true, Source: invoice.Source{File: "cust.xlsx", Sheet: "S", Row: 2}},
				{ClientKey: "id:C1", ClientID: "C1", Name: "Acme again", Source: invoice.Source{File: "cust.xlsx", Sheet: "S", Row: 3}},
			}
			c, err := l.ImportContents(ctx, ImportFile{Name: "pay-jan.csv", SHA256: "a"},
				Contents{Payments: []invoice.Payment{p1, p2}, Customers: custs}, ReadCounts{}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if c.Payments != 2 || c.Customers != 1 || c.Duplicates != 1 {
				t.Errorf("counts: got payments %d, customers %d, duplicates %d; want 2, 1, 1", c.Payments, c.Customers, c.Duplicates)
			}
			// The February re-export repeats both and adds a refund.
			p1b, p2b := p1, p2
			p1b.Source.File, p2b.Source.File = "pay-feb.csv", "pay-feb.csv"
			refund := pay("7", "acme", d(2025, 2, 20), -1500, "pay-feb.csv", 7)
			c2, err := l.ImportContents(ctx, ImportFile{Name: "pay-feb.csv", SHA256: "b"},
				Contents{Payments: []invoice.Payment{p1b, p2b, refund},
					Customers: []invoice.Customer{{ClientKey: "id:C1", ClientID: "C1", Name: "Acme Ltd", Source: invoice.Source{File: "cust2.csv", Row: 2}}}},
				ReadCounts{}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			pays, cs, err := l.Payments(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Two payments of 40.00 and the refund: 3, not 5; the newest
			// import's rows.
			want := []invoice.Payment{p1b, p2b, refund}
			if !samePayments(pays, want) {
				t.Errorf("payments\n got %+v\nwant %+v", pays, want)
			}
			wantC := []invoice.Customer{{ClientKey: "id:C1", ClientID: "C1", Name: "Acme Ltd", Source: invoice.Source{File: "cust2.csv", Row: 2}}}
			if !reflect.DeepEqual(cs, wantC) {
				t.Errorf("customers\n got %+v\nwant %+v", cs, wantC)
			}
			recs, err := l.Imports(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(recs); n != 3 || recs[1].Payments != 2 || recs[2].Payments != 3 || recs[1].Customers != 1 {
				t.Errorf("imports: got %+v", recs)
			}
			if _, _, err := l.RemoveImport(ctx, c2.ImportID); err != nil {
				t.Fatal(err)
			}
			pays, cs, err = l.Payments(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !samePayments(pays, []invoice.Payment{p1, p2}) || len(cs) != 1 || cs[0].Name != "Acme" || !cs[0].HasTerms || cs[0].TermsDays != 45 {
				t.Errorf("after removing February: payments %+v, customers %+v; want January's two and Acme with 45 days", pays, cs)
			}
			docs, _, err := l.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0] != doc {
				t.Errorf("documents after upgrade: got %+v, want [%+v]", docs, doc)
			}
		})
	}
}

// samePayments compares as multisets in order of (date, amount, row).
func samePayments(got, want []invoice.Payment) bool {
	if len(got) != len(want) {
		return false
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && g == w {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
