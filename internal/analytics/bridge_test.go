package analytics

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// withID makes a document keyed by its tax id, as the reader does when the
// export has a VAT number column.
func withID(name, id, number, issue string, amount invoice.Money) invoice.Document {
	d := inv(invoice.ClientKey(id, name), name, number, issue, amount)
	d.ClientID = id
	return d
}

// The register keys Bianchi by VAT number, the time tracker by name: both
// must land on one client, or its hours never meet its revenue.
func TestNameKeyedRowsJoinTheirIDKeyedClient(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		withID("Bianchi Arredamenti spa", "IT03456780154", "1", "2026-10-05", eur(1000)),
		// Same client in an export without ids: joined by name.
		inv(invoice.ClientKey("", "Bianchi Arredamenti S.p.A."), "Bianchi Arredamenti S.p.A.", "Q-7", "2026-10-06", eur(500)),
		// Two ids share the name "Rossi": ambiguous, so the name-keyed row stays apart.
		withID("Rossi", "IT111", "2", "2026-10-07", eur(100)),
		withID("Rossi", "IT222", "3", "2026-10-08", eur(200)),
		inv(invoice.ClientKey("", "Rossi"), "Rossi", "Q-8", "2026-10-09", eur(300)),
	}
	entries := []invoice.TimeEntry{hours(invoice.ClientKey("", "Bianchi Arredamenti"), "Bianchi Arredamenti", "2026-10-10", 12)}
	res, err := Compute(docs, entries, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]ClientFigures{}
	for _, c := range res.Clients {
		byKey[c.Key] = c
	}
	bianchi, ok := byKey[invoice.ClientKey("IT03456780154", "")]
	if !ok {
		t.Fatalf("no client under Bianchi's id key; clients: %v", keysOf(res.Clients))
	}
	// 1000 + 500 = 1500 EUR = 150000 cents; 12 hours from the tracker.
	if bianchi.Revenue != eur(1500) {
		t.Errorf("Bianchi revenue = %s, want 1500.00 (both exports joined)", bianchi.Revenue)
	}
	if bianchi.Hours == nil || *bianchi.Hours != 12 {
		t.Errorf("Bianchi hours = %v, want 12 (time entries joined by name)", bianchi.Hours)
	}
	// Rossi stays three clients: two ids and the ambiguous name.
	if len(res.Clients) != 4 {
		t.Errorf("got %d clients, want 4 (Bianchi, Rossi IT111, Rossi IT222, Rossi by name): %v", len(res.Clients), keysOf(res.Clients))
	}
}

func keysOf(cs []ClientFigures) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key
	}
	return out
}
