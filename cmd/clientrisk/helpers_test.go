package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// rome is the demo config's zone; the fixed clocks below live in it.
func rome(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatalf("load Europe/Rome: %v", err)
	}
	return loc
}

// demoNow is the day the sample exports were taken (samples/README.md:
// "as of 2026-11-04"), at 09:00 in Rome: the only faked thing in these tests.
func demoNow(t *testing.T) time.Time {
	return time.Date(2026, 11, 4, 9, 0, 0, 0, rome(t))
}

// cli runs clientrisk commands with its own streams, environment and clock.
type cli struct {
	t   *testing.T
	now time.Time
	env map[string]string
}

type outcome struct {
	code           int
	stdout, stderr string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, now: demoNow(t), env: map[string]string{}}
}

func (c *cli) run(args ...string) outcome {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{
		Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""),
		Getenv: func(k string) string { return c.env[k] },
		Now:    func() time.Time { return c.now },
	}
	code := m.Run(context.Background(), args)
	return outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustRun runs a command that must exit with want.
func (c *cli) mustRun(want int, args ...string) outcome {
	c.t.Helper()
	o := c.run(args...)
	if o.code != want {
		c.t.Fatalf("clientrisk %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), o.code, want, o.stdout, o.stderr)
	}
	return o
}

// samplesDir is the repository's samples folder, from this package's folder.
func samplesDir() string { return filepath.Join("..", "..", "samples") }

// Sample exports in the order the tests pass them: the 1C file first, so
// that it is import 1 of a fresh ledger (TestReportLedger removes it).
var sampleNames = []string{
	"1c_scheta_pokupatelyam.xlsx",
	"quickbooks_invoice_list.xlsx",
	"registro_fatture_rossi_design.xlsx",
	"facturas_emitidas.csv",
	"toggl_time_entries.csv",
}

func samplePaths(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, n := range sampleNames {
		p := filepath.Join(samplesDir(), n)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("sample export missing: %v", err)
		}
		out = append(out, p)
	}
	return out
}

// inArgs turns paths into --in flags.
func inArgs(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, "--in", p)
	}
	return out
}

// writeConfig copies the demo config into dir with the ledger and reports
// inside dir, and its email section replaced by email (YAML, "" = off).
func writeConfig(t *testing.T, dir, email string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir(), "clientrisk.yaml"))
	if err != nil {
		t.Fatalf("read the demo config: %v", err)
	}
	s := string(b)
	for old, repl := range map[string]string{
		"ledger: ../reports/demo-ledger.db": "ledger: ledger.db",
		"output_dir: ../reports":            "output_dir: reports",
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("demo config has no %q line: the test needs updating", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	i := strings.Index(s, "\nemail:")
	if i < 0 {
		t.Fatalf("demo config has no email section")
	}
	s = s[:i+1] + email
	path := filepath.Join(dir, "clientrisk.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatalf("write config: %v", err)
	}
	return path
}

// reportJSON is the part of the JSON report the tests look at. Money is
// kept as json.Number and turned into minor units by parseMoney: no float
// ever holds an amount.
type reportJSON struct {
	Month     string `json:"month"`
	Currency  string `json:"currency"`
	Generated string `json:"generated"`
	Portfolio struct {
		Revenue   json.Number `json:"revenue"`
		Clients   int         `json:"clients"`
		Top1Share float64     `json:"top1_share"`
		DSO       *float64    `json:"dso"`
		Overdue   json.Number `json:"overdue_amount"`
	} `json:"portfolio"`
	Clients []struct {
		Key     string      `json:"key"`
		Name    string      `json:"name"`
		Revenue json.Number `json:"revenue"`
		Share   float64     `json:"share"`
		Flags   []struct {
			Flag string `json:"flag"`
		} `json:"flags"`
	} `json:"clients"`
	LostClients []struct {
		Name string `json:"name"`
	} `json:"lost_clients"`
	NewClients []struct {
		Name    string      `json:"name"`
		Revenue json.Number `json:"revenue"`
	} `json:"new_clients"`
	DataQuality struct {
		Files []struct {
			Name  string  `json:"name"`
			Rows  int     `json:"rows"`
			Error *string `json:"error"`
		} `json:"files"`
	} `json:"data_quality"`
}

func decodeReport(t *testing.T, b []byte) reportJSON {
	t.Helper()
	var r reportJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&r); err != nil {
		t.Fatalf("report JSON does not decode: %v", err)
	}
	return r
}

// parseMoney reads a JSON decimal such as 99542.16 as exact cents.
func parseMoney(t *testing.T, n json.Number) invoice.Money {
	t.Helper()
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		t.Fatalf("amount %q is not a decimal", n)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() {
		t.Fatalf("amount %q has more than two decimals", n)
	}
	return invoice.Money(r.Num().Int64())
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
}

// reportPaths are the three files of month 2026-10 in dir.
func reportPaths(dir string) (pdf, js, xlsx string) {
	base := filepath.Join(dir, "2026-10-client-report")
	return base + ".pdf", base + ".json", base + ".xlsx"
}

// flagsByClient maps each client's name to its flags, joined by commas.
func flagsByClient(r reportJSON) map[string]string {
	out := map[string]string{}
	for _, c := range r.Clients {
		var fl []string
		for _, f := range c.Flags {
			fl = append(fl, f.Flag)
		}
		out[c.Name] = strings.Join(fl, ",")
	}
	return out
}

// checkImportLine checks the counts `import` printed for file (its line
// of the table, numbers only, in column order).
func checkImportLine(t *testing.T, stdout, file, want string) {
	t.Helper()
	line := lineWith(stdout, file)
	var nums []string
	for _, f := range strings.Fields(line) {
		if strings.Trim(f, "0123456789") == "" {
			nums = append(nums, f)
		}
	}
	if got := strings.Join(nums, " "); got != want {
		t.Errorf("import of %s: counts %q, want %q\n%s", file, got, want, stdout)
	}
}
