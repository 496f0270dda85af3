package report

import (
	"math"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// topFlaggedBlocks caps the per-client detail pages; the JSON has all.
const topFlaggedBlocks = topTableRows

// ---- revenue concentration ----

func (r *pdfRenderer) pageConcentration() {
	cs := r.res.Clients
	p := r.res.Portfolio
	if len(cs) == 0 || p.Clients == 0 {
		r.newSection("ui.concentration")
		r.sectionLine(r.t("ui.no_revenue"))
		return
	}
	lead := r.tf("ui.conc.lead",
		"top1", r.cat.Percent(p.Top1Share), "top3", r.cat.Percent(p.Top3Share),
		"top5", r.cat.Percent(p.Top5Share), "hhi", r.cat.Number(p.HHI, 0))
	bars := shareBarsHeight(min(len(cs), topChartBars), len(cs) > topChartBars)
	r.newSectionKeep("ui.concentration", r.paragraphHeight(lead, 9, 4.8)+headingHeight+bars)
	r.paragraph(lead, 9, 4.8, colInk)
	threshold := r.thresholds().OverDependentShare
	var items []barItem
	var others *barItem
	otherShare, nOthers := 0.0, 0
	for i, c := range cs {
		if i < topChartBars {
			col := colAccent
			if c.Share >= threshold {
				col = colVermilion
			}
			items = append(items, barItem{label: c.Name, value: c.Share, colour: col})
			continue
		}
		otherShare += c.Share
		nOthers++
	}
	if nOthers > 0 {
		others = &barItem{label: r.tn("ui.conc.others_together", nOthers), value: otherShare, colour: colGrey}
	}
	r.heading(r.t("ui.conc.chart_title"), shareBarsHeight(len(items), others != nil))
	r.shareBars(items, others, threshold)

	r.heading(r.t("ui.conc.pareto_title"), paretoHeight+5)
	shares := make([]float64, len(cs))
	for i, c := range cs {
		shares[i] = c.Share
	}
	r.paretoCurve(shares, p.Pareto80Clients)
	if p.Pareto80Clients > 0 {
		r.paragraph(r.tn("ui.conc.pareto80", p.Pareto80Clients, "fraction", r.pct(p.Pareto80Fraction)), 9, 4.8, colInk)
	}

	cols := []pdfColumn{
		{title: "#", align: "R"},
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.revenue"), align: "R"},
		{title: r.t("ui.col.share"), align: "R"},
		{title: r.t("ui.col.prev_share"), align: "R"},
		{title: r.t("ui.col.change"), align: "R"},
		{title: r.t("ui.col.month_revenue"), align: "R"},
	}
	var rows [][]pdfCell
	for i := range cs {
		if i == topTableRows {
			break
		}
		c := &cs[i]
		name := txt(c.Name)
		if c.HasFlag(analytics.FlagOverDependent) {
			name = pdfCell{text: c.Name, bold: true, col: &colVermilion}
		}
		rows = append(rows, []pdfCell{txt(r.count(i + 1)), name, txt(r.money(c.Revenue)),
			bold(r.cat.Percent(c.Share)), txt(r.pct(c.PrevShare)), txt(r.pp(c.ShareChange)), txt(r.money(c.MonthRevenue))})
	}
	r.heading(r.t("ui.conc.table_title"), r.tableHeight(cols, rows))
	r.table(cols, rows)
	r.moreRows("ui.more_clients", len(cs)-len(rows))

	r.ifTopLeft()
}

// ifTopLeft answers "what if the largest client left": the revenue lost,
// the months of average revenue it stands for, and the shares the next
// clients would have among those who remain.
func (r *pdfRenderer) ifTopLeft() {
	cs := r.res.Clients
	p := r.res.Portfolio
	top := cs[0]
	rest := 1 - top.Share
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.share_now"), width: 30, align: "R"},
		{title: r.t("ui.col.share_after"), width: 30, align: "R"},
	}
	var rows [][]pdfCell
	for i := 1; i < len(cs) && i <= 3 && rest > 0; i++ {
		after := cs[i].Share / rest
		cell := bold(r.cat.Percent(after))
		if after >= r.thresholds().OverDependentShare {
			cell = pdfCell{text: r.cat.Percent(after), bold: true, col: &colVermilion}
		}
		rows = append(rows, []pdfCell{txt(cs[i].Name), txt(r.cat.Percent(cs[i].Share)), cell})
	}
	// the three lines of text and the table stay together
	r.heading(r.t("ui.left.title"), 16+r.tableHeight(cols, rows))
	r.paragraph(r.tf("ui.left.lost", "client", shortName(top.Name, 80), "share", r.cat.Percent(top.Share),
		"amount", r.money(p.LossIfTopLeaves)), 9.5, 5, colInk)
	if p.Revenue > 0 {
		// months = revenue(top) / (total / months of W); a ratio of exact
		// amounts, shown rounded to one decimal.
		months := float64(top.Revenue) / float64(p.Revenue) * float64(r.windowMonths())
		avg := invoice.Money(math.Round(float64(p.Revenue) / float64(r.windowMonths())))
		r.paragraph(r.tf("ui.left.months", "months", r.cat.Number(months, 1), "average", r.money(avg)), 9.5, 5, colInk)
	}
	if len(rows) == 0 {
		r.paragraph(r.t("ui.left.alone"), 9.5, 5, colVermilion)
		return
	}
	r.paragraph(r.t("ui.left.next"), 9.5, 5, colInk)
	r.table(cols, rows)
}

