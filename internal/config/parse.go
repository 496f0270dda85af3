package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
	mailer "github.com/clientrisk/clientrisk/internal/mail"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
	"github.com/clientrisk/clientrisk/internal/schedule"
	"go.yaml.in/yaml/v3"
)

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse validates a config read from path (path names the file in
// messages, and its folder resolves relative paths). Every problem found
// is returned, each as an *Error, joined in line order: unknown keys are
// rejected with their dotted name and line, and every value is checked.
func Parse(data []byte, path string) (*Config, error) {
	p := &parser{file: path}
	cfg := Default(filepath.Dir(path))
	cfg.Path = path
	if path == "" {
		p.file = "(no file)"
	}

	var raw rawConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			// A syntax error: yaml stops there, nothing else is worth checking.
			return nil, p.syntaxError(err)
		}
		p.index = indexKeys(data)
		for _, msg := range te.Errors {
			p.typeError(msg)
		}
	}
	p.fill(cfg, &raw)
	if len(p.errs) == 0 {
		return cfg, nil
	}
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = e
	}
	return nil, errors.Join(errs...)
}

type parser struct {
	file  string
	dir   string
	index map[lineName]string // (line, key) -> dotted key path
	errs  []*Error
}

type lineName struct {
	line int
	name string
}

func (p *parser) fail(line int, key, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func (p *parser) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.file, Line: line, Msg: "not valid YAML: " + m[2]}
	}
	return &Error{File: p.file, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

var (
	unknownField = regexp.MustCompile(`^field (.+) not found in type `)
	cannotDecode = regexp.MustCompile(`^cannot unmarshal (!!\w+)`)
)

// typeError turns one of yaml's messages into an *Error naming the key.
// With every leaf read by this package, what is left is unknown keys, a
// section given a value instead of keys, and duplicate keys.
func (p *parser) typeError(msg string) {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		p.fail(0, "", "%s", msg)
		return
	}
	line, _ := strconv.Atoi(m[1])
	rest := m[2]
	if u := unknownField.FindStringSubmatch(rest); u != nil {
		key := p.index[lineName{line, u[1]}]
		if key == "" {
			key = u[1]
		}
		p.fail(line, key, MsgUnknownKey)
		return
	}
	if c := cannotDecode.FindStringSubmatch(rest); c != nil {
		key := p.keyAt(line)
		p.fail(line, key, "expected a section of keys, not %s", yamlKindWord(c[1]))
		return
	}
	p.fail(line, p.keyAt(line), "%s", rest)
}

func yamlKindWord(tag string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!str":
		return "a text value"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true/false"
	}
	return "a single value"
}

// keyAt returns the deepest key written on line, for messages about a value.
func (p *parser) keyAt(line int) string {
	best := ""
	for ln, path := range p.index {
		if ln.line == line && strings.Count(path, ".") >= strings.Count(best, ".") && (best == "" || path > best) {
			best = path
		}
	}
	return best
}

// indexKeys maps (line, key name) to the dotted path of every mapping key
// in the document, so that yaml's "field x not found" can be told as the
// full key name the user wrote.
func indexKeys(data []byte) map[lineName]string {
	idx := map[lineName]string{}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return idx
	}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, prefix)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				path := k.Value
				if prefix != "" {
					path = prefix + "." + k.Value
				}
				idx[lineName{k.Line, k.Value}] = path
				walk(n.Content[i+1], path)
			}
		}
	}
	walk(&doc, "")
	return idx
}

// fill types and checks every key, writing what is valid into cfg.
func (p *parser) fill(cfg *Config, r *rawConfig) {
	p.dir = cfg.Dir

	p.text(r.Company, "company", &cfg.Company)
	p.oneOf(r.Language, "language", i18n.Languages(), &cfg.Language)
	p.currency(r.Currency, "currency", &cfg.Currency)
	p.rates(r, cfg)
	p.timezone(r.Timezone, cfg)
	p.integer(r.WindowMonths, "window_months", 1, 120, &cfg.WindowMonths)
	p.integer(r.PaymentTermsDays, "payment_terms_days", 0, 366, &cfg.PaymentTermsDays)
	p.integer(r.GraceDays, "grace_days", 0, 366, &cfg.GraceDays)
	p.path(r.Ledger, "ledger", &cfg.Ledger)
	p.path(r.OutputDir, "output_dir", &cfg.OutputDir)

	p.thresholds(&r.Thresholds, r.WindowMonths.line, cfg)
	p.input(&r.Input, &cfg.Input)
	p.clients(&r.Clients, &cfg.Clients)
	p.schedule(&r.Schedule, &cfg.Schedule)
	p.dropFolder(&r.DropFolder, &cfg.DropFolder)
	p.email(&r.Email, &cfg.Email)
}

