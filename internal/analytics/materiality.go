package analytics

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// The rules on top of the metrics spec's flags ("Materiality, grades and
// portfolio findings"). A flag is raised only when its signal is present
// (the metrics spec), material, and - when the signal is common - stands out.
//
// Materiality. The floor is Thresholds.MinAmount, or by default 1% of
// the window's average monthly revenue (Portfolio.Revenue / window
// months), rounded half to even, at least one currency unit. A slow
// payer needs its overdue amount at or above the floor (for the
// paid-late pattern) or its invoices past slow_overdue_days to add up to
// it; a lost client needs its revenue in W at or above the floor.
// Invoices below the floor are never named one by one.
//
// Grades. Each flag is watch or act:
//   - over_dependent: act from 1.6 x over_dependent_share (40% by default);
//   - slow_payer: act when weighted days late are at least twice
//     slow_wadl_days, or an invoice at or above the floor is more than
//     twice slow_overdue_days past due, or the overdue amount is at least
//     the act amount: 5% of the window's average monthly revenue (and at
//     least the floor);
//   - high_maintenance: act when a figure is at least twice its limit
//     (credit-note ratio and count, disputes, load ratio; an effective
//     rate below half the limit);
//   - lost: act when the client's revenue in W is at least one average
//     month of the business's revenue.
//
// Advice follows the grade: a watch never says "replace the client" or
// "part ways"; act adds the firmer steps.
//
// Portfolio findings. When more than a third of the clients with revenue
// carry the same (material) signal - slow_payer, high_maintenance or lost
// - it is said once as a finding about the business, and only the
// clients that stand out keep the flag: a score at or above the 90th
// percentile (nearest rank) of the clients with the signal and strictly
// above their median. The score is the overdue amount (slow payer), the
// revenue in W (lost), the largest figure/limit ratio (high maintenance).
// Clients equal to the crowd are left to the finding. A finding needs at
// least five clients with the signal (fewer are a few clients, not a
// pattern); clients without revenue in W are not counted and keep their
// flags.
//
// Lost follows the client's rhythm: besides the metrics spec's rule, its
// silence (months from its last invoice month to M) must be at least
// twice its usual gap (the median gap between its invoice months in the
// look-back), so a client who buys every four months is not lost after
// three quiet ones. A client whose only invoice month is in the look-back
// (and nothing before) is a one-off buyer, counted in Result.OneOff.

// actShareFactor times over_dependent_share makes an over-dependent flag
// "act".
const actShareFactor = 1.6

// maxRefs is how many invoices a reason or an action names.
const maxRefs = 3

// minFindingClients is the fewest clients a finding speaks of: two or
// three clients of a small portfolio are a few clients, not a pattern.
const minFindingClients = 5

// maxActions is how many actions page 1 carries.
const maxActions = 5

// SignalData is the Finding.Signal of a finding about the data itself
// (dates that cannot be right).
const SignalData = "data"

// materiality holds the money amounts the rules compare with.
type materiality struct {
	min, act invoice.Money
	monthly  invoice.Money // average monthly revenue in W
}

func newMateriality(revenue invoice.Money, windowMonths int, th Thresholds, base string) materiality {
	unit := invoice.Money(math.Pow10(invoice.MinorDigits(base)))
	monthly := scaleMoney(revenue, 1, int64(windowMonths), base)
	m := materiality{monthly: monthly}
	m.min = th.MinAmount
	if m.min <= 0 {
		m.min = max(unit, scaleMoney(monthly, 1, 100, base))
	}
	m.act = max(m.min, scaleMoney(monthly, 1, 20, base))
	return m
}

// check counts the document's impossible dates.
func (im *Impossible) check(d *invoice.Document, today invoice.Date) {
	dueBefore := !d.DueDate.IsZero() && d.DueDate < d.IssueDate
	if dueBefore || (!d.PaidDate.IsZero() && d.PaidDate < d.IssueDate) {
		im.Invoices++
	}
	if dueBefore {
		if im.DueBeforeIssue == 0 {
			im.FirstDue = d.Source
		}
		im.DueBeforeIssue++
	}
	if !d.PaidDate.IsZero() && d.PaidDate < d.IssueDate {
		if im.PaidBeforeIssue == 0 {
			im.FirstPaid = d.Source
		}
		im.PaidBeforeIssue++
	}
	if !today.IsZero() && (d.IssueDate > today || d.PaidDate > today) {
		if im.Future == 0 {
			im.FirstFuture = d.Source
		}
		im.Future++
	}
}

// rhythm returns the median gap in months between the invoice months set
// in bits (bit i = month lostFrom+i), and the index of the last one.
func rhythm(bitsSet uint16) (gap float64, last int) {
	var months []int
	for i := 0; i < 16; i++ {
		if bitsSet&(1<<i) != 0 {
			months = append(months, i)
		}
	}
	if len(months) < 2 {
		return 0, -1
	}
	gaps := make([]float64, 0, len(months)-1)
	for i := 1; i < len(months); i++ {
		gaps = append(gaps, float64(months[i]-months[i-1]))
	}
	sort.Float64s(gaps)
	n := len(gaps)
	gap = gaps[n/2]
	if n%2 == 0 {
		gap = (gaps[n/2-1] + gaps[n/2]) / 2
	}
	return gap, months[len(months)-1]
}

