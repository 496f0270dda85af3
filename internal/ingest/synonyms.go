package ingest

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
)

// headerMatch says which field a header cell names and how sure the match
// is.
//
// Priority orders candidates for the same field (higher wins) and already
// encodes exactness: an exact match of an ordinary synonym is 95-120, a
// synonym found inside a longer header 20-40, and an exact match of a weak
// synonym ("Name", "Details", "Invoice ID") 5, so that "Name" is the client
// only when nothing better names it. Sorting by Priority alone is enough.
// A line amount ranks below an invoice-level amount of the same kind
// ("Total" over "Item Total"), a specific phrase above a plain word
// ("Invoice Date" over "Date").
//
// Amounts: Field is FieldAmount for a net or plain amount ("Amount", "Net",
// "Subtotal", "Imponibile", "Importo", "Сумма", "Betrag"). A total that is
// usually tax-inclusive ("Total", "Totale", "Total factura", "TotalAmount",
// "Итого") is FieldAmount with Gross set: the reader uses it as the amount
// when it is alone and as the gross beside a net column. Headers that say
// outright that tax is included ("Gross", "Total incl. VAT", "Totale
// documento", "Lordo", "Brutto", "TTC", "Сумма с НДС") are FieldGross with
// Gross set. Line marks per-line amounts ("Line Total", "Item Total",
// "Importo riga", "Sales") so the reader can prefer an invoice-level total.
//
// Lang is the language of the synonym ("en", "it", "es", "ru", "de", "fr")
// or "" when the word is shared by languages that write dates differently
// ("Client" is English and French). The reader uses it for columns whose
// day/month order no value settles: it/es/ru/de/fr mean day first, en
// means month first (US habit; a British file shows a day above 12 soon
// enough, or the config says date_order: dmy).
type headerMatch struct {
	Field    string
	Exact    bool
	Near     bool // a header word one typo away from a synonym's word
	Priority int
	Gross    bool
	Line     bool
	Lang     string
}

// FieldPaidAmount is an extra field beside those of result.go: an amount
// already paid ("Amount Paid", Xero "AmountPaid", Invoice2go
// "AmountPaidAmount"). Recognising it keeps such columns from being taken
// for the invoice amount; a reader may derive outstanding = amount - paid.
// Note that a bare "Paid" header maps to FieldPaidFlag although some
// programs (Invoice Ninja v4, 1C "Оплачено") put amounts in it: the reader
// should look at the values (parse.ParseYesNo fails on "$5.01").
const FieldPaidAmount = "paid_amount"

// normalizeHeader is the folding matchHeader uses: camelCase split, NFKD
// with marks removed, case folded, punctuation turned to single spaces,
// "#", "Nº", "N°" and "№" read as "no". "Nº Factura" -> "no factura",
// "CustomerName" -> "customer name", "Fällig am:" -> "fallig am".
func normalizeHeader(s string) string { return parse.Fold(s, true) }

// Synonym weights: weak synonyms match only the whole header and lose to
// any other match; strong ones are specific phrases.
const (
	weak   = 0
	normal = 1
	strong = 2
)

type synonym struct {
	text      string // normalised
	field     string
	lang      string
	weight    int
	exactOnly bool // never matched inside a longer header
	gross     bool
	line      bool
}

// synonymGroup lists words of one field, language and kind; words are
// written as exports spell them and normalised when the table is built.
type synonymGroup struct {
	field  string
	lang   string
	weight int
	flags  string // x: exact only, g: gross, l: line amount
	words  string // separated by |
}

