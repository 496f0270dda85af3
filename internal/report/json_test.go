package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

func writeJSONBytes(t *testing.T, in *Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	return buf.Bytes()
}

// TestJSONGolden compares the whole document with testdata/json_<case>.json
// (refresh with go test ./internal/report -update and review the diff).
func TestJSONGolden(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]*Input{"full": fullInput(), "empty": emptyInput()} {
		got := writeJSONBytes(t, in)
		if again := writeJSONBytes(t, in); !bytes.Equal(got, again) {
			t.Errorf("%s: two writes of the same input differ", name)
		}
		golden := filepath.Join("testdata", "json_"+name+".json")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: %v (run with -update to create it)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: output differs from %s; run with -update and review the diff.\ngot:\n%s", name, golden, got)
		}
	}
}

// schemaJSON is the example of report-json.md; TestSchemaMatchesSpec keeps
// it equal to the spec when the spec folder is there.
const schemaJSON = `{
  "month": "2026-10",
  "as_of": "2026-10-31",
  "window": {"from": "2025-11-01", "to": "2026-10-31"},
  "currency": "EUR",
  "portfolio": {
    "revenue": 0, "month_revenue": 0, "clients": 0,
    "hhi": 0, "hhi_band": "unconcentrated|moderate|high",
    "effective_clients": 0,
    "top1_share": 0, "top3_share": 0, "top5_share": 0,
    "pareto80_clients": 0,
    "open_amount": 0, "overdue_amount": 0, "dso": 0,
    "wadl": 0, "on_time_rate": 0,
    "aging": {"current": 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0}
  },
  "clients": [
    {
      "key": "...", "name": "...",
      "revenue": 0, "share": 0, "month_revenue": 0, "month_share": 0,
      "paid_count": 0, "avg_days_to_pay": null, "wadl": null,
      "median_days_late": null, "p90_days_late": null, "max_days_late": null,
      "on_time_rate": null,
      "open_amount": 0, "overdue_amount": 0, "dso": null,
      "aging": {"current": 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0},
      "invoice_count": 0, "credit_note_count": 0, "credit_note_ratio": null,
      "disputed_count": 0,
      "hours": null, "hours_share": null, "load_ratio": null,
      "effective_rate": null,
      "flags": [{"flag": "over_dependent|slow_payer|high_maintenance|lost",
                 "reasons": ["..."]}]
    }
  ],
  "lost_clients": [{"key": "...", "name": "...", "revenue": 0}],
  "new_clients": [{"key": "...", "name": "..."}],
  "data_quality": {
    "files": [{"name": "...", "sha256": "...", "rows": 0, "accepted": 0,
               "rejected": 0, "duplicates": 0, "skipped": 0}],
    "rejected": [{"file": "...", "sheet": "...", "row": 0, "column": "...",
                  "reason": "..."}],
    "assumptions": ["..."]
  }
}`

func TestSchemaMatchesSpec(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "..", "shared", "spec", "report-json.md")
	md, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("spec not available at %s: %v", path, err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(md)
	if m == nil {
		t.Fatalf("no json block in %s", path)
	}
	var spec, ours any
	if err := json.Unmarshal(m[1], &spec); err != nil {
		t.Fatalf("spec example: %v", err)
	}
	if err := json.Unmarshal([]byte(schemaJSON), &ours); err != nil {
		t.Fatalf("schemaJSON: %v", err)
	}
	if !reflect.DeepEqual(spec, ours) {
		t.Errorf("schemaJSON in this test no longer matches %s: update it", path)
	}
}

// jsonNullable are the figures the spec allows to be undefined (null); every
// other number must always be a number.
var jsonNullable = map[string]bool{
	"effective_clients": true, "dso": true, "wadl": true, "on_time_rate": true,
	"avg_days_to_pay": true, "median_days_late": true, "p90_days_late": true,
	"max_days_late": true, "credit_note_ratio": true, "hours": true,
	"hours_share": true, "load_ratio": true, "effective_rate": true,
	// Unknown is not zero: payment figures are null where no invoice said
	// whether it was paid (report-json.md: "an undefined figure is null").
	"open_amount": true, "overdue_amount": true, "paid_count": true, "aging": true,
}

