package analytics

import (
	"sort"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// identity maps a row's client to the client it is counted under, applying
// Options.Aliases and Options.Exclude. Both match through invoice.NameKey so
// "ACME s.r.l." and "Acme srl" are one spelling.
type identity struct {
	alias    map[string]string // NameKey of a spelling or display name -> display name
	exclude  map[string]string // NameKey -> the spelling as configured
	byName   map[string]nameMatch
	disabled bool // no aliases and no exclusions: skip NameKey entirely
}

type nameMatch struct {
	display  string // alias display name, "" when no alias applies
	excluded string // configured exclusion that matched, "" when none
}

func newIdentity(aliases map[string][]string, exclude []string) *identity {
	id := &identity{
		alias:    map[string]string{},
		exclude:  map[string]string{},
		byName:   map[string]nameMatch{},
		disabled: len(aliases) == 0 && len(exclude) == 0,
	}
	// Sorted so that a spelling listed under two display names always goes
	// to the same one (the lexically smallest), whatever the map order.
	displays := make([]string, 0, len(aliases))
	for d := range aliases {
		displays = append(displays, d)
	}
	sort.Strings(displays)
	for _, d := range displays {
		for _, s := range append([]string{d}, aliases[d]...) {
			k := invoice.NameKey(s)
			if _, taken := id.alias[k]; !taken && k != "" {
				id.alias[k] = d
			}
		}
	}
	ex := append([]string(nil), exclude...)
	sort.Strings(ex)
	for _, e := range ex {
		k := invoice.NameKey(e)
		if _, taken := id.exclude[k]; !taken && k != "" {
			id.exclude[k] = e
		}
	}
	return id
}

// match looks a spelling up, caching per spelling because NameKey
// normalises Unicode and a ledger repeats the same few names many times.
func (id *identity) match(name string) nameMatch {
	if id.disabled {
		return nameMatch{}
	}
	if m, ok := id.byName[name]; ok {
		return m
	}
	var m nameMatch
	k := invoice.NameKey(name)
	if d, ok := id.alias[k]; ok {
		m.display = d
		// An exclusion may name the display name or any of its spellings.
		if e, ok := id.exclude[invoice.NameKey(d)]; ok {
			m.excluded = e
		}
	}
	if e, ok := id.exclude[k]; ok && m.excluded == "" {
		m.excluded = e
	}
	id.byName[name] = m
	return m
}

// clientKey returns the key a row is counted under: the alias's key when
// an alias names the spelling, else the reader's key (or one made from the
// id and name when the reader left it empty).
func clientKey(m nameMatch, key, clientID, name string) string {
	if m.display != "" {
		return invoice.ClientKey("", m.display)
	}
	if key != "" {
		return key
	}
	return invoice.ClientKey(clientID, name)
}

// nameBridge joins the two kinds of reader keys. The reader keys a client
// by its tax or customer id where the export has one ("id:IT0345...") and
// by its normalised name otherwise ("name:bianchi arredamenti"); a time
// tracker or a second export without ids would then split one client in
// two. A name key is joined to an id key when exactly one id carries that
// name (an ambiguous name, two ids with one name, is left alone: guessing
// would merge two real clients).
type nameBridge map[string]string // name key -> id key

func newNameBridge(clients ClientSource) (nameBridge, error) {
	ids := map[string]map[string]bool{} // name key -> id keys seen with it
	seen := map[[2]string]bool{}        // (id key, spelling) already folded
	err := clients(func(key, id, name string) error {
		if id == "" || key == "" || name == "" {
			return nil
		}
		pair := [2]string{key, name}
		if seen[pair] {
			return nil
		}
		seen[pair] = true
		nk := invoice.ClientKey("", name)
		if ids[nk] == nil {
			ids[nk] = map[string]bool{}
		}
		ids[nk][key] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := nameBridge{}
	for nk, set := range ids {
		if len(set) != 1 {
			continue
		}
		for k := range set {
			b[nk] = k
		}
	}
	return b, nil
}

// resolve returns the id key a name key stands for, or key itself.
func (b nameBridge) resolve(key string) string {
	if k, ok := b[key]; ok {
		return k
	}
	return key
}
