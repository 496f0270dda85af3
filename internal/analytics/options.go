package analytics

import (
	"math/big"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Thresholds are the configurable limits of metrics.md "Flags".
type Thresholds struct {
	OverDependentShare    float64 // 0.25
	HHIModerate           float64 // 1500
	HHIHigh               float64 // 2500
	SlowMinPaid           int     // 3
	SlowWADLDays          float64 // 15
	SlowOverdueDays       int     // 60
	CreditNoteRatio       float64 // 0.20
	CreditNoteMin         int     // 2
	DisputedMin           int     // 2
	LoadRatio             float64 // 1.5
	MinHours              float64 // 10
	EffectiveRateFraction float64 // 0.6
	LostAfterMonths       int     // 3
	// MinAmount is the money at stake (overdue amount, lost revenue) a
	// slow-payer or lost flag needs; 0 = 1% of the window's average
	// monthly revenue, at least one currency unit (see materiality.go).
	MinAmount invoice.Money
}

// DefaultThresholds returns the defaults of metrics.md.
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
// struct: the config package fills it, analytics never reads files.
type Options struct {
	Month            invoice.Month // the report month M
	WindowMonths     int           // default 12
	PaymentTermsDays int           // default 30
	GraceDays        int           // default 0
	BaseCurrency     string        // e.g. EUR
	// Rates: 1 unit of the key currency = rate units of BaseCurrency.
	Rates      map[string]*big.Rat
	Thresholds Thresholds
	// Aliases: display name -> other spellings that are the same client.
	Aliases map[string][]string
	// Exclude: client names (any spelling, normalised) left out entirely.
	Exclude []string
	// Today is the day the report is made, for the data-quality count of
	// dates in the future; zero leaves that check out (analytics has no
	// clock of its own).
	Today invoice.Date
}
