package report

import (
	"math"
	"strings"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// topFlaggedBlocks caps the per-client detail pages; the JSON has all.
const topFlaggedBlocks = topTableRows

// ---- page 2: concentration ----

func (r *pdfRenderer) pageConcentration() {
	r.newSection("ui.concentration")
	cs := r.res.Clients
	p := r.res.Portfolio
	r.paragraph(r.tf("ui.conc.lead",
		"top1", r.cat.Percent(p.Top1Share), "top3", r.cat.Percent(p.Top3Share),
		"top5", r.cat.Percent(p.Top5Share), "hhi", r.cat.Number(p.HHI, 0)), 9, 4.8, colInk)
	if len(cs) == 0 {
		r.note(r.t("ui.no_revenue"))
		return
	}
	threshold := r.shareThreshold()
	r.heading(r.t("ui.conc.chart_title"), 40)
	var items []barItem
	others, nOthers := 0.0, 0
	for i, c := range cs {
		if i < topChartBars {
			col := colAccent
			if c.Share >= threshold {
				col = colVermilion
			}
			items = append(items, barItem{label: c.Name, value: c.Share, colour: col})
			continue
		}
		others += c.Share
		nOthers++
	}
	if nOthers > 0 {
		items = append(items, barItem{label: r.tn("ui.conc.others", nOthers), value: others, colour: colGrey})
	}
	r.shareBars(items, threshold)

	r.heading(r.t("ui.conc.pareto_title"), 60)
	shares := make([]float64, len(cs))
	for i, c := range cs {
		shares[i] = c.Share
	}
	r.paretoCurve(shares, p.Pareto80Clients)
	if p.Pareto80Clients > 0 {
		r.paragraph(r.tn("ui.conc.pareto80", p.Pareto80Clients, "fraction", r.pct(p.Pareto80Fraction)), 9, 4.8, colInk)
	}

	r.heading(r.t("ui.conc.table_title"), 20)
	cols := []pdfColumn{
		{title: "#", width: 9, align: "R"},
		{title: r.t("ui.col.client"), width: 63, align: "L"},
		{title: r.t("ui.col.revenue"), width: 27, align: "R"},
		{title: r.t("ui.col.share"), width: 18, align: "R"},
		{title: r.t("ui.col.prev_share"), width: 20, align: "R"},
		{title: r.t("ui.col.change"), width: 19, align: "R"},
		{title: r.t("ui.col.month_revenue"), width: 22, align: "R"},
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
	r.heading(r.t("ui.left.title"), 36)
	top := cs[0]
	r.paragraph(r.tf("ui.left.lost", "client", shortName(top.Name, 80), "share", r.cat.Percent(top.Share),
		"amount", r.money(p.LossIfTopLeaves)), 9.5, 5, colInk)
	if p.Revenue > 0 {
		// months = revenue(top) / (total / months of W); a ratio of exact
		// amounts, shown rounded to one decimal.
		months := float64(top.Revenue) / float64(p.Revenue) * float64(r.windowMonths())
		avg := invoice.Money(math.Round(float64(p.Revenue) / float64(r.windowMonths())))
		r.paragraph(r.tf("ui.left.months", "months", r.cat.Number(months, 1), "average", r.money(avg)), 9.5, 5, colInk)
	}
	rest := 1 - top.Share
	if len(cs) < 2 || rest <= 0 {
		r.paragraph(r.t("ui.left.alone"), 9.5, 5, colVermilion)
		return
	}
	r.paragraph(r.t("ui.left.next"), 9.5, 5, colInk)
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), width: 90, align: "L"},
		{title: r.t("ui.col.share_now"), width: 30, align: "R"},
		{title: r.t("ui.col.share_after"), width: 30, align: "R"},
	}
	var rows [][]pdfCell
	for i := 1; i < len(cs) && i <= 3; i++ {
		after := cs[i].Share / rest
		cell := bold(r.cat.Percent(after))
		if after >= r.shareThreshold() {
			cell = pdfCell{text: r.cat.Percent(after), bold: true, col: &colVermilion}
		}
		rows = append(rows, []pdfCell{txt(cs[i].Name), txt(r.cat.Percent(cs[i].Share)), cell})
	}
	r.table(cols, rows)
}