// findings turns signals carried by more than a third of the clients
// with revenue into portfolio findings and keeps the client flag only on
// the clients that stand out.
func (b *builder) findings() {
	res := b.res
	n := res.Portfolio.Clients
	for _, signal := range []string{FlagSlowPayer, FlagHighMaintenance, FlagLost} {
		var holders []*Flag
		var atStake invoice.Money
		for i := range res.Clients {
			if res.Clients[i].Revenue <= 0 {
				continue // judged only among the clients with revenue
			}
			for j := range res.Clients[i].Flags {
				if f := &res.Clients[i].Flags[j]; f.Flag == signal {
					holders = append(holders, f)
					atStake += f.AtStake
				}
			}
		}
		if 3*len(holders) <= n || len(holders) < minFindingClients {
			continue
		}
		scores := make([]float64, len(holders))
		for i, f := range holders {
			scores[i] = f.score
		}
		slices.Sort(scores)
		p90 := scores[int(math.Ceil(0.9*float64(len(scores))))-1]
		med := median(scores)
		kept := 0
		for _, f := range holders {
			if f.score >= p90 && f.score > med {
				kept++
			} else {
				f.drop = true
			}
		}
		fd := Finding{Signal: signal, Count: len(holders), Clients: n, Flagged: kept, AtStake: atStake}
		args := []Arg{{"count", Count(len(holders))}, {"clients", Count(n)}, {"flagged", Count(kept)},
			{"share", Percent(float64(len(holders)) / float64(n))}}
		switch signal {
		case FlagSlowPayer:
			args = append(args, Arg{"amount", atStake})
			if res.Portfolio.WADL != nil {
				args = append(args, Arg{"wadl", Days(*res.Portfolio.WADL)})
			}
		case FlagLost:
			args = append(args, Arg{"amount", atStake})
		}
		fd.Message = msg("finding."+signal, args...)
		res.Findings = append(res.Findings, fd)
		for i := range res.Clients {
			c := &res.Clients[i]
			c.Flags = slices.DeleteFunc(c.Flags, func(f Flag) bool { return f.drop })
		}
		if signal == FlagLost {
			still := map[string]bool{}
			for i := range res.Clients {
				if res.Clients[i].HasFlag(FlagLost) {
					still[res.Clients[i].Key] = true
				}
			}
			res.Lost = slices.DeleteFunc(res.Lost, func(l LostClient) bool { return !still[l.Key] })
		}
	}
	b.dataFinding()
}

// dataFinding says once, on page 1, when a tenth or more of the invoices
// have dates that cannot be right.
func (b *builder) dataFinding() {
	res := b.res
	im := res.Impossible
	invoices := 0
	for i := range res.Clients {
		invoices += res.Clients[i].InvoiceCount
	}
	if bad := im.Invoices; invoices > 0 && bad*10 >= invoices && bad > 0 {
		res.Findings = append(res.Findings, Finding{Signal: SignalData, Count: bad, Clients: res.Portfolio.Clients,
			Message: msg(KeyFindingDates, Arg{"count", Count(bad)}, Arg{"invoices", Count(invoices)},
				Arg{"due", Count(im.DueBeforeIssue)}, Arg{"paid", Count(im.PaidBeforeIssue)})})
	}
}

// actions picks page 1's actions: the first action of every flag, act
// before watch, then slow payers (money to collect now), over-dependent,
// lost, high maintenance, then the larger money at stake.
func (b *builder) actions() {
	res := b.res
	prio := map[string]int{FlagSlowPayer: 0, FlagOverDependent: 1, FlagLost: 2, FlagHighMaintenance: 3}
	var all []Action
	add := func(key, name string, f *Flag) {
		if len(f.Actions) == 0 {
			return
		}
		all = append(all, Action{ClientKey: key, ClientName: name, Flag: f.Flag, Grade: f.Grade, AtStake: f.AtStake, Message: f.Actions[0]})
	}
	listed := map[string]bool{}
	for i := range res.Clients {
		c := &res.Clients[i]
		listed[c.Key] = true
		for j := range c.Flags {
			add(c.Key, c.Name, &c.Flags[j])
		}
	}
	for i := range res.Lost {
		if l := &res.Lost[i]; !listed[l.Key] {
			add(l.Key, l.Name, &l.Flag)
		}
	}
	slices.SortStableFunc(all, func(x, y Action) int {
		if x.Grade != y.Grade {
			if x.Grade == GradeAct {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(prio[x.Flag], prio[y.Flag]); c != 0 {
			return c
		}
		return cmp.Compare(y.AtStake, x.AtStake)
	})
	if len(all) > maxActions {
		all = all[:maxActions]
	}
	res.Actions = all
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
