package analytics

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// ErrInvalidOptions is wrapped by every error Compute returns.
var ErrInvalidOptions = errors.New("invalid analytics options")

// Compute computes every figure and flag of the metrics spec for the report
// month opts.Month from documents and time entries. It returns an error
// only for invalid options; bad documents become Result.Rejected.
//
// The steps: validate the options; normalise each document (normalise.go:
// identity, currency, kind and payment state) and feed it, in the same
// pass, to the accumulators (pass.go); then build the Result from them
// (build.go). Where the metrics spec is silent, the choice made is written on
// the code that makes it. A zero Options.Thresholds means
// DefaultThresholds(); other options are taken literally
// (PaymentTermsDays 0 means due on the issue date).
func Compute(docs []invoice.Document, entries []invoice.TimeEntry, opts Options) (*Result, error) {
	return ComputeFrom(SliceSource(docs), nil, entries, opts)
}

// Source gives the documents Compute reads, one at a time and always in
// the same order: it is walked twice (the name bridge, then the pass), so
// the documents need not all be in memory (the ledger streams them). The
// *invoice.Document given to fn is only valid during the call; fn's error
// stops the walk and is returned.
type Source func(fn func(i int, d *invoice.Document) error) error

// SliceSource walks a slice; i is the index in it.
func SliceSource(docs []invoice.Document) Source {
	return func(fn func(int, *invoice.Document) error) error {
		for i := range docs {
			if err := fn(i, &docs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// Walks is a Source over walks of documents one after another (the files
// of a report, the ledger), numbering the documents across them.
func Walks(walks ...func(fn func(*invoice.Document) error) error) Source {
	return func(fn func(int, *invoice.Document) error) error {
		i := 0
		for _, walk := range walks {
			err := walk(func(d *invoice.Document) error {
				i++
				return fn(i-1, d)
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// ClientSource gives the client (key, id, name) of each document of a
// Source, in any order: all the name bridge needs, which a source such as
// the ledger reads far cheaper than whole documents.
type ClientSource func(fn func(key, id, name string) error) error

// ComputeFrom is Compute over documents from src: every figure is the
// same as Compute's over the documents src gives. clients, when not nil,
// gives the same documents' clients for the name bridge, instead of a
// walk of src. Its error is an ErrInvalidOptions or the sources' own.
func ComputeFrom(src Source, clients ClientSource, entries []invoice.TimeEntry, opts Options) (*Result, error) {
	th := opts.Thresholds
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	if err := validate(opts, th); err != nil {
		return nil, err
	}
	rates, err := normaliseRates(opts.Rates)
	if err != nil {
		return nil, err
	}
	p := newPeriods(opts.Month, opts.WindowMonths, th.LostAfterMonths)
	base := strings.ToUpper(opts.BaseCurrency)

	if clients == nil {
		clients = func(fn func(key, id, name string) error) error {
			return src(func(_ int, d *invoice.Document) error { return fn(d.ClientKey, d.ClientID, d.ClientName) })
		}
	}
	bridge, err := newNameBridge(clients)
	if err != nil {
		return nil, err
	}
	n := newNormaliser(bridge, opts, &p, base, rates)
	s := newPass(&p, opts.GraceDays, base, &n.q)
	err = src(func(_ int, d *invoice.Document) error {
		if r, ok := n.normalise(d); ok {
			s.add(&r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range entries {
		if a := n.entry(&entries[i]); a != nil {
			a.hours.add(entries[i].Seconds)
		}
	}

	res := &Result{
		Month: opts.Month, AsOf: p.asOf, WindowFrom: p.windowFrom, WindowTo: p.asOf,
		Currency: opts.BaseCurrency, Thresholds: th,
	}
	n.q.fill(res)
	b := builder{res: res, opts: opts, th: th, p: p, base: base}
	b.build(n.clients.accs, &s.open)
	if res.Portfolio.PaymentKnown {
		res.Trend = s.trend.points()
	}
	b.assumptions(&n.q, rates, s.paid.assumedDue+s.open.assumedDue)
	res.SignalsAvailable = n.q.signals(res.Portfolio.TotalHours != nil)
	return res, nil
}

func validate(opts Options, th Thresholds) error {
	switch {
	case opts.Month.IsZero() || opts.Month.Month < 1 || opts.Month.Month > 12:
		return fmt.Errorf("%w: the report month is not set", ErrInvalidOptions)
	case opts.WindowMonths < 1:
		return fmt.Errorf("%w: window_months must be at least 1, got %d", ErrInvalidOptions, opts.WindowMonths)
	case opts.PaymentTermsDays < 0:
		return fmt.Errorf("%w: payment_terms_days must not be negative, got %d", ErrInvalidOptions, opts.PaymentTermsDays)
	case opts.GraceDays < 0:
		return fmt.Errorf("%w: grace_days must not be negative, got %d", ErrInvalidOptions, opts.GraceDays)
	case th.LostAfterMonths < 1:
		return fmt.Errorf("%w: thresholds.lost_after_months must be at least 1, got %d", ErrInvalidOptions, th.LostAfterMonths)
	}
	return nil
}

// normaliseRates keys the rates by upper-case currency code, drops nil
// ones and refuses a rate that is not positive.
func normaliseRates(in map[string]*big.Rat) (map[string]*big.Rat, error) {
	out := make(map[string]*big.Rat, len(in))
	for cur, r := range in {
		if r == nil {
			continue
		}
		if r.Sign() <= 0 {
			return nil, fmt.Errorf("%w: the rate for %s must be positive, got %s", ErrInvalidOptions, cur, r.RatString())
		}
		out[strings.ToUpper(strings.TrimSpace(cur))] = r
	}
	return out, nil
}
