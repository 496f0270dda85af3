package i18n

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/message"
)

func mustLookup(t *testing.T, lang string) *Catalog {
	t.Helper()
	c, err := Lookup(lang)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", lang, err)
	}
	return c
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "it", "es", "ru", " IT "} {
		c := mustLookup(t, lang)
		if want := strings.ToLower(strings.TrimSpace(lang)); c.Lang() != want {
			t.Errorf("Lookup(%q).Lang() = %q, want %q", lang, c.Lang(), want)
		}
	}
	_, err := Lookup("de")
	if err == nil {
		t.Fatal(`Lookup("de"): no error, want one naming the supported languages`)
	}
	for _, l := range Languages() {
		if !strings.Contains(err.Error(), l) {
			t.Errorf("Lookup(\"de\") error %q does not name %q", err, l)
		}
	}
}

var placeholderRE = regexp.MustCompile(`\{[a-z_0-9]+\}`)

func placeholders(s string) []string {
	p := placeholderRE.FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// TestCatalogsComplete fails when a key exists in one language and not in
// another, or when a translation uses other placeholders than English.
func TestCatalogsComplete(t *testing.T) {
	t.Parallel()
	cats := map[string]*Catalog{}
	all := map[string]bool{}
	for _, l := range Languages() {
		cats[l] = mustLookup(t, l)
		for _, k := range cats[l].Keys() {
			all[k] = true
		}
	}
	en := cats["en"]
	for k := range all {
		for _, l := range Languages() {
			if !cats[l].Has(k) {
				t.Errorf("key %q is missing in %s", k, l)
				continue
			}
			if strings.TrimSpace(cats[l].T(k)) == "" {
				t.Errorf("key %q is empty in %s", k, l)
			}
			if !en.Has(k) {
				continue
			}
			if got, want := placeholders(cats[l].T(k)), placeholders(en.T(k)); !slices.Equal(got, want) {
				t.Errorf("key %q in %s has placeholders %v, English has %v", k, l, got, want)
			}
		}
	}
}

// TestMsgsAndUIDisjoint: Lookup merges the two sets, so a key in both would
// silently lose one of its texts.
func TestMsgsAndUIDisjoint(t *testing.T) {
	t.Parallel()
	for lang, sets := range catalogs {
		ui := sets.ui()
		for k := range sets.msgs() {
			if _, ok := ui[k]; ok {
				t.Errorf("%s: key %q is in both msgs and ui", lang, k)
			}
		}
	}
}

// contractKeys are the message keys of the analytics contract with the
// arguments each one carries, so every catalog is checked to name them.
var contractKeys = map[string][]string{
	"reason.share":            {"share", "threshold"},
	"reason.wadl":             {"wadl", "threshold", "paid"},
	"reason.overdue_invoices": {"count", "threshold", "invoices"}, // amount is carried, the list says it
	"reason.overdue_now":      {"amount"},
	"reason.credit_notes":     {"ratio", "threshold", "count"},
	"reason.disputes":         {"count", "threshold"},
	"reason.load_ratio":       {"ratio", "threshold", "hours_share", "share"},
	"reason.effective_rate":   {"rate", "median", "fraction"}, // hours is carried but not said
	"reason.lost":             {"months", "last", "revenue", "quiet", "gap"},
	"reason.lost_monthly":     {"months", "last", "revenue", "quiet"},

	"finding.slow_payer":       {"count", "clients", "flagged", "share", "amount"},
	"finding.high_maintenance": {"count", "clients", "flagged", "share"},
	"finding.lost":             {"count", "clients", "flagged", "share", "amount"},
	"finding.dates":            {"count", "invoices", "due", "paid"},
	"action.chase":             {"invoices"},
	"action.chase_all":         {"count", "amount"},
	"action.reminders":         nil,
	"grade.watch":              nil, "grade.act": nil,

	"note.hhi_high": {"hhi", "threshold"},

	"action.grow_others":     {"next"},
	"action.cap_share":       {"cap"},
	"action.cash_reserve":    {"months", "amount"},
	"action.contract_notice": nil,
	"action.deposit":         nil,
	"action.shorter_terms":   {"days", "suggested"},
	"action.late_fees":       nil,
	"action.pause_work":      {"amount"},
	"action.notice_slow":     nil,
	"action.review_scope":    nil,
	"action.bill_changes":    nil,
	"action.raise_price":     nil,
	"action.part_ways":       nil,
	"action.ask_why":         nil,
	"action.check_profit":    nil,
	"action.review_offer":    nil,

	"assumption.default_terms":     {"count", "days"},
	"assumption.no_payment_data":   {"count", "files"},
	"assumption.due_before_issue":  {"count", "file", "row"},
	"assumption.paid_before_issue": {"count", "file", "row"},
	"assumption.future_dates":      {"count", "file", "row"},
	"assumption.one_off":           {"count"},
	"assumption.excluded_status":   {"count"},
	"assumption.excluded_clients":  {"count", "clients"},
	"assumption.no_rate":           {"count", "currency"},
	"assumption.converted":         {"count", "currency", "rate"},

	"flag.over_dependent": nil, "flag.slow_payer": nil, "flag.high_maintenance": nil, "flag.lost": nil,
	"band.unconcentrated": nil, "band.moderate": nil, "band.high": nil,
}

func TestContractKeys(t *testing.T) {
	t.Parallel()
	for _, l := range Languages() {
		c := mustLookup(t, l)
		for key, args := range contractKeys {
			if !c.Has(key) {
				t.Errorf("%s: contract key %q missing", l, key)
				continue
			}
			var want []string
			for _, a := range args {
				want = append(want, "{"+a+"}")
			}
			slices.Sort(want)
			if got := placeholders(c.T(key)); !slices.Equal(got, want) {
				t.Errorf("%s: %q has placeholders %v, want %v", l, key, got, want)
			}
		}
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	c := mustLookup(t, "it")
	if got, want := c.T("flag.lost"), "Perso"; got != want {
		t.Errorf("T(flag.lost) = %q, want %q", got, want)
	}
	if got, want := c.T("no.such.key"), "!no.such.key"; got != want {
		t.Errorf("T(missing) = %q, want %q", got, want)
	}
}

func TestMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, cur string
		m         invoice.Money
		want      string
	}{
		{"en", "EUR", 123456, "€1,234.56"},
		{"en", "EUR", -123456, "-€1,234.56"},
		{"en", "EUR", 0, "€0.00"},
		{"en", "EUR", 5, "€0.05"},
		{"en", "USD", 123456789012, "$1,234,567,890.12"},
		{"en", "CHF", 123456, "CHF\u00a01,234.56"},
		{"en", "jpy", 1234567, "¥1,234,567"}, // JPY has no minor unit
		{"en", "", 123456, "1,234.56"},
		{"it", "EUR", 123456, "1.234,56\u00a0€"},
		{"it", "EUR", -100, "-1,00\u00a0€"},
		{"it", "CHF", 99, "0,99\u00a0CHF"},
		{"es", "EUR", 100000000, "1.000.000,00\u00a0€"},
		{"ru", "EUR", 123456, "1\u00a0234,56\u00a0€"},
		{"ru", "RUB", -123456789, "-1\u00a0234\u00a0567,89\u00a0RUB"},
		{"ru", "KWD", 1234567, "1\u00a0234,567\u00a0KWD"}, // three decimals
		{"en", "EUR", math.MinInt64, "-€92,233,720,368,547,758.08"},
	}
	for _, tc := range tests {
		got := mustLookup(t, tc.lang).Money(tc.m, tc.cur)
		if got != tc.want {
			t.Errorf("%s Money(%d, %q) = %q, want %q", tc.lang, tc.m, tc.cur, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang string
		f    float64
		dec  int
		want string
	}{
		{"en", 1234.5, 1, "1,234.5"},
		{"it", 1234.5, 1, "1.234,5"},
		{"es", 1234.5, 1, "1.234,5"},
		{"ru", 1234.5, 1, "1\u00a0234,5"},
		{"en", 0, 1, "0.0"},
		{"en", 0.25, 1, "0.3"},     // half away from zero, though 0.25 is exact in binary
		{"en", 12.35, 1, "12.4"},   // binary 12.3499999...: the printed 12.35 is rounded
		{"en", -12.35, 1, "-12.4"}, // away from zero on the negative side too
		{"en", -0.04, 1, "0.0"},    // no "-0.0"
		{"en", 999.96, 1, "1,000.0"},
		{"en", 1e15, 0, "1,000,000,000,000,000"},
		{"en", 2.5, 0, "3"},
		{"en", 123, 0, "123"},
		{"en", math.NaN(), 1, "-"},
		{"en", math.Inf(1), 1, "-"},
	}
	for _, tc := range tests {
		got := mustLookup(t, tc.lang).Number(tc.f, tc.dec)
		if got != tc.want {
			t.Errorf("%s Number(%v, %d) = %q, want %q", tc.lang, tc.f, tc.dec, got, tc.want)
		}
	}
}

func TestPercentDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang    string
		f       float64
		percent string
		days    string
	}{
		{"en", 0.314, "31.4%", "0.3"},
		{"it", 0.314, "31,4%", "0,3"},
		{"es", 0.314, "31,4%", "0,3"},
		{"ru", 0.314, "31,4\u00a0%", "0,3"},
		{"en", 0.2855, "28.6%", "0.3"}, // 28.55 exactly, half away: 28.6 (float *100 would give 28.549999)
		{"en", 0, "0.0%", "0.0"},
		{"en", 1, "100.0%", "1.0"},
		{"en", 12.45, "1,245.0%", "12.5"},
		{"en", -0.05, "-5.0%", "-0.1"},
		{"en", 1.0 / 3, "33.3%", "0.3"},
	}
	for _, tc := range tests {
		c := mustLookup(t, tc.lang)
		if got := c.Percent(tc.f); got != tc.percent {
			t.Errorf("%s Percent(%v) = %q, want %q", tc.lang, tc.f, got, tc.percent)
		}
		if got := c.Days(tc.f); got != tc.days {
			t.Errorf("%s Days(%v) = %q, want %q", tc.lang, tc.f, got, tc.days)
		}
	}
}

