package i18n

// msgsEN holds the English messages: flag and band names, the reasons
// behind flags, the recommended actions, portfolio notes and assumptions.
// The JSON report always uses these.
func msgsEN() map[string]string {
	return map[string]string{
		"flag.over_dependent":   "Over-dependent",
		"flag.slow_payer":       "Slow payer",
		"flag.high_maintenance": "High maintenance",
		"flag.lost":             "Lost",

		"band.unconcentrated": "unconcentrated",
		"band.moderate":       "moderately concentrated",
		"band.high":           "highly concentrated",

		"reason.share":          "share {share} >= {threshold}",
		"reason.wadl":           "amount-weighted days late {wadl} >= {threshold} over {paid} paid invoices",
		"reason.overdue":        "invoice {number} is {days} days past due (> {threshold}), {amount} open",
		"reason.credit_notes":   "credit notes {count}, {ratio} of invoices >= {threshold}",
		"reason.disputes":       "{count} disputed documents (>= {threshold})",
		"reason.load_ratio":     "{hours_share} of hours for {share} of revenue: load ratio {ratio} >= {threshold}",
		"reason.effective_rate": "effective rate {rate}/h is below {fraction} of the median {median}/h",
		"reason.lost":           "invoiced in {months} months, none in the last {quiet} months (last {last}); {revenue} in the window",

		"note.hhi_high": "HHI {hhi} is in the high band (> {threshold})",

		"action.grow_others":         "Grow the work from your other clients, starting with {next}, so this one weighs less.",
		"action.grow_others.no_next": "Find and grow other clients so this one weighs less.",
		"action.cap_share":           "Aim to keep any single client below {cap} of revenue.",
		"action.cash_reserve":        "Keep a cash reserve of {months} months of this client's revenue ({amount}).",
		"action.contract_notice":     "Negotiate a longer contract with a notice period, so a departure cannot come overnight.",

		"action.deposit":       "Ask for a deposit or payment in advance before starting new work.",
		"action.shorter_terms": "Shorten the payment terms from {days} to {suggested} days.",
		"action.late_fees":     "Charge the late-payment interest your terms allow, and say so on every invoice.",
		"action.pause_work":    "Pause new work until the overdue {amount} is paid.",
		"action.notice_slow":   "If late payment persists, give 30 days' notice and replace the client.",

		"action.review_scope": "Go over the scope with the client and put in writing what is included and what is not.",
		"action.bill_changes": "Bill every change request and extra round of revisions separately.",
		"action.raise_price":  "Raise this client's price to match the time the work really takes.",
		"action.part_ways":    "If nothing changes, part ways with 30 days' notice and refer them to someone who fits.",

		"action.ask_why":      "Call the client and ask why the work stopped; a short conversation often brings it back.",
		"action.check_profit": "Check whether the client was profitable before trying to win it back.",
		"action.review_offer": "Compare your offer and prices with what this client needed.",

		"assumption.default_terms":    "{count} invoices have no due date: due date taken as issue date + {days} days",
		"assumption.no_payment_data":  "{count} invoices come from exports without payment data: counted for revenue only",
		"assumption.excluded_status":  "{count} void, cancelled or draft documents left out",
		"assumption.excluded_clients": "{count} documents of excluded clients left out ({clients})",
		"assumption.no_rate":          "{count} documents in {currency} rejected: no exchange rate",
		"assumption.converted":        "{count} documents converted from {currency} at {rate}",

		// Singular forms, used when count is 1.
		"assumption.default_terms.one":    "{count} invoice has no due date: due date taken as issue date + {days} days",
		"assumption.no_payment_data.one":  "{count} invoice comes from an export without payment data: counted for revenue only",
		"assumption.excluded_status.one":  "{count} void, cancelled or draft document left out",
		"assumption.excluded_clients.one": "{count} document of an excluded client left out ({clients})",
		"assumption.no_rate.one":          "{count} document in {currency} rejected: no exchange rate",
		"assumption.converted.one":        "{count} document converted from {currency} at {rate}",
	}
}
