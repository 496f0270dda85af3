package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// The structs below are the JSON schema of the JSON schema spec, field for
// field and in that order; fields the schema does not list are additions
// ("new fields may be added"). Money is a json.Number holding the exact
// decimal of invoice.Money in the base currency's minor unit (two decimals
// for EUR, none for JPY), never a float. Every other number is a *float64
// so that an undefined figure, and a NaN or infinity that should never
// occur but must not make the file unreadable, is written as null.

type jsonReport struct {
	Month     string          `json:"month"`
	AsOf      string          `json:"as_of"`
	Window    jsonWindow      `json:"window"`
	Currency  string          `json:"currency"`
	Company   string          `json:"company"`
	Generated string          `json:"generated"`
	Signals   []string        `json:"signals_available"`
	Portfolio jsonPortfolio   `json:"portfolio"`
	Clients   []jsonClient    `json:"clients"`
	Lost      []jsonLost      `json:"lost_clients"`
	New       []jsonNew       `json:"new_clients"`
	Quality   jsonDataQuality `json:"data_quality"`
	// Added with the materiality rules: portfolio findings, page 1's
	// actions, the 12-month trend and the one-off buyers.
	Findings []jsonFinding `json:"findings"`
	Actions  []jsonAction  `json:"actions"`
	Trend    []jsonTrend   `json:"trend"`
	OneOff   int           `json:"one_off_clients"`
}

type jsonFinding struct {
	Signal  string      `json:"signal"`
	Count   int         `json:"count"`
	Clients int         `json:"clients"`
	Flagged int         `json:"flagged"`
	AtStake json.Number `json:"at_stake"`
	Message string      `json:"message"`
}

type jsonAction struct {
	ClientKey string      `json:"client_key"`
	Client    string      `json:"client"`
	Flag      string      `json:"flag"`
	Grade     string      `json:"grade"`
	AtStake   json.Number `json:"at_stake"`
	Action    string      `json:"action"`
}

type jsonTrend struct {
	Month   string      `json:"month"`
	Open    json.Number `json:"open_amount"`
	Overdue json.Number `json:"overdue_amount"`
	DSO     *float64    `json:"dso"`
}

type jsonImpossible struct {
	DueBeforeIssue  int `json:"due_before_issue"`
	PaidBeforeIssue int `json:"paid_before_issue"`
	Future          int `json:"future_dates"`
}

type jsonWindow struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type jsonAging struct {
	Current json.Number `json:"current"`
	D1to30  json.Number `json:"1-30"`
	D31to60 json.Number `json:"31-60"`
	D61to90 json.Number `json:"61-90"`
	D90plus json.Number `json:"90+"`
}

type jsonPortfolio struct {
	Revenue          json.Number  `json:"revenue"`
	MonthRevenue     json.Number  `json:"month_revenue"`
	Clients          int          `json:"clients"`
	HHI              *float64     `json:"hhi"`
	HHIBand          string       `json:"hhi_band"`
	EffectiveClients *float64     `json:"effective_clients"`
	Top1Share        *float64     `json:"top1_share"`
	Top3Share        *float64     `json:"top3_share"`
	Top5Share        *float64     `json:"top5_share"`
	Pareto80Clients  int          `json:"pareto80_clients"`
	OpenAmount       *json.Number `json:"open_amount"`
	OverdueAmount    *json.Number `json:"overdue_amount"`
	DSO              *float64     `json:"dso"`
	WADL             *float64     `json:"wadl"`
	OnTimeRate       *float64     `json:"on_time_rate"`
	Aging            *jsonAging   `json:"aging"`
	// Additions.
	Pareto80Fraction    *float64    `json:"pareto80_fraction"`
	LossIfTopLeaves     json.Number `json:"loss_if_top_leaves"`
	PaidCount           *int        `json:"paid_count"`
	MinAmount           json.Number `json:"min_amount"`
	ActAmount           json.Number `json:"act_amount"`
	TotalHours          *float64    `json:"total_hours"`
	MedianEffectiveRate *float64    `json:"median_effective_rate"`
	Notes               []string    `json:"notes"`
}

type jsonFlag struct {
	Flag    string      `json:"flag"`
	Grade   string      `json:"grade"`
	AtStake json.Number `json:"at_stake"`
	Reasons []string    `json:"reasons"`
	Actions []string    `json:"actions"`
}