// ---- payments ----

func (r *pdfRenderer) pagePayments() {
	if !r.res.Portfolio.PaymentKnown {
		r.newSection("ui.payments")
		r.sectionLine(r.t("ui.pay.none"))
		return
	}
	p := r.res.Portfolio
	lead := r.tf("ui.pay.lead", "paid", r.count(p.PaidCount), "wadl", r.days(p.WADL),
		"ontime", r.pct(p.OnTimeRate), "dso", r.days(p.DSO))
	texts := r.paragraphHeight(lead, 9, 4.8) + r.paragraphHeight(r.t("ui.pay.explain"), 8.5, 4.6)
	unknown := 0
	for i := range r.res.Clients {
		if !r.res.Clients[i].PaymentKnown {
			unknown++
		}
	}
	if unknown > 0 {
		texts += r.paragraphHeight(r.tn("ui.pay.unknown_clients", unknown), 8.5, 4.6)
	}
	cols, rows, hidden := r.paymentsTable()
	first := 5.0
	if len(rows) > 0 {
		first = headingHeight + r.tableHeight(cols, rows)
	}
	r.newSectionKeep("ui.payments", texts+first)
	r.paragraph(lead, 9, 4.8, colInk)
	r.note(r.t("ui.pay.explain"))
	if unknown > 0 {
		r.note(r.tn("ui.pay.unknown_clients", unknown))
	}
	if len(rows) == 0 {
		r.sectionLine(r.t("ui.pay.no_paid"))
	} else {
		r.heading(r.t("ui.pay.table_title"), r.tableHeight(cols, rows))
		r.table(cols, rows)
		r.moreRows("ui.more_clients", hidden)
	}

	if p.Aging.Total() == 0 && r.res.Open.Len() == 0 {
		r.sectionLine(r.t("ui.pay.no_open"))
		return
	}
	gridCols, gridRows, gridHidden := r.agingGrid()
	r.heading(r.t("ui.pay.aging_title"), agingBarHeight+r.tableHeight(gridCols, gridRows))
	r.agingBar(p.Aging)
	if len(gridRows) > 0 {
		r.table(gridCols, gridRows)
		r.moreRows("ui.more_clients", gridHidden)
	}
	r.overdueInvoices()
}

// paymentsTable is the days-late table: clients with payment data, the
// slowest first, capped at topTableRows (hidden says how many more).
func (r *pdfRenderer) paymentsTable() (cols []pdfColumn, rows [][]pdfCell, hidden int) {
	withData := sortedBy(r.res.Clients,
		func(c *analytics.ClientFigures) bool {
			return c.PaymentKnown && (c.PaidCount > 0 || c.OpenAmount != 0)
		},
		func(a, b *analytics.ClientFigures) bool {
			switch {
			case a.WADL == nil || b.WADL == nil:
				return a.WADL != nil && b.WADL == nil
			default:
				return *a.WADL > *b.WADL
			}
		})
	cols = []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.paid"), align: "R"},
		{title: r.t("ui.col.avg_days"), align: "R"},
		{title: r.t("ui.col.wadl"), align: "R"},
		{title: r.t("ui.col.p90"), align: "R"},
		{title: r.t("ui.col.on_time"), align: "R"},
		{title: r.t("ui.col.open"), align: "R"},
		{title: r.t("ui.col.overdue"), align: "R"},
	}
	for i, c := range withData {
		if i == topTableRows {
			break
		}
		name := txt(c.Name)
		if c.HasFlag(analytics.FlagSlowPayer) {
			name = pdfCell{text: c.Name, bold: true, col: &colVermilion}
		}
		rows = append(rows, []pdfCell{name, txt(r.count(c.PaidCount)), txt(r.days(c.AvgDaysToPay)),
			bold(r.days(c.WADL)), txt(r.days(c.P90DaysLate)), txt(r.pct(c.OnTimeRate)),
			txt(r.money(c.OpenAmount)), txt(r.money(c.OverdueAmount))})
	}
	return cols, rows, len(withData) - len(rows)
}

