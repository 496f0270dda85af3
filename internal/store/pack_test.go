package store

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func TestPackRoundTrip(t *testing.T) {
	t.Parallel()
	base := inv("INV-1", "acme", d(2025, 1, 2), 100, "a.xlsx", 2)
	tests := []struct {
		name   string
		mutate func(d *invoice.Document)
	}{
		{"plain", func(*invoice.Document) {}},
		{"empty strings, zero dates", func(d *invoice.Document) {
			d.Number, d.ClientID, d.Currency, d.DueDate, d.Source.Sheet = "", "", "", 0, ""
		}},
		{"escapes and NUL", func(d *invoice.Document) { d.ClientName = "a\"b\\c\nd\x00e\x1f" }},
		{"invalid UTF-8", func(d *invoice.Document) { d.Number = "\xff\xfe" }},
		// 11 bytes fits the header byte; 12 needs one size byte, 256 two,
		// 65536 four.
		{"11-byte string", func(d *invoice.Document) { d.ClientKey = strings.Repeat("k", 11) }},
		{"12-byte string", func(d *invoice.Document) { d.ClientKey = strings.Repeat("k", 12) }},
		{"256-byte string", func(d *invoice.Document) { d.ClientName = strings.Repeat("n", 256) }},
		{"65536-byte string", func(d *invoice.Document) { d.Source.File = strings.Repeat("f", 65536) }},
		{"extreme money", func(d *invoice.Document) {
			d.Amount, d.Outstanding, d.HasOutstanding = math.MinInt64, math.MaxInt64, true
		}},
		{"credit note, paid, no payment info", func(d *invoice.Document) {
			d.Kind, d.Status, d.PaidDate, d.HasPaymentInfo = invoice.KindCreditNote, invoice.StatusPaid, d.IssueDate.AddDays(3), false
		}},
	}
	var p packer
	u := newUnpacker()
	// One value for every case, as EachDocument decodes: nothing of the
	// previous document may stay in it.
	var got invoice.Document
	for _, tc := range tests {
		want := base
		tc.mutate(&want)
		body := p.body(nil, &want)
		source := p.source(nil, want.Source)
		if err := u.document(body, source, &got); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, want)
		}
	}
}

// TestUnpackRefusesDamage: a stored value that is not what Import writes
// is an error, never a panic or a made-up document.
func TestUnpackRefusesDamage(t *testing.T) {
	t.Parallel()
	var p packer
	doc := inv("INV-1", "acme", d(2025, 1, 2), 100, "a.xlsx", 2)
	body := p.body(nil, &doc)
	source := p.source(nil, doc.Source)
	tests := []struct {
		name         string
		body, source []byte
	}{
		{"empty body", nil, source},
		{"empty source", body, nil},
		{"truncated body", body[:len(body)-1], source},
		{"body with a trailing byte", append(append([]byte(nil), body...), 0), source},
		{"source in place of body", source, source},
		{"body in place of source", body, body},
		{"size longer than the blob", []byte{0xfb, 0, 0, 0, 0, 0, 0, 0, 9}, source},
		// ['', '', 'x']: the row is not a number.
		{"text where an integer goes", body, []byte{0x4b, 0x0a, 0x0a, 0x1a, 'x'}},
	}
	for _, tc := range tests {
		var got invoice.Document
		if err := newUnpacker().document(tc.body, tc.source, &got); err == nil {
			t.Errorf("%s: got %+v and no error, want an error", tc.name, got)
		}
	}
}

// TestPackedBatches: the batches carry every document once, in order,
// with its key, packed as packDocuments packs them; stopping early ends
// the packer.
func TestPackedBatches(t *testing.T) {
	t.Parallel()
	docs := benchDocs(10_000, 0, "b.xlsx")
	order, _, err := uniqueByKey(Docs(docs), workers(len(docs)))
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := packDocuments(7, Docs(docs), order, nil, nil, nil)
	batches, done, stop := packedBatches(7, Docs(docs), order, 999)
	var got []packedRow
	n := 0
	for b := range batches {
		n++
		for _, r := range b.rows {
			// Copied: the batch's memory is reused once given back.
			got = append(got, packedRow{r.importID, r.key, bytes.Clone(r.body), bytes.Clone(r.source)})
		}
		done(b)
	}
	stop()
	if n != 11 || !reflect.DeepEqual(got, want) {
		t.Errorf("%d batches of %d rows; rows equal to one packing: %v", n, len(got), reflect.DeepEqual(got, want))
	}
	// benchDocs' keys are distinct and in key order already (INV-0000000
	// up): row i is document i, and its key is that document's Key.
	for i := range min(len(got), len(docs)) {
		if got[i].key != docs[i].Key() {
			t.Fatalf("row %d has key %q, want %q", i, got[i].key, docs[i].Key())
		}
	}

	batches, _, stop = packedBatches(7, Docs(docs), order, 100)
	<-batches // one batch taken, none given back: the packer waits
	finished := make(chan struct{})
	go func() { stop(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not end the packer")
	}
	if _, open := <-batches; open {
		t.Error("batches still open after stop")
	}
}
