package config

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/ingest"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		yaml     string
		wantKey  string
		wantLine int
		wantMsg  string // a part of Error()
	}{
		{"unknown key with line", "company: X\nthresholds:\n  hhi_high: 2500\n  over_dependant_share: 0.3\n",
			"thresholds.over_dependant_share", 4, `config clientrisk.yaml: line 4: unknown key "thresholds.over_dependant_share"`},
		{"unknown top-level key", "languge: it\n", "languge", 1, `line 1: unknown key "languge"`},
		{"unknown nested key", "email:\n  retry:\n    initial: 1m\n    maximum: 1h\n", "email.retry.maximum", 4, `unknown key "email.retry.maximum"`},
		{"bad language", "language: fr\n", "language", 1, `language: "fr" is not one of en, it, es, ru`},
		{"negative window", "window_months: -3\n", "window_months", 1, "-3 is out of range (1 to 120)"},
		{"zero window", "window_months: 0\n", "window_months", 1, "out of range"},
		{"window not a number", "window_months: twelve\n", "window_months", 1, `"twelve" is not a whole number`},
		{"negative terms", "payment_terms_days: -1\n", "payment_terms_days", 1, "out of range"},
		{"share above 1", "thresholds:\n  over_dependent_share: 1.5\n", "thresholds.over_dependent_share", 2, "1.5 is out of range (above 0 to 1)"},
		{"share zero", "thresholds:\n  over_dependent_share: 0\n", "thresholds.over_dependent_share", 2, "out of range"},
		{"hhi above 10000", "thresholds:\n  hhi_high: 12000\n", "thresholds.hhi_high", 2, "out of range"},
		{"hhi bands crossed", "thresholds:\n  hhi_moderate: 3000\n  hhi_high: 2000\n", "thresholds.hhi_moderate", 3, "above thresholds.hhi_high"},
		{"fraction above 1", "thresholds:\n  effective_rate_fraction: 2\n", "thresholds.effective_rate_fraction", 2, "out of range"},
		{"lost not below window", "window_months: 6\nthresholds:\n  lost_after_months: 6\n", "thresholds.lost_after_months", 3, "less than window_months (6)"},
		{"window not above lost default", "window_months: 3\n", "window_months", 1, "thresholds.lost_after_months (3) must be less than window_months (3)"},
		{"threshold as text", "thresholds:\n  load_ratio: high\n", "thresholds.load_ratio", 2, `"high" is not a number`},
		{"bad tls", "email:\n  tls: ssl\n", "email.tls", 2, `"ssl" is not one of starttls, tls, none`},
		{"tls none remote host", "email:\n  host: smtp.example.com\n  tls: none\n  from: a@example.com\n  to: [b@example.com]\n",
			"email.tls", 3, `allowed only for a loopback host`},
		{"password key", "email:\n  username: me\n  password: hunter2\n", "email.password", 3, "set email.password_env"},
		{"password and file", "email:\n  password_env: X\n  password_file: pw.txt\n", "email.password_file", 3, "not both"},
		{"bad duration", "dropfolder:\n  poll: 10 seconds\n", "dropfolder.poll", 2, `"10 seconds" is not a duration`},
		{"zero duration", "dropfolder:\n  settle: 0s\n", "dropfolder.settle", 2, "longer than zero"},
		{"retry max below initial", "email:\n  retry: {initial: 1h, max: 5m}\n", "email.retry.max", 2, "shorter than email.retry.initial"},
		{"unknown column field", "input:\n  columns:\n    customer: Cliente\n", "input.columns.customer", 3, `unknown field "customer"`},
		{"empty column value", "input:\n  columns:\n    client: \"\"\n", "input.columns.client", 3, "needs a header text or a column letter"},
		{"sheet column unknown field", "input:\n  sheets:\n    \"2023*\":\n      columns:\n        date: D\n", "input.sheets.2023*.columns.date", 5, `unknown field "date"`},
		{"sheet pattern bad", "input:\n  sheets:\n    \"20[23\": {columns: {issue_date: D}}\n", "input.sheets.20[23", 3, "not a sheet name pattern"},
		{"sheet unknown key", "input:\n  sheets:\n    \"2023\":\n      date_order: dmy\n", "input.sheets.2023.date_order", 4, "takes only columns"},
		{"sheet without columns", "input:\n  sheets:\n    \"2023\": D\n", "input.sheets.2023", 3, "expected columns"},
		{"sheets a list", "input:\n  sheets: [2023]\n", "input.sheets", 2, "not a list"},
		{"bad rate text", "rates:\n  USD: abc\n", "rates.USD", 2, `"abc" is not a number`},
		{"negative rate", "rates: {USD: -0.9}\n", "rates.USD", 1, "must be above zero"},
		{"bad rate currency", "rates: {DOLLAR: 0.9}\n", "rates.DOLLAR", 1, "three-letter currency code"},
		{"base currency rate", "currency: EUR\nrates: {EUR: 2}\n", "rates.EUR", 2, "base currency"},
		{"bad currency", "currency: euro\n", "currency", 1, "three-letter currency code"},
		{"bad timezone", "timezone: Europe/Roma\n", "timezone", 1, `unknown time zone "Europe/Roma"`},
		{"bad date order", "input:\n  date_order: ymd\n", "input.date_order", 2, `"ymd" is not one of auto, dmy, mdy`},
		{"bad encoding", "input:\n  encoding: latin1\n", "input.encoding", 2, "not one of"},
		{"bad amount", "input:\n  amount: tax\n", "input.amount", 2, "not one of"},
		{"bad grain", "input:\n  grain: row\n", "input.grain", 2, "not one of"},
		{"zero limit", "input:\n  limits: {max_rows: 0}\n", "input.limits.max_rows", 2, "out of range"},
		{"cron 4 fields", "schedule:\n  cron: \"0 7 1 *\"\n", "schedule.cron", 2, "has 4 fields, want 5"},
		{"cron bad month", "schedule:\n  cron: \"0 7 1 13 *\"\n", "schedule.cron", 2, "month field \"13\": 13 is out of range (1 to 12)"},
		{"cron bad hour", "schedule:\n  cron: \"0 25 1 * *\"\n", "schedule.cron", 2, "hour field"},
		{"cron junk", "schedule:\n  cron: \"0 7 1 * mon;\"\n", "schedule.cron", 2, "day of week field"},
		{"catch_up not bool", "schedule:\n  catch_up: sometimes\n", "schedule.catch_up", 2, "not true or false"},
		{"bad on_drop", "dropfolder:\n  on_drop: email\n", "dropfolder.on_drop", 2, "not one of import, report, report_and_email"},
		{"host without recipients", "email:\n  host: smtp.example.com\n  from: a@example.com\n", "email.to", 2, "at least one recipient"},
		{"host without sender", "email:\n  host: smtp.example.com\n  to: [a@example.com]\n", "email.from", 2, "sender address"},
		{"bad recipient", "email:\n  to: [owner, b@example.com]\n", "email.to", 2, `"owner" is not an email address`},
		{"bad sender", "email:\n  host: smtp.example.com\n  from: reports\n  to: [a@example.com]\n", "email.from", 3, `"reports" is not an email address`},
		{"second recipient bad", "email:\n  to:\n    - a@example.com\n    - owner@\n", "email.to", 4, `"owner@" is not an email address`},
		{"port out of range", "email:\n  port: 70000\n", "email.port", 2, "out of range"},
		{"alias in two clients", "clients:\n  aliases:\n    Acme: [ACME srl]\n    Acme Group: [acme srl]\n", "clients.aliases.Acme Group", 4, "also an alias of \"Acme\""},
		{"list where value wanted", "language: [en, it]\n", "language", 1, "expected a single value, not a list"},
		{"section given a value", "thresholds: 5\n", "thresholds", 1, "expected a section of keys"},
		{"empty path", "ledger: \"\"\n", "ledger", 1, "needs a path"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.yaml), "clientrisk.yaml")
			if err == nil {
				t.Fatalf("%s: got config %+v, want an error", tc.name, cfg)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("%s: got %T %v, want *config.Error", tc.name, err, err)
			}
			if ce.Key != tc.wantKey || ce.Line != tc.wantLine {
				t.Errorf("%s: got key %q line %d, want key %q line %d (error: %v)", tc.name, ce.Key, ce.Line, tc.wantKey, tc.wantLine, err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("%s: got error %q, want it to contain %q", tc.name, err, tc.wantMsg)
			}
			if !strings.HasPrefix(err.Error(), "config clientrisk.yaml: ") {
				t.Errorf("%s: got error %q, want it to start with the file name", tc.name, err)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	t.Parallel()
	// Two mistakes on lines 1 and 3: the user sees both at once, in order.
	_, err := Parse([]byte("language: fr\ncompany: X\nwindow_months: 0\n"), "c.yaml")
	if err == nil {
		t.Fatal("got no error, want two")
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{
		`config c.yaml: line 1: language: "fr" is not one of en, it, es, ru`,
		`config c.yaml: line 3: window_months: 0 is out of range (1 to 120)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSyntaxError(t *testing.T) {
	t.Parallel()
	_, err := Parse([]byte("company: X\n  language: en\n"), "c.yaml")
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), "not valid YAML") {
		t.Errorf("got %v, want a *config.Error on line 2 saying not valid YAML", err)
	}
}

func TestDefaultsWhenEmpty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, data := range []string{"", "# only a comment\n", "thresholds:\nemail:\n"} {
		got, err := Parse([]byte(data), filepath.Join(dir, "clientrisk.yaml"))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		want := Default(dir)
		want.Path = filepath.Join(dir, "clientrisk.yaml")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want the defaults %+v", data, got, want)
		}
	}
}

func TestDefaultValues(t *testing.T) {
	t.Parallel()
	d := Default("/srv/cr")
	checks := []struct {
		name      string
		got, want any
	}{
		{"language", d.Language, "en"},
		{"currency", d.Currency, "EUR"},
		{"timezone", d.Timezone, time.Local},
		{"window", d.WindowMonths, 12},
		{"terms", d.PaymentTermsDays, 30},
		{"grace", d.GraceDays, 0},
		{"ledger", d.Ledger, "/srv/cr/clientrisk.db"},
		{"output", d.OutputDir, "/srv/cr/reports"},
		{"share", d.Thresholds.OverDependentShare, 0.25},
		{"hhi", [2]float64{d.Thresholds.HHIModerate, d.Thresholds.HHIHigh}, [2]float64{1500, 2500}},
		{"slow", [2]int{d.Thresholds.SlowMinPaid, d.Thresholds.SlowOverdueDays}, [2]int{3, 60}},
		{"lost", d.Thresholds.LostAfterMonths, 3},
		{"max bytes", d.Input.Limits.MaxUnzippedBytes, int64(512 * 1024 * 1024)},
		{"cron", d.Schedule.Cron, "0 7 1 * *"},
		{"catch up", d.Schedule.CatchUp, true},
		{"inbox", d.DropFolder.Inbox, "/srv/cr/drop/inbox"},
		{"poll", d.DropFolder.Poll, 10 * time.Second},
		{"settle", d.DropFolder.Settle, 30 * time.Second},
		{"on drop", d.DropFolder.OnDrop, "report"},
		{"email off", d.Email.Enabled(), false},
		{"port", d.Email.Port, 587},
		{"retry", d.Email.Retry, RetryConfig{Initial: time.Minute, Max: 6 * time.Hour}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("default %s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestExampleParsesToDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "clientrisk.yaml")
	got, err := Parse(ExampleYAML(), path)
	if err != nil {
		t.Fatalf("the example config does not parse: %v", err)
	}
	want := Default(dir)
	want.Path = path
	if !reflect.DeepEqual(got, want) {
		t.Errorf("example parses to\n%+v\nwant the defaults\n%+v", got, want)
	}
}

func TestExampleHasEveryKey(t *testing.T) {
	t.Parallel()
	// Every key the parser accepts appears in the example, so `init` shows
	// the user all of them.
	ex := string(ExampleYAML())
	for _, key := range allKeys(reflect.TypeOf(rawConfig{})) {
		if key == "password" {
			continue // accepted only to be refused
		}
		if !strings.Contains(ex, key+":") {
			t.Errorf("example config lacks key %q", key)
		}
	}
}

func allKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		out = append(out, strings.Split(f.Tag.Get("yaml"), ",")[0])
		if f.Type.Kind() == reflect.Struct && strings.HasPrefix(f.Type.Name(), "raw") {
			out = append(out, allKeys(f.Type)...)
		}
	}
	return out
}

func TestFullConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "clientrisk.yaml")
	data := `
company: Rossi Design srl
language: IT
currency: eur
rates: {USD: 0.92, GBP: 1.17, RUB: "1/105"}
timezone: Europe/Rome
window_months: 24
payment_terms_days: 60
grace_days: 5
ledger: data/ledger.db
output_dir: /var/reports
thresholds: {over_dependent_share: 0.3, lost_after_months: 4}
input:
  date_order: dmy
  amount: gross
  grain: invoice
  columns: {client: Ragione sociale, amount: E}
  sheets:
    "2023*": {columns: {issue_date: D}}
    "*": {columns: {client: B}}
  encoding: windows-1252
  limits: {max_unzipped_mb: 64, max_rows: 1000, max_cell_chars: 100}
clients:
  aliases: {ACME: [Acme Corporation, ACME s.r.l.]}
  exclude: Internal
schedule: {cron: "30  6 2 * MON-FRI", catch_up: false}
dropfolder: {inbox: in, poll: 2s, on_drop: report_and_email}
email:
  host: smtp.example.com
  tls: tls
  username: reports@example.com
  password_file: secret/pw
  to: owner@example.com
  attach_xlsx: no
`
	cfg, err := Parse([]byte(data), path)
	if err != nil {
		t.Fatal(err)
	}
	rome, _ := time.LoadLocation("Europe/Rome")
	checks := []struct {
		name      string
		got, want any
	}{
		{"company", cfg.Company, "Rossi Design srl"},
		{"language lower-cased", cfg.Language, "it"},
		{"currency upper-cased", cfg.Currency, "EUR"},
		{"timezone", cfg.Timezone.String(), rome.String()},
		{"timezone name", cfg.TimezoneName, "Europe/Rome"},
		{"window", cfg.WindowMonths, 24},
		{"terms", cfg.PaymentTermsDays, 60},
		{"grace", cfg.GraceDays, 5},
		{"relative ledger", cfg.Ledger, filepath.Join(dir, "data", "ledger.db")},
		{"absolute output", cfg.OutputDir, "/var/reports"},
		{"share set", cfg.Thresholds.OverDependentShare, 0.3},
		{"lost set", cfg.Thresholds.LostAfterMonths, 4},
		{"hhi default kept", cfg.Thresholds.HHIHigh, 2500.0},
		{"date order", cfg.Input.DateOrder, "dmy"},
		{"amount", cfg.Input.Amount, "gross"},
		{"grain", cfg.Input.Grain, "invoice"},
		{"columns", cfg.Input.Columns, map[string]string{"client": "Ragione sociale", "amount": "E"}},
		{"sheets in file order", cfg.Input.Sheets, []ingest.SheetOptions{
			{Pattern: "2023*", Columns: map[string]string{"issue_date": "D"}},
			{Pattern: "*", Columns: map[string]string{"client": "B"}}}},
		{"encoding", cfg.Input.Encoding, "windows-1252"},
		// 64 MiB = 64 * 1048576 = 67108864 bytes
		{"limits", cfg.Input.Limits, Limits{MaxUnzippedBytes: 67108864, MaxRows: 1000, MaxCellChars: 100}},
		{"aliases", cfg.Clients.Aliases, map[string][]string{"ACME": {"Acme Corporation", "ACME s.r.l."}}},
		{"exclude as one value", cfg.Clients.Exclude, []string{"Internal"}},
		{"cron spaces normalised", cfg.Schedule.Cron, "30 6 2 * MON-FRI"},
		{"catch up", cfg.Schedule.CatchUp, false},
		{"inbox relative", cfg.DropFolder.Inbox, filepath.Join(dir, "in")},
		{"archive default relative to config dir", cfg.DropFolder.Archive, filepath.Join(dir, "drop", "archive")},
		{"poll", cfg.DropFolder.Poll, 2 * time.Second},
		{"on drop", cfg.DropFolder.OnDrop, "report_and_email"},
		{"email on", cfg.Email.Enabled(), true},
		{"implicit tls port", cfg.Email.Port, 465},
		{"password file relative", cfg.Email.PasswordFile, filepath.Join(dir, "secret", "pw")},
		{"file replaces default env", cfg.Email.PasswordEnv, ""},
		{"from defaults to username", cfg.Email.From, "reports@example.com"},
		{"single recipient", cfg.Email.To, []string{"owner@example.com"}},
		{"attach no", cfg.Email.AttachXLSX, false},
		{"subject default", cfg.Email.Subject, "Client report {month}"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestRatesExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text     string
		num, den int64
	}{
		{"0.92", 23, 25}, // 0.92 = 92/100 = 23/25 exactly, no float on the way
		{"1.17", 117, 100},
		{"0.1", 1, 10},           // as a float64, 0.1 is 3602879701896397/36028797018963968
		{"\"0.0105\"", 21, 2000}, // quoted: 105/10000 = 21/2000
		{"1/105", 1, 105},
		{"2", 2, 1},
		{"1e-3", 1, 1000},
	}
	for _, tc := range tests {
		cfg, err := Parse([]byte("rates:\n  USD: "+tc.text+"\n"), "c.yaml")
		if err != nil {
			t.Errorf("rate %s: %v", tc.text, err)
			continue
		}
		got := cfg.Rates["USD"]
		if want := big.NewRat(tc.num, tc.den); got == nil || got.Cmp(want) != 0 {
			t.Errorf("rate %s: got %v, want exactly %v", tc.text, got, want)
		}
	}
}

func TestEmailLoopbackNone(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"localhost", "127.0.0.1", "127.5.6.7", "::1", "[::1]"} {
		yml := "email:\n  host: \"" + host + "\"\n  tls: none\n  from: a@example.com\n  to: [b@example.com]\n"
		cfg, err := Parse([]byte(yml), "c.yaml")
		if err != nil {
			t.Errorf("host %s with tls none: %v, want it allowed", host, err)
			continue
		}
		if cfg.Email.Port != 25 {
			t.Errorf("host %s: got port %d, want 25 for tls none", host, cfg.Email.Port)
		}
	}
	for _, host := range []string{"128.0.0.1", "10.0.0.1", "localhost.example.com", "::2"} {
		yml := "email:\n  host: \"" + host + "\"\n  tls: none\n  from: a@example.com\n  to: [b@example.com]\n"
		if _, err := Parse([]byte(yml), "c.yaml"); err == nil {
			t.Errorf("host %s with tls none: got no error, want it refused", host)
		}
	}
}

func TestPassword(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const secret = "s3cr\u00e9t pass"
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	withNL := write("pw-nl", secret+"\n")
	withCRLF := write("pw-crlf", secret+"\r\n")
	empty := write("pw-empty", "\n")
	env := map[string]string{"SMTP_PW": secret}
	getenv := func(k string) string { return env[k] }

	tests := []struct {
		name    string
		e       EmailConfig
		want    string
		wantErr string
	}{
		{"env", EmailConfig{Username: "u", PasswordEnv: "SMTP_PW"}, secret, ""},
		{"file trims newline", EmailConfig{Username: "u", PasswordFile: withNL}, secret, ""},
		{"file trims crlf", EmailConfig{Username: "u", PasswordFile: withCRLF}, secret, ""},
		{"file wins over env", EmailConfig{Username: "u", PasswordFile: withNL, PasswordEnv: "NOPE"}, secret, ""},
		{"no username no password", EmailConfig{PasswordEnv: "UNSET"}, "", ""},
		{"env unset", EmailConfig{Username: "u", PasswordEnv: "UNSET"}, "", "environment variable UNSET"},
		{"file missing", EmailConfig{Username: "u", PasswordFile: filepath.Join(dir, "nope")}, "", "does not exist"},
		{"file empty", EmailConfig{Username: "u", PasswordFile: empty}, "", "is empty"},
		{"no source", EmailConfig{Username: "u"}, "", "set email.password_env or email.password_file"},
	}
	for _, tc := range tests {
		got, err := tc.e.Password(getenv)
		if got != tc.want {
			t.Errorf("%s: got password %q, want %q", tc.name, got, tc.want)
		}
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "s3cr"):
			t.Errorf("%s: error %q reveals the password", tc.name, err)
		}
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "clientrisk.yaml")
	if err := os.WriteFile(path, []byte("company: ACME\nledger: l.db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Company != "ACME" || cfg.Ledger != filepath.Join(dir, "l.db") || cfg.Path != path {
		t.Errorf("got company %q ledger %q path %q, want ACME, %s, %s", cfg.Company, cfg.Ledger, cfg.Path, filepath.Join(dir, "l.db"), path)
	}
	_, err = Load(filepath.Join(dir, "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: got %v, want an error naming it", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(ExampleYAML())
	f.Add([]byte("rates: {USD: 0.92}\nemail: {host: x, to: [a@b.c]}\n"))
	f.Add([]byte("thresholds: [1, 2]\ninput: {columns: {client: [A]}}\n"))
	f.Add([]byte("clients: {aliases: {A: {B: C}}, exclude: {x: y}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "fuzz.yaml")
		if (cfg == nil) == (err == nil) {
			t.Fatalf("got config %v and error %v, want exactly one", cfg != nil, err)
		}
	})
}