var synonymGroups = []synonymGroup{
	// number
	{FieldNumber, "en", strong, "", "Invoice No|Invoice #|Invoice Number|Invoice Num|Invoice Nr|InvoiceNumber|Inv No|Inv #|Inv Number|Document Number|Document No|Doc No|Doc Number|Invoice Ref|Invoice Reference|Transaction Number|Txn No|Ref No"},
	{FieldNumber, "en", normal, "", "Number|Bill No|Bill Number"},
	{FieldNumber, "en", normal, "x", "Invoice|Nr|Ref|Reference|No.|#|Num"},
	{FieldNumber, "en", weak, "x", "Invoice ID|Details|Document|ID"},
	{FieldNumber, "it", strong, "", "Numero fattura|N. fattura|Nr. fattura|Num. fattura|N. documento|Numero documento|Num. documento|Nr. documento|N. doc|Num doc|Numero doc|Protocollo"},
	{FieldNumber, "es", strong, "", "Número factura|Número de factura|Nº factura|Num. factura|Nro. factura|Nro factura|Factura No|Factura Nº|Número documento|Número de documento|Nº documento"},
	{FieldNumber, "", normal, "", "Numero|Nro"},
	{FieldNumber, "ru", strong, "", "Номер|№ счета|№ счёта|Номер счета|Номер счёта|Номер документа|№ документа|№ п/п|Номер накладной|№ накладной"},
	{FieldNumber, "ru", normal, "x", "№"},
	{FieldNumber, "de", strong, "", "Rechnungsnummer|Rechnungs-Nr.|Rechnungsnr|Rechnung Nr|Re-Nr.|Belegnummer|Beleg-Nr.|Belegnr|Nummer"},
	{FieldNumber, "fr", strong, "", "N° facture|No facture|Numéro facture|Numéro de facture|N° de facture|Facture N°|Numéro|N° pièce|Numéro de pièce"},

	// client
	{FieldClient, "en", strong, "", "Customer Name|Customer|Client Name|Contact Name|Bill To|Billed To|Bill-to Name|Customer Full Name|Party Name|Sold To|Account Holder"},
	{FieldClient, "", strong, "", "Client"},
	{FieldClient, "en", normal, "", "Company Name|Contact|Buyer|Party|Partner|Payer|Customer Company|Organisation|Organization|Customer/Project|Customer:Job"},
	{FieldClient, "en", weak, "x", "Name|Company|Display Name|Full Name|Account"},
	{FieldClient, "it", strong, "", "Ragione sociale|Intestatario|Denominazione|Nome cliente|Cliente/Fornitore|Committente|Cessionario|Denominazione cliente|Cliente denominazione"},
	{FieldClient, "", strong, "", "Cliente"},
	{FieldClient, "it", normal, "", "Destinatario|Nominativo"},
	{FieldClient, "es", strong, "", "Nombre cliente|Nombre del cliente|Razón social|Cliente nombre|Nombre o razón social"},
	{FieldClient, "es", weak, "x", "Nombre|Empresa"},
	{FieldClient, "es", normal, "", "Contacto|Nombre contacto"},
	{FieldClient, "ru", strong, "", "Клиент|Контрагент|Покупатель|Заказчик|Наименование контрагента|Плательщик|Наименование покупателя|Контрагент наименование"},
	{FieldClient, "ru", weak, "x", "Наименование"},
	{FieldClient, "de", strong, "", "Kunde|Kundenname|Kunden Name|Auftraggeber|Rechnungsempfänger|Empfänger"},
	{FieldClient, "de", weak, "x", "Firma"},
	{FieldClient, "fr", strong, "", "Société|Nom du client|Nom client|Raison sociale"},

	// client id
	{FieldClientID, "en", strong, "", "Customer ID|Client ID|Customer Number|Customer No|Client Number|Client No|Contact ID|Account Number|Account No|VAT Number|VAT No|VAT ID|VAT Reg No|VAT Registration Number|Tax ID|Tax Number|Customer Code|Client Code|Customer Ref"},
	{FieldClientID, "en", normal, "x", "TIN|EIN|ABN|GSTIN|A/C|Account Ref|Account Code"},
	{FieldClientID, "it", strong, "", "Partita IVA|P.IVA|P. IVA|PIVA|Codice fiscale|Codice cliente|ID cliente|P.IVA/C.F.|Partita IVA cliente|Cod. cliente|Codice fiscale cliente"},
	{FieldClientID, "it", normal, "x", "CF|C.F."},
	{FieldClientID, "es", strong, "", "NIF|CIF|NIF/CIF|NIF cliente|CIF cliente|ID fiscal|Número de cliente|Código cliente|Código de cliente|RFC|RUT"},
	{FieldClientID, "ru", strong, "", "ИНН|ИНН контрагента|ИНН покупателя|Код контрагента|Код клиента"},
	{FieldClientID, "de", strong, "", "USt-IdNr|USt-IdNr.|USt-ID|UStID|Umsatzsteuer-ID|Steuernummer|Kundennummer|Kunden-Nr.|Kundennr"},
	{FieldClientID, "fr", strong, "", "SIRET|SIREN|Numéro de TVA|N° TVA|TVA intracommunautaire|Code client|Numéro client"},

	// issue date
	{FieldIssueDate, "en", strong, "", "Invoice Date|Issue Date|Date Issued|Issued Date|Issued On|Document Date|Doc Date|Bill Date|Billing Date|Transaction Date|Txn Date|Invoiced At|Invoiced Date|Invoice Date Time|Start Date|Date of Issue|Dated On|InvoiceDate|DocumentDate"},
	{FieldIssueDate, "", normal, "", "Date"},
	{FieldIssueDate, "en", weak, "x", "Issued|Start|Day"},
	{FieldIssueDate, "it", strong, "", "Data fattura|Data documento|Data emissione|Data doc|Data del documento|Data di emissione|Data registrazione"},
	{FieldIssueDate, "it", normal, "", "Data"},
	{FieldIssueDate, "es", strong, "", "Fecha factura|Fecha de factura|Fecha emisión|Fecha de emisión|Fecha expedición|Fecha de expedición|Fecha documento|Fecha del documento"},
	{FieldIssueDate, "es", normal, "", "Fecha"},
	{FieldIssueDate, "ru", strong, "", "Дата счета|Дата счёта|Дата документа|Дата выставления|Дата накладной"},
	{FieldIssueDate, "ru", normal, "", "Дата"},
	{FieldIssueDate, "de", strong, "", "Rechnungsdatum|Belegdatum|Ausstellungsdatum|Ausgestellt am"},
	{FieldIssueDate, "de", normal, "", "Datum"},
	{FieldIssueDate, "fr", strong, "", "Date de facture|Date facture|Date d'émission|Date émission|Date de facturation|Date de la facture"},

	// due date
	{FieldDueDate, "en", strong, "", "Due Date|Date Due|Due On|Payment Due|Payment Due Date|Due At|Due By|DueDate"},
	{FieldDueDate, "en", normal, "x", "Due"},
	{FieldDueDate, "it", strong, "", "Scadenza|Data scadenza|Data di scadenza|Scadenza pagamento|Data scadenza pagamento"},
	{FieldDueDate, "es", strong, "", "Vencimiento|Fecha vencimiento|Fecha de vencimiento|Fecha vto|Vto"},
	{FieldDueDate, "es", normal, "x", "Vence"},
	{FieldDueDate, "ru", strong, "", "Срок оплаты|Срок платежа|Оплатить до|Дата оплаты по договору"},
	{FieldDueDate, "de", strong, "", "Fällig am|Fälligkeit|Fälligkeitsdatum|Zahlbar bis|Zahlungsziel"},
	{FieldDueDate, "de", normal, "x", "Fällig"},
	{FieldDueDate, "fr", strong, "", "Échéance|Date d'échéance|Date échéance|Date limite de paiement"},

	// paid date
	{FieldPaidDate, "en", strong, "", "Paid Date|Payment Date|Date Paid|Paid On|Paid At|Settled Date|Settlement Date|Closed Date|Date Closed|Fully Paid On Date|Fully Paid On|Last Payment Date|Date of Payment|Payment Received|Date Received|Received Date|FullyPaidOnDate"},
	{FieldPaidDate, "it", strong, "", "Data pagamento|Data incasso|Incassato il|Pagato il|Data di pagamento|Data saldo|Data di incasso"},
	{FieldPaidDate, "es", strong, "", "Fecha de pago|Fecha pago|Fecha cobro|Fecha de cobro|Cobrado el|Pagado el"},
	{FieldPaidDate, "ru", strong, "", "Дата оплаты|Дата платежа|Дата поступления|Оплачено дата"},
	{FieldPaidDate, "de", strong, "", "Bezahlt am|Zahlungsdatum|Zahldatum|Eingang am|Zahlungseingang|Bezahldatum"},
	{FieldPaidDate, "fr", strong, "", "Date de paiement|Date paiement|Payé le|Date d'encaissement|Date de règlement|Date règlement|Réglé le"},

	// amount: net or plain
	{FieldAmount, "en", normal, "", "Amount|Net|Net Amount|Amount Net|Subtotal|Sub Total|SubTotal|Net Total|Total Net|Total Excl. VAT|Total Excl. Tax|Amount Excl. VAT|Amount Excl. Tax|Excl. VAT|Excl. Tax|Amount Before Tax|Pre-tax Amount|Taxable Amount|Untaxed Amount|Tax Excluded|Amount Untaxed|Subtotal Amount|Invoice Amount|Invoice Value|Value|Net Value"},
	{FieldAmount, "it", normal, "", "Importo|Imponibile|Netto|Totale imponibile|Tot. imponibile|Importo netto|Valore|Imponibile fattura|Importo imponibile"},
	{FieldAmount, "es", normal, "", "Importe|Base imponible|Neto|Importe neto|Total base imponible"},
	{FieldAmount, "ru", normal, "", "Сумма|Сумма без НДС|Сумма без учета НДС|Сумма без учёта НДС|Стоимость|Сумма нетто"},
	{FieldAmount, "de", normal, "", "Betrag|Netto|Nettobetrag|Summe netto|Nettosumme|Zwischensumme|Netto Betrag|Rechnungsbetrag netto"},
	{FieldAmount, "fr", normal, "", "Montant|Montant HT|Total HT|HT|Sous-total|Montant hors taxes|Total hors taxes"},
	// amount: a total, usually gross beside a net column
	{FieldAmount, "", normal, "g", "Total|Totals"},
	{FieldAmount, "en", normal, "g", "Total Amount|Invoice Total|Grand Total|Amount Total|TotalAmount|Total Value|Total Due Amount|Total Signed|Amount Total Signed"},
	{FieldAmount, "it", normal, "g", "Totale|Totale fattura|Importo totale|Totale importo"},
	{FieldAmount, "es", normal, "g", "Total factura|Importe total|Total de la factura"},
	{FieldAmount, "ru", normal, "g", "Итого|Всего|Сумма документа|Итоговая сумма|Сумма итого"},
	{FieldAmount, "de", normal, "g", "Gesamtbetrag|Rechnungsbetrag|Gesamt|Summe|Gesamtsumme"},
	{FieldAmount, "fr", normal, "g", "Montant total|Total facture|Total général"},
	// explicit gross
	{FieldGross, "en", strong, "g", "Gross|Gross Amount|Gross Total|Total Gross|Total incl. VAT|Total including VAT|Total inc. VAT|Total incl. Tax|Total including Tax|Total inc. Tax|Amount incl. VAT|Amount incl. Tax|Incl. VAT|Inc. VAT|Total with Tax|Tax Inclusive Total|Total Tax Inclusive|Gross Value"},
	{FieldGross, "it", strong, "g", "Totale documento|Tot. documento|Lordo|Importo lordo|Totale ivato|Totale con IVA|Totale IVA inclusa|Totale lordo|Importo IVA inclusa"},
	{FieldGross, "es", strong, "g", "Total con IVA|Importe con IVA|Total IVA incluido|IVA incluida|Total bruto|Importe bruto"},
	{FieldGross, "ru", strong, "g", "Сумма с НДС|Сумма с учетом НДС|Сумма с учётом НДС|Сумма брутто|Всего с НДС|Итого с НДС"},
	{FieldGross, "de", strong, "g", "Brutto|Bruttobetrag|Gesamtbetrag brutto|Summe brutto|Bruttosumme|Brutto Betrag|Rechnungsbetrag brutto"},
	{FieldGross, "fr", strong, "g", "TTC|Montant TTC|Total TTC"},
	// line amounts
	{FieldAmount, "en", strong, "l", "Line Amount|Line Subtotal|Line Net|Item Amount|Item Subtotal|Line Value|Item Net"},
	{FieldAmount, "en", normal, "xl", "Sales|Sales Amount|Net Sales"},
	{FieldAmount, "en", strong, "gl", "Line Total|Item Total|Line Gross"},
	{FieldAmount, "it", strong, "l", "Importo riga|Totale riga|Imponibile riga|Importo articolo"},
	{FieldAmount, "es", strong, "l", "Importe línea|Importe de línea|Total línea|Importe artículo"},
	{FieldAmount, "ru", strong, "l", "Сумма строки|Сумма по строке|Сумма позиции"},
	{FieldAmount, "de", strong, "l", "Positionsbetrag|Zeilenbetrag|Positionssumme|Betrag Position"},
	{FieldAmount, "fr", strong, "l", "Montant ligne|Total ligne|Montant de la ligne"},

	// outstanding
	{FieldOutstanding, "en", strong, "", "Balance|Balance Due|Amount Due|Open Balance|Outstanding|Outstanding Amount|Amount Outstanding|Outstanding Balance|Remaining|Remaining Balance|Remaining Amount|Unpaid Amount|Amount Unpaid|Due Amount|Balance Due Amount|Open Amount|AmountDue|Invoice Amount Due"},
	{FieldOutstanding, "it", strong, "", "Residuo|Importo residuo|Da incassare|Da pagare|Residuo da incassare|Insoluto|Importo da incassare|Saldo residuo"},
	{FieldOutstanding, "", strong, "", "Saldo"},
	{FieldOutstanding, "es", strong, "", "Pendiente|Importe pendiente|Saldo pendiente|Por cobrar|Pendiente de cobro|Importe pendiente de cobro"},
	{FieldOutstanding, "ru", strong, "", "Остаток|Долг|Задолженность|Остаток долга|К оплате|Остаток к оплате|Сумма долга"},
	{FieldOutstanding, "de", strong, "", "Offen|Offener Betrag|Offen Betrag|Restbetrag|Ausstehend|Offener Saldo"},
	{FieldOutstanding, "fr", strong, "", "Solde|Reste à payer|Restant dû|Montant dû|Solde dû"},

	// paid amount (extra field)
	{FieldPaidAmount, "en", strong, "", "Amount Paid|Paid Amount|Amount Received|Total Paid|AmountPaid|Invoice Amount Paid|Paid To Date|Amount Paid Amount"},
	{FieldPaidAmount, "en", normal, "", "Payments|Payment Amount"},
	{FieldPaidAmount, "it", strong, "", "Importo pagato|Importo incassato|Incassato|Totale pagato|Totale incassato"},
	{FieldPaidAmount, "es", strong, "", "Importe pagado|Importe cobrado|Cobrado|Total pagado|Total cobrado"},
	{FieldPaidAmount, "ru", strong, "", "Сумма оплаты|Оплаченная сумма|Сумма платежа"},
	{FieldPaidAmount, "de", strong, "", "Bezahlter Betrag|Gezahlt|Zahlbetrag|Bereits bezahlt"},
	{FieldPaidAmount, "fr", strong, "", "Montant payé|Montant réglé|Déjà payé"},

	// currency
	{FieldCurrency, "en", strong, "", "Currency|Currency Code|Curr|Ccy|Currency ISO|CurrencyCode"},
	{FieldCurrency, "it", strong, "", "Valuta|Divisa"},
	{FieldCurrency, "es", strong, "", "Moneda|Divisa"},
	{FieldCurrency, "ru", strong, "", "Валюта|Код валюты"},
	{FieldCurrency, "de", strong, "", "Währung|Waehrung"},
	{FieldCurrency, "fr", strong, "", "Devise|Monnaie"},

	// status
	{FieldStatus, "", normal, "", "Status"},
	{FieldStatus, "en", strong, "", "Invoice Status|Payment Status|Status Code|Invoice Status Code|Document Status"},
	{FieldStatus, "it", strong, "", "Stato|Stato pagamento|Stato fattura|Stato documento"},
	{FieldStatus, "es", strong, "", "Estado|Estado de pago|Estado factura|Estado del documento"},
	{FieldStatus, "ru", strong, "", "Статус|Статус оплаты|Состояние|Статус документа"},
	{FieldStatus, "de", strong, "", "Zahlungsstatus|Rechnungsstatus|Zustand"},
	{FieldStatus, "fr", strong, "", "Statut|État|Statut de paiement|Statut facture"},

	// kind
	{FieldKind, "en", strong, "", "Document Type|Doc Type|Invoice Type|Transaction Type|Kind|Document Kind|Type of Document|Voucher Type"},
	{FieldKind, "", normal, "x", "Type|Tipo"},
	{FieldKind, "it", strong, "", "Tipo documento|Tipo doc|Tipo fattura|Tipologia|Tipologia documento"},
	{FieldKind, "es", strong, "", "Tipo de documento|Tipo de factura|Tipo factura|Clase de documento"},
	{FieldKind, "ru", strong, "", "Вид документа|Тип документа|Вид операции"},
	{FieldKind, "ru", normal, "x", "Тип|Вид"},
	{FieldKind, "de", strong, "", "Belegart|Dokumentart|Rechnungsart|Dokumenttyp|Belegtyp"},
	{FieldKind, "fr", strong, "", "Type de document|Type de facture|Type de pièce"},

	// hours
	{FieldHours, "en", strong, "", "Hours|Duration|Duration (h)|Duration (decimal)|Time (h)|Time (hours)|Hours Worked|Billable Hours|Logged Hours|Tracked Hours|Time Spent|Hours (decimal)|Quantity (hours)"},
	{FieldHours, "en", normal, "x", "Time|Hrs|Qty Hours"},
	{FieldHours, "it", strong, "", "Ore|Ore lavorate|Durata|Ore fatturabili"},
	{FieldHours, "es", strong, "", "Horas|Duración|Horas trabajadas|Horas facturables"},
	{FieldHours, "ru", strong, "", "Часы|Кол-во часов|Количество часов|Длительность|Продолжительность|Время (ч)"},
	{FieldHours, "de", strong, "", "Stunden|Dauer|Arbeitsstunden|Std."},
	{FieldHours, "fr", strong, "", "Heures|Durée|Heures travaillées|Temps (h)"},

	// disputed flag
	{FieldDisputed, "en", strong, "", "Disputed|Dispute|In Dispute|Contested|Is Disputed|Under Dispute"},
	{FieldDisputed, "it", strong, "", "Contestata|Contestato|Contestazione|In contestazione|Contestata?"},
	{FieldDisputed, "es", strong, "", "Disputada|En disputa|Impugnada|Reclamada"},
	{FieldDisputed, "ru", strong, "", "Оспаривается|Спор|Спорный|Оспорен|Претензия"},
	{FieldDisputed, "de", strong, "", "Strittig|Bestritten|Reklamiert|Beanstandet"},
	{FieldDisputed, "fr", strong, "", "Contesté|Contestée|Litige|En litige"},

	// paid flag: exact only, as "paid" inside a header is a date or an
	// amount ("Date Paid", "Amount Paid").
	{FieldPaidFlag, "en", normal, "x", "Paid|Is Paid|Paid?|Paid (Y/N)|Settled|Fully Paid"},
	{FieldPaidFlag, "it", normal, "x", "Pagata|Pagato|Saldata|Saldato|Incassata"},
	{FieldPaidFlag, "es", normal, "x", "Pagado|Pagada|Cobrada"},
	{FieldPaidFlag, "ru", normal, "x", "Оплачен|Оплачено|Оплачена|Оплата"},
	{FieldPaidFlag, "de", normal, "x", "Bezahlt|Beglichen"},
	{FieldPaidFlag, "fr", normal, "x", "Payé|Payée|Réglé|Réglée"},
}

