package invoice

import (
	"testing"
	"unicode"
)

func TestNameKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"srl with dots", "ACME s.r.l.", "acme"},
		{"srl upper", "Acme SRL", "acme"},
		{"double space", "ACME  srl", "acme"},
		{"spaced initials", "Acme S. p. A.", "acme"},
		{"spa", "Rossi S.p.A.", "rossi"},
		{"russian guillemets, form first", "ООО «Ромашка»", "ромашка"},
		{"russian form last", "Ромашка ООО", "ромашка"},
		{"russian ip", "ИП Иванов И.И.", "иванов ии"},
		{"gmbh & co kg", "Acme Holding GmbH & Co. KG", "acme holding"},
		{"comma inc", "Acme, Inc.", "acme"},
		{"llc", "Wayne Enterprises LLC", "wayne enterprises"},
		{"ltd with dot", "Globex Ltd.", "globex"},
		{"limited", "Globex Limited", "globex"},
		{"co at end", "Smith & Co", "smith"},
		{"co at start is a word", "Co-op Foods", "co op foods"},
		{"spanish sl", "Gráficas López, S.L.", "gráficas lópez"},
		{"spanish sa", "Telefónica S.A.", "telefónica"},
		{"french sarl at start", "SARL Dupont", "dupont"},
		{"two-letter form at start kept", "AB Foods", "ab foods"},
		{"two-letter form at end dropped", "Volvo AB", "volvo"},
		{"apostrophe joins", "O'Brien Ltd", "obrien"},
		{"hyphen separates", "Acme-Tech", "acme tech"},
		{"nfkc fullwidth", "ＡＣＭＥ", "acme"},
		{"fold sharp s", "Straße GmbH", "strasse"},
		{"accents kept", "Société Générale", "société générale"},
		{"only legal forms kept", "Limited", "limited"},
		{"only legal forms, several", "S.r.l.", "srl"},
		{"x-men", "X-Men", "x men"},
		{"initials joined", "J. P. Morgan", "jp morgan"},
		{"same initials unspaced", "J.P. Morgan", "jp morgan"},
		{"digits kept", "3M Italia S.r.l.", "3m italia"},
		{"empty", "", ""},
		{"punctuation only", "...", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NameKey(tc.in); got != tc.want {
				t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNameKeySameClient(t *testing.T) {
	t.Parallel()
	// Spellings of one client in different exports must meet.
	groups := [][]string{
		{"ACME s.r.l.", "Acme SRL", "ACME  srl", "acme", "Acme S.r.l", "ACME Srl."},
		{"ООО «Ромашка»", "Ромашка ООО", "ООО \"Ромашка\"", "ромашка"},
		{"Wayne Enterprises, Inc.", "Wayne Enterprises Inc", "WAYNE ENTERPRISES"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		for _, s := range g[1:] {
			if got := NameKey(s); got != want {
				t.Errorf("NameKey(%q) = %q, want %q as for %q", s, got, want, g[0])
			}
		}
	}
}

func TestClientKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id, cn string
		want   string
	}{
		{"id wins over name", "IT 012.345-678", "Acme srl", "id:IT012345678"},
		{"id lower case", "it01234567890", "", "id:IT01234567890"},
		{"id without prefix differs", "01234567890", "", "id:01234567890"},
		{"no id uses name", "", "ACME s.r.l.", "name:acme"},
		{"blank id uses name", "  ", "Acme SRL", "name:acme"},
		{"separator-only id uses name", "-.-", "Acme", "name:acme"},
		{"inn", "7707083893", "ПАО Сбербанк", "id:7707083893"},
		{"neither", "", "", "name:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ClientKey(tc.id, tc.cn); got != tc.want {
				t.Errorf("ClientKey(%q, %q) = %q, want %q", tc.id, tc.cn, got, tc.want)
			}
		})
	}
}

func BenchmarkNameKey(b *testing.B) {
	names := []string{"ACME s.r.l.", "Wayne Enterprises, Inc.", "ООО «Ромашка»", "Société Générale"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		NameKey(names[i%len(names)])
	}
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"ACME s.r.l.", "ООО «Ромашка»", "Acme Holding GmbH & Co. KG", "Limited", "S. p. A.", "J.P. Morgan", "ＡＣＭＥ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		k := NameKey(name)
		hasLetter := false
		for _, r := range name {
			if unicode.IsLetter(r) {
				hasLetter = true
				break
			}
		}
		if hasLetter && k == "" {
			t.Fatalf("NameKey(%q) = \"\" for a name with letters", name)
		}
		// A key is its own key: keys are stored and compared again.
		if again := NameKey(k); again != k {
			t.Fatalf("NameKey(%q) = %q, but NameKey(%q) = %q", name, k, k, again)
		}
	})
}
