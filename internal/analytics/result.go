package analytics

import (
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/message"
)

// The message vocabulary lives in package message (so report/i18n need
// not import analytics); these aliases keep its names here.
type (
	Arg         = message.Arg
	Message     = message.Message
	Percent     = message.Percent
	Days        = message.Days
	Count       = message.Count
	Hours       = message.Hours
	Ratio       = message.Ratio
	Months      = message.Months
	Text        = message.Text
	Rate        = message.Rate
	InvoiceRef  = message.InvoiceRef
	InvoiceRefs = message.InvoiceRefs
)

// Flag names, as in the JSON.
const (
	FlagOverDependent   = "over_dependent"
	FlagSlowPayer       = "slow_payer"
	FlagHighMaintenance = "high_maintenance"
	FlagLost            = "lost"
)

// Flag grades (see materiality.go for the rule of each flag).
const (
	GradeWatch = "watch"
	GradeAct   = "act"
)

// Flag is one raised flag with the reasons (figures) behind it and the
// recommended actions, graded watch or act.
type Flag struct {
	Flag    string
	Grade   string        // GradeWatch or GradeAct
	AtStake invoice.Money // overdue amount (slow payer), revenue in W (over-dependent, lost, high maintenance)
	Reasons []Message
	Actions []Message
	// score ranks the clients carrying one signal against each other for
	// portfolio findings: overdue amount, lost revenue, or the largest
	// figure/threshold ratio of a high-maintenance reason.
	score float64
	drop  bool // not standing out against a portfolio finding
}

// Finding is a signal present for more than a third of the clients with
// revenue: a fact about the business (terms, habits, data), said once,
// while only the clients that stand out keep the client flag.
type Finding struct {
	Signal  string // a flag name, or "data"
	Count   int    // clients with the signal (before the stand-out test)
	Clients int    // clients with revenue
	Flagged int    // clients that stand out and keep the flag
	AtStake invoice.Money
	Message Message
}

// Action is one of the few things to do this month, for page 1: the
// first (most specific) action of a flag, with the client it concerns.
type Action struct {
	ClientKey, ClientName string
	Flag, Grade           string
	AtStake               invoice.Money
	Message               Message
}

// TrendPoint is the portfolio's open and overdue amounts at the end of
// one month, and its DSO then (nil when undefined).
type TrendPoint struct {
	Month   invoice.Month
	Open    invoice.Money
	Overdue invoice.Money
	DSO     *float64
}

// Impossible counts documents whose dates cannot be right, with the
// first one of each kind, for data quality. The figures still use the
// dates as given (the metrics spec), so the report says how many there are.
type Impossible struct {
	DueBeforeIssue, PaidBeforeIssue, Future int
	FirstDue, FirstPaid, FirstFuture        invoice.Source
	// Invoices counts the documents due or paid before they were issued,
	// each once (one can be both).
	Invoices int
}

// Aging splits an open amount by days past due.
type Aging struct {
	Current, D1to30, D31to60, D61to90, D90plus invoice.Money
}

// Total returns the sum of the buckets.
func (a Aging) Total() invoice.Money {
	return a.Current + a.D1to30 + a.D31to60 + a.D61to90 + a.D90plus
}

// Portfolio holds the figures over all clients.
type Portfolio struct {
	Revenue          invoice.Money
	MonthRevenue     invoice.Money
	Clients          int
	HHI              float64
	HHIBand          string // unconcentrated, moderate, high
	EffectiveClients *float64
	Top1Share        float64
	Top3Share        float64
	Top5Share        float64
	Pareto80Clients  int
	Pareto80Fraction *float64
	LossIfTopLeaves  invoice.Money // revenue that leaves with the largest client
	// PaymentKnown is false when no invoice in the data says whether it
	// was paid (no paid date, status or balance): the open, overdue,
	// aging, DSO and delay figures are then unknown, not zero.
	PaymentKnown        bool
	OpenAmount          invoice.Money
	OverdueAmount       invoice.Money
	DSO                 *float64
	WADL                *float64
	OnTimeRate          *float64
	PaidCount           int
	Aging               Aging
	TotalHours          *float64
	MedianEffectiveRate *float64
	Notes               []Message // e.g. the high-HHI portfolio note
	// MinAmount is the materiality floor used (Thresholds.MinAmount or
	// its default); ActAmount the money at stake that makes a flag "act".
	MinAmount, ActAmount invoice.Money
}