type jsonClient struct {
	Key             string       `json:"key"`
	Name            string       `json:"name"`
	Revenue         json.Number  `json:"revenue"`
	Share           *float64     `json:"share"`
	MonthRevenue    json.Number  `json:"month_revenue"`
	MonthShare      *float64     `json:"month_share"`
	PaidCount       *int         `json:"paid_count"`
	AvgDaysToPay    *float64     `json:"avg_days_to_pay"`
	WADL            *float64     `json:"wadl"`
	MedianDaysLate  *float64     `json:"median_days_late"`
	P90DaysLate     *float64     `json:"p90_days_late"`
	MaxDaysLate     *float64     `json:"max_days_late"`
	OnTimeRate      *float64     `json:"on_time_rate"`
	OpenAmount      *json.Number `json:"open_amount"`
	OverdueAmount   *json.Number `json:"overdue_amount"`
	DSO             *float64     `json:"dso"`
	Aging           *jsonAging   `json:"aging"`
	InvoiceCount    int          `json:"invoice_count"`
	CreditNoteCount int          `json:"credit_note_count"`
	CreditNoteRatio *float64     `json:"credit_note_ratio"`
	DisputedCount   int          `json:"disputed_count"`
	Hours           *float64     `json:"hours"`
	HoursShare      *float64     `json:"hours_share"`
	LoadRatio       *float64     `json:"load_ratio"`
	EffectiveRate   *float64     `json:"effective_rate"`
	Flags           []jsonFlag   `json:"flags"`
	// Additions.
	PrevShare      *float64 `json:"prev_share"`
	ShareChange    *float64 `json:"share_change"`
	MaxDaysPastDue *int     `json:"max_days_past_due"`
	FirstInvoice   *string  `json:"first_invoice"`
	LastInvoice    *string  `json:"last_invoice"`
}

type jsonLost struct {
	Key     string      `json:"key"`
	Name    string      `json:"name"`
	Revenue json.Number `json:"revenue"`
	// Additions.
	LastInvoice *string  `json:"last_invoice"`
	Grade       string   `json:"grade"`
	Reasons     []string `json:"reasons"`
	Actions     []string `json:"actions"`
}

type jsonNew struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Additions.
	FirstInvoice *string     `json:"first_invoice"`
	Revenue      json.Number `json:"revenue"`
}

type jsonFile struct {
	Name       string `json:"name"`
	SHA256     string `json:"sha256"`
	Rows       int    `json:"rows"`
	Accepted   int    `json:"accepted"`
	Rejected   int    `json:"rejected"`
	Duplicates int    `json:"duplicates"`
	Skipped    int    `json:"skipped"`
	// Addition: why the file could not be read, null when it was.
	Error *string `json:"error"`
}

type jsonRejected struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

type jsonDataQuality struct {
	Files       []jsonFile     `json:"files"`
	Rejected    []jsonRejected `json:"rejected"`
	Assumptions []string       `json:"assumptions"`
	// Additions.
	ExcludedDocuments int            `json:"excluded_documents"`
	ExcludedClients   int            `json:"excluded_clients"`
	Impossible        jsonImpossible `json:"impossible"`
	NoPaymentFiles    []string       `json:"no_payment_files"`
}

// WriteJSON writes the report as JSON per the JSON schema spec: indented,
// deterministic (same input, same bytes), every message in English.
// Lists are [] rather than null when empty, so a reader can always
// iterate. data_quality.assumptions holds the assumptions (see
// DataQuality.Assumptions) followed by the reader's notes; the rejected
// list holds the reader's rejected rows followed by the documents
// analytics rejected.
func WriteJSON(w io.Writer, in *Input) error {
	if err := in.check(); err != nil {
		return err
	}
	cat, err := i18n.Lookup("en")
	if err != nil {
		return fmt.Errorf("json report: %w", err)
	}
	cv := jsonConv{cur: in.Result.Currency, cat: cat.WithCurrency(in.Result.Currency)}
	doc := buildJSON(in, cv)
	clients := in.Result.Clients
	if err := writeJSONDoc(w, doc, len(clients), func(i int) jsonClient { return cv.client(&clients[i]) }); err != nil {
		return fmt.Errorf("write json report for %s: %w", in.Result.Month, err)
	}
	return nil
}

// clientsKey is where the clients go in the encoded document: the key
// of the top-level list, two spaces in, with the list empty.
const clientsKey = "\n  \"clients\": []"

