package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/clientrisk/clientrisk/"

// imports maps each package directory (relative to the repo root) to the
// internal packages its non-test files import.
func imports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string]map[string]bool{}
	for _, top := range []string{"internal", "cmd", "samples"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			rel = filepath.ToSlash(rel)
			if out[rel] == nil {
				out[rel] = map[string]bool{}
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasPrefix(p, module) {
					out[rel][strings.TrimPrefix(p, module)] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walking %s: %v", top, err)
		}
	}
	return out
}

// notLeaf is true for any internal package but the leaves that import
// nothing themselves (the domain types, the back-off, file kinds), which the
// stand-alone packages may share.
func notLeaf(imp string) bool {
	return imp != "internal/invoice" && imp != "internal/backoff" && imp != "internal/filekind"
}

func under(pkg, area string) bool { return pkg == area || strings.HasPrefix(pkg, area+"/") }

func TestDependencyRules(t *testing.T) {
	pkgs := imports(t)
	if len(pkgs) < 3 {
		t.Fatalf("found only %d packages; is the test running from internal/archtest?", len(pkgs))
	}
	type rule struct {
		from      string
		forbidden func(imp string) bool
		why       string
	}
	rules := []rule{
		{"internal/invoice", func(string) bool { return true }, "the domain imports nothing from internal/"},
		{"internal/backoff", func(string) bool { return true }, "the back-off is a leaf"},
		{"internal/filekind", func(string) bool { return true }, "file kinds are a leaf"},
		{"internal/ahead", func(string) bool { return true }, "the read-ahead is a leaf"},
		{"internal/strarena", func(string) bool { return true }, "the string arena is a leaf"},
		{"internal/ingest", func(i string) bool {
			return under(i, "internal/store") || under(i, "internal/mail") || under(i, "internal/schedule") || under(i, "internal/config")
		}, "the reader is pure"},
		{"internal/analytics", func(i string) bool {
			return under(i, "internal/store") || under(i, "internal/mail") || under(i, "internal/schedule") || under(i, "internal/config") || under(i, "internal/ingest")
		}, "the figures are pure"},
		{"internal/message", func(i string) bool { return i != "internal/invoice" }, "the message vocabulary imports only the domain"},
		{"internal/report/i18n", func(i string) bool { return i != "internal/invoice" && i != "internal/message" }, "the catalogs say messages and format values; they know no figures, readers or ledger"},
		{"internal/mail", notLeaf, "mail stands alone"},
		{"internal/dropfolder", notLeaf, "dropfolder stands alone"},
		{"internal/schedule", notLeaf, "schedule stands alone"},
	}
	for pkg, imps := range pkgs {
		for imp := range imps {
			for _, r := range rules {
				if under(pkg, r.from) && r.forbidden(imp) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
			if under(imp, "internal/config") && !under(pkg, "cmd") && !under(pkg, "internal/pipeline") && !under(pkg, "internal/config") {
				t.Errorf("%s imports internal/config: only cmd and internal/pipeline may (others take plain option structs)", pkg)
			}
		}
	}
}