// vetoWords keep a synonym found inside a longer header from matching
// when the rest of the header says it is something else: "Tax Amount" is
// not the amount, "Created Date" is not the issue date.
var vetoWords = map[string]string{
	FieldAmount:      "tax|taxes|vat|iva|ндс|mwst|ust|tva|igst|cgst|sgst|gst|discount|sconto|descuento|скидка|rabatt|remise|ship|shipping|spedizione|envio|доставка|versand|rate|price|prezzo|precio|цена|preis|prix|unit|cost|costo|coste|quantity|qty|quantita|cantidad|количество|menge|quantite|units|fee|paid|pagato|pagado|оплачено|bezahlt|paye|exchange|adjustment|round|write|writeoff|deposit|partial|debit|credit|balance|due|withholding|ritenuta|bollo|stamp|commission|provvigione|hourly|cambio|курс|billable|person|rep|agent",
	FieldGross:       "discount|sconto|descuento|скидка|rabatt|remise|price|prezzo|precio|цена|preis|prix|unit|paid|exchange|rate",
	FieldIssueDate:   "created|creation|creazione|creacion|создания|erstellt|creee|updated|modified|modifica|added|last|ship|shipping|delivery|consegna|entrega|доставки|lieferung|livraison|expected|birth|write|writeoff|print|sent|end|fine|stop|due|payment|paid|pagamento|pago|оплаты|zahlung|paiement|scadenza|vencimiento|echeance|partial",
	FieldDueDate:     "partial|expected|original",
	FieldPaidDate:    "expected|due|partial|scheduled|planned",
	FieldNumber:      "phone|telephone|tel|fax|po|purchase|order|ordine|pedido|заказа|bestell|commande|vat|tax|iva|account|customer|client|cliente|item|tracking|estimate|quote|preventivo|presupuesto|line|riga|row|serial|id|registration|fiscal|of|units",
	FieldClient:      "id|code|codice|codigo|код|nummer|number|no|email|mail|phone|address|indirizzo|direccion|адрес|adresse|city|country|vat|iva|tax|type|group|category|gruppo",
	FieldOutstanding: "opening|starting|previous|rate|tax|bank|account",
	FieldCurrency:    "amount|total|sum|importo|importe|сумма|betrag|montant|value|rate|exchange|cambio|курс|tasso|kurs|taux",
	FieldStatus:      "output|sync|synced|email|delivery|shipping|sdi|sending",
	FieldHours:       "rate|amount|start|end|date|cost|price|tariffa|rounded",
	FieldPaidAmount:  "rate|date|status",
}