// ClientFigures holds one client's figures. A nil pointer is an undefined
// figure (null in JSON, "-" in the PDF).
type ClientFigures struct {
	Key  string
	Name string

	Revenue      invoice.Money
	Share        float64
	MonthRevenue invoice.Money
	MonthShare   float64
	PrevShare    *float64 // share over the window ending the month before M
	ShareChange  *float64 // Share - PrevShare

	// PaymentKnown is false when none of the client's invoices says
	// whether it was paid: its open, overdue, aging and DSO are unknown.
	PaymentKnown   bool
	PaidCount      int
	AvgDaysToPay   *float64
	WADL           *float64
	MedianDaysLate *float64
	P90DaysLate    *float64
	MaxDaysLate    *float64
	OnTimeRate     *float64

	OpenAmount     invoice.Money
	OverdueAmount  invoice.Money
	MaxDaysPastDue *int
	DSO            *float64
	Aging          Aging

	InvoiceCount    int
	CreditNoteCount int
	CreditNoteRatio *float64
	DisputedCount   int

	Hours         *float64
	HoursShare    *float64
	LoadRatio     *float64
	EffectiveRate *float64 // base currency per hour (float: a rate, not money)

	FirstInvoice invoice.Date // first invoice ever (any date)
	LastInvoice  invoice.Date

	Flags []Flag
}

// HasFlag reports whether the client carries the named flag.
func (c *ClientFigures) HasFlag(name string) bool {
	for _, f := range c.Flags {
		if f.Flag == name {
			return true
		}
	}
	return false
}

// LostClient is a client that stopped buying (the metrics spec "Lost").
type LostClient struct {
	Key, Name   string
	Revenue     invoice.Money // in W
	LastInvoice invoice.Date
	Flag        Flag // reasons and actions
}

// NewClient is a client whose first invoice ever is in M.
type NewClient struct {
	Key, Name    string
	FirstInvoice invoice.Date
	Revenue      invoice.Money // in M
}

// OpenInvoice is one invoice open at the as-of date, for the XLSX sheet
// and the aging table.
type OpenInvoice struct {
	ClientKey, ClientName string
	Number                string
	IssueDate, DueDate    invoice.Date
	DueAssumed            bool          // due date from default terms
	Amount                invoice.Money // open amount, base currency
	// OrigCurrency and OrigAmount are the open amount as the export gave
	// it, before conversion (OrigCurrency "" = the base currency).
	OrigCurrency string
	OrigAmount   invoice.Money
	DaysPastDue  int
	Bucket       string // current, 1-30, 31-60, 61-90, 90+
	Source       invoice.Source
}

// Rejection is a document analytics could not count (e.g. a currency with
// no rate), reported in data quality beside the reader's row errors.
type Rejection struct {
	Source invoice.Source
	Reason string
}

// Result is everything the report shows for one month.
type Result struct {
	Month      invoice.Month
	AsOf       invoice.Date
	WindowFrom invoice.Date
	WindowTo   invoice.Date
	Currency   string

	Portfolio Portfolio
	Clients   []ClientFigures // by revenue, largest first; ties by name
	Lost      []LostClient
	New       []NewClient
	Open      OpenList // by days past due, largest first
	// OneOff counts clients whose only invoice month lies in the lost
	// look-back and who bought nothing since: one-off buyers, not lost.
	OneOff int

	// Thresholds are the limits the flags were raised with.
	Thresholds Thresholds
	Findings   []Finding
	Actions    []Action     // at most maxActions, act before watch
	Trend      []TrendPoint // the months of W that have data, oldest first; nil without payment data
	Impossible Impossible
	// NoPaymentFiles names the files whose invoices say nothing of
	// payment (no paid date, status or balance), sorted.
	NoPaymentFiles []string

	// SignalsAvailable names the maintenance signals the data allowed:
	// "credit_notes", "disputes", "hours".
	SignalsAvailable []string
	Assumptions      []Message
	Rejected         []Rejection
	// Counts for data quality.
	ExcludedDocuments int // void, cancelled, draft
	ExcludedClients   int // documents of clients in Options.Exclude
}
