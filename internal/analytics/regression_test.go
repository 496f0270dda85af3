package analytics

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// dumpValue writes v as text that depends only on its content: pointers
// are followed (never printed as addresses), interface values carry their
// dynamic type, floats are written as their exact bits, so two results
// hash alike only when every figure, message argument and order is equal.
func dumpValue(b *strings.Builder, v reflect.Value) {
	// Result.Open was a []OpenInvoice when the hashes were recorded; an
	// OpenList is dumped as the same slice.
	if v.Type() == reflect.TypeOf(OpenList{}) {
		dumpValue(b, reflect.ValueOf(v.Interface().(OpenList).Invoices()))
		return
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatUint(math.Float64bits(v.Float()), 16))
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteByte('&')
		dumpValue(b, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		// The argument types moved to package message (analytics keeps
		// them as aliases) after the hashes were recorded under their
		// analytics names.
		b.WriteString(strings.Replace(v.Elem().Type().String(), "message.", "analytics.", 1))
		b.WriteByte('(')
		dumpValue(b, v.Elem())
		b.WriteByte(')')
	case reflect.Struct:
		b.WriteByte('{')
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			// Impossible.Invoices came after the hashes were recorded;
			// the data finding it decides is in the hash.
			if v.Type() == reflect.TypeOf(Impossible{}) && v.Type().Field(i).Name == "Invoices" {
				continue
			}
			b.WriteString(v.Type().Field(i).Name)
			b.WriteByte(':')
			dumpValue(b, v.Field(i))
			b.WriteByte(' ')
		}
		b.WriteByte('}')
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		fmt.Fprintf(b, "[%d:", v.Len())
		for i := 0; i < v.Len(); i++ {
			dumpValue(b, v.Index(i))
			b.WriteByte(',')
		}
		b.WriteByte(']')
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	default:
		fmt.Fprintf(b, "%v", v.Interface())
	}
}

func resultHash(r *Result) (string, string) {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(r))
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:]), b.String()
}

// withIdentities reworks a generated portfolio so it also goes through
// the identity code: some clients keyed by a tax id (and some of their
// rows keyed by name only, to be bridged), accented spellings, aliases
// and an exclusion.
func withIdentities(docs []invoice.Document, entries []invoice.TimeEntry) ([]invoice.Document, []invoice.TimeEntry, map[string][]string, []string) {
	for i := range docs {
		d := &docs[i]
		var c int
		fmt.Sscanf(d.ClientKey, "c%d", &c)
		switch {
		case c%7 == 1:
			d.ClientID = fmt.Sprintf("IT %03d.%d", c, c%3)
			if i%5 == 0 {
				d.ClientID = "" // the same client from an export without ids
			}
			d.ClientKey = invoice.ClientKey(d.ClientID, d.ClientName)
		case c%7 == 2:
			d.ClientName = fmt.Sprintf("Società %d S.r.l.", c)
			if i%3 == 0 {
				d.ClientName = fmt.Sprintf("SOCIETÀ %d srl", c)
			}
			d.ClientKey = invoice.ClientKey("", d.ClientName)
		case c%7 == 3 && c%2 == 0:
			// Two ids share one name: the name-keyed rows stay apart.
			d.ClientName = "Rossi"
			d.ClientID = fmt.Sprintf("ID%d", c)
			if i%4 == 0 {
				d.ClientID = ""
			}
			d.ClientKey = invoice.ClientKey(d.ClientID, d.ClientName)
		}
	}
	for i := range entries {
		e := &entries[i]
		var c int
		fmt.Sscanf(e.ClientKey, "c%d", &c)
		if c%7 == 1 || (c%7 == 3 && c%2 == 0) {
			e.ClientKey = invoice.ClientKey("", e.ClientName)
		}
	}
	aliases := map[string][]string{
		"Client Zero":   {"Client 0", "client 5"},
		"Società Unica": {"Società 2 srl", "Client 9"},
	}
	exclude := []string{"CLIENT 4", "Società Unica"}
	return docs, entries, aliases, exclude
}