// headerTable is the synonym table in matching form. It is built once and
// only read afterwards.
type headerTable struct {
	exact    map[string]synonym
	contains []synonym // longest first
	veto     map[string]map[string]bool
	// words are the synonyms' words of nearMinLen letters or more, by
	// length in letters, for near matches.
	words map[int][]string
}

// nearMinLen is the shortest header word matched one typo away: shorter
// words are too close to each other ("Date", "Data", "Rate").
const nearMinLen = 5

var headerTableOnce = sync.OnceValue(buildHeaderTable)

func buildHeaderTable() *headerTable {
	t := &headerTable{exact: make(map[string]synonym), veto: make(map[string]map[string]bool), words: make(map[int][]string)}
	seen := make(map[string]bool)
	for _, g := range synonymGroups {
		for _, w := range strings.Split(g.words, "|") {
			n := normalizeHeader(w)
			if n == "" {
				continue
			}
			s := synonym{
				text: n, field: g.field, lang: g.lang, weight: g.weight,
				exactOnly: g.weight == weak || strings.Contains(g.flags, "x"),
				gross:     strings.Contains(g.flags, "g"),
				line:      strings.Contains(g.flags, "l"),
			}
			if old, dup := t.exact[n]; dup {
				// The same word in two languages of one field ("Cliente"
				// in Italian and Spanish): keep it once, with no language
				// unless both agree.
				if old.lang != s.lang {
					old.lang = ""
				}
				t.exact[n] = old
				continue
			}
			for _, w := range strings.Fields(n) {
				if k := utf8.RuneCountInString(w); k >= nearMinLen && !seen[w] {
					seen[w] = true
					t.words[k] = append(t.words[k], w)
				}
			}
			t.exact[n] = s
			if !s.exactOnly {
				t.contains = append(t.contains, s)
			}
		}
	}
	sort.SliceStable(t.contains, func(i, j int) bool { return len(t.contains[i].text) > len(t.contains[j].text) })
	for _, ws := range t.words {
		sort.Strings(ws)
	}
	for f, words := range vetoWords {
		m := make(map[string]bool)
		for _, w := range strings.Split(words, "|") {
			m[normalizeHeader(w)] = true
		}
		t.veto[f] = m
	}
	return t
}