// agingGrid is the open amount of each client by aging bucket, largest
// open amount first, capped at topTableRows, then a totals row over every
// client (shown or not) and each bucket's share of the open amount.
// Clients whose payments are unknown are left out rather than shown as
// zeros. It returns the columns, the rows and how many clients were left
// out by the cap.
func (r *pdfRenderer) agingGrid() ([]pdfColumn, [][]pdfCell, int) {
	open := sortedBy(r.res.Clients,
		func(c *analytics.ClientFigures) bool {
			return c.PaymentKnown && (c.OpenAmount != 0 || c.Aging != (analytics.Aging{}))
		},
		func(a, b *analytics.ClientFigures) bool { return a.OpenAmount > b.OpenAmount })
	cols := []pdfColumn{{title: r.t("ui.col.client"), align: "L", fill: true}}
	for _, it := range r.agingBuckets(analytics.Aging{}) {
		cols = append(cols, pdfColumn{title: it.label, align: "R"})
	}
	cols = append(cols, pdfColumn{title: r.t("ui.total"), align: "R"})
	if len(open) == 0 {
		return cols, nil, 0
	}
	amount := func(m invoice.Money) pdfCell {
		if m == 0 {
			return muted(r.money(0))
		}
		return txt(r.money(m))
	}
	var rows [][]pdfCell
	var sum analytics.Aging
	var sumOpen invoice.Money
	for i, c := range open {
		a := c.Aging
		sum.Current += a.Current
		sum.D1to30 += a.D1to30
		sum.D31to60 += a.D31to60
		sum.D61to90 += a.D61to90
		sum.D90plus += a.D90plus
		sumOpen += c.OpenAmount
		if i >= topTableRows {
			continue
		}
		rows = append(rows, []pdfCell{txt(c.Name), amount(a.Current), amount(a.D1to30), amount(a.D31to60),
			amount(a.D61to90), amount(a.D90plus), bold(r.money(c.OpenAmount))})
	}
	hidden := len(open) - len(rows)
	label := r.t("ui.total")
	if hidden > 0 {
		label = r.t("ui.total_all")
	}
	buckets := []invoice.Money{sum.Current, sum.D1to30, sum.D31to60, sum.D61to90, sum.D90plus}
	total := []pdfCell{bold(label)}
	share := []pdfCell{muted(r.t("ui.col.share_open"))}
	for _, m := range buckets {
		total = append(total, bold(r.money(m)))
		s := r.cat.Dash()
		if sumOpen > 0 {
			s = r.cat.Percent(float64(m) / float64(sumOpen))
		}
		share = append(share, muted(s))
	}
	total = append(total, bold(r.money(sumOpen)))
	share = append(share, muted(""))
	return cols, append(rows, total, share), hidden
}

// overdueInvoices lists the most overdue open invoices.
func (r *pdfRenderer) overdueInvoices() {
	// Open is most days past due first: the overdue invoices are a prefix.
	open := r.res.Open
	overdue := sort.Search(open.Len(), func(i int) bool { return open.At(i).DaysPastDue <= 0 })
	if overdue == 0 {
		return
	}
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.invoice"), align: "L", maxWidth: 36},
		{title: r.t("ui.col.due"), align: "R"},
		{title: r.t("ui.col.days_past_due"), align: "R"},
		{title: r.t("ui.col.amount"), align: "R"},
	}
	var rows [][]pdfCell
	assumed := false
	for i := range min(overdue, topOpenRows) {
		o := open.At(i)
		due := r.cat.Date(o.DueDate)
		if o.DueAssumed {
			due += "*"
			assumed = true
		}
		rows = append(rows, []pdfCell{txt(o.ClientName), txt(o.Number), txt(due),
			bold(r.count(o.DaysPastDue)), txt(r.money(o.Amount))})
	}
	r.heading(r.t("ui.pay.overdue_title"), r.tableHeight(cols, rows))
	r.table(cols, rows)
	r.moreRows("ui.more_open", overdue-len(rows))
	if assumed {
		r.note("* " + r.t("ui.pay.due_assumed"))
	}
}

// ---- maintenance ----

