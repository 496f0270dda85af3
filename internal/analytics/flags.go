package analytics

import "sort"

// flagClient raises the flags of metrics.md on one client, each with every
// condition that holds (with its figures) and the recommended actions.
// next is the name of the client right after c in the revenue order.
func (b *builder) flagClient(c *ClientFigures, a *clientAcc, next string) {
	th := b.th
	if c.Share > 0 && c.Share >= th.OverDependentShare {
		c.Flags = append(c.Flags, Flag{
			Flag:    FlagOverDependent,
			Reasons: []Message{reasonShare(c.Share, th.OverDependentShare)},
			Actions: []Message{
				msg(KeyActionGrowOthers, Arg{"next", Text(next)}),
				msg(KeyActionCapShare, Arg{"cap", Percent(th.OverDependentShare)}),
				msg(KeyActionCashReserve, Arg{"months", Months(cashReserveMonths)},
					Arg{"amount", scaleMoney(c.Revenue, cashReserveMonths, int64(b.opts.WindowMonths), b.base)}),
				msg(KeyActionContractNotice),
			},
		})
	}

	var slow []Message
	if c.WADL != nil && c.PaidCount >= th.SlowMinPaid && *c.WADL >= th.SlowWADLDays {
		slow = append(slow, reasonWADL(*c.WADL, th.SlowWADLDays, c.PaidCount))
	}
	if a != nil {
		overdue := make([]OpenInvoice, 0, len(a.open))
		for _, o := range a.open {
			if o.DaysPastDue > th.SlowOverdueDays {
				overdue = append(overdue, o)
			}
		}
		sort.Slice(overdue, func(i, j int) bool {
			x, y := &overdue[i], &overdue[j]
			switch {
			case x.DaysPastDue != y.DaysPastDue:
				return x.DaysPastDue > y.DaysPastDue
			case x.Number != y.Number:
				return x.Number < y.Number
			case x.IssueDate != y.IssueDate:
				return x.IssueDate < y.IssueDate
			case x.Amount != y.Amount:
				return x.Amount > y.Amount
			}
			return sourceLess(x.Source, y.Source)
		})
		for _, o := range overdue {
			slow = append(slow, reasonOverdue(o.Number, o.DaysPastDue, th.SlowOverdueDays, o.Amount))
		}
	}
	if len(slow) > 0 {
		terms := b.opts.PaymentTermsDays
		actions := []Message{
			msg(KeyActionDeposit),
			msg(KeyActionShorterTerms, Arg{"days", Count(terms)}, Arg{"suggested", Count(max(7, terms/2))}),
			msg(KeyActionLateFees),
		}
		if c.OverdueAmount > 0 {
			actions = append(actions, msg(KeyActionPauseWork, Arg{"amount", c.OverdueAmount}))
		}
		actions = append(actions, msg(KeyActionNoticeSlow))
		c.Flags = append(c.Flags, Flag{Flag: FlagSlowPayer, Reasons: slow, Actions: actions})
	}

	var load []Message
	if c.CreditNoteRatio != nil && c.CreditNoteCount >= th.CreditNoteMin && *c.CreditNoteRatio >= th.CreditNoteRatio {
		load = append(load, reasonCreditNotes(*c.CreditNoteRatio, th.CreditNoteRatio, c.CreditNoteCount))
	}
	if c.DisputedCount >= th.DisputedMin {
		load = append(load, reasonDisputes(c.DisputedCount, th.DisputedMin))
	}
	if c.Hours != nil && *c.Hours >= th.MinHours {
		if c.LoadRatio != nil && *c.LoadRatio >= th.LoadRatio {
			load = append(load, reasonLoadRatio(*c.LoadRatio, th.LoadRatio, *c.Hours, *c.HoursShare, c.Share))
		}
		if med := b.res.Portfolio.MedianEffectiveRate; c.EffectiveRate != nil && med != nil &&
			*c.EffectiveRate < th.EffectiveRateFraction**med {
			load = append(load, reasonEffectiveRate(*c.EffectiveRate, *med, th.EffectiveRateFraction, *c.Hours))
		}
	}
	if len(load) > 0 {
		c.Flags = append(c.Flags, Flag{Flag: FlagHighMaintenance, Reasons: load, Actions: []Message{
			msg(KeyActionReviewScope), msg(KeyActionBillChanges), msg(KeyActionRaisePrice), msg(KeyActionPartWays),
		}})
	}
}
