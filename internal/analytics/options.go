package analytics

import (
	"math/big"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Thresholds are the configurable limits of the metrics spec "Flags": the
// thresholds section of the config file, whose keys the yaml tags name
// (the config package reads and checks them, and embeds this type).
type Thresholds struct {
	OverDependentShare    float64 `yaml:"over_dependent_share"`    // 0.25
	HHIModerate           float64 `yaml:"hhi_moderate"`            // 1500
	HHIHigh               float64 `yaml:"hhi_high"`                // 2500
	SlowMinPaid           int     `yaml:"slow_min_paid"`           // 3
	SlowWADLDays          float64 `yaml:"slow_wadl_days"`          // 15
	SlowOverdueDays       int     `yaml:"slow_overdue_days"`       // 60
	CreditNoteRatio       float64 `yaml:"credit_note_ratio"`       // 0.20
	CreditNoteMin         int     `yaml:"credit_note_min"`         // 2
	DisputedMin           int     `yaml:"disputed_min"`            // 2
	LoadRatio             float64 `yaml:"load_ratio"`              // 1.5
	MinHours              float64 `yaml:"min_hours"`               // 10
	EffectiveRateFraction float64 `yaml:"effective_rate_fraction"` // 0.6
	LostAfterMonths       int     `yaml:"lost_after_months"`       // 3
	// MinAmount is the money at stake (overdue amount, lost revenue) a
	// slow-payer or lost flag needs; 0 = 1% of the window's average
	// monthly revenue, at least one currency unit (see materiality.go).
	MinAmount invoice.Money `yaml:"min_amount"`
}

// DefaultThresholds returns the defaults of the metrics spec.
func DefaultThresholds() Thresholds {
	return Thresholds{
		OverDependentShare: 0.25, HHIModerate: 1500, HHIHigh: 2500,
		SlowMinPaid: 3, SlowWADLDays: 15, SlowOverdueDays: 60,
		CreditNoteRatio: 0.20, CreditNoteMin: 2, DisputedMin: 2,
		LoadRatio: 1.5, MinHours: 10, EffectiveRateFraction: 0.6,
		LostAfterMonths: 3,
	}
}

// Options is everything Compute needs besides the documents. It is a plain
// struct: analytics never reads files. The fields with yaml tags are keys
// of the config file, which config.Config embeds this struct to hold; the
// pipeline adds the others for each run.
type Options struct {
	Month            invoice.Month `yaml:"-"`                  // the report month M
	WindowMonths     int           `yaml:"window_months"`      // default 12
	PaymentTermsDays int           `yaml:"payment_terms_days"` // default 30
	GraceDays        int           `yaml:"grace_days"`         // default 0
	BaseCurrency     string        `yaml:"-"`                  // e.g. EUR (config: currency)
	// Rates: 1 unit of the key currency = rate units of BaseCurrency.
	Rates      map[string]*big.Rat `yaml:"rates"`
	Thresholds Thresholds          `yaml:"thresholds"`
	// Aliases: display name -> other spellings that are the same client.
	Aliases map[string][]string `yaml:"-"` // config: clients.aliases
	// Exclude: client names (any spelling, normalised) left out entirely.
	Exclude []string `yaml:"-"` // config: clients.exclude
	// Today is the day the report is made, for the data-quality count of
	// dates in the future; zero leaves that check out (analytics has no
	// clock of its own).
	Today invoice.Date `yaml:"-"`
}

// DefaultOptions returns the defaults of the options the config file sets
// (window_months, payment_terms_days, grace_days and the thresholds).
func DefaultOptions() Options {
	return Options{WindowMonths: 12, PaymentTermsDays: 30, GraceDays: 0, Thresholds: DefaultThresholds()}
}
