package i18n

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/message"
)

// Format says the template of key for a count n: the plural form
// "<key>.<form>" when the catalog has it (PluralKey), then each {name}
// placeholder replaced by the argument of that name, formatted per its
// type (Percent as a percentage, Money in the catalog's currency, Date
// per locale ...). {n} is n itself unless an argument is named "n". A key
// without plural forms reads the same whatever n is (pass 0). A
// placeholder with no argument is left as "{name}" so the gap is visible;
// a missing key comes back as "!" + key.
//
// The arguments are variadic because most callers name two or three in
// place; a Message passes its slice with m.Args...
func (c *Catalog) Format(key string, n int, args ...message.Arg) string {
	all := make([]message.Arg, 0, len(args)+1)
	all = append(all, args...)
	all = append(all, message.Arg{Name: "n", Value: message.Count(n)})
	s, _ := c.fill(c.PluralKey(key, n), all)
	return s
}

// Message says m in the catalog's language with Format: its "count"
// argument (a Count) is the n that picks the plural form, so "1 invoice
// has no due date"; a message without one reads the bare key.
//
// An argument of type Text that is empty picks the variant template
// "<key>.no_<name>" when the catalog has one, so a sentence never refers
// to a blank name (action.grow_others with no other client).
func (c *Catalog) Message(m message.Message) string {
	key := m.Key
	for _, a := range m.Args {
		if t, ok := a.Value.(message.Text); ok && strings.TrimSpace(string(t)) == "" {
			if v := m.Key + ".no_" + a.Name; c.Has(v) || c.Has(v+".many") {
				key = v
				break
			}
		}
	}
	n, counted := m.Arg("count").(message.Count)
	read := key
	if counted {
		read = c.PluralKey(key, int(n))
	}
	switch {
	case !c.Has(read):
		return "!" + m.Key // the key asked for, not the variant tried
	case counted:
		return c.Format(key, int(n), m.Args...)
	}
	s, _ := c.fill(key, m.Args)
	return s
}

// PluralKey returns the key Format(key, n, ...) reads: "<key>.<form>"
// when the catalog has it, form being the language's plural category of
// n ("one", "few", "many"), else key itself.
func (c *Catalog) PluralKey(key string, n int) string {
	if form := key + "." + pluralForm(c.lang, n); c.Has(form) {
		return form
	}
	return key
}

// pluralForm returns the CLDR-like plural category the catalogs use:
// Russian has one/few/many, the other languages one/many.
func pluralForm(lang string, n int) string {
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

// fill is the one template filler: the template of key with each {name}
// replaced, in one pass, by the first argument of that name (so a value
// that itself holds "{x}" is never filled again). ok is false, and the
// text "!" + key, when the catalog has no such key.
func (c *Catalog) fill(key string, args []message.Arg) (s string, ok bool) {
	tmpl, ok := c.strs[key]
	if !ok {
		return "!" + key, false
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
		if v, found := argValue(args, name); found {
			b.WriteString(c.formatArg(v))
		} else {
			b.WriteString(tmpl[open : open+end+1])
		}
		tmpl = tmpl[open+end+1:]
	}
	b.WriteString(tmpl)
	return b.String(), true
}

func argValue(args []message.Arg, name string) (any, bool) {
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
	case message.Percent:
		return c.Percent(float64(x))
	case message.Days:
		return c.Days(float64(x))
	case message.Count:
		return c.Number(float64(x), 0)
	case message.Hours:
		return c.trimmed(float64(x), 1)
	case message.Ratio:
		return c.trimmed(float64(x), 2)
	case message.Months:
		return c.trimmed(float64(x), 1)
	case message.Rate:
		return c.Rate(float64(x), c.currency)
	case message.Text:
		return string(x)
	case invoice.Date:
		return c.Date(x)
	case message.InvoiceRefs:
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

// invoiceRefs says a list of invoices: "F2026-013 (€2,100.00, 121 days
// past due), 29 (€2,700.00, 29 days past due) and 2 more, €5,950.00 in
// all". An invoice with no number is named by its issue date.
func (c *Catalog) invoiceRefs(x message.InvoiceRefs) string {
	parts := make([]string, 0, len(x.Refs))
	for _, r := range x.Refs {
		parts = append(parts, c.Message(message.Message{Key: "fmt.invoice_ref", Args: []message.Arg{
			{Name: "number", Value: message.Text(r.Number)}, {Name: "issued", Value: r.Issued},
			{Name: "amount", Value: r.Amount}, {Name: "count", Value: message.Count(r.DaysPastDue)},
		}}))
	}
	s := strings.Join(parts, c.T("fmt.list_sep"))
	if x.More > 0 {
		s += c.Message(message.Message{Key: "fmt.invoice_more", Args: []message.Arg{
			{Name: "count", Value: message.Count(x.More)}, {Name: "total", Value: x.Total},
		}})
	}
	return s
}