// ---- page 3: payments ----

func (r *pdfRenderer) pagePayments() {
	r.newSection("ui.payments")
	p := r.res.Portfolio
	r.paragraph(r.tf("ui.pay.lead", "paid", r.count(p.PaidCount), "wadl", r.days(p.WADL),
		"ontime", r.pct(p.OnTimeRate), "dso", r.days(p.DSO)), 9, 4.8, colInk)
	r.note(r.t("ui.pay.explain"))

	r.heading(r.t("ui.pay.table_title"), 20)
	withData := sortedBy(r.res.Clients,
		func(c *analytics.ClientFigures) bool { return c.PaidCount > 0 || c.OpenAmount != 0 },
		func(a, b *analytics.ClientFigures) bool {
			switch {
			case a.WADL == nil || b.WADL == nil:
				return a.WADL != nil && b.WADL == nil
			default:
				return *a.WADL > *b.WADL
			}
		})
	if len(withData) == 0 {
		r.note(r.t("ui.pay.none"))
	} else {
		cols := []pdfColumn{
			{title: r.t("ui.col.client"), width: 42, align: "L"},
			{title: r.t("ui.col.paid"), width: 16, align: "R"},
			{title: r.t("ui.col.avg_days"), width: 18, align: "R"},
			{title: r.t("ui.col.wadl"), width: 20, align: "R"},
			{title: r.t("ui.col.p90"), width: 17, align: "R"},
			{title: r.t("ui.col.on_time"), width: 17, align: "R"},
			{title: r.t("ui.col.open"), width: 24, align: "R"},
			{title: r.t("ui.col.overdue"), width: 24, align: "R"},
		}
		var rows [][]pdfCell
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
		r.table(cols, rows)
		r.moreRows("ui.more_clients", len(withData)-len(rows))
	}

	r.heading(r.t("ui.pay.aging_title"), 40)
	total := p.Aging.Total()
	if total == 0 && len(r.res.Open) == 0 {
		r.note(r.t("ui.pay.no_open"))
		return
	}
	r.agingBar(p.Aging)
	cols := []pdfColumn{
		{title: r.t("ui.col.bucket"), width: 60, align: "L"},
		{title: r.t("ui.col.amount"), width: 35, align: "R"},
		{title: r.t("ui.col.share_open"), width: 30, align: "R"},
	}
	var rows [][]pdfCell
	buckets := []invoice.Money{p.Aging.Current, p.Aging.D1to30, p.Aging.D31to60, p.Aging.D61to90, p.Aging.D90plus}
	for i, it := range r.agingBuckets(p.Aging) {
		share := r.cat.Dash()
		if total > 0 {
			share = r.cat.Percent(float64(buckets[i]) / float64(total))
		}
		rows = append(rows, []pdfCell{txt(it.label), txt(r.money(buckets[i])), txt(share)})
	}
	rows = append(rows, []pdfCell{bold(r.t("ui.total")), bold(r.money(total)), txt("")})
	r.table(cols, rows)

	var overdue []analytics.OpenInvoice
	for _, o := range r.res.Open {
		if o.DaysPastDue > 0 {
			overdue = append(overdue, o)
		}
	}
	if len(overdue) == 0 {
		return
	}
	r.heading(r.t("ui.pay.overdue_title"), 20)
	ocols := []pdfColumn{
		{title: r.t("ui.col.client"), width: 62, align: "L"},
		{title: r.t("ui.col.invoice"), width: 30, align: "L"},
		{title: r.t("ui.col.due"), width: 26, align: "R"},
		{title: r.t("ui.col.days_past_due"), width: 28, align: "R"},
		{title: r.t("ui.col.amount"), width: 32, align: "R"},
	}
	rows = rows[:0]
	assumed := false
	for i, o := range overdue {
		if i == topOpenRows {
			break
		}
		due := r.cat.Date(o.DueDate)
		if o.DueAssumed {
			due += "*"
			assumed = true
		}
		rows = append(rows, []pdfCell{txt(o.ClientName), txt(o.Number), txt(due),
			bold(r.count(o.DaysPastDue)), txt(r.money(o.Amount))})
	}
	r.table(ocols, rows)
	r.moreRows("ui.more_open", len(overdue)-len(rows))
	if assumed {
		r.note("* " + r.t("ui.pay.due_assumed"))
	}
}