func (p *parser) thresholds(r *rawThresholds, windowLine int, cfg *Config) {
	t := &cfg.Thresholds
	p.number(r.OverDependentShare, "thresholds.over_dependent_share", 0, 1, true, &t.OverDependentShare)
	p.number(r.HHIModerate, "thresholds.hhi_moderate", 0, 10000, true, &t.HHIModerate)
	p.number(r.HHIHigh, "thresholds.hhi_high", 0, 10000, true, &t.HHIHigh)
	if t.HHIModerate > t.HHIHigh {
		line := max(r.HHIModerate.line, r.HHIHigh.line)
		p.fail(line, "thresholds.hhi_moderate", "%g is above thresholds.hhi_high %g; the moderate band must start below the high one", t.HHIModerate, t.HHIHigh)
	}
	p.integer(r.SlowMinPaid, "thresholds.slow_min_paid", 1, 1000, &t.SlowMinPaid)
	p.number(r.SlowWADLDays, "thresholds.slow_wadl_days", 0, 3650, false, &t.SlowWADLDays)
	p.integer(r.SlowOverdueDays, "thresholds.slow_overdue_days", 0, 3650, &t.SlowOverdueDays)
	// A credit-note ratio may exceed 1 (more credit notes than invoices).
	p.number(r.CreditNoteRatio, "thresholds.credit_note_ratio", 0, 100, false, &t.CreditNoteRatio)
	p.integer(r.CreditNoteMin, "thresholds.credit_note_min", 1, 1000, &t.CreditNoteMin)
	p.integer(r.DisputedMin, "thresholds.disputed_min", 1, 1000, &t.DisputedMin)
	p.number(r.LoadRatio, "thresholds.load_ratio", 0, 1000, true, &t.LoadRatio)
	p.number(r.MinHours, "thresholds.min_hours", 0, 1e6, false, &t.MinHours)
	p.number(r.EffectiveRateFraction, "thresholds.effective_rate_fraction", 0, 1, true, &t.EffectiveRateFraction)
	p.integer(r.LostAfterMonths, "thresholds.lost_after_months", 1, 120, &t.LostAfterMonths)
	p.minAmount(r.MinAmount, cfg.Currency, &t.MinAmount)
	// A lost client has invoices earlier in the window and none in its last
	// lost_after_months: with no "earlier" left, the flag could never mean
	// anything, so the pair is refused whichever of the two was written.
	if t.LostAfterMonths >= cfg.WindowMonths {
		key, line := "thresholds.lost_after_months", r.LostAfterMonths.line
		if !r.LostAfterMonths.set {
			key, line = "window_months", windowLine
		}
		p.fail(line, key, "thresholds.lost_after_months (%d) must be less than window_months (%d): a lost client is one with invoices earlier in the window and none in its last months", t.LostAfterMonths, cfg.WindowMonths)
	}
}

// minAmount reads thresholds.min_amount: "auto" (or absent) is 0, the
// computed default; otherwise an exact decimal in the base currency,
// rounded half to even to its minor unit.
func (p *parser) minAmount(s scalar, currency string, dst *invoice.Money) {
	const key = "thresholds.min_amount"
	var text string
	if !s.set || !p.text(s, key, &text) {
		return
	}
	text = strings.TrimSpace(text)
	if strings.EqualFold(text, "auto") {
		return
	}
	v, ok := new(big.Rat).SetString(text)
	if !ok {
		p.fail(s.line, key, "%q is not an amount: write auto or a number such as 250", text)
		return
	}
	m, ok := invoice.RoundRat(v, currency)
	if !ok || m <= 0 {
		p.fail(s.line, key, "%s must be above zero (or auto)", text)
		return
	}
	*dst = m
}

