package config

import (
	"math/big"
	"path/filepath"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Config is clientrisk.yaml, typed and validated. Paths are absolute
// (relative ones in the file are joined to the file's folder).
type Config struct {
	// Path is the file the config was read from ("" for Default).
	Path string
	// Dir is the folder relative paths were resolved against.
	Dir string

	Company  string // shown on the report; "" leaves it out
	Language string // en, it, es, ru
	Currency string // base currency, ISO 4217, upper case
	// Rates: 1 unit of the key currency = rate units of Currency, exact.
	Rates map[string]*big.Rat
	// Timezone is where "today", the report month and the schedule live.
	// Unset, it is the system's local zone: a user running clientrisk on
	// their own machine expects their own clock, not UTC.
	Timezone *time.Location
	// TimezoneName is the name as written ("" when the local zone is used).
	TimezoneName string

	WindowMonths     int
	PaymentTermsDays int
	GraceDays        int

	Ledger    string // SQLite file
	OutputDir string // where reports are written

	Thresholds Thresholds
	Input      InputConfig
	Clients    ClientsConfig
	Schedule   ScheduleConfig
	DropFolder DropFolderConfig
	Email      EmailConfig
}

// Thresholds are the flag limits of metrics.md. The field names and types
// match analytics.Thresholds, so analytics.Thresholds(cfg.Thresholds)
// converts it.
type Thresholds struct {
	OverDependentShare    float64
	HHIModerate           float64
	HHIHigh               float64
	SlowMinPaid           int
	SlowWADLDays          float64
	SlowOverdueDays       int
	CreditNoteRatio       float64
	CreditNoteMin         int
	DisputedMin           int
	LoadRatio             float64
	MinHours              float64
	EffectiveRateFraction float64
	LostAfterMonths       int
	// MinAmount is the money at stake a slow-payer or lost flag needs, in
	// minor units of the base currency; 0 (the default, "auto") means 1%
	// of the window's average monthly revenue, at least one unit.
	MinAmount invoice.Money
}

// InputConfig steers the export reader where its guesses are not enough.
type InputConfig struct {
	DateOrder string // auto, dmy, mdy
	Amount    string // net, gross
	Grain     string // auto, line, invoice
	// Columns maps a field name (number, client, ...) to a header text or
	// a column letter, as the user wrote it; the reader decides which.
	Columns  map[string]string
	Encoding string // auto, utf-8, windows-1252, windows-1251 (CSV only)
	Limits   Limits
}

// Limits bound what one file may cost. Same shape as ingest.Limits, so
// ingest.Limits(cfg.Input.Limits) converts it.
type Limits struct {
	MaxUnzippedBytes int64 // input.limits.max_unzipped_mb * 1 MiB
	MaxRows          int
	MaxCellChars     int
}

// ClientsConfig merges and drops clients.
type ClientsConfig struct {
	// Aliases: display name -> other spellings of the same client.
	Aliases map[string][]string
	// Exclude: clients left out of every figure (any spelling).
	Exclude []string
}

// ScheduleConfig is the monthly job of `clientrisk serve`.
type ScheduleConfig struct {
	// Cron is a 5-field cron expression (or a descriptor like @monthly),
	// read in Config.Timezone. It is checked lightly here; the scheduler
	// parses it fully at start.
	Cron    string
	CatchUp bool
}

// DropFolderConfig is the watched folder of `clientrisk serve`.
type DropFolderConfig struct {
	Inbox      string
	Processing string
	Archive    string
	Failed     string
	Poll       time.Duration
	Settle     time.Duration
	OnDrop     string // import, report, report_and_email
}

// EmailConfig is SMTP delivery. Email is optional: with no host it is off.
type EmailConfig struct {
	Host string
	// Port defaults by TLS mode when unset: 587 starttls, 465 tls, 25 none.
	Port     int
	TLS      string // starttls, tls, none (loopback hosts only)
	Username string
	// PasswordEnv and PasswordFile say where the password is; the password
	// itself is read only when needed, by Password, and never stored here.
	PasswordEnv  string
	PasswordFile string // absolute
	From         string // defaults to Username when that is an address
	To           []string
	Subject      string // {month} is replaced by yyyy-mm
	AttachXLSX   bool
	Retry        RetryConfig
}

// RetryConfig is the back-off of the outbox: it starts at Initial and
// doubles up to Max.
type RetryConfig struct {
	Initial time.Duration
	Max     time.Duration
}

// Enabled reports whether email delivery is configured.
func (e EmailConfig) Enabled() bool { return e.Host != "" }

// Option values, as accepted in the file.
var (
	languages  = []string{"en", "it", "es", "ru"}
	dateOrders = []string{"auto", "dmy", "mdy"}
	amounts    = []string{"net", "gross"}
	grains     = []string{"auto", "line", "invoice"}
	encodings  = []string{"auto", "utf-8", "windows-1252", "windows-1251"}
	onDrops    = []string{"import", "report", "report_and_email"}
	tlsModes   = []string{"starttls", "tls", "none"}
	// columnFields are the reader's field names (ingest.Field*): the
	// thirteen of the input spec, the two yes/no columns the reader also
	// knows (disputed, paid_flag), an amount-paid column, and the columns
	// of general-ledger transaction exports (account, account_type,
	// account_group, debit, credit).
	columnFields = []string{"number", "client", "client_id", "issue_date", "due_date",
		"paid_date", "amount", "gross", "outstanding", "currency", "status", "kind", "hours",
		"disputed", "paid_flag", "paid_amount", "account", "account_type", "account_group", "debit", "credit"}
)

// Default port per TLS mode, used when email.port is not set.
var defaultPorts = map[string]int{"starttls": 587, "tls": 465, "none": 25}

// Default returns the configuration used for every key the file leaves
// out, with relative paths resolved against dir.
func Default(dir string) *Config {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return &Config{
		Dir:              dir,
		Language:         "en",
		Currency:         "EUR",
		Rates:            map[string]*big.Rat{},
		Timezone:         time.Local,
		WindowMonths:     12,
		PaymentTermsDays: 30,
		GraceDays:        0,
		Ledger:           filepath.Join(dir, "clientrisk.db"),
		OutputDir:        filepath.Join(dir, "reports"),
		Thresholds: Thresholds{
			OverDependentShare: 0.25, HHIModerate: 1500, HHIHigh: 2500,
			SlowMinPaid: 3, SlowWADLDays: 15, SlowOverdueDays: 60,
			CreditNoteRatio: 0.20, CreditNoteMin: 2, DisputedMin: 2,
			LoadRatio: 1.5, MinHours: 10, EffectiveRateFraction: 0.6,
			LostAfterMonths: 3,
		},
		Input: InputConfig{
			DateOrder: "auto",
			Amount:    "net",
			Grain:     "auto",
			Columns:   map[string]string{},
			Encoding:  "auto",
			Limits:    Limits{MaxUnzippedBytes: 512 << 20, MaxRows: 2_000_000, MaxCellChars: 32767},
		},
		Clients: ClientsConfig{Aliases: map[string][]string{}, Exclude: []string{}},
		Schedule: ScheduleConfig{
			Cron:    "0 7 1 * *",
			CatchUp: true,
		},
		DropFolder: DropFolderConfig{
			Inbox:      filepath.Join(dir, "drop", "inbox"),
			Processing: filepath.Join(dir, "drop", "processing"),
			Archive:    filepath.Join(dir, "drop", "archive"),
			Failed:     filepath.Join(dir, "drop", "failed"),
			Poll:       10 * time.Second,
			Settle:     30 * time.Second,
			OnDrop:     "report",
		},
		Email: EmailConfig{
			Port:        587,
			TLS:         "starttls",
			PasswordEnv: "CLIENTRISK_SMTP_PASSWORD",
			To:          []string{},
			Subject:     "Client report {month}",
			AttachXLSX:  true,
			Retry:       RetryConfig{Initial: time.Minute, Max: 6 * time.Hour},
		},
	}
}
