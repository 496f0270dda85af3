package i18n

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Catalog says every string of the report in one language and formats
// numbers, money and dates per locale. A Catalog is immutable once built;
// WithCurrency returns a copy.
type Catalog struct {
	lang     string
	strs     map[string]string
	loc      locale
	currency string // base currency for Money args of messages; "" = none
}

// catalogs lists the supported languages with their three string sets:
// the messages (reasons, actions, notes, assumptions, flag and band
// names), the UI strings of the PDF and email, and the reader's notes on
// how each file was read ("read.*").
var catalogs = map[string]struct {
	msgs, ui, notes func() map[string]string
}{
	"en": {msgsEN, uiEN, notesEN},
	"it": {msgsIT, uiIT, notesIT},
	"es": {msgsES, uiES, notesES},
	"ru": {msgsRU, uiRU, notesRU},
}

// Languages returns the supported language codes.
func Languages() []string { return []string{"en", "it", "es", "ru"} }

// Lookup returns the catalog of lang ("en", "it", "es", "ru"; case and
// surrounding blanks are ignored).
func Lookup(lang string) (*Catalog, error) {
	code := strings.ToLower(strings.TrimSpace(lang))
	sets, ok := catalogs[code]
	if !ok {
		return nil, fmt.Errorf("unknown report language %q: supported are %s", lang, strings.Join(Languages(), ", "))
	}
	strs := make(map[string]string)
	for k, v := range sets.msgs() {
		strs[k] = v
	}
	for k, v := range sets.ui() {
		strs[k] = v
	}
	for k, v := range sets.notes() {
		strs[k] = v
	}
	return &Catalog{lang: code, strs: strs, loc: locales[code]}, nil
}

// Lang returns the catalog's language code.
func (c *Catalog) Lang() string { return c.lang }

// Currency returns the currency Money arguments of messages are shown in.
func (c *Catalog) Currency() string { return c.currency }

// WithCurrency returns a copy of c that shows the Money and rate arguments
// of messages in currency (the report's base currency). Messages carry
// amounts without their currency, so the catalog has to know it.
func (c *Catalog) WithCurrency(currency string) *Catalog {
	cp := *c
	cp.currency = strings.ToUpper(strings.TrimSpace(currency))
	return &cp
}

// Keys returns every key of the catalog, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.strs))
	for k := range c.strs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether the catalog holds key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.strs[key]
	return ok
}

// T returns a plain UI string. A missing key comes back as "!" + key so it
// shows in the output instead of vanishing (a test keeps the catalogs
// complete).
func (c *Catalog) T(key string) string {
	if s, ok := c.strs[key]; ok {
		return s
	}
	return "!" + key
}

// Message says m in the catalog's language: the template of m.Key with
// each {name} placeholder replaced by the argument of that name, formatted
// per its type (Percent as a percentage, Money in the catalog's currency,
// Date per locale ...).
//
// An argument of type Text that is empty picks the variant template
// "<key>.no_<name>" when the catalog has one, so a sentence never refers
// to a blank name (action.grow_others with no other client). A
// placeholder with no argument is left as "{name}" so the gap is visible.
// A message with a "count" argument picks "<key>.<form>" when the catalog
// has it, form being PluralForm of the count ("one", "few", "many"): "1
// invoice has no due date"; Russian has all three.
func (c *Catalog) Message(m analytics.Message) string {
	key := m.Key
	for _, a := range m.Args {
		if t, ok := a.Value.(analytics.Text); ok && strings.TrimSpace(string(t)) == "" {
			if v := m.Key + ".no_" + a.Name; c.Has(v) || c.Has(v+".many") {
				key = m.Key + ".no_" + a.Name
				break
			}
		}
	}
	if n, isCount := argValue(m.Args, "count"); isCount {
		if cnt, ok := n.(analytics.Count); ok {
			if form := key + "." + PluralForm(c.lang, int(cnt)); c.Has(form) {
				key = form
			}
		}
	}
	tmpl, ok := c.strs[key]
	if !ok {
		return "!" + m.Key
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			break
		}
		name := tmpl[open+1 : open+end]
		b.WriteString(tmpl[:open])
		if v, found := argValue(m.Args, name); found {
			b.WriteString(c.formatArg(v))
		} else {
			b.WriteString(tmpl[open : open+end+1])
		}
		tmpl = tmpl[open+end+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

func argValue(args []analytics.Arg, name string) (any, bool) {
	for _, a := range args {
		if a.Name == name {
			return a.Value, true
		}
	}
	return nil, false
}

// formatArg formats one message argument. Ratios (load ratio, HHI) show
// up to two decimals with trailing zeros dropped, so 1.5 stays "1.5" and
// an HHI of 2500 reads "2,500"; hours and months one decimal, trimmed the
// same way.
func (c *Catalog) formatArg(v any) string {
	switch x := v.(type) {
	case invoice.Money:
		return c.Money(x, c.currency)
	case analytics.Percent:
		return c.Percent(float64(x))
	case analytics.Days:
		return c.Days(float64(x))
	case analytics.Count:
		return c.Number(float64(x), 0)
	case analytics.Hours:
		return c.trimmed(float64(x), 1)
	case analytics.Ratio:
		return c.trimmed(float64(x), 2)
	case analytics.Months:
		return c.trimmed(float64(x), 1)
	case analytics.Rate:
		return c.Rate(float64(x), c.currency)
	case analytics.Text:
		return string(x)
	case invoice.Date:
		return c.Date(x)
	case analytics.InvoiceRefs:
		return c.invoiceRefs(x)
	case invoice.Month:
		return c.Month(x)
	case string:
		return x
	case int:
		return c.Number(float64(x), 0)
	}
	// A value of a type the contract does not list still says something.
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return ""
	case rv.CanFloat():
		return c.trimmed(rv.Float(), 2)
	case rv.CanInt():
		return c.Number(float64(rv.Int()), 0)
	}
	return fmt.Sprint(v)
}

// PluralForm returns the CLDR-like plural category the catalogs use:
// Russian has one/few/many, the other languages one/many.
func PluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	if lang == "ru" {
		switch {
		case n%10 == 1 && n%100 != 11:
			return "one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return "few"
		}
		return "many"
	}
	if n == 1 {
		return "one"
	}
	return "many"
}

// invoiceRefs says a list of invoices: "F2026-013 (€2,100.00, 121 days
// past due), 29 (€2,700.00, 29 days past due) and 2 more, €5,950.00 in
// all". An invoice with no number is named by its issue date.
func (c *Catalog) invoiceRefs(x analytics.InvoiceRefs) string {
	parts := make([]string, 0, len(x.Refs))
	for _, r := range x.Refs {
		parts = append(parts, c.Message(analytics.Message{Key: "fmt.invoice_ref", Args: []analytics.Arg{
			{Name: "number", Value: analytics.Text(r.Number)}, {Name: "issued", Value: r.Issued},
			{Name: "amount", Value: r.Amount}, {Name: "count", Value: analytics.Count(r.DaysPastDue)},
		}}))
	}
	s := strings.Join(parts, c.T("fmt.list_sep"))
	if x.More > 0 {
		s += c.Message(analytics.Message{Key: "fmt.invoice_more", Args: []analytics.Arg{
			{Name: "count", Value: analytics.Count(x.More)}, {Name: "total", Value: x.Total},
		}})
	}
	return s
}