func (p *parser) input(r *rawInput, in *InputConfig) {
	p.oneOf(r.DateOrder, "input.date_order", ingest.DateOrders, &in.DateOrder)
	p.oneOf(r.Amount, "input.amount", ingest.Amounts, &in.Amount)
	p.oneOf(r.Grain, "input.grain", ingest.Grains, &in.Grain)
	p.oneOf(r.Encoding, "input.encoding", ingest.Encodings, &in.Encoding)
	p.columns(&r.Columns, "input.columns", in.Columns)
	if p.mapping(r.Sheets.present, r.Sheets.kind, r.Sheets.line, "input.sheets") {
		for _, e := range r.Sheets.entries {
			key := "input.sheets." + e.key
			if _, err := path.Match(e.key, ""); err != nil || strings.TrimSpace(e.key) == "" {
				p.fail(e.keyLine, key, "%q is not a sheet name pattern (write a name, or one with * and ?, such as \"2023*\")", e.key)
				continue
			}
			for _, u := range e.value.unknown {
				p.fail(u.keyLine, key+"."+u.key, "unknown key; a sheet pattern takes only columns")
			}
			if e.value.kind != yaml.MappingNode {
				p.fail(e.keyLine, key, "expected columns: {field: header text or column letter}")
				continue
			}
			so := ingest.SheetOptions{Pattern: e.key, Columns: map[string]string{}}
			p.columns(&e.value.columns, key+".columns", so.Columns)
			in.Sheets = append(in.Sheets, so)
		}
	}
	var mb int
	if p.integer(r.Limits.MaxUnzippedMB, "input.limits.max_unzipped_mb", 1, 1<<20, &mb) {
		in.Limits.MaxUnzippedBytes = int64(mb) << 20
	}
	p.integer(r.Limits.MaxRows, "input.limits.max_rows", 1, 1<<31-1, &in.Limits.MaxRows)
	p.integer(r.Limits.MaxCellChars, "input.limits.max_cell_chars", 1, 1<<24, &in.Limits.MaxCellChars)
}

func (p *parser) clients(r *rawClients, c *ClientsConfig) {
	if p.mapping(r.Aliases.present, r.Aliases.kind, r.Aliases.line, "clients.aliases") {
		owner := map[string]string{} // folded spelling -> name it merges into
		for _, e := range r.Aliases.entries {
			key := "clients.aliases." + e.key
			name := strings.TrimSpace(e.key)
			if name == "" {
				p.fail(e.keyLine, "clients.aliases", "a client name is empty")
				continue
			}
			spellings := p.strings(e.value, key)
			for _, s := range append([]string{name}, spellings...) {
				f := strings.ToLower(s)
				if prev, ok := owner[f]; ok && prev != name {
					p.fail(e.keyLine, key, "%q is also an alias of %q; a spelling can merge into one client only", s, prev)
					continue
				}
				owner[f] = name
			}
			c.Aliases[name] = spellings
		}
	}
	if r.Exclude.present {
		c.Exclude = p.strings(r.Exclude, "clients.exclude")
	}
}

func (p *parser) schedule(r *rawSchedule, s *ScheduleConfig) {
	var expr string
	if p.text(r.Cron, "schedule.cron", &expr) {
		if err := schedule.CheckCron(expr); err != nil {
			p.fail(r.Cron.line, "schedule.cron", "%q: %v", expr, err)
		} else {
			s.Cron = strings.Join(strings.Fields(expr), " ")
		}
	}
	p.boolean(r.CatchUp, "schedule.catch_up", &s.CatchUp)
}

func (p *parser) dropFolder(r *rawDropFolder, d *DropFolderConfig) {
	p.path(r.Inbox, "dropfolder.inbox", &d.Inbox)
	p.path(r.Processing, "dropfolder.processing", &d.Processing)
	p.path(r.Archive, "dropfolder.archive", &d.Archive)
	p.path(r.Failed, "dropfolder.failed", &d.Failed)
	p.duration(r.Poll, "dropfolder.poll", &d.Poll)
	p.duration(r.Settle, "dropfolder.settle", &d.Settle)
	p.oneOf(r.OnDrop, "dropfolder.on_drop", onDrops, &d.OnDrop)
}