// writeJSONDoc writes doc, indented, with the n clients made by client in
// its clients list (doc's own is empty). The clients are most of a large
// portfolio's report (8 MB for 10,000 clients), and encoding/json holds
// a document's whole text, twice while it indents it: so the rest of the
// document is encoded first, and the clients one at a time into their
// place, in the bytes the whole document encoded at once would have.
func writeJSONDoc(w io.Writer, doc *jsonReport, n int, client func(int) jsonClient) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Client names such as "Smith & Sons" stay readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	head, tail, ok := strings.Cut(buf.String(), clientsKey)
	if !ok || strings.Contains(tail, clientsKey) {
		return fmt.Errorf("json report: no single place for the clients in the document")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(head)
	bw.WriteString(clientsKey[:len(clientsKey)-1]) // up to the list's "["
	var one bytes.Buffer
	cenc := json.NewEncoder(&one)
	cenc.SetIndent("    ", "  ")
	cenc.SetEscapeHTML(false)
	for i := range n {
		one.Reset()
		if err := cenc.Encode(client(i)); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	bw.WriteString(tail)
	return bw.Flush()
}

// jsonConv makes the JSON values of figures in the base currency cur,
// messages in cat's language.
type jsonConv struct {
	cur string
	cat *i18n.Catalog
}

func (cv jsonConv) money(m invoice.Money) json.Number { return json.Number(m.Decimal(cv.cur)) }

// known is a payment figure: null, not zero, where no invoice said
// whether it was paid.
func (cv jsonConv) known(ok bool, m invoice.Money) *json.Number {
	if !ok {
		return nil
	}
	n := cv.money(m)
	return &n
}

func (cv jsonConv) aging(ok bool, a analytics.Aging) *jsonAging {
	if !ok {
		return nil
	}
	return &jsonAging{cv.money(a.Current), cv.money(a.D1to30), cv.money(a.D31to60), cv.money(a.D61to90), cv.money(a.D90plus)}
}

// knownCount is a payment count: null, not zero, like known.
func knownCount(ok bool, n int) *int {
	if !ok {
		return nil
	}
	return &n
}

func (cv jsonConv) messages(ms []analytics.Message) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, cv.cat.Message(m))
	}
	return out
}

// client is one entry of the clients list.
func (cv jsonConv) client(c *analytics.ClientFigures) jsonClient {
	money, known, aging, messages := cv.money, cv.known, cv.aging, cv.messages
	jc := jsonClient{
		Key: c.Key, Name: c.Name,
		Revenue: money(c.Revenue), Share: finite(c.Share),
		MonthRevenue: money(c.MonthRevenue), MonthShare: finite(c.MonthShare),
		PaidCount: knownCount(c.PaymentKnown, c.PaidCount), AvgDaysToPay: finitePtr(c.AvgDaysToPay), WADL: finitePtr(c.WADL),
		MedianDaysLate: finitePtr(c.MedianDaysLate), P90DaysLate: finitePtr(c.P90DaysLate),
		MaxDaysLate: finitePtr(c.MaxDaysLate), OnTimeRate: finitePtr(c.OnTimeRate),
		OpenAmount: known(c.PaymentKnown, c.OpenAmount), OverdueAmount: known(c.PaymentKnown, c.OverdueAmount),
		DSO: finitePtr(c.DSO), Aging: aging(c.PaymentKnown, c.Aging),
		InvoiceCount: c.InvoiceCount, CreditNoteCount: c.CreditNoteCount,
		CreditNoteRatio: finitePtr(c.CreditNoteRatio), DisputedCount: c.DisputedCount,
		Hours: finitePtr(c.Hours), HoursShare: finitePtr(c.HoursShare),
		LoadRatio: finitePtr(c.LoadRatio), EffectiveRate: finitePtr(c.EffectiveRate),
		Flags:     make([]jsonFlag, 0, len(c.Flags)),
		PrevShare: finitePtr(c.PrevShare), ShareChange: finitePtr(c.ShareChange),
		MaxDaysPastDue: c.MaxDaysPastDue,
		FirstInvoice:   datePtr(c.FirstInvoice), LastInvoice: datePtr(c.LastInvoice),
	}
	for _, f := range c.Flags {
		jc.Flags = append(jc.Flags, jsonFlag{Flag: f.Flag, Grade: f.Grade, AtStake: money(f.AtStake),
			Reasons: messages(f.Reasons), Actions: messages(f.Actions)})
	}
	return jc
}

