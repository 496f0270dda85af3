package i18n

import (
	"fmt"
	"sort"
	"strings"
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
