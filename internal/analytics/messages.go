package analytics

import "github.com/clientrisk/clientrisk/internal/invoice"

// Message keys: the contract between analytics, the i18n catalogs and the
// PDF. Each key's arguments (names and value types) are fixed; see the
// functions below that build them.
const (
	KeyReasonShare           = "reason.share"
	KeyReasonWADL            = "reason.wadl"
	KeyReasonOverdueInvoices = "reason.overdue_invoices"
	KeyReasonOverdueNow      = "reason.overdue_now"
	KeyReasonCreditNotes     = "reason.credit_notes"
	KeyReasonDisputes        = "reason.disputes"
	KeyReasonLoadRatio       = "reason.load_ratio"
	KeyReasonEffectiveRate   = "reason.effective_rate"
	KeyReasonLost            = "reason.lost"
	KeyReasonLostMonthly     = "reason.lost_monthly"

	KeyNoteHHIHigh = "note.hhi_high"

	KeyFindingSlowPayer       = "finding." + FlagSlowPayer
	KeyFindingHighMaintenance = "finding." + FlagHighMaintenance
	KeyFindingLost            = "finding." + FlagLost
	KeyFindingDates           = "finding.dates"

	KeyActionGrowOthers     = "action.grow_others"
	KeyActionCapShare       = "action.cap_share"
	KeyActionCashReserve    = "action.cash_reserve"
	KeyActionContractNotice = "action.contract_notice"

	KeyActionChase        = "action.chase"
	KeyActionChaseAll     = "action.chase_all"
	KeyActionReminders    = "action.reminders"
	KeyActionDeposit      = "action.deposit"
	KeyActionShorterTerms = "action.shorter_terms"
	KeyActionLateFees     = "action.late_fees"
	KeyActionPauseWork    = "action.pause_work"
	KeyActionNoticeSlow   = "action.notice_slow"

	KeyActionReviewScope = "action.review_scope"
	KeyActionBillChanges = "action.bill_changes"
	KeyActionRaisePrice  = "action.raise_price"
	KeyActionPartWays    = "action.part_ways"

	KeyActionAskWhy      = "action.ask_why"
	KeyActionCheckProfit = "action.check_profit"
	KeyActionReviewOffer = "action.review_offer"

	KeyAssumptionDefaultTerms    = "assumption.default_terms"
	KeyAssumptionNoPaymentData   = "assumption.no_payment_data"
	KeyAssumptionExcludedStatus  = "assumption.excluded_status"
	KeyAssumptionExcludedClients = "assumption.excluded_clients"
	KeyAssumptionNoRate          = "assumption.no_rate"
	KeyAssumptionConverted       = "assumption.converted"
	KeyAssumptionDueBeforeIssue  = "assumption.due_before_issue"
	KeyAssumptionPaidBeforeIssue = "assumption.paid_before_issue"
	KeyAssumptionFutureDates     = "assumption.future_dates"
	KeyAssumptionOneOff          = "assumption.one_off"
)

func msg(key string, args ...Arg) Message { return Message{Key: key, Args: args} }

func reasonShare(share, threshold float64) Message {
	return msg(KeyReasonShare, Arg{"share", Percent(share)}, Arg{"threshold", Percent(threshold)})
}

func reasonWADL(wadl, threshold float64, paid int) Message {
	return msg(KeyReasonWADL, Arg{"wadl", Days(wadl)}, Arg{"threshold", Days(threshold)}, Arg{"paid", Count(paid)})
}

func reasonCreditNotes(ratio, threshold float64, count int) Message {
	return msg(KeyReasonCreditNotes, Arg{"ratio", Percent(ratio)}, Arg{"threshold", Percent(threshold)}, Arg{"count", Count(count)})
}

func reasonDisputes(count, threshold int) Message {
	return msg(KeyReasonDisputes, Arg{"count", Count(count)}, Arg{"threshold", Count(threshold)})
}

func reasonLoadRatio(ratio, threshold, hours, hoursShare, share float64) Message {
	return msg(KeyReasonLoadRatio, Arg{"ratio", Ratio(ratio)}, Arg{"threshold", Ratio(threshold)},
		Arg{"hours", Hours(hours)}, Arg{"hours_share", Percent(hoursShare)}, Arg{"share", Percent(share)})
}

func reasonEffectiveRate(rate, median, fraction, hours float64) Message {
	return msg(KeyReasonEffectiveRate, Arg{"rate", Rate(rate)}, Arg{"median", Rate(median)},
		Arg{"fraction", Percent(fraction)}, Arg{"hours", Hours(hours)})
}

// reasonLost says the client's rhythm: "usually every N months", or
// reason.lost_monthly when it bought every month.
func reasonLost(months int, last invoice.Date, revenue invoice.Money, quiet int, gap float64) Message {
	key := KeyReasonLost
	if gap <= 1 {
		key = KeyReasonLostMonthly
	}
	return msg(key, Arg{"months", Count(months)}, Arg{"last", last},
		Arg{"revenue", revenue}, Arg{"quiet", Count(quiet)}, Arg{"gap", Months(gap)})
}
