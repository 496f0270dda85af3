package analytics

// flagClient raises the flags of metrics.md on one client, each with every
// condition that holds (with its figures) and the recommended actions.
// next is the name of the client right after c in the revenue order;
// overdue is from overdueReasons.
func (b *builder) flagClient(c *ClientFigures, overdue []Message, next string) {
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

	// overdue[0] is a free slot for the wadl reason, which comes first.
	var slow []Message
	wadl := c.WADL != nil && c.PaidCount >= th.SlowMinPaid && *c.WADL >= th.SlowWADLDays
	switch {
	case wadl && len(overdue) > 0:
		overdue[0] = reasonWADL(*c.WADL, th.SlowWADLDays, c.PaidCount)
		slow = overdue
	case wadl:
		slow = []Message{reasonWADL(*c.WADL, th.SlowWADLDays, c.PaidCount)}
	case len(overdue) > 0:
		slow = overdue[1:]
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
