package i18n

// msgsIT holds the Italian messages (see msgsEN).
func msgsIT() map[string]string {
	return map[string]string{
		"flag.over_dependent":   "Dipendenza eccessiva",
		"flag.slow_payer":       "Paga in ritardo",
		"flag.high_maintenance": "Cliente impegnativo",
		"flag.lost":             "Perso",

		"band.unconcentrated": "non concentrato",
		"band.moderate":       "moderatamente concentrato",
		"band.high":           "fortemente concentrato",

		"reason.share":          "quota del fatturato {share} >= {threshold}",
		"reason.wadl":           "giorni di ritardo ponderati per importo {wadl} >= {threshold} su {paid} fatture pagate",
		"reason.overdue":        "la fattura {number} è scaduta da {days} giorni (> {threshold}), {amount} ancora da incassare",
		"reason.credit_notes":   "note di credito {count}, pari al {ratio} delle fatture >= {threshold}",
		"reason.disputes":       "{count} documenti contestati (>= {threshold})",
		"reason.load_ratio":     "{hours_share} delle ore per il {share} del fatturato: rapporto di carico {ratio} >= {threshold}",
		"reason.effective_rate": "tariffa effettiva {rate}/h inferiore al {fraction} della mediana {median}/h",
		"reason.lost":           "fatturato in {months} mesi, nessuna fattura negli ultimi {quiet} mesi (l'ultima il {last}); {revenue} nel periodo",

		"note.hhi_high": "HHI {hhi} nella fascia alta (> {threshold})",

		"action.grow_others":         "Fai crescere il lavoro con gli altri clienti, a partire da {next}, così questo pesa meno.",
		"action.grow_others.no_next": "Cerca e sviluppa altri clienti, così questo pesa meno.",
		"action.cap_share":           "Punta a tenere ogni singolo cliente sotto il {cap} del fatturato.",
		"action.cash_reserve":        "Tieni una riserva di liquidità pari a {months} mesi di fatturato di questo cliente ({amount}).",
		"action.contract_notice":     "Negozia un contratto più lungo con un periodo di preavviso, così un'uscita non arriva da un giorno all'altro.",

		"action.deposit":       "Chiedi un acconto o il pagamento anticipato prima di iniziare nuovi lavori.",
		"action.shorter_terms": "Riduci i termini di pagamento da {days} a {suggested} giorni.",
		"action.late_fees":     "Applica gli interessi di mora che le tue condizioni prevedono e indicalo in ogni fattura.",
		"action.pause_work":    "Sospendi i nuovi lavori finché non vengono saldati i {amount} scaduti.",
		"action.notice_slow":   "Se i ritardi continuano, dai 30 giorni di preavviso e sostituisci il cliente.",

		"action.review_scope": "Rivedi con il cliente il perimetro del lavoro e metti per iscritto cosa è incluso e cosa no.",
		"action.bill_changes": "Fattura a parte ogni richiesta di modifica e ogni giro di revisioni in più.",
		"action.raise_price":  "Alza il prezzo per questo cliente in linea con il tempo che il lavoro richiede davvero.",
		"action.part_ways":    "Se nulla cambia, chiudi il rapporto con 30 giorni di preavviso e indirizzalo a qualcuno più adatto.",

		"action.ask_why":      "Chiama il cliente e chiedi perché il lavoro si è fermato: spesso una breve telefonata basta a riaprire il rapporto.",
		"action.check_profit": "Verifica se il cliente era redditizio prima di provare a riconquistarlo.",
		"action.review_offer": "Confronta la tua offerta e i tuoi prezzi con ciò di cui questo cliente aveva bisogno.",

		"assumption.default_terms":    "{count} fatture senza data di scadenza: scadenza calcolata come data di emissione + {days} giorni",
		"assumption.no_payment_data":  "{count} fatture provengono da esportazioni senza dati sui pagamenti: contate solo per il fatturato",
		"assumption.excluded_status":  "{count} documenti annullati, stornati o in bozza esclusi",
		"assumption.excluded_clients": "{count} documenti di clienti esclusi non considerati ({clients})",
		"assumption.no_rate":          "{count} documenti in {currency} scartati: manca il tasso di cambio",
		"assumption.converted":        "{count} documenti convertiti da {currency} al cambio {rate}",

		// Singular forms, used when count is 1.
		"assumption.default_terms.one":    "{count} fattura senza data di scadenza: scadenza calcolata come data di emissione + {days} giorni",
		"assumption.no_payment_data.one":  "{count} fattura proviene da un'esportazione senza dati sui pagamenti: contata solo per il fatturato",
		"assumption.excluded_status.one":  "{count} documento annullato, stornato o in bozza escluso",
		"assumption.excluded_clients.one": "{count} documento di un cliente escluso non considerato ({clients})",
		"assumption.no_rate.one":          "{count} documento in {currency} scartato: manca il tasso di cambio",
		"assumption.converted.one":        "{count} documento convertito da {currency} al cambio {rate}",
	}
}