// email reads the email section. Secrets are never read from the file:
// a password key is refused, and the SMTP password comes from an
// environment variable or a file, at send time (EmailConfig.Password).
func (p *parser) email(r *rawEmail, e *EmailConfig) {
	if r.Password.present {
		p.fail(r.Password.line, "email.password", "passwords do not belong in the config file; set email.password_env to the name of an environment variable holding it, or email.password_file to a file containing it")
	}
	p.text(r.Host, "email.host", &e.Host)
	e.Host = strings.TrimSpace(e.Host)
	p.oneOf(r.TLS, "email.tls", mailer.TLSModes, &e.TLS)
	if !r.Port.set {
		e.Port = mailer.DefaultPort(e.TLS)
	}
	p.integer(r.Port, "email.port", 1, 65535, &e.Port)
	p.text(r.Username, "email.username", &e.Username)
	p.text(r.PasswordEnv, "email.password_env", &e.PasswordEnv)
	if p.text(r.PasswordFile, "email.password_file", &e.PasswordFile) && e.PasswordFile != "" {
		if r.PasswordEnv.set && r.PasswordEnv.value != "" {
			p.fail(r.PasswordFile.line, "email.password_file", "set either email.password_env or email.password_file, not both")
		}
		// The file wins over the default variable name.
		e.PasswordEnv = ""
		e.PasswordFile = p.resolve(e.PasswordFile)
	}
	fromSet := p.text(r.From, "email.from", &e.From) && e.From != ""
	if !fromSet && !r.From.set && strings.Contains(e.Username, "@") {
		e.From = e.Username
	}
	if r.To.present {
		e.To = p.strings(r.To, "email.to")
	}
	p.text(r.Subject, "email.subject", &e.Subject)
	p.boolean(r.AttachXLSX, "email.attach_xlsx", &e.AttachXLSX)
	p.duration(r.Retry.Initial, "email.retry.initial", &e.Retry.Initial)
	p.duration(r.Retry.Max, "email.retry.max", &e.Retry.Max)
	// The rules are mail's (Settings.Check); each problem is reported at
	// the line of what it is about.
	usedTo := 0
	for _, pr := range e.Check() {
		line := r.Host.line
		switch {
		case pr.Key == "tls" && r.TLS.line != 0:
			line = r.TLS.line
		case pr.Key == "from" && pr.Item != "":
			if !fromSet {
				continue // a username that is not an address: NewOutbox says so when it sends
			}
			line = r.From.line
		case pr.Key == "to" && pr.Item != "":
			for usedTo < len(r.To.items) {
				it := r.To.items[usedTo]
				usedTo++
				if it.set && it.kind == yaml.ScalarNode && strings.TrimSpace(it.value) == pr.Item {
					line = it.line
					break
				}
			}
		case pr.Key == "retry.max":
			line = max(r.Retry.Max.line, r.Retry.Initial.line)
		}
		p.fail(line, "email."+pr.Key, "%s", pr.Msg)
	}
}

// The value readers below leave *dst alone when the key is absent or null
// (the default stays) and report whether the key had a usable value.

func (p *parser) single(s scalar, key string) bool {
	if !s.set {
		return false
	}
	if s.kind != yaml.ScalarNode {
		p.fail(s.line, key, "expected a single value, not %s", map[yaml.Kind]string{yaml.SequenceNode: "a list", yaml.MappingNode: "a section of keys"}[s.kind])
		return false
	}
	return true
}

// columns reads a field -> header text or column letter mapping
// (input.columns, input.sheets.PATTERN.columns) into dst.
func (p *parser) columns(m *orderedMap[scalar, *scalar], name string, dst map[string]string) {
	if !p.mapping(m.present, m.kind, m.line, name) {
		return
	}
	for _, e := range m.entries {
		key := name + "." + e.key
		if !contains(columnFields, e.key) {
			p.fail(e.keyLine, key, "unknown field %q; the fields are %s", e.key, strings.Join(columnFields, ", "))
			continue
		}
		var v string
		if p.text(e.value, key, &v) && strings.TrimSpace(v) == "" {
			p.fail(e.value.line, key, "needs a header text or a column letter")
			continue
		}
		if v != "" {
			dst[e.key] = strings.TrimSpace(v)
		}
	}
}

func (p *parser) mapping(present bool, kind yaml.Kind, line int, key string) bool {
	if !present {
		return false
	}
	if kind == yaml.ScalarNode {
		return false // null: nothing given
	}
	if kind != yaml.MappingNode {
		p.fail(line, key, "expected keys and values (key: value), not a list")
		return false
	}
	return true
}

func (p *parser) text(s scalar, key string, dst *string) bool {
	if !p.single(s, key) {
		return false
	}
	*dst = s.value
	return true
}