// checkJSONSchema walks the spec example and our document together: every key
// of the spec must be in ours with a value of the same JSON type (a number
// may be null only where jsonNullable says so), and a list's elements must
// each match the spec's example element. It returns how many spec keys it
// checked, so the test can tell a walk that saw nothing.
func checkJSONSchema(t *testing.T, where, key string, spec, got any) int {
	t.Helper()
	checked := 0
	switch s := spec.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			if got == nil && jsonNullable[key] {
				return 1
			}
			t.Errorf("%s: got %T, want an object", where, got)
			return 0
		}
		for k, sv := range s {
			gv, present := g[k]
			if !present {
				t.Errorf("%s: key %q missing", where, k)
				continue
			}
			checked += 1 + checkJSONSchema(t, where+"."+k, k, sv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			t.Errorf("%s: got %T, want an array", where, got)
			return 0
		}
		for i, gv := range g {
			checked += checkJSONSchema(t, fmt.Sprintf("%s[%d]", where, i), key, s[0], gv)
		}
	case string:
		if _, ok := got.(string); !ok {
			t.Errorf("%s: got %T (%v), want a string", where, got, got)
		}
	case float64, nil:
		switch got.(type) {
		case json.Number:
		case nil:
			if !jsonNullable[key] {
				t.Errorf("%s: null, but %q is never undefined", where, key)
			}
		default:
			t.Errorf("%s: got %T (%v), want a number", where, got, got)
		}
	}
	return checked
}

// specKeys counts the keys of the spec example, descending into the
// first element of each list.
func specKeys(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			n += 1 + specKeys(e)
		}
	case []any:
		if len(x) > 0 {
			n += specKeys(x[0])
		}
	}
	return n
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("our JSON does not parse: %v\n%s", err, b)
	}
	return doc
}

func TestJSONSchema(t *testing.T) {
	t.Parallel()
	var spec any
	if err := json.Unmarshal([]byte(schemaJSON), &spec); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]*Input{"full": fullInput(), "empty": emptyInput()} {
		doc := decodeJSON(t, writeJSONBytes(t, in))
		// Every list of the full case has elements, so each spec key is seen
		// at least once; the empty case has no list elements to walk.
		want := specKeys(spec)
		if name == "empty" {
			// 9 top-level + window 2 + portfolio 16 + data_quality 3 + the
			// portfolio's aging, null (one key) with no payment data.
			want = 31
		}
		if n := checkJSONSchema(t, name, "", spec, doc); n < want {
			t.Errorf("%s: only %d schema keys checked, want at least %d", name, n, want)
		}
		for _, list := range []string{"clients", "lost_clients", "new_clients"} {
			if _, ok := doc[list].([]any); !ok {
				t.Errorf("%s: %s is %T, want an array (never null)", name, list, doc[list])
			}
		}
	}
}

// jsonAt reads a value out of the decoded document: "clients.2.wadl".
func jsonAt(doc any, p string) any {
	cur := doc
	for _, part := range strings.Split(p, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[part]
		case []any:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i < 0 || i >= len(c) {
				return fmt.Sprintf("<no element %s>", part)
			}
			cur = c[i]
		default:
			return fmt.Sprintf("<%s: not a container>", part)
		}
	}
	return cur
}

