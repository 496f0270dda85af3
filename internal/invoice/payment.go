package invoice

// Payment is one receipt of a payments export (Invoice Ninja's payments,
// QuickBooks "Received payments", a collections sheet): money a client
// paid against an invoice. Amount is signed: a refund is negative. It is
// applied to the invoices at report time (analytics.ApplyPayments), as
// of the report's date.
type Payment struct {
	Number     string // the invoice it pays, as printed; "" when the export has none
	ClientKey  string // identity, as a Document's
	ClientName string
	ClientID   string
	Date       Date
	Currency   string // ISO 4217 code; "" means the base currency (or the invoice's)
	Amount     Money  // minor units of Currency; refunds negative
	Source     Source
}

// Customer is one row of a customer list: a client id with its name and,
// when the list has them, its own payment terms, email and category.
type Customer struct {
	ClientKey string // ClientKey(ID, Name): "id:..." when it has an id
	ClientID  string
	Name      string
	TermsDays int  // valid when HasTerms
	HasTerms  bool // the list gives the client's own payment terms
	Email     string
	Category  string
	Source    Source
}
