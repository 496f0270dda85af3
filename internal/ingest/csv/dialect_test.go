package csv

import "testing"

func TestSniffDelimiter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want rune
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1,5;2,5;3\n", ';'},
		{"a\tb\n1,5\t2\n", '\t'},
		{"a|b|c\n\"x|y\"|2|3\n", '|'},
		{"Title, with comma\n\na;b;c;d\n1;2;3;4\n5;6;7;8\n", ';'},
		{"sep=|\r\na,b|c\n1,5|2\n", '|'},
	} {
		got, ok := sniffDelimiter([]byte(c.text))
		if !ok || got != c.want {
			t.Errorf("sniffDelimiter(%q) = %q, %v; want %q", c.text, got, ok, c.want)
		}
	}
	if _, ok := sniffDelimiter([]byte("just some words\nand more\n")); ok {
		t.Errorf("sniffDelimiter found a delimiter in plain text")
	}
}
