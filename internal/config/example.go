package config

import _ "embed"

//go:embed example.yaml
var exampleYAML []byte

// ExampleYAML returns the commented config `clientrisk init` writes: every
// key with its default and a short comment. Parsing it gives Default.
func ExampleYAML() []byte {
	out := make([]byte, len(exampleYAML))
	copy(out, exampleYAML)
	return out
}