// matchHeader says which field a header cell names. The whole normalised
// header equal to a synonym is an exact match. Otherwise the longest
// synonym found inside the header on word boundaries is taken ("Total
// (EUR)", "CustomerName", "Invoice Amount"), unless a word outside it
// says the column is something else ("Tax Amount", "Created Date",
// "Discount Total"); short ambiguous words ("Name", "Type", "Paid", "Due",
// "Time", "#") only match the whole header. ok is false for headers that
// name no field.
//
// A header that matches nothing so is tried once more with one of its
// words of nearMinLen letters or more replaced by a synonym's word one
// typo away (Damerau-Levenshtein distance 1 inside the word, the last
// letter kept: "Clinete" for "Cliente", "Imponbile" for "Imponibile");
// such a match is Near, ranks below every exact match, and is said as a
// near match.
func matchHeader(header string) (headerMatch, bool) {
	h := normalizeHeader(header)
	if h == "" {
		return headerMatch{}, false
	}
	t := headerTableOnce()
	if m, ok := t.match(h); ok {
		return m, true
	}
	return t.nearMatch(h)
}

// nearMatch matches h with one word corrected (matchHeader).
func (t *headerTable) nearMatch(h string) (headerMatch, bool) {
	words := strings.Fields(h)
	for i, w := range words {
		k := utf8.RuneCountInString(w)
		if k < nearMinLen || t.isWord(w, k) {
			continue
		}
		for _, n := range []int{k, k - 1, k + 1} {
			for _, sw := range t.words[n] {
				if !oneEdit(w, sw) {
					continue
				}
				fixed := append([]string(nil), words...)
				fixed[i] = sw
				if m, ok := t.match(strings.Join(fixed, " ")); ok {
					m.Exact, m.Near = false, true
					m.Priority /= 3 // below any exact match
					return m, true
				}
			}
		}
	}
	return headerMatch{}, false
}

