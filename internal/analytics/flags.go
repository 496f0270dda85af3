package analytics

import (
	"cmp"
	"slices"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// cashReserveMonths is how many months of a dependent client's revenue the
// over_dependent action suggests keeping in reserve.
const cashReserveMonths = 3

// flagClient raises the flags of the metrics spec on one client that are
// material (materiality.go), each graded, with every condition that holds
// (with its figures) and actions that fit the grade. overdue indexes the
// client's overdue invoices (days past due > 0) in Result.Open, most days
// past due first.
// The name in action.grow_others is filled in later (namesGrowth), once
// every client's flags are known; action.cash_reserve is cashReserveMonths
// * revenue in W / window months, half-even.
func (b *builder) flagClient(c *ClientFigures, overdue []int32) {
	th := b.th
	if c.Share > 0 && c.Share >= th.OverDependentShare {
		f := Flag{
			Flag: FlagOverDependent, Grade: GradeWatch, AtStake: c.Revenue, score: c.Share,
			Reasons: []Message{reasonShare(c.Share, th.OverDependentShare)},
			Actions: []Message{
				msg(KeyActionGrowOthers, Arg{"next", Text("")}),
				msg(KeyActionCashReserve, Arg{"months", Months(cashReserveMonths)},
					Arg{"amount", scaleMoney(c.Revenue, cashReserveMonths, int64(b.opts.WindowMonths), b.base)}),
			},
		}
		if c.Share >= actShareFactor*th.OverDependentShare {
			f.Grade = GradeAct
			f.Actions = append(f.Actions,
				msg(KeyActionCapShare, Arg{"cap", Percent(th.OverDependentShare)}),
				msg(KeyActionContractNotice))
		}
		c.Flags = append(c.Flags, f)
	}
	if f, ok := b.slowPayer(c, overdue); ok {
		c.Flags = append(c.Flags, f)
	}
	if f, ok := b.highMaintenance(c); ok {
		c.Flags = append(c.Flags, f)
	}
}

// slowPayer is the metrics spec's slow_payer with materiality: the late-paying
// pattern (paid_count and wadl) needs an overdue amount of at least the
// floor now; the open-invoice rule needs the invoices past
// slow_overdue_days to add up to the floor. Only invoices at or above the
// floor are named, the three largest, then "and N more, X in all".
// Both rules need an overdue amount, so action.pause_work (act grade)
// always has one.
func (b *builder) slowPayer(c *ClientFigures, overdue []int32) (Flag, bool) {
	th, m, open := b.th, b.mat, b.res.Open
	wadl := c.WADL != nil && c.PaidCount >= th.SlowMinPaid && *c.WADL >= th.SlowWADLDays
	// overdue comes most days past due first: the invoices past
	// slow_overdue_days are a prefix of it.
	long := overdue
	var longAmount invoice.Money
	for i, j := range overdue {
		if open.daysPastDue(int(j)) <= th.SlowOverdueDays {
			long = overdue[:i]
			break
		}
		longAmount += open.amount(int(j))
	}
	wadlMaterial := wadl && c.OverdueAmount >= m.min
	longMaterial := len(long) > 0 && longAmount >= m.min
	if !wadlMaterial && !longMaterial {
		return Flag{}, false
	}
	f := Flag{Flag: FlagSlowPayer, Grade: GradeWatch, AtStake: c.OverdueAmount, score: float64(c.OverdueAmount)}
	if wadl {
		f.Reasons = append(f.Reasons, reasonWADL(*c.WADL, th.SlowWADLDays, c.PaidCount))
		if *c.WADL >= 2*th.SlowWADLDays {
			f.Grade = GradeAct
		}
	}
	if longMaterial {
		f.Reasons = append(f.Reasons, msg(KeyReasonOverdueInvoices, Arg{"count", Count(len(long))},
			Arg{"threshold", Count(th.SlowOverdueDays)}, Arg{"amount", longAmount},
			Arg{"invoices", m.refs(open, long, longAmount)}))
		for _, j := range long {
			if open.daysPastDue(int(j)) > 2*th.SlowOverdueDays && open.amount(int(j)) >= m.min {
				f.Grade = GradeAct
			}
		}
	} else if c.OverdueAmount > 0 {
		f.Reasons = append(f.Reasons, msg(KeyReasonOverdueNow, Arg{"amount", c.OverdueAmount}))
	}
	if c.OverdueAmount >= m.act {
		f.Grade = GradeAct
	}

	if refs := m.refs(open, overdue, c.OverdueAmount); len(refs.Refs) > 0 {
		f.Actions = append(f.Actions, msg(KeyActionChase, Arg{"invoices", refs}))
	} else {
		f.Actions = append(f.Actions, msg(KeyActionChaseAll, Arg{"count", Count(len(overdue))}, Arg{"amount", c.OverdueAmount}))
	}
	terms := b.opts.PaymentTermsDays
	if f.Grade == GradeWatch {
		f.Actions = append(f.Actions, msg(KeyActionReminders))
		return f, true
	}
	f.Actions = append(f.Actions,
		msg(KeyActionPauseWork, Arg{"amount", c.OverdueAmount}),
		msg(KeyActionDeposit),
		msg(KeyActionShorterTerms, Arg{"days", Count(terms)}, Arg{"suggested", Count(max(7, terms/2))}),
		msg(KeyActionLateFees))
	// Replacing a client is advice for a long pattern, not one late invoice.
	if wadl && *c.WADL >= 2*th.SlowWADLDays && longMaterial {
		f.Actions = append(f.Actions, msg(KeyActionNoticeSlow))
	}
	return f, true
}

// highMaintenance is the metrics spec's high_maintenance, graded act when a
// figure is at least twice its limit (effective rate: below half the
// fraction of the median). Its score is the largest figure/limit ratio.
func (b *builder) highMaintenance(c *ClientFigures) (Flag, bool) {
	th := b.th
	f := Flag{Flag: FlagHighMaintenance, Grade: GradeWatch, AtStake: c.Revenue}
	raise := func(m Message, ratio float64) {
		f.Reasons = append(f.Reasons, m)
		f.score = max(f.score, ratio)
	}
	if c.CreditNoteRatio != nil && c.CreditNoteCount >= th.CreditNoteMin && *c.CreditNoteRatio >= th.CreditNoteRatio {
		raise(reasonCreditNotes(*c.CreditNoteRatio, th.CreditNoteRatio, c.CreditNoteCount),
			min(*c.CreditNoteRatio/th.CreditNoteRatio, float64(c.CreditNoteCount)/float64(th.CreditNoteMin)))
	}
	if c.DisputedCount >= th.DisputedMin {
		raise(reasonDisputes(c.DisputedCount, th.DisputedMin), float64(c.DisputedCount)/float64(th.DisputedMin))
	}
	if c.Hours != nil && *c.Hours >= th.MinHours {
		if c.LoadRatio != nil && *c.LoadRatio >= th.LoadRatio {
			raise(reasonLoadRatio(*c.LoadRatio, th.LoadRatio, *c.Hours, *c.HoursShare, c.Share), *c.LoadRatio/th.LoadRatio)
		}
		if med := b.res.Portfolio.MedianEffectiveRate; c.EffectiveRate != nil && med != nil &&
			*c.EffectiveRate < th.EffectiveRateFraction**med {
			ratio := 2.0
			if *c.EffectiveRate > 0 {
				ratio = th.EffectiveRateFraction * *med / *c.EffectiveRate
			}
			raise(reasonEffectiveRate(*c.EffectiveRate, *med, th.EffectiveRateFraction, *c.Hours), ratio)
		}
	}
	if len(f.Reasons) == 0 {
		return Flag{}, false
	}
	f.Actions = []Message{msg(KeyActionReviewScope), msg(KeyActionBillChanges)}
	if f.score >= 2 {
		f.Grade = GradeAct
		f.Actions = append(f.Actions, msg(KeyActionRaisePrice), msg(KeyActionPartWays))
	}
	return f, true
}

// namesGrowth fills action.grow_others with the largest client that
// carries no flag, so the advice never points at a client flagged on the
// same page.
func (b *builder) namesGrowth() {
	next := ""
	for i := range b.res.Clients {
		c := &b.res.Clients[i]
		if len(c.Flags) == 0 && c.Revenue > 0 && !c.HasFlag(FlagLost) {
			next = c.Name
			break
		}
	}
	for i := range b.res.Clients {
		for j := range b.res.Clients[i].Flags {
			f := &b.res.Clients[i].Flags[j]
			for k := range f.Actions {
				if f.Actions[k].Key == KeyActionGrowOthers {
					f.Actions[k] = msg(KeyActionGrowOthers, Arg{"next", Text(next)})
				}
			}
		}
	}
}

// overdueByClient indexes the overdue open invoices (days past due > 0)
// by their client's position in Result.Clients, keeping the open order
// (most days past due first). The lists share one array.
func overdueByClient(open OpenList, order []openKey, clients int) [][]int32 {
	n := 0
	for n < open.Len() && open.daysPastDue(n) > 0 {
		n++
	}
	count := make([]int, clients)
	for _, k := range order[:n] {
		count[k.pos]++
	}
	all := make([]int32, n)
	out := make([][]int32, clients)
	off := 0
	for i, c := range count {
		out[i] = all[off : off : off+c]
		off += c
	}
	for j, k := range order[:n] {
		out[k.pos] = append(out[k.pos], int32(j))
	}
	return out
}

// refs lists the largest invoices at or above the floor (at most
// maxRefs), largest amount first (ties: most days past due, number), and
// how many more there are.
func (m materiality) refs(open OpenList, idx []int32, total invoice.Money) InvoiceRefs {
	var big []OpenInvoice
	for _, j := range idx {
		if open.amount(int(j)) >= m.min {
			big = append(big, open.At(int(j)))
		}
	}
	slices.SortStableFunc(big, func(x, y OpenInvoice) int {
		if c := cmp.Compare(y.Amount, x.Amount); c != 0 {
			return c
		}
		if c := cmp.Compare(y.DaysPastDue, x.DaysPastDue); c != 0 {
			return c
		}
		return cmp.Compare(x.Number, y.Number)
	})
	out := InvoiceRefs{Total: total}
	for i, o := range big {
		if i == maxRefs {
			break
		}
		out.Refs = append(out.Refs, InvoiceRef{Number: o.Number, Issued: o.IssueDate, Amount: o.Amount, DaysPastDue: o.DaysPastDue})
	}
	out.More = len(idx) - len(out.Refs)
	return out
}