// buildJSON makes the document without its clients, which writeJSONDoc
// puts in their place: its clients list is empty.
func buildJSON(in *Input, cv jsonConv) *jsonReport {
	r := in.Result
	cur, cat := cv.cur, cv.cat
	money, known, aging, messages := cv.money, cv.known, cv.aging, cv.messages
	p := &r.Portfolio
	doc := &jsonReport{
		Month:     r.Month.String(),
		AsOf:      r.AsOf.String(),
		Window:    jsonWindow{From: r.WindowFrom.String(), To: r.WindowTo.String()},
		Currency:  cur,
		Company:   in.Company,
		Generated: generatedStamp(in.Generated),
		Signals:   append([]string{}, r.SignalsAvailable...),
		Portfolio: jsonPortfolio{
			Revenue:             money(p.Revenue),
			MonthRevenue:        money(p.MonthRevenue),
			Clients:             p.Clients,
			HHI:                 finite(p.HHI),
			HHIBand:             p.HHIBand,
			EffectiveClients:    finitePtr(p.EffectiveClients),
			Top1Share:           finite(p.Top1Share),
			Top3Share:           finite(p.Top3Share),
			Top5Share:           finite(p.Top5Share),
			Pareto80Clients:     p.Pareto80Clients,
			OpenAmount:          known(p.PaymentKnown, p.OpenAmount),
			OverdueAmount:       known(p.PaymentKnown, p.OverdueAmount),
			DSO:                 finitePtr(p.DSO),
			WADL:                finitePtr(p.WADL),
			OnTimeRate:          finitePtr(p.OnTimeRate),
			Aging:               aging(p.PaymentKnown, p.Aging),
			Pareto80Fraction:    finitePtr(p.Pareto80Fraction),
			LossIfTopLeaves:     money(p.LossIfTopLeaves),
			PaidCount:           knownCount(p.PaymentKnown, p.PaidCount),
			MinAmount:           money(p.MinAmount),
			ActAmount:           money(p.ActAmount),
			TotalHours:          finitePtr(p.TotalHours),
			MedianEffectiveRate: finitePtr(p.MedianEffectiveRate),
			Notes:               messages(p.Notes),
		},
		Clients: []jsonClient{},
		Lost:    make([]jsonLost, 0, len(r.Lost)),
		New:     make([]jsonNew, 0, len(r.New)),
	}
	for _, l := range r.Lost {
		doc.Lost = append(doc.Lost, jsonLost{
			Key: l.Key, Name: l.Name, Revenue: money(l.Revenue), LastInvoice: datePtr(l.LastInvoice),
			Grade: l.Flag.Grade, Reasons: messages(l.Flag.Reasons), Actions: messages(l.Flag.Actions),
		})
	}
	for _, n := range r.New {
		doc.New = append(doc.New, jsonNew{Key: n.Key, Name: n.Name, FirstInvoice: datePtr(n.FirstInvoice), Revenue: money(n.Revenue)})
	}
	q := jsonDataQuality{
		Files:             make([]jsonFile, 0, len(in.Quality.Files)),
		ExcludedDocuments: r.ExcludedDocuments,
		ExcludedClients:   r.ExcludedClients,
		Impossible: jsonImpossible{DueBeforeIssue: r.Impossible.DueBeforeIssue,
			PaidBeforeIssue: r.Impossible.PaidBeforeIssue, Future: r.Impossible.Future},
		NoPaymentFiles: append([]string{}, r.NoPaymentFiles...),
	}
	for _, f := range in.Quality.Files {
		jf := jsonFile{Name: f.Name, SHA256: f.SHA256, Rows: f.Rows, Accepted: f.Accepted,
			Rejected: f.Rejected, Duplicates: f.Duplicates, Skipped: f.Skipped}
		if f.Error != "" {
			e := f.Error
			jf.Error = &e
		}
		q.Files = append(q.Files, jf)
	}
	rows := in.rejectedRows()
	q.Rejected = make([]jsonRejected, 0, len(rows))
	for _, rr := range rows {
		q.Rejected = append(q.Rejected, jsonRejected(rr))
	}
	q.Assumptions = append(messages(in.assumptions()), messages(in.Quality.Notes)...)
	doc.Quality = q
	doc.Findings = make([]jsonFinding, 0, len(r.Findings))
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, jsonFinding{Signal: f.Signal, Count: f.Count, Clients: f.Clients,
			Flagged: f.Flagged, AtStake: money(f.AtStake), Message: cat.Message(f.Message)})
	}
	doc.Actions = make([]jsonAction, 0, len(r.Actions))
	for _, a := range r.Actions {
		doc.Actions = append(doc.Actions, jsonAction{ClientKey: a.ClientKey, Client: a.ClientName, Flag: a.Flag,
			Grade: a.Grade, AtStake: money(a.AtStake), Action: cat.Message(a.Message)})
	}
	doc.Trend = make([]jsonTrend, 0, len(r.Trend))
	for _, t := range r.Trend {
		doc.Trend = append(doc.Trend, jsonTrend{Month: t.Month.String(), Open: money(t.Open), Overdue: money(t.Overdue), DSO: finitePtr(t.DSO)})
	}
	doc.OneOff = r.OneOff
	return doc
}

// generatedStamp is the report's creation time in RFC 3339 (UTC), or ""
// when the caller gave none.
func generatedStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func finitePtr(f *float64) *float64 {
	if f == nil {
		return nil
	}
	return finite(*f)
}

func datePtr(d invoice.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
