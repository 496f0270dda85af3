// Package analytics turns documents and time entries into the figures and
// flags of metrics.md: revenue concentration, payment behaviour, open
// amounts and aging, maintenance load, lost and new clients, each flag with
// the figures that raised it and the recommended actions as message keys.
//
// It is pure: no I/O, no clock, no logging. "As of" is Options.Month, and
// everything that happened (rejections, assumptions) is returned in the
// Result so the report can say it. Money stays exact (invoice.Money);
// floats are used only for shares, averages and rates.
package analytics
