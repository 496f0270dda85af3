package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// needTool skips the test when a poppler/qpdf program is missing
// (.ci/run installs poppler-utils and qpdf).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (apt-get install poppler-utils qpdf): PDF text checks skipped", name)
	}
	return p
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// spaces collapses runs of white space, the no-break and narrow no-break
// spaces the catalogs use included, so that layout does not matter.
var spaces = regexp.MustCompile(`[\s\x{00a0}\x{202f}]+`)

func normSpace(s string) string { return spaces.ReplaceAllString(s, " ") }

func TestReportPDFInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdffonts", "qpdf"} {
		needTool(t, tool)
	}
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			out := noLedgerReport(t, "--lang", lang)
			pdf, js, _ := reportPaths(out)
			r := decodeReport(t, readFile(t, js))
			text := normSpace(runTool(t, "pdftotext", "-layout", pdf, "-"))
			cat, err := i18n.Lookup(lang)
			if err != nil {
				t.Fatal(err)
			}
			cat = cat.WithCurrency(r.Currency)

			want := []string{
				"Rossi Design srl",
				cat.Money(parseMoney(t, r.Portfolio.Revenue), r.Currency), // EUR 291,966.16 in the locale's form
				cat.Percent(r.Portfolio.Top1Share),                        // 34.1%
				// A Cyrillic name, to see that the font has the glyphs.
				"ООО «Северный Ветер»",
			}
			for _, c := range r.Clients {
				if len(c.Flags) == 0 {
					continue
				}
				want = append(want, c.Name, cat.Money(parseMoney(t, c.Revenue), r.Currency))
				for _, f := range c.Flags {
					want = append(want, cat.T("flag."+f.Flag))
				}
			}
			for _, w := range want {
				if w = normSpace(w); !strings.Contains(text, w) {
					t.Errorf("%s PDF text lacks %q", lang, w)
				}
			}

			info := runTool(t, "pdfinfo", pdf)
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("pdfinfo gives no page count:\n%s", info)
			}
			if n, _ := strconv.Atoi(m[1]); n < 5 || n > 15 {
				t.Errorf("%s PDF has %d pages, want 5..15", lang, n)
			}

			fonts := strings.Split(strings.TrimSpace(runTool(t, "pdffonts", pdf)), "\n")
			if len(fonts) < 3 {
				t.Errorf("pdffonts lists no font:\n%s", strings.Join(fonts, "\n"))
			}
			for _, l := range fonts[2:] { // after the header and the dashes
				// Columns: name type encoding emb sub uni object ID; the
				// type may hold a space ("CID TrueType"), so count from the end.
				f := strings.Fields(l)
				if len(f) < 6 || f[len(f)-5] != "yes" {
					t.Errorf("%s PDF font not embedded: %q", lang, l)
				}
			}
			runTool(t, "qpdf", "--check", pdf)
		})
	}
}
