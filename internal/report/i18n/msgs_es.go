package i18n

// msgsES holds the Spanish messages (see msgsEN).
func msgsES() map[string]string {
	return map[string]string{
		"flag.over_dependent":   "Dependencia excesiva",
		"flag.slow_payer":       "Pagador lento",
		"flag.high_maintenance": "Cliente exigente",
		"flag.lost":             "Perdido",

		"band.unconcentrated": "no concentrado",
		"band.moderate":       "moderadamente concentrado",
		"band.high":           "muy concentrado",

		"reason.share":          "participación en la facturación {share} >= {threshold}",
		"reason.wadl":           "días de retraso ponderados por importe {wadl} >= {threshold} en {paid} facturas cobradas",
		"reason.overdue":        "la factura {number} lleva {days} días vencida (> {threshold}), {amount} pendientes de cobro",
		"reason.credit_notes":   "notas de crédito {count}, el {ratio} de las facturas >= {threshold}",
		"reason.disputes":       "{count} documentos en disputa (>= {threshold})",
		"reason.load_ratio":     "el {hours_share} de las horas para el {share} de la facturación: ratio de carga {ratio} >= {threshold}",
		"reason.effective_rate": "tarifa efectiva {rate}/h por debajo del {fraction} de la mediana {median}/h",
		"reason.lost":           "facturado en {months} meses, ninguna factura en los últimos {quiet} meses (la última el {last}); {revenue} en el periodo",

		"note.hhi_high": "HHI {hhi} en la franja alta (> {threshold})",

		"action.grow_others":         "Haz crecer el trabajo con tus otros clientes, empezando por {next}, para que este pese menos.",
		"action.grow_others.no_next": "Busca y desarrolla otros clientes para que este pese menos.",
		"action.cap_share":           "Procura que ningún cliente supere el {cap} de la facturación.",
		"action.cash_reserve":        "Mantén una reserva de liquidez equivalente a {months} meses de facturación de este cliente ({amount}).",
		"action.contract_notice":     "Negocia un contrato más largo con un plazo de preaviso, para que una salida no llegue de un día para otro.",

		"action.deposit":       "Pide un anticipo o el pago por adelantado antes de empezar trabajos nuevos.",
		"action.shorter_terms": "Acorta el plazo de pago de {days} a {suggested} días.",
		"action.late_fees":     "Aplica los intereses de demora que permiten tus condiciones e indícalo en cada factura.",
		"action.pause_work":    "Suspende los trabajos nuevos hasta que se paguen los {amount} vencidos.",
		"action.notice_slow":   "Si los retrasos continúan, da un preaviso de 30 días y sustituye al cliente.",

		"action.review_scope": "Revisa el alcance con el cliente y deja por escrito qué está incluido y qué no.",
		"action.bill_changes": "Factura aparte cada petición de cambio y cada ronda de revisiones adicional.",
		"action.raise_price":  "Sube el precio a este cliente en línea con el tiempo que el trabajo exige de verdad.",
		"action.part_ways":    "Si nada cambia, termina la relación con 30 días de preaviso y recomiéndale a alguien más adecuado.",

		"action.ask_why":      "Llama al cliente y pregúntale por qué se detuvo el trabajo; una breve conversación a menudo lo recupera.",
		"action.check_profit": "Comprueba si el cliente era rentable antes de intentar recuperarlo.",
		"action.review_offer": "Compara tu oferta y tus precios con lo que este cliente necesitaba.",

		"assumption.default_terms":    "{count} facturas sin fecha de vencimiento: vencimiento tomado como fecha de emisión + {days} días",
		"assumption.no_payment_data":  "{count} facturas proceden de exportaciones sin datos de cobro: cuentan solo para la facturación",
		"assumption.excluded_status":  "{count} documentos anulados, cancelados o en borrador excluidos",
		"assumption.excluded_clients": "{count} documentos de clientes excluidos no considerados ({clients})",
		"assumption.no_rate":          "{count} documentos en {currency} rechazados: falta el tipo de cambio",
		"assumption.converted":        "{count} documentos convertidos de {currency} al tipo de cambio {rate}",

		// Singular forms, used when count is 1.
		"assumption.default_terms.one":    "{count} factura sin fecha de vencimiento: vencimiento tomado como fecha de emisión + {days} días",
		"assumption.no_payment_data.one":  "{count} factura procede de una exportación sin datos de cobro: cuenta solo para la facturación",
		"assumption.excluded_status.one":  "{count} documento anulado, cancelado o en borrador excluido",
		"assumption.excluded_clients.one": "{count} documento de un cliente excluido no considerado ({clients})",
		"assumption.no_rate.one":          "{count} documento en {currency} rechazado: falta el tipo de cambio",
		"assumption.converted.one":        "{count} documento convertido de {currency} al tipo de cambio {rate}",
	}
}