// TestComputeUnchanged guards the speed-up of Compute: the hashes below
// were recorded from the code BEFORE it was made faster (commit 524a1c3),
// over generated portfolios of every kind the property test and the
// benchmark use. They must only change when a figure's definition changes
// on purpose; a change in any figure, message argument, float bit or
// order changes them. CLIENTRISK_DUMP=dir writes each result's text for a
// diff.
func TestComputeUnchanged(t *testing.T) {
	t.Parallel()
	type tc struct {
		name                 string
		seed                 uint64
		docs, clients        int
		month                string
		window, grace, terms int
		identities           bool
		thresholds           func(*Thresholds)
		want                 string
	}
	cases := []tc{
		{name: "tiny", seed: 1, docs: 40, clients: 4, month: "2026-10", window: 12, terms: 30,
			want: "10d59cfdea0bcd21994fcef675979265a0043dae94184685f55a0489e3654d0c"},
		{name: "small, short window", seed: 2, docs: 300, clients: 12, month: "2025-03", window: 3, grace: 2, terms: 14,
			want: "967a847e8c6bbeea56064da511d94ec4e6dccda4f116fa86608c603f44f3285d"},
		{name: "medium", seed: 3, docs: 5000, clients: 200, month: "2026-01", window: 12, terms: 30,
			want: "415de10f39742cb536b6655c39c4a7d387812435308ea0e243f2c827b36b9654"},
		{name: "medium, identities", seed: 4, docs: 5000, clients: 120, month: "2026-06", window: 18, grace: 3, terms: 45, identities: true,
			want: "e12a8907c7d01811d3e93b031bf239e83ec30e6b30ed5d08ca602a39839aafbc"},
		{name: "large, identities, tight thresholds", seed: 5, docs: 60000, clients: 2000, month: "2026-10", window: 12, terms: 30, identities: true,
			thresholds: func(th *Thresholds) {
				th.SlowOverdueDays, th.SlowMinPaid, th.OverDependentShare = 10, 1, 0.001
				th.CreditNoteMin, th.DisputedMin, th.MinHours, th.LostAfterMonths = 1, 1, 0.5, 2
			},
			want: "32e52eccd63a454933064d78d84517051877811e5ad2fe37cb9a2c87889671d8"},
		{name: "large, benchmark shape", seed: 6, docs: 100000, clients: 1000, month: "2026-10", window: 12, terms: 30,
			want: "458733ffabd67b407479613bf54856f4f7f0c020a917869b964cf5324a1e464e"},
		{name: "few clients, many documents", seed: 7, docs: 20000, clients: 3, month: "2024-12", window: 24, terms: 0,
			want: "365a6a8458f56f630cc2c88038abd928cbc39b77f07af2f676c3eb3b759e7106"},
	}
	dumpDir := os.Getenv("CLIENTRISK_DUMP")
	for _, c := range cases {
		m := month(c.month)
		docs, entries := genPortfolio(rand.New(rand.NewPCG(c.seed, c.seed*31+7)), c.docs, c.clients, m)
		opts := baseOptions(c.month)
		opts.WindowMonths, opts.GraceDays, opts.PaymentTermsDays = c.window, c.grace, c.terms
		opts.Rates = map[string]*big.Rat{"USD": big.NewRat(92, 100)}
		if c.identities {
			docs, entries, opts.Aliases, opts.Exclude = withIdentities(docs, entries)
		}
		if c.thresholds != nil {
			c.thresholds(&opts.Thresholds)
		}
		r, err := Compute(docs, entries, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, text := resultHash(r)
		if dumpDir != "" {
			_ = os.WriteFile(fmt.Sprintf("%s/%d.txt", dumpDir, c.seed), []byte(text), 0o644)
		}
		if got != c.want {
			t.Errorf("%s: result hash %s, want %s (a figure, an argument or an order changed)", c.name, got, c.want)
		}
	}
}

// TestComputeUnchangedBenchmark is TestComputeUnchanged on the benchmark's
// own portfolio (1M documents, 10k clients); hash recorded like the others,
// before the speed-up.
func TestComputeUnchangedBenchmark(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("1M documents: skipped with -short")
	}
	docs, entries := genPortfolio(rand.New(rand.NewPCG(1, 2)), 1_000_000, 10_000, month("2026-10"))
	r, err := Compute(docs, entries, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "91d05ce9d5c151fe16f7ef644800145f6c6a5d1504f2d057c28d17262f13804f"
	if got, _ := resultHash(r); got != want {
		t.Errorf("benchmark portfolio: result hash %s, want %s", got, want)
	}
}