// TestJSONValues checks single figures of the full and empty cases against
// the hand values of fullInput's comment and the rules of report-json.md.
func TestJSONValues(t *testing.T) {
	t.Parallel()
	full := decodeJSON(t, writeJSONBytes(t, fullInput()))
	empty := decodeJSON(t, writeJSONBytes(t, emptyInput()))
	num := func(s string) any { return json.Number(s) }
	tests := []struct {
		doc  map[string]any
		path string
		want any
	}{
		{full, "month", "2026-10"},
		{full, "as_of", "2026-10-31"},
		{full, "window.from", "2025-11-01"},
		{full, "generated", "2026-11-01T07:00:00Z"},
		// Money: exact, two decimals.
		{full, "portfolio.revenue", num("100000.00")},
		{full, "portfolio.open_amount", num("22345.67")},                 // 10,000.00 + 10,000.00 + 2,345.67
		{full, "portfolio.aging.current", num("12345.67")},               // 10,000.00 + 2,345.67
		{full, "portfolio.aging.61-90", num("10000.00")},                 // 2026/17, 75 days
		{full, "portfolio.aging.1-30", num("0.00")},                      // no invoice 1-30 days late
		{full, "portfolio.loss_if_top_leaves", num("60000.00")},          // Acme's revenue
		{full, "clients.0.open_amount", num("12345.67")},                 // 10,000.00 + 2,345.67
		{full, "clients.0.aging.current", num("2345.67")},                // 2026/30 not yet due
		{full, "clients.0.flags.0.flag", "over_dependent"},               // share 0.6 >= 0.25
		{full, "portfolio.hhi", num("4600")},                             // 3600 + 900 + 100
		{full, "portfolio.effective_clients", num("2.1739130434782608")}, // 10000 / 4600, unrounded
		{full, "portfolio.pareto80_fraction", num("0.6666666666666666")}, // 2 of 3
		{full, "portfolio.notes.0", "HHI 4,600 is in the high band (> 2,500)"},
		// Clients sorted as in Result, names kept verbatim (& not escaped).
		{full, "clients.0.key", "acme"},
		{full, "clients.1.key", "beta gmbh"},
		{full, "clients.2.name", "Gamma & Sons"},
		{full, "clients.0.share_change", num("0.05")},
		{full, "clients.1.share_change", num("-0.05")},
		{full, "clients.1.dso", num("0")},   // defined and zero, not null
		{full, "clients.2.wadl", nil},       // no paid invoices: undefined
		{full, "clients.2.prev_share", nil}, // new this month
		{full, "clients.2.max_days_past_due", num("-4")},
		{full, "clients.0.first_invoice", "2023-03-03"},
		// Reasons and actions in English, formatted.
		{full, "clients.0.flags.0.reasons.0", "brings 60.0% of your revenue; the limit is 25.0%"},
		{full, "clients.0.flags.0.actions.0", "Grow the work from your other clients, starting with Beta GmbH, so this one weighs less."},
		{full, "clients.0.flags.0.actions.2", "Keep a cash reserve of 3 months of this client's revenue (€15,000.00)."},
		{full, "clients.0.flags.1.reasons.0", "pays on average 20.3 days late (weighted by amount) over 4 paid invoices; the limit is 15.0"}, // 20.25 half away
		{full, "clients.0.flags.1.reasons.1", "1 invoice more than 60 days past due: invoice 2026/17 (€10,000.00, 75 days past due)"},
		{full, "clients.0.flags.1.actions.1", "Shorten the payment terms from 30 to 15 days."},
		{full, "clients.2.flags.0.reasons.1", "2 disputed documents; the limit is 2"},
		{full, "lost_clients.0.last_invoice", "2026-07-15"},
		{full, "lost_clients.0.revenue", num("30000.00")},
		{full, "lost_clients.0.reasons.0", "invoiced in 5 months, usually every 2 months; nothing in the last 3 months (last invoice 15 Jul 2026); €30,000.00 in the window"},
		{full, "new_clients.0.first_invoice", "2026-10-05"},
		// Data quality: assumptions (deduplicated) then notes; reader's rejects then analytics'.
		{full, "data_quality.assumptions", []any{
			"1 invoice has no due date: due date taken as issue date + 30 days",
			"1 document in CHF rejected: no exchange rate",
			"2 void, cancelled or draft documents left out",
			"fic.xlsx: sheet Archive is hidden and was skipped",
		}},
		{full, "data_quality.rejected.0.column", `E "Amount"`},
		{full, "data_quality.rejected.1.reason", "currency CHF has no exchange rate"},
		{full, "data_quality.rejected.1.row", num("40")},
		{full, "data_quality.files.0.error", nil},
		{full, "data_quality.files.2.error", "is a legacy Excel 97-2003 .xls workbook (save it as .xlsx or export CSV)"},
		{full, "data_quality.excluded_documents", num("2")},
		// Empty month: zero money, undefined ratios null, empty lists.
		{empty, "portfolio.revenue", num("0.00")},
		{empty, "portfolio.dso", nil},
		{empty, "portfolio.effective_clients", nil},
		{empty, "portfolio.on_time_rate", nil},
		{empty, "portfolio.hhi_band", "unconcentrated"},
		{empty, "clients", []any{}},
		{empty, "data_quality.files", []any{}},
		{empty, "data_quality.assumptions", []any{}},
		{empty, "portfolio.notes", []any{}},
	}
	for _, tc := range tests {
		name := "full"
		if reflect.ValueOf(tc.doc).Pointer() == reflect.ValueOf(empty).Pointer() {
			name = "empty"
		}
		if got := jsonAt(tc.doc, tc.path); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %s = %#v, want %#v", name, tc.path, got, tc.want)
		}
	}
}

