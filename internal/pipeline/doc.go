// Package pipeline is the one place that knows the flow: read exports
// (ingest), keep them (store), compute the figures (analytics), write the
// report (report) and deliver it. The one-shot commands and the service
// call the same functions, so a report made by hand and one made by the
// scheduler are the same report.
package pipeline
