package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestTaggedKeysMatchTheParser keeps the two lists of keys in step: the
// yaml tags of Config and of the section types other packages declare,
// and the raw types the parser reads. A key added to one and not the
// other fails here.
func TestTaggedKeysMatchTheParser(t *testing.T) {
	t.Parallel()
	raw := dottedKeys(reflect.TypeOf(rawConfig{}), "", func(f reflect.StructField) bool {
		return strings.HasPrefix(f.Type.Name(), "raw")
	})
	tagged := dottedKeys(reflect.TypeOf(Config{}), "", func(f reflect.StructField) bool {
		return f.Type.Kind() == reflect.Struct && f.Type.PkgPath() != "time" && f.Type.Name() != "Money"
	})
	// Read by the parser only to refuse it, or read as MiB into a field
	// that holds bytes (ingest.Limits.MaxUnzippedBytes, tagged "-").
	tagged = append(tagged, "email.password", "input.limits.max_unzipped_mb")
	slices.Sort(raw)
	slices.Sort(tagged)
	if !slices.Equal(raw, tagged) {
		t.Errorf("keys of the parser (raw.go):\n%v\nkeys tagged on the config's types:\n%v", raw, tagged)
	}
	if len(raw) < 50 {
		t.Errorf("found only %d keys; is the walk right?", len(raw))
	}
}

// dottedKeys lists the yaml keys of t's fields as dotted paths, going into
// the struct fields descend accepts (inline ones without a prefix).
func dottedKeys(t reflect.Type, prefix string, descend func(reflect.StructField) bool) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || (name == "" && opts != "inline") {
			continue
		}
		key := prefix + name
		if opts == "inline" {
			key = strings.TrimSuffix(prefix, ".")
		}
		if descend(f) && f.Type.Kind() == reflect.Struct {
			p := key + "."
			if key == "" {
				p = ""
			}
			out = append(out, dottedKeys(f.Type, p, descend)...)
			continue
		}
		out = append(out, key)
	}
	return out
}