func (r *pdfRenderer) pageMaintenance() {
	if len(r.res.SignalsAvailable) == 0 {
		r.newSection("ui.maintenance")
		r.sectionLine(r.t("ui.maint.no_signals"))
		return
	}
	names := make([]string, 0, len(r.res.SignalsAvailable))
	for _, s := range r.res.SignalsAvailable {
		names = append(names, r.t("ui.signal."+s))
	}
	lead := r.tf("ui.maint.signals", "signals", strings.Join(names, ", "))
	cols, rows, hidden := r.maintenanceTable()
	first := r.paragraphHeight(lead, 9, 4.8) + r.paragraphHeight(r.t("ui.maint.explain"), 8.5, 4.6) + 5
	if len(rows) > 0 {
		first += headingHeight + r.tableHeight(cols, rows)
	}
	r.newSectionKeep("ui.maintenance", first)
	r.paragraph(lead, 9, 4.8, colInk)
	r.note(r.t("ui.maint.explain"))
	if len(rows) == 0 {
		r.sectionLine(r.t("ui.maint.none"))
	} else {
		r.heading(r.t("ui.maint.table_title"), r.tableHeight(cols, rows))
		r.table(cols, rows)
		r.moreRows("ui.more_clients", hidden)
	}
	p := r.res.Portfolio
	if p.TotalHours != nil {
		med := r.cat.Dash()
		if p.MedianEffectiveRate != nil {
			med = r.cat.Rate(*p.MedianEffectiveRate, r.res.Currency)
		}
		r.heading(r.t("ui.maint.hours_title"), scatterHeight+10)
		r.paragraph(r.tf("ui.maint.hours_lead", "hours", r.cat.Number(*p.TotalHours, 1), "median", med), 9, 4.8, colInk)
		withHours := sortedBy(r.res.Clients, func(c *analytics.ClientFigures) bool { return c.HoursShare != nil }, nil)
		r.loadScatter(withHours, r.thresholds().LoadRatio)
	}
}

// maintenanceTable lists the clients with a maintenance signal, flagged
// first, capped at topTableRows (hidden says how many more).
func (r *pdfRenderer) maintenanceTable() (cols []pdfColumn, rows [][]pdfCell, hidden int) {
	list := sortedBy(r.res.Clients,
		func(c *analytics.ClientFigures) bool {
			return c.CreditNoteCount > 0 || c.DisputedCount > 0 || c.Hours != nil
		},
		func(a, b *analytics.ClientFigures) bool {
			return a.HasFlag(analytics.FlagHighMaintenance) && !b.HasFlag(analytics.FlagHighMaintenance)
		})
	cols = []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.invoices"), align: "R"},
		{title: r.t("ui.col.credit_notes"), align: "R"},
		{title: r.t("ui.col.cn_ratio"), align: "R"},
		{title: r.t("ui.col.disputed"), align: "R"},
		{title: r.t("ui.col.hours"), align: "R"},
		{title: r.t("ui.col.hours_share"), align: "R"},
		{title: r.t("ui.col.load_ratio"), align: "R"},
		{title: r.t("ui.col.rate"), align: "R"},
	}
	for i, c := range list {
		if i == topTableRows {
			break
		}
		name := txt(c.Name)
		if c.HasFlag(analytics.FlagHighMaintenance) {
			name = pdfCell{text: c.Name, bold: true, col: &colPurple}
		}
		rate := r.cat.Dash()
		if c.EffectiveRate != nil {
			rate = r.cat.Rate(*c.EffectiveRate, r.res.Currency)
		}
		rows = append(rows, []pdfCell{name, txt(r.count(c.InvoiceCount)), txt(r.count(c.CreditNoteCount)),
			txt(r.pct(c.CreditNoteRatio)), txt(r.count(c.DisputedCount)), txt(r.num(c.Hours, 1)),
			txt(r.pct(c.HoursShare)), txt(r.num(c.LoadRatio, 2)), txt(rate)})
	}
	return cols, rows, len(list) - len(rows)
}

// ---- lost and new clients ----

