// Package analytics turns documents and time entries into the figures and
// flags of the metrics spec. It is pure (no I/O, no clock, no logging); money
// stays exact (invoice.Money), floats only for shares, averages and rates.
//
// Compute (compute.go; ComputeFrom over a Source the ledger can stream)
// validates the options, then reads the input once after the name bridge:
// normalise.go turns each document into a docRec (client via identity.go
// and rows.go, amount via convert.go, payment state) and pass.go feeds it
// to small accumulators with add methods: revenue.go, activity.go (lost
// and new), payment.go (paid in W), open.go (open at A, aging), trend.go,
// hours.go, quality.go (data quality), per client in clients.go. build.go
// then fills the Result (result.go): concentration.go, stats.go,
// openlist.go (Result.Open), flags.go and materiality.go (flags, grades,
// findings, actions), lost.go, assumptions.go; message keys in messages.go.
// apply.go (ApplyPayments, PaymentPlan) joins payments and customer lists
// to the documents as of a date, before Compute.
package analytics
