package config

import (
	"math/big"
	"path/filepath"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/dropfolder"
	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/mail"
	"github.com/clientrisk/clientrisk/internal/schedule"
)

// Config is clientrisk.yaml, typed and validated. Paths are absolute
// (relative ones in the file are joined to the file's folder). The yaml
// tags, here and on the sections' types, name every key the file may hold
// (raw.go lists them again as the parser reads them; a test keeps the two
// in step).
type Config struct {
	// Path is the file the config was read from ("" for Default).
	Path string `yaml:"-"`
	// Dir is the folder relative paths were resolved against.
	Dir string `yaml:"-"`

	Company  string `yaml:"company"`  // shown on the report; "" leaves it out
	Language string `yaml:"language"` // en, it, es, ru
	Currency string `yaml:"currency"` // base currency, ISO 4217, upper case
	// Timezone is where "today", the report month and the schedule live.
	// Unset, it is the system's local zone: a user running clientrisk on
	// their own machine expects their own clock, not UTC.
	Timezone *time.Location `yaml:"-"`
	// TimezoneName is the name as written ("" when the local zone is used).
	TimezoneName string `yaml:"timezone"`

	// Options holds the figures' options the file sets (the fields
	// analytics.Options tags with a key; Rates are exact, in units of
	// Currency). The pipeline adds the others for each run.
	analytics.Options `yaml:",inline"`

	Ledger    string `yaml:"ledger"`     // SQLite file
	OutputDir string `yaml:"output_dir"` // where reports are written

	Input      InputConfig      `yaml:"input"`
	Clients    ClientsConfig    `yaml:"clients"`
	Schedule   ScheduleConfig   `yaml:"schedule"`
	DropFolder DropFolderConfig `yaml:"dropfolder"`
	Email      EmailConfig      `yaml:"email"`
}

// The sections below are declared, with their defaults, by the packages
// that use them; the yaml tags there name the keys.
type (
	InputConfig = ingest.Options // input ("auto" encoding kept as written)
	Limits      = ingest.Limits  // input.limits
	EmailConfig = mail.Settings  // email
	RetryConfig = mail.Retry     // email.retry
)

// ClientsConfig merges and drops clients.
type ClientsConfig struct {
	// Aliases: display name -> other spellings of the same client.
	Aliases map[string][]string `yaml:"aliases"`
	// Exclude: clients left out of every figure (any spelling).
	Exclude []string `yaml:"exclude"`
}

// ScheduleConfig is the monthly job of `clientrisk serve`: schedule.cron
// (spaces normalised) is read in Config.Timezone.
type ScheduleConfig = schedule.Settings

// DropFolderConfig is the watched folder of `clientrisk serve`: the
// folders and timings dropfolder declares, and what a dropped file leads to.
type DropFolderConfig struct {
	dropfolder.Settings `yaml:",inline"`
	OnDrop              string `yaml:"on_drop"` // import, report, report_and_email
}

// Option values, as accepted in the file.
var (
	onDrops = []string{"import", "report", "report_and_email"}
	// columnFields are the reader's field names (ingest.Field*): the
	// thirteen of the input spec, the two yes/no columns the reader also
	// knows (disputed, paid_flag), an amount-paid column, and the columns
	// of general-ledger transaction exports (account, account_type,
	// account_group, debit, credit), and the optional columns of a
	// customer list (terms_days, email, category).
	columnFields = []string{"number", "client", "client_id", "issue_date", "due_date",
		"paid_date", "amount", "gross", "outstanding", "currency", "status", "kind", "hours",
		"disputed", "paid_flag", "paid_amount", "account", "account_type", "account_group", "debit", "credit",
		"terms_days", "email", "category"}
)

// Default returns the configuration used for every key the file leaves
// out, with relative paths resolved against dir. Every key has a default
// except the email host and recipients (email is off without a host).
func Default(dir string) *Config {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	an := analytics.DefaultOptions()
	an.Rates = map[string]*big.Rat{}
	return &Config{
		Dir:        dir,
		Language:   "en",
		Currency:   "EUR",
		Timezone:   time.Local,
		Options:    an,
		Ledger:     filepath.Join(dir, "clientrisk.db"),
		OutputDir:  filepath.Join(dir, "reports"),
		Input:      ingest.DefaultOptions(),
		Clients:    ClientsConfig{Aliases: map[string][]string{}, Exclude: []string{}},
		Schedule:   schedule.DefaultSettings(),
		DropFolder: DropFolderConfig{Settings: dropfolder.DefaultSettings(dir), OnDrop: "report"},
		Email:      mail.DefaultSettings(),
	}
}
