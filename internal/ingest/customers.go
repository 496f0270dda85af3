package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Customer lists (a customer master, QuickBooks "Customer Contact List",
// Invoice Ninja clients): a client id and a name, optionally the client's
// payment terms in days, an email and a category. They give names to
// invoices that carry only a client id, and terms to invoices without a
// due date (analytics.ApplyPayments). Recognised by a header naming a
// client id and a client name and no date, amount or hours.

// Fields of a customer list only; they are not matched in other tables.
const (
	FieldTermsDays = "terms_days"
	FieldEmail     = "email"
	FieldCategory  = "category"
)

var customerWords = map[string]map[string]bool{
	FieldTermsDays: parse.WordSet("payment terms|terms|terms days|payment terms days|days|net days|giorni|giorni pagamento|termini di pagamento|dias de pago|plazo de pago|condiciones de pago|отсрочка|срок оплаты дней|zahlungsziel|zahlungsziel tage|delai de paiement"),
	FieldEmail:     parse.WordSet("email|e mail|email address|mail|correo|correo electronico|почта|электронная почта"),
	FieldCategory:  parse.WordSet("category|categoria|categoría|group|segment|type|customer type|customer group|tipo cliente|gruppo|категория|kategorie|catégorie"),
}

// customersHeader makes h (a mapped row with no date, amount or hours) a
// customer list's header when it names a client id and a client name.
func customersHeader(h *header) *header {
	for _, f := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate, FieldAmount, FieldGross, FieldPaidAmount, FieldOutstanding, FieldHours} {
		if _, ok := h.cols[f]; ok {
			return nil
		}
	}
	// Both named outright (or by the config): a guessed name column
	// beside an account number is a trading or bank report, not a list
	// of customers.
	name, hasName := h.cols[FieldClient]
	id, hasID := h.cols[FieldClientID]
	if !hasName || !hasID || name.fuzzy() || id.fuzzy() {
		return nil
	}
	c := *h
	c.kind = kindCustomers
	c.cols = map[string]column{FieldClient: h.cols[FieldClient], FieldClientID: h.cols[FieldClientID]}
	taken := map[int]bool{h.cols[FieldClient].idx: true, h.cols[FieldClientID].idx: true}
	for _, f := range []string{FieldTermsDays, FieldEmail, FieldCategory} {
		if col, ok := h.cols[f]; ok && col.how == "config" && !taken[col.idx] {
			c.cols[f] = col // input.columns names it
			taken[col.idx] = true
			continue
		}
		for i, t := range h.texts {
			if !taken[i] && t != "" && customerWords[f][parse.Fold(t, true)] {
				c.cols[f] = column{idx: i, header: t, how: "exact"}
				taken[i] = true
				break
			}
		}
	}
	c.lang = headerLang(&c)
	return &c
}

// customerRow reads one row of a customer list; a row without an id or
// a name, or with terms that are not a number of days, is rejected.
func (s *sheetState) customerRow(r rowsrc.Row) {
	rp := s.rows
	if rp.isTotals(r) {
		s.res.Skipped++
		return
	}
	if s.fs.seen(r) {
		s.res.Duplicates++
		return
	}
	id, idCol, _ := rp.cell(r, FieldClientID)
	name, nameCol, _ := rp.cell(r, FieldClient)
	// Copied: a workbook cell is a substring of the shared strings, which
	// a customer, kept with the documents, must not hold in memory.
	id, name = strings.Clone(strings.TrimSpace(id)), strings.Clone(strings.TrimSpace(name))
	switch {
	case id == "":
		s.reject(rp.rowError(r.Num, idCol, "", "the customer id is empty"))
		return
	case name == "":
		s.reject(rp.rowError(r.Num, nameCol, "", "the customer name is empty"))
		return
	}
	cu := invoice.Customer{ClientKey: invoice.ClientKey(id, name), ClientID: id, Name: name, Source: rp.source(r.Num)}
	if text, c, ok := rp.cell(r, FieldTermsDays); ok && strings.TrimSpace(text) != "" {
		days, err := parseTermsDays(text)
		if err != nil {
			s.reject(rp.rowError(r.Num, c, text, err.Error()))
			return
		}
		cu.TermsDays, cu.HasTerms = days, true
	}
	cu.Email, _, _ = rp.cell(r, FieldEmail)
	cu.Category, _, _ = rp.cell(r, FieldCategory)
	cu.Email, cu.Category = strings.Clone(strings.TrimSpace(cu.Email)), strings.Clone(strings.TrimSpace(cu.Category))
	s.fs.res.Customers = append(s.fs.res.Customers, cu)
	s.customers++
}

// parseTermsDays reads payment terms: the one whole number of days in
// "30", "Net 30", "30 days", "30 gg" (0 to 3650).
func parseTermsDays(text string) (int, error) {
	nums := strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' })
	if v, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil && v == float64(int(v)) {
		nums = []string{strconv.Itoa(int(v))} // a workbook number 30 or 30.0
	}
	if len(nums) == 1 {
		if n, err := strconv.Atoi(nums[0]); err == nil && n <= 3650 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("cannot read %q as payment terms in days (a number such as 30 or \"Net 30\")", parse.Truncate(text, 40))
}