func (t *headerTable) isWord(w string, k int) bool {
	for _, sw := range t.words[k] {
		if sw == w {
			return true
		}
	}
	return false
}

// oneEdit reports whether a and b are Damerau-Levenshtein distance 1
// apart: one letter changed, added, dropped, or two neighbours swapped,
// inside the word. A different last letter makes another word rather
// than a typo (a plural, another language's ending: "Invoices" is not
// "Invoice", a US "State" is not "Stato"), so it does not count.
func oneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(x) == 0 || x[len(x)-1] != y[len(y)-1] {
		return false
	}
	switch len(y) - len(x) {
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
				if len(diff) > 2 {
					return false
				}
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && x[i] == y[j] && x[j] == y[i]
		}
		return false
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return string(x[i:]) == string(y[i+1:])
	}
	return false
}

// match is matchHeader's exact and contains matching of a normalised
// header.
func (t *headerTable) match(h string) (headerMatch, bool) {
	if s, ok := t.exact[h]; ok {
		p := 100 + 10*s.weight
		if s.weight == weak {
			p = 5
		} else if s.line {
			p -= 15 // an invoice-level total beats a line amount
		}
		return headerMatch{Field: s.field, Exact: true, Priority: p, Gross: s.gross, Line: s.line, Lang: s.lang}, true
	}
	for _, s := range t.contains {
		if len(s.text) >= len(h) {
			continue
		}
		at := wordIndex(h, s.text)
		if at < 0 {
			continue
		}
		if vetoed(t.veto[s.field], h, at, len(s.text)) {
			continue
		}
		p := 20 + 10*s.weight
		if s.line {
			p -= 5
		}
		return headerMatch{Field: s.field, Priority: p, Gross: s.gross, Line: s.line, Lang: s.lang}, true
	}
	return headerMatch{}, false
}

// wordIndex finds w in h where it starts and ends on word boundaries of
// the normalised text, so "date" is not found in "update".
func wordIndex(h, w string) int {
	from := 0
	for {
		i := strings.Index(h[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(w)
		if (i == 0 || h[i-1] == ' ') && (end == len(h) || h[end] == ' ') {
			return i
		}
		from = i + 1
	}
}

// vetoed reports whether a word of h outside [at, at+n) is a veto word.
func vetoed(veto map[string]bool, h string, at, n int) bool {
	if len(veto) == 0 {
		return false
	}
	rest := h[:at] + " " + h[at+n:]
	for _, w := range strings.Fields(rest) {
		if veto[w] {
			return true
		}
	}
	return false
}
