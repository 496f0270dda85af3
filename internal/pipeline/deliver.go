package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/mail"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
	"github.com/clientrisk/clientrisk/internal/store"
)

// ErrEmailOff is returned when delivery is asked for but the config has no
// email host.
var ErrEmailOff = errors.New("email is not configured (set email.host and email.to in the config)")

// OutboxDir is where queued messages are kept as .eml files: beside the
// ledger, since the ledger's delivery records point at them.
func (p *Pipeline) OutboxDir() string {
	return filepath.Join(filepath.Dir(p.Config.Ledger), "outbox")
}

// Outbox builds the email outbox over the ledger's delivery records. The
// password is read here, from the environment variable or the file the
// config names; it goes to the SMTP client and nowhere else.
func (p *Pipeline) Outbox(l *store.Ledger, getenv func(string) string) (*mail.Outbox, error) {
	e := p.Config.Email
	if !e.Enabled() {
		return nil, ErrEmailOff
	}
	password, err := e.Password(getenv)
	if err != nil {
		return nil, err
	}
	cfg := mail.Config{Settings: e, Password: password, OutboxDir: p.OutboxDir()}
	return mail.NewOutbox(cfg, ledgerRecords{l}, p.Now, p.Log)
}

// Deliver queues the report of out for every recipient (skipping those who
// already have this month's report unless resend) and tries to send at
// once. Failures stay in the outbox and are retried by serve (or the next
// `report --email`); the results say what happened to each recipient.
func (p *Pipeline) Deliver(ctx context.Context, ob *mail.Outbox, out *ReportOutcome, resend bool) ([]mail.Result, []string, error) {
	skipped, err := p.Queue(ctx, ob, out, resend)
	if err != nil {
		return nil, skipped, err
	}
	results, err := ob.Flush(ctx)
	for _, r := range results {
		if r.Err != nil {
			p.Log.Warn("email not delivered yet", "month", r.Record.Month, "recipient", r.Record.Recipient,
				"status", r.Record.Status, "err", r.Err)
		} else {
			p.Log.Info("email delivered", "month", r.Record.Month, "recipient", r.Record.Recipient, "message_id", r.Record.MessageID)
		}
	}
	return results, skipped, err
}

// Queue records the report's email for every recipient in the outbox
// without sending it; it returns the recipients skipped because they
// already have this month's report (unless resend). A running serve sends
// what is queued on its next look at the outbox.
func (p *Pipeline) Queue(ctx context.Context, ob *mail.Outbox, out *ReportOutcome, resend bool) ([]string, error) {
	msg, err := EmailMessage(out)
	if err != nil {
		return nil, err
	}
	_, skipped, err := ob.Enqueue(ctx, msg, resend)
	if err != nil {
		return skipped, fmt.Errorf("queue the %s report: %w", out.Month, err)
	}
	for _, s := range skipped {
		p.Log.Info("report already sent to recipient: not sent again (use --resend)", "month", out.Month.String(), "recipient", s)
	}
	return skipped, nil
}

// EmailMessage is the report's email: the PDF and XLSX attached, and a
// short body in the report's language with the key figures and one line
// per flagged client.
func EmailMessage(out *ReportOutcome) (mail.Message, error) {
	in := out.Input
	res := in.Result
	cat, err := i18n.Lookup(in.Lang)
	if err != nil {
		return mail.Message{}, err
	}
	cat = cat.WithCurrency(res.Currency)
	text := func(key string, args ...analytics.Arg) string {
		return cat.Message(analytics.Message{Key: key, Args: args})
	}
	pf := res.Portfolio
	b := mail.Body{
		Lang:  in.Lang,
		Title: strings.TrimSpace(in.Company + " · " + cat.Month(res.Month)),
		Intro: []string{text("ui.email.intro", analytics.Arg{Name: "month", Value: analytics.Text(cat.Month(res.Month))})},
		Figures: []mail.Figure{
			{Label: text("ui.kf.revenue", analytics.Arg{Name: "months", Value: analytics.Count(monthsOf(res))}), Value: cat.Money(pf.Revenue, res.Currency)},
			{Label: cat.T("ui.kf.clients"), Value: fmt.Sprint(pf.Clients)},
			{Label: cat.T("ui.kf.top_share"), Value: cat.Percent(pf.Top1Share)},
			{Label: cat.T("ui.kf.hhi"), Value: cat.T("band." + pf.HHIBand)},
			{Label: cat.T("ui.kf.dso"), Value: optDays(cat, pf.DSO)},
			{Label: cat.T("ui.kf.overdue"), Value: cat.Money(pf.OverdueAmount, res.Currency)},
		},
		FlaggedTitle: cat.T("ui.flagged_clients"),
		NoneFlagged:  cat.T("ui.email.no_flags"),
		Footer:       []string{cat.T("ui.email.attachment"), cat.T("ui.email.xlsx")},
	}
	if in.Company == "" {
		b.Title = cat.Month(res.Month)
	}
	for _, c := range res.Clients {
		if len(c.Flags) == 0 {
			continue
		}
		var parts []string
		for _, f := range c.Flags {
			reason := ""
			if len(f.Reasons) > 0 {
				reason = " (" + cat.Message(f.Reasons[0]) + ")"
			}
			parts = append(parts, cat.T("flag."+f.Flag)+reason)
		}
		b.Flagged = append(b.Flagged, c.Name+": "+strings.Join(parts, "; "))
	}
	textBody, htmlBody := mail.RenderBodies(b)
	return mail.Message{
		Month: res.Month.String(), Text: textBody, HTML: htmlBody,
		Attachments: []mail.Attachment{{Path: out.PDF, ContentType: mail.ContentTypePDF}, {Path: out.XLSX, ContentType: mail.ContentTypeXLSX}},
	}, nil
}

func monthsOf(res *analytics.Result) int {
	return res.WindowTo.Month().Index() - res.WindowFrom.Month().Index() + 1
}

func optDays(cat *i18n.Catalog, v *float64) string {
	if v == nil {
		return cat.Dash()
	}
	return cat.Days(*v)
}

// ledgerRecords keeps the outbox's delivery records in the ledger, whose
// Delivery is mail.Record; it only adds mail.ErrExists to the ledger's
// own error for a delivery that already exists.
type ledgerRecords struct{ *store.Ledger }

func (s ledgerRecords) AddDelivery(ctx context.Context, r mail.Record) (mail.Record, error) {
	d, err := s.Ledger.AddDelivery(ctx, r)
	if errors.Is(err, store.ErrDeliveryExists) {
		return mail.Record{}, fmt.Errorf("%w: %w", mail.ErrExists, err)
	}
	return d, err
}

var _ mail.Records = ledgerRecords{}