func (p *parser) strings(l list, key string) []string {
	out := []string{}
	if l.kind == yaml.MappingNode {
		p.fail(l.line, key, "expected a list of names, not a section of keys")
		return out
	}
	for _, it := range l.items {
		var v string
		if p.text(it, key, &v) {
			if v = strings.TrimSpace(v); v == "" {
				p.fail(it.line, key, "an entry is empty")
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

func (p *parser) oneOf(s scalar, key string, allowed []string, dst *string) {
	var v string
	if !p.text(s, key, &v) {
		return
	}
	v = strings.ToLower(strings.TrimSpace(v))
	if !contains(allowed, v) {
		p.fail(s.line, key, "%q is not one of %s", s.value, strings.Join(allowed, ", "))
		return
	}
	*dst = v
}

func (p *parser) integer(s scalar, key string, lo, hi int, dst *int) bool {
	if !p.single(s, key) {
		return false
	}
	v, err := strconv.Atoi(strings.TrimSpace(s.value))
	if err != nil {
		p.fail(s.line, key, "%q is not a whole number", s.value)
		return false
	}
	if v < lo || v > hi {
		p.fail(s.line, key, "%d is out of range (%d to %d)", v, lo, hi)
		return false
	}
	*dst = v
	return true
}

// number reads a float in [lo, hi], or (lo, hi] when loOpen.
func (p *parser) number(s scalar, key string, lo, hi float64, loOpen bool, dst *float64) {
	if !p.single(s, key) {
		return
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s.value), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.fail(s.line, key, "%q is not a number", s.value)
		return
	}
	if v < lo || v > hi || (loOpen && v == lo) {
		op := "from"
		if loOpen {
			op = "above"
		}
		p.fail(s.line, key, "%g is out of range (%s %g to %g)", v, op, lo, hi)
		return
	}
	*dst = v
}

func (p *parser) boolean(s scalar, key string, dst *bool) {
	if !p.single(s, key) {
		return
	}
	switch strings.ToLower(strings.TrimSpace(s.value)) {
	case "true", "yes", "on":
		*dst = true
	case "false", "no", "off":
		*dst = false
	default:
		p.fail(s.line, key, "%q is not true or false", s.value)
	}
}

func (p *parser) duration(s scalar, key string, dst *time.Duration) {
	if !p.single(s, key) {
		return
	}
	v, err := time.ParseDuration(strings.TrimSpace(s.value))
	if err != nil {
		p.fail(s.line, key, "%q is not a duration (write it like 10s, 1m, 6h)", s.value)
		return
	}
	if v <= 0 {
		p.fail(s.line, key, "%s must be longer than zero", s.value)
		return
	}
	*dst = v
}

func (p *parser) path(s scalar, key string, dst *string) {
	var v string
	if !p.text(s, key, &v) {
		return
	}
	if strings.TrimSpace(v) == "" {
		p.fail(s.line, key, "needs a path")
		return
	}
	*dst = p.resolve(v)
}

func (p *parser) resolve(v string) string {
	if filepath.IsAbs(v) {
		return filepath.Clean(v)
	}
	return filepath.Join(p.dir, v)
}

var currencyCode = regexp.MustCompile(`^[A-Za-z]{3}$`)

func (p *parser) currency(s scalar, key string, dst *string) {
	var v string
	if !p.text(s, key, &v) {
		return
	}
	v = strings.TrimSpace(v)
	if !currencyCode.MatchString(v) {
		p.fail(s.line, key, "%q is not a three-letter currency code such as EUR or USD", s.value)
		return
	}
	*dst = strings.ToUpper(v)
}

// rates reads each rate from the scalar's text as an exact fraction: 0.92
// is 92/100, as written, never a binary float.
func (p *parser) rates(r *rawConfig, cfg *Config) {
	if !p.mapping(r.Rates.present, r.Rates.kind, r.Rates.line, "rates") {
		return
	}
	for _, e := range r.Rates.entries {
		key := "rates." + e.key
		code := strings.TrimSpace(e.key)
		if !currencyCode.MatchString(code) {
			p.fail(e.keyLine, key, "%q is not a three-letter currency code such as USD", e.key)
			continue
		}
		code = strings.ToUpper(code)
		var text string
		if !p.text(e.value, key, &text) {
			if !e.value.set {
				p.fail(e.keyLine, key, "needs a rate (1 %s = rate %s)", code, cfg.Currency)
			}
			continue
		}
		rate, ok := new(big.Rat).SetString(strings.TrimSpace(text))
		if !ok {
			p.fail(e.value.line, key, "%q is not a number (write 1 %s = rate %s, like 0.92)", text, code, cfg.Currency)
			continue
		}
		if rate.Sign() <= 0 {
			p.fail(e.value.line, key, "%s must be above zero", text)
			continue
		}
		if _, dup := cfg.Rates[code]; dup {
			p.fail(e.keyLine, key, "%s is given twice", code)
			continue
		}
		cfg.Rates[code] = rate
	}
	for code, rate := range cfg.Rates {
		if code == cfg.Currency && rate.Cmp(big.NewRat(1, 1)) != 0 {
			p.fail(r.Rates.line, "rates."+code, "%s is the base currency (currency: %s); its rate can only be 1", code, cfg.Currency)
		}
	}
}

func (p *parser) timezone(s scalar, cfg *Config) {
	var name string
	if !p.text(s, "timezone", &name) {
		return
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" {
		cfg.Timezone, cfg.TimezoneName = time.Local, ""
		return
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		p.fail(s.line, "timezone", "unknown time zone %q (use an IANA name such as Europe/Rome, or leave it empty for this machine's zone)", name)
		return
	}
	cfg.Timezone, cfg.TimezoneName = loc, name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