// ---- page 4: maintenance ----

func (r *pdfRenderer) pageMaintenance() {
	r.newSection("ui.maintenance")
	if len(r.res.SignalsAvailable) == 0 {
		r.paragraph(r.t("ui.maint.no_signals"), 9, 4.8, colInk)
		return
	}
	names := make([]string, 0, len(r.res.SignalsAvailable))
	for _, s := range r.res.SignalsAvailable {
		names = append(names, r.t("ui.signal."+s))
	}
	r.paragraph(r.tf("ui.maint.signals", "signals", strings.Join(names, ", ")), 9, 4.8, colInk)
	r.note(r.t("ui.maint.explain"))

	rows0 := sortedBy(r.res.Clients,
		func(c *analytics.ClientFigures) bool {
			return c.CreditNoteCount > 0 || c.DisputedCount > 0 || c.Hours != nil
		},
		func(a, b *analytics.ClientFigures) bool {
			return a.HasFlag(analytics.FlagHighMaintenance) && !b.HasFlag(analytics.FlagHighMaintenance)
		})
	r.heading(r.t("ui.maint.table_title"), 20)
	if len(rows0) == 0 {
		r.note(r.t("ui.maint.none"))
	} else {
		cols := []pdfColumn{
			{title: r.t("ui.col.client"), width: 36, align: "L"},
			{title: r.t("ui.col.invoices"), width: 16, align: "R"},
			{title: r.t("ui.col.credit_notes"), width: 21, align: "R"},
			{title: r.t("ui.col.cn_ratio"), width: 16, align: "R"},
			{title: r.t("ui.col.disputed"), width: 18, align: "R"},
			{title: r.t("ui.col.hours"), width: 15, align: "R"},
			{title: r.t("ui.col.hours_share"), width: 16, align: "R"},
			{title: r.t("ui.col.load_ratio"), width: 18, align: "R"},
			{title: r.t("ui.col.rate"), width: 22, align: "R"},
		}
		var rows [][]pdfCell
		for i, c := range rows0 {
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
		r.table(cols, rows)
		r.moreRows("ui.more_clients", len(rows0)-len(rows))
	}
	p := r.res.Portfolio
	if p.TotalHours != nil {
		med := r.cat.Dash()
		if p.MedianEffectiveRate != nil {
			med = r.cat.Rate(*p.MedianEffectiveRate, r.res.Currency)
		}
		r.heading(r.t("ui.maint.hours_title"), 70)
		r.paragraph(r.tf("ui.maint.hours_lead", "hours", r.cat.Number(*p.TotalHours, 1), "median", med), 9, 4.8, colInk)
		withHours := sortedBy(r.res.Clients, func(c *analytics.ClientFigures) bool { return c.HoursShare != nil }, nil)
		r.loadScatter(withHours, r.loadThreshold())
	}
}

// loadThreshold is the load ratio threshold behind the scatter line.
func (r *pdfRenderer) loadThreshold() float64 {
	for _, c := range r.res.Clients {
		for _, f := range c.Flags {
			for _, m := range f.Reasons {
				if m.Key != "reason.load_ratio" {
					continue
				}
				for _, a := range m.Args {
					if v, ok := a.Value.(analytics.Ratio); ok && a.Name == "threshold" {
						return float64(v)
					}
				}
			}
		}
	}
	return analytics.DefaultThresholds().LoadRatio
}

// ---- page 5: lost and new clients ----

func (r *pdfRenderer) pageLostNew() {
	r.newSection("ui.lost_new")
	r.heading(r.t("ui.lost.title"), 20)
	if len(r.res.Lost) == 0 {
		r.note(r.t("ui.lost.none"))
	} else {
		r.note(r.t("ui.lost.explain"))
		cols := []pdfColumn{
			{title: r.t("ui.col.client"), width: 90, align: "L"},
			{title: r.t("ui.col.last_invoice"), width: 40, align: "R"},
			{title: r.t("ui.col.revenue"), width: 40, align: "R"},
		}
		var rows [][]pdfCell
		for i, l := range r.res.Lost {
			if i == topTableRows {
				break
			}
			rows = append(rows, []pdfCell{bold(l.Name), txt(r.cat.Date(l.LastInvoice)), txt(r.money(l.Revenue))})
		}
		r.table(cols, rows)
		r.moreRows("ui.more_clients", len(r.res.Lost)-len(rows))
	}
	r.heading(r.t("ui.new.title"), 20)
	if len(r.res.New) == 0 {
		r.note(r.t("ui.new.none"))
		return
	}
	cols := []pdfColumn{
		{title: r.t("ui.col.client"), width: 90, align: "L"},
		{title: r.t("ui.col.first_invoice"), width: 40, align: "R"},
		{title: r.t("ui.col.month_revenue"), width: 40, align: "R"},
	}
	var rows [][]pdfCell
	for i, n := range r.res.New {
		if i == topTableRows {
			break
		}
		rows = append(rows, []pdfCell{bold(n.Name), txt(r.cat.Date(n.FirstInvoice)), txt(r.money(n.Revenue))})
	}
	r.table(cols, rows)
	r.moreRows("ui.more_clients", len(r.res.New)-len(rows))
}

// ---- page 7: data quality ----

func (r *pdfRenderer) pageQuality() {
	r.newSection("ui.quality")
	q := r.in.Quality
	r.heading(r.t("ui.dq.files_title"), 20)
	if len(q.Files) == 0 {
		r.note(r.t("ui.dq.no_files"))
	} else {
		cols := []pdfColumn{
			{title: r.t("ui.col.file"), width: 58, align: "L"},
			{title: "SHA-256", width: 26, align: "L", mono: true},
			{title: r.t("ui.col.rows"), width: 16, align: "R"},
			{title: r.t("ui.col.accepted"), width: 20, align: "R"},
			{title: r.t("ui.col.rejected"), width: 19, align: "R"},
			{title: r.t("ui.col.duplicates"), width: 20, align: "R"},
			{title: r.t("ui.col.skipped"), width: 19, align: "R"},
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
		r.table(cols, rows)
		for _, f := range failed {
			r.paragraph(r.tf("ui.dq.file_error", "file", f.Name, "error", f.Error), 8.5, 4.6, colVermilion)
		}
	}

	rejected := r.in.rejectedRows()
	r.heading(r.t("ui.dq.rejected_title"), 20)
	if len(rejected) == 0 {
		r.note(r.t("ui.dq.no_rejected"))
	} else {
		r.paragraph(r.tn("ui.dq.rejected_count", len(rejected)), 9, 4.8, colInk)
		cols := []pdfColumn{
			{title: r.t("ui.col.file"), width: 42, align: "L"},
			{title: r.t("ui.col.sheet"), width: 24, align: "L"},
			{title: r.t("ui.col.row"), width: 13, align: "R"},
			{title: r.t("ui.col.column"), width: 25, align: "L"},
			{title: r.t("ui.col.reason"), width: 74, align: "L"},
		}
		var rows [][]pdfCell
		for _, x := range rejected {
			if len(rows) == topRejectRows {
				break
			}
			rows = append(rows, []pdfCell{txt(x.File), txt(x.Sheet), txt(r.count(x.Row)), txt(x.Column), txt(x.Reason)})
		}
		r.table(cols, rows)
		r.moreRows("ui.more_rejected", len(rejected)-len(rows))
	}

	r.heading(r.t("ui.dq.assumptions_title"), 12)
	var lines []string
	for _, m := range r.in.assumptions() {
		lines = append(lines, r.msg(m))
	}
	lines = append(lines, q.Notes...)
	if len(lines) == 0 {
		r.note(r.t("ui.dq.no_assumptions"))
	}
	for _, s := range lines {
		r.paragraph("• "+s, 9, 4.8, colInk)
	}
	r.pdf.Ln(2)
	r.note(r.t("ui.dq.full_data"))
}