// TestJSONMoneyDigits: money has as many decimals as the base currency's
// minor unit: two for EUR, none for JPY (an amount of ¥1,234 is 1234 minor
// units and must print 1234, not 12.34).
func TestJSONMoneyDigits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		currency string
		want     string
	}{
		{"EUR", `"revenue": 1234.00`},
		{"JPY", `"revenue": 123400`},
		{"KWD", `"revenue": 123.400`},
	}
	for _, tc := range tests {
		in := emptyInput()
		in.Result.Currency = tc.currency
		in.Result.Portfolio.Revenue = 123400
		if got := string(writeJSONBytes(t, in)); !strings.Contains(got, tc.want) {
			t.Errorf("%s: output lacks %s:\n%s", tc.currency, tc.want, got)
		}
	}
}

// TestJSONNonFinite: a NaN or infinity (which analytics should never
// produce) becomes null instead of making the whole file unwritable.
func TestJSONNonFinite(t *testing.T) {
	t.Parallel()
	in := fullInput()
	in.Result.Portfolio.HHI = math.Inf(1)
	in.Result.Portfolio.DSO = fptr(math.NaN())
	in.Result.Clients[0].Share = math.NaN()
	in.Result.Clients[0].WADL = fptr(math.Inf(-1))
	doc := decodeJSON(t, writeJSONBytes(t, in))
	for _, p := range []string{"portfolio.hhi", "portfolio.dso", "clients.0.share", "clients.0.wadl"} {
		if got := jsonAt(doc, p); got != nil {
			t.Errorf("%s = %#v, want null", p, got)
		}
	}
	if got, want := jsonAt(doc, "clients.0.revenue"), json.Number("60000.00"); got != want {
		t.Errorf("clients.0.revenue = %#v, want %#v", got, want)
	}
}

// The clients, encoded one at a time into their place (writeJSONDoc),
// give the bytes encoding/json gives for the whole document at once: with
// no client, one, several with flags, and a client whose name is the
// text of the place itself.
func TestJSONClientsStreamedAsWhole(t *testing.T) {
	one := emptyInput()
	one.Result.Clients = fullInput().Result.Clients[:1]
	tricky := fullInput()
	tricky.Result.Clients[0].Name = "Acme \"clients\": [] & Co <x>"
	tricky.Result.Clients[1].Key = "\n  \"clients\": []"
	for name, in := range map[string]*Input{"empty": emptyInput(), "one": one, "full": fullInput(), "tricky": tricky} {
		if len(in.Result.Clients) == 0 && name != "empty" {
			t.Fatalf("%s: the input has no clients", name)
		}
		cat, err := i18n.Lookup("en")
		if err != nil {
			t.Fatal(err)
		}
		cv := jsonConv{cur: in.Result.Currency, cat: cat.WithCurrency(in.Result.Currency)}
		doc := buildJSON(in, cv)
		for i := range in.Result.Clients {
			doc.Clients = append(doc.Clients, cv.client(&in.Result.Clients[i]))
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if got := writeJSONBytes(t, in); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: the streamed document differs from the whole one:\ngot:\n%s\nwant:\n%s", name, got, want.Bytes())
		}
	}
}