func TestDateMonth(t *testing.T) {
	t.Parallel()
	d := invoice.NewDate(2026, time.October, 31)
	d2 := invoice.NewDate(2025, time.March, 5)
	m := invoice.Month{Year: 2026, Month: time.October}
	tests := []struct {
		lang                  string
		date, date2, month    string
		january, dashForEmpty string
	}{
		{"en", "31 Oct 2026", "5 Mar 2025", "October 2026", "January 2027", "-"},
		{"it", "31/10/2026", "05/03/2025", "ottobre 2026", "gennaio 2027", "-"},
		{"es", "31/10/2026", "05/03/2025", "octubre de 2026", "enero de 2027", "-"},
		{"ru", "31.10.2026", "05.03.2025", "Октябрь 2026", "Январь 2027", "-"},
	}
	for _, tc := range tests {
		c := mustLookup(t, tc.lang)
		if got := c.Date(d); got != tc.date {
			t.Errorf("%s Date(2026-10-31) = %q, want %q", tc.lang, got, tc.date)
		}
		if got := c.Date(d2); got != tc.date2 {
			t.Errorf("%s Date(2025-03-05) = %q, want %q", tc.lang, got, tc.date2)
		}
		if got := c.Month(m); got != tc.month {
			t.Errorf("%s Month(2026-10) = %q, want %q", tc.lang, got, tc.month)
		}
		if got := c.Month(m.Add(3)); got != tc.january {
			t.Errorf("%s Month(2027-01) = %q, want %q", tc.lang, got, tc.january)
		}
		if got := c.Date(0); got != tc.dashForEmpty {
			t.Errorf("%s Date(zero) = %q, want %q", tc.lang, got, tc.dashForEmpty)
		}
		if got := c.Month(invoice.Month{}); got != "-" {
			t.Errorf("%s Month(zero) = %q, want the dash", tc.lang, got)
		}
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	last := invoice.NewDate(2026, time.June, 30)
	// Five invoices: two named, one without a number, three more.
	refs := message.InvoiceRefs{Refs: []message.InvoiceRef{
		{Number: "2026/17", Amount: 1234550, DaysPastDue: 75},
		{Issued: last, Amount: 10000, DaysPastDue: 1},
	}, More: 3, Total: 2000000}
	tests := []struct {
		name, lang, cur string
		m               message.Message
		want            string
	}{
		{"share en", "en", "EUR", message.Message{Key: "reason.share", Args: []message.Arg{
			{Name: "share", Value: message.Percent(0.314)}, {Name: "threshold", Value: message.Percent(0.25)}}},
			"brings 31.4% of your revenue; the limit is 25.0%"},
		{"share ru", "ru", "EUR", message.Message{Key: "reason.share", Args: []message.Arg{
			{Name: "share", Value: message.Percent(0.314)}, {Name: "threshold", Value: message.Percent(0.25)}}},
			"приносит 31,4\u00a0% вашей выручки; предел 25,0\u00a0%"},
		{"overdue en", "en", "EUR", message.Message{Key: "reason.overdue_invoices", Args: []message.Arg{
			{Name: "count", Value: message.Count(5)}, {Name: "threshold", Value: message.Count(60)},
			{Name: "invoices", Value: refs}}},
			"5 invoices more than 60 days past due: invoice 2026/17 (€12,345.50, 75 days past due), " +
				"the invoice of 30 Jun 2026 (€100.00, 1 day past due) and 3 more, €20,000.00 in all"},
		{"overdue it", "it", "EUR", message.Message{Key: "reason.overdue_invoices", Args: []message.Arg{
			{Name: "count", Value: message.Count(5)}, {Name: "threshold", Value: message.Count(60)},
			{Name: "invoices", Value: refs}}},
			"5 fatture scadute da oltre 60 giorni: fattura 2026/17 (12.345,50\u00a0€, scaduta da 75 giorni), " +
				"la fattura del 30/06/2026 (100,00\u00a0€, scaduta da 1 giorno) e altre 3, 20.000,00\u00a0€ in tutto"},
		{"overdue ru plural few", "ru", "EUR", message.Message{Key: "reason.overdue_invoices", Args: []message.Arg{
			{Name: "count", Value: message.Count(3)}, {Name: "threshold", Value: message.Count(60)},
			{Name: "invoices", Value: message.InvoiceRefs{Refs: []message.InvoiceRef{{Number: "7", Amount: 10000, DaysPastDue: 62}}, More: 2, Total: 30000}}}},
			"3 счёта просрочены более чем на 60 дн.: счёт 7 (100,00\u00a0€, просрочен на 62 дня) и ещё 2, всего 300,00\u00a0€"},
		{"wadl es", "es", "EUR", message.Message{Key: "reason.wadl", Args: []message.Arg{
			{Name: "wadl", Value: message.Days(17.25)}, {Name: "threshold", Value: message.Days(15)},
			{Name: "paid", Value: message.Count(4)}}},
			"paga de media con 17,3 días de retraso (ponderados por importe) en 4 facturas pagadas; el límite es 15,0"},
		{"load ratio trims decimals", "en", "EUR", message.Message{Key: "reason.load_ratio", Args: []message.Arg{
			{Name: "ratio", Value: message.Ratio(1.8333333)}, {Name: "threshold", Value: message.Ratio(1.5)},
			{Name: "hours", Value: message.Hours(220)}, {Name: "hours_share", Value: message.Percent(0.55)},
			{Name: "share", Value: message.Percent(0.3)}}},
			"takes 55.0% of your hours for 30.0% of your revenue: 1.83 times its share (limit 1.5)"},
		{"hhi", "en", "EUR", message.Message{Key: "note.hhi_high", Args: []message.Arg{
			{Name: "hhi", Value: message.Ratio(3250)}, {Name: "threshold", Value: message.Ratio(2500)}}},
			"HHI 3,250 is in the high band (> 2,500)"},
		{"effective rate with Rate", "en", "GBP", message.Message{Key: "reason.effective_rate", Args: []message.Arg{
			{Name: "rate", Value: message.Rate(20.5)}, {Name: "median", Value: message.Rate(50)},
			{Name: "fraction", Value: message.Percent(0.6)}, {Name: "hours", Value: message.Hours(40)}}},
			"earns £20.50 per hour, below 60.0% of your median £50.00 per hour"},
		{"lost", "en", "EUR", message.Message{Key: "reason.lost", Args: []message.Arg{
			{Name: "months", Value: message.Count(5)}, {Name: "last", Value: last},
			{Name: "revenue", Value: invoice.Money(800000)}, {Name: "quiet", Value: message.Count(3)},
			{Name: "gap", Value: message.Months(2)}}},
			"invoiced in 5 months, usually every 2 months; nothing in the last 3 months (last invoice 30 Jun 2026); €8,000.00 in the window"},
		{"cash reserve months", "it", "EUR", message.Message{Key: "action.cash_reserve", Args: []message.Arg{
			{Name: "months", Value: message.Months(3)}, {Name: "amount", Value: invoice.Money(1500000)}}},
			"Tieni una riserva di liquidità pari a 3 mesi di fatturato di questo cliente (15.000,00\u00a0€)."},
		{"grow others named", "en", "EUR", message.Message{Key: "action.grow_others", Args: []message.Arg{
			{Name: "next", Value: message.Text("Beta Srl")}}},
			"Grow the work from your other clients, starting with Beta Srl, so this one weighs less."},
		{"grow others no next client", "en", "EUR", message.Message{Key: "action.grow_others", Args: []message.Arg{
			{Name: "next", Value: message.Text("")}}},
			"Find and grow other clients so this one weighs less."},
		{"missing arg stays visible", "en", "EUR", message.Message{Key: "reason.disputes", Args: []message.Arg{
			{Name: "count", Value: message.Count(3)}}},
			"3 disputed documents; the limit is {threshold}"},
		{"singular count", "en", "EUR", message.Message{Key: "assumption.default_terms", Args: []message.Arg{
			{Name: "count", Value: message.Count(1)}, {Name: "days", Value: message.Count(30)}}},
			"1 invoice has no due date: due date taken as issue date + 30 days"},
		{"plural count", "it", "EUR", message.Message{Key: "assumption.default_terms", Args: []message.Arg{
			{Name: "count", Value: message.Count(1234)}, {Name: "days", Value: message.Count(30)}}},
			"1.234 fatture senza data di scadenza: scadenza calcolata come data di emissione + 30 giorni"},
		{"type outside the contract", "en", "EUR", message.Message{Key: "reason.disputes", Args: []message.Arg{
			{Name: "count", Value: int64(3)}, {Name: "threshold", Value: float32(2.5)}}},
			"3 disputed documents; the limit is 2.5"},
		{"unknown key", "en", "EUR", message.Message{Key: "reason.nope"}, "!reason.nope"},
		{"no currency set", "en", "", message.Message{Key: "action.pause_work", Args: []message.Arg{
			{Name: "amount", Value: invoice.Money(-250)}}},
			"Pause new work until the overdue -2.50 is paid."},
	}
	for _, tc := range tests {
		c := mustLookup(t, tc.lang).WithCurrency(tc.cur)
		if got := c.Message(tc.m); got != tc.want {
			t.Errorf("%s: Message = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []float64{0, 1.25, -3.75, 1e300, 5e-324, math.MaxFloat64} {
		f.Add(s, 1)
	}
	c, err := Lookup("ru")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, v float64, dec int) {
		dec = ((dec % 4) + 4) % 4
		s := c.Number(v, dec)
		if s == "" {
			t.Errorf("Number(%v, %d) is empty", v, dec)
		}
		_ = c.Percent(v)
	})
}

// FuzzMessage feeds every contract key odd argument values (NaN, huge,
// negative, text with braces) in every language: Message must not panic
// and a known key never comes back as missing.
func FuzzMessage(f *testing.F) {
	f.Add("reason.share", "x", 0.25, int64(3))
	f.Add("reason.overdue_now", "{amount}", math.Inf(-1), int64(-5))
	f.Add("assumption.default_terms", "", math.NaN(), int64(1))
	cats := map[string]*Catalog{}
	for _, l := range Languages() {
		c, err := Lookup(l)
		if err != nil {
			f.Fatal(err)
		}
		cats[l] = c.WithCurrency("EUR")
	}
	f.Fuzz(func(t *testing.T, key, text string, fl float64, n int64) {
		names := contractKeys[key]
		var args []message.Arg
		values := []any{message.Text(text), message.Percent(fl), message.Days(fl), message.Count(n),
			message.Ratio(fl), message.Rate(fl), invoice.Money(n), invoice.Date(n % 5_000_000), message.Hours(fl)}
		for i, name := range names {
			args = append(args, message.Arg{Name: name, Value: values[(i+int(n&7))%len(values)]})
		}
		for l, c := range cats {
			got := c.Message(message.Message{Key: key, Args: args})
			if _, known := contractKeys[key]; known && got == "!"+key {
				t.Errorf("%s: known key %q rendered as missing: %q", l, key, got)
			}
		}
	})
}

func TestPluralForm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "many"}, {"en", 1, "one"}, {"en", 2, "many"}, {"it", 1, "one"}, {"es", 5, "many"},
		{"ru", 1, "one"}, {"ru", 2, "few"}, {"ru", 4, "few"}, {"ru", 5, "many"}, {"ru", 11, "many"},
		{"ru", 12, "many"}, {"ru", 14, "many"}, {"ru", 21, "one"}, {"ru", 22, "few"}, {"ru", 111, "many"},
		{"ru", 1975, "many"}, {"ru", 0, "many"},
	}
	for _, tc := range cases {
		if got := pluralForm(tc.lang, tc.n); got != tc.want {
			t.Errorf("pluralForm(%s, %d) = %s, want %s", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, lang, key string
		n               int
		args            []message.Arg
		want            string
	}{
		{"ru one", "ru", "ui.more_open", 21, nil, "Ещё 21 просроченный счёт — в приложенном файле XLSX."},
		{"ru few", "ru", "ui.more_open", 3, nil, "Ещё 3 просроченных счёта — в приложенном файле XLSX."},
		{"ru many", "ru", "ui.more_open", 12, nil, "Ещё 12 просроченных счетов — в приложенном файле XLSX."},
		{"en grouped n", "en", "ui.more_open", 1234, nil, "1,234 more overdue invoices in the XLSX companion file."},
		// 123456 cents in EUR, the catalog's currency
		{"money arg", "en", "p1.hl.slow", 1, []message.Arg{{Name: "amount", Value: invoice.Money(123456)}},
			"1 client owes €1,234.56 overdue"},
		{"no plural forms", "en", "ui.window", 7, []message.Arg{
			{Name: "from", Value: message.Text("Nov 2025")}, {Name: "to", Value: message.Text("Oct 2026")},
			{Name: "currency", Value: message.Text("EUR")}}, "Window Nov 2025 – Oct 2026 · amounts in EUR"},
		// one pass: a value holding a placeholder is not filled again
		{"value with braces", "en", "ui.window", 0, []message.Arg{
			{Name: "from", Value: message.Text("{to}")}, {Name: "to", Value: message.Text("x")}},
			"Window {to} – x · amounts in {currency}"},
		{"missing key", "en", "ui.nope", 2, nil, "!ui.nope"},
	}
	for _, tc := range tests {
		c := mustLookup(t, tc.lang).WithCurrency("EUR")
		if got := c.Format(tc.key, tc.n, tc.args...); got != tc.want {
			t.Errorf("%s: Format = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPluralKey(t *testing.T) {
	t.Parallel()
	ru := mustLookup(t, "ru")
	en := mustLookup(t, "en")
	for _, tc := range []struct {
		c    *Catalog
		key  string
		n    int
		want string
	}{
		{ru, "ui.more_open", 2, "ui.more_open.few"},
		{en, "ui.more_open", 1, "ui.more_open.one"},
		{en, "assumption.default_terms", 5, "assumption.default_terms"}, // the bare key is the "many" form
		{en, "ui.window", 1, "ui.window"},
	} {
		if got := tc.c.PluralKey(tc.key, tc.n); got != tc.want {
			t.Errorf("%s PluralKey(%q, %d) = %q, want %q", tc.c.Lang(), tc.key, tc.n, got, tc.want)
		}
	}
}