func (r *pdfRenderer) pageLostNew() {
	if len(r.res.Lost) == 0 && len(r.res.New) == 0 {
		r.newSection("ui.lost_new")
		r.sectionLine(r.t("ui.lost_new.none"))
		return
	}
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.last_invoice"), width: 36, align: "R"},
		{title: r.t("ui.col.revenue"), width: 36, align: "R"},
	}
	var rows [][]pdfCell
	for i, l := range r.res.Lost {
		if i == topTableRows {
			break
		}
		rows = append(rows, []pdfCell{bold(l.Name), txt(r.cat.Date(l.LastInvoice)), txt(r.money(l.Revenue))})
	}
	first := 5.0
	if len(rows) > 0 {
		first = headingHeight + 5 + r.tableHeight(cols, rows)
	}
	r.newSectionKeep("ui.lost_new", first)
	if len(r.res.Lost) == 0 {
		r.sectionLine(r.t("ui.lost.none"))
	} else {
		r.heading(r.t("ui.lost.title"), 5+r.tableHeight(cols, rows))
		r.note(r.t("ui.lost.explain"))
		r.table(cols, rows)
		r.moreRows("ui.more_clients", len(r.res.Lost)-len(rows))
	}
	if len(r.res.New) == 0 {
		r.sectionLine(r.t("ui.new.none"))
		return
	}
	cols = []pdfColumn{
		{title: r.t("ui.col.client"), align: "L", fill: true},
		{title: r.t("ui.col.first_invoice"), width: 36, align: "R"},
		{title: r.t("ui.col.month_revenue"), width: 36, align: "R"},
	}
	rows = rows[:0]
	for i, n := range r.res.New {
		if i == topTableRows {
			break
		}
		rows = append(rows, []pdfCell{bold(n.Name), txt(r.cat.Date(n.FirstInvoice)), txt(r.money(n.Revenue))})
	}
	r.heading(r.t("ui.new.title"), r.tableHeight(cols, rows))
	r.table(cols, rows)
	r.moreRows("ui.more_clients", len(r.res.New)-len(rows))
}

// ---- data quality ----

func (r *pdfRenderer) pageQuality() {
	q := r.in.Quality
	if len(q.Files) == 0 {
		r.newSection("ui.quality")
		r.sectionLine(r.t("ui.dq.no_files"))
	} else {
		cols := []pdfColumn{
			{title: r.t("ui.col.file"), align: "L", fill: true},
			{title: "SHA-256", align: "L", mono: true},
			{title: r.t("ui.col.rows"), align: "R"},
			{title: r.t("ui.col.accepted"), align: "R"},
			{title: r.t("ui.col.rejected"), align: "R"},
			{title: r.t("ui.col.duplicates"), align: "R"},
			{title: r.t("ui.col.skipped"), align: "R"},
		}
		var rows [][]pdfCell
		var failed []FileSummary
		for _, f := range q.Files {
			sha := f.SHA256
			if len([]rune(sha)) > 12 {
				sha = string([]rune(sha)[:12])
			}
			rows = append(rows, []pdfCell{txt(f.Name), txt(sha), txt(r.count(f.Rows)), txt(r.count(f.Accepted)),
				txt(r.count(f.Rejected)), txt(r.count(f.Duplicates)), txt(r.count(f.Skipped))})
			if f.Error != "" {
				failed = append(failed, f)
			}
		}
		r.newSectionKeep("ui.quality", headingHeight+r.tableHeight(cols, rows))
		r.heading(r.t("ui.dq.files_title"), r.tableHeight(cols, rows))
		r.table(cols, rows)
		for _, f := range failed {
			r.paragraph(r.tf("ui.dq.file_error", "file", f.Name, "error", f.Error), 8.5, 4.6, colVermilion)
		}
	}

	rejected := r.in.rejectedRows()
	if len(rejected) == 0 {
		r.sectionLine(r.t("ui.dq.no_rejected"))
	} else {
		cols := []pdfColumn{
			{title: r.t("ui.col.file"), width: 40, align: "L"},
			{title: r.t("ui.col.sheet"), width: 22, align: "L"},
			{title: r.t("ui.col.row"), align: "R"},
			{title: r.t("ui.col.column"), width: 25, align: "L"},
			{title: r.t("ui.col.reason"), align: "L", fill: true},
		}
		var rows [][]pdfCell
		for _, x := range rejected {
			if len(rows) == topRejectRows {
				break
			}
			rows = append(rows, []pdfCell{txt(x.File), txt(x.Sheet), txt(r.count(x.Row)), txt(x.Column), txt(x.Reason)})
		}
		r.heading(r.t("ui.dq.rejected_title"), 5+r.tableHeight(cols, rows))
		r.paragraph(r.tn("ui.dq.rejected_count", len(rejected)), 9, 4.8, colInk)
		r.table(cols, rows)
		r.moreRows("ui.more_rejected", len(rejected)-len(rows))
	}

	var lines []string
	for _, m := range r.in.assumptions() {
		lines = append(lines, r.msg(m))
	}
	for _, m := range q.Notes {
		lines = append(lines, r.msg(m))
	}
	if len(lines) == 0 {
		r.sectionLine(r.t("ui.dq.no_assumptions"))
	} else {
		r.heading(r.t("ui.dq.assumptions_title"), 12)
		for _, s := range lines {
			r.paragraph("• "+s, 9, 4.8, colInk)
		}
	}
	r.pdf.Ln(2)
	r.note(r.t("ui.dq.full_data"))
}
