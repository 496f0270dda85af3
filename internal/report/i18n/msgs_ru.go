package i18n

// msgsRU holds the Russian messages (see msgsEN). Counts are placed after
// a colon or before "дн."/"мес." so no sentence needs plural agreement.
func msgsRU() map[string]string {
	return map[string]string{
		"flag.over_dependent":   "Чрезмерная зависимость",
		"flag.slow_payer":       "Платит с опозданием",
		"flag.high_maintenance": "Трудоёмкий клиент",
		"flag.lost":             "Потерян",

		"band.unconcentrated": "неконцентрированный",
		"band.moderate":       "умеренно концентрированный",
		"band.high":           "высококонцентрированный",

		"reason.share":          "доля выручки {share} >= {threshold}",
		"reason.wadl":           "просрочка, взвешенная по сумме: {wadl} дн. >= {threshold} дн.; оплаченных счетов: {paid}",
		"reason.overdue":        "счёт {number} просрочен на {days} дн. (> {threshold}), не оплачено {amount}",
		"reason.credit_notes":   "кредит-ноты: {count}, {ratio} от числа счетов >= {threshold}",
		"reason.disputes":       "оспариваемых документов: {count} (>= {threshold})",
		"reason.load_ratio":     "{hours_share} часов при {share} выручки: коэффициент нагрузки {ratio} >= {threshold}",
		"reason.effective_rate": "фактическая ставка {rate}/ч ниже {fraction} медианы {median}/ч",
		"reason.lost":           "счета выставлялись в {months} мес., за последние {quiet} мес. ни одного (последний {last}); {revenue} за период",

		"note.hhi_high": "HHI {hhi} в зоне высокой концентрации (> {threshold})",

		"action.grow_others":         "Наращивайте работу с другими клиентами, начиная с {next}, чтобы этот клиент весил меньше.",
		"action.grow_others.no_next": "Ищите и развивайте других клиентов, чтобы этот клиент весил меньше.",
		"action.cap_share":           "Старайтесь, чтобы ни один клиент не приносил больше {cap} выручки.",
		"action.cash_reserve":        "Держите денежный резерв в размере выручки от этого клиента за {months} мес. ({amount}).",
		"action.contract_notice":     "Договоритесь о более длинном договоре со сроком предупреждения о расторжении, чтобы уход клиента не случился в один день.",

		"action.deposit":       "Берите аванс или предоплату до начала новых работ.",
		"action.shorter_terms": "Сократите срок оплаты с {days} до {suggested} дн.",
		"action.late_fees":     "Начисляйте пени за просрочку, которые допускает договор, и указывайте это в каждом счёте.",
		"action.pause_work":    "Приостановите новые работы, пока не будет погашен просроченный долг {amount}.",
		"action.notice_slow":   "Если задержки продолжатся, предупредите клиента за 30 дней и замените его.",

		"action.review_scope": "Обсудите с клиентом объём работ и письменно зафиксируйте, что входит в него, а что нет.",
		"action.bill_changes": "Выставляйте отдельный счёт за каждое изменение и каждый дополнительный круг правок.",
		"action.raise_price":  "Поднимите цену для этого клиента так, чтобы она отражала реальные затраты времени.",
		"action.part_ways":    "Если ничего не изменится, расстаньтесь, предупредив за 30 дней, и порекомендуйте того, кто подойдёт ему лучше.",

		"action.ask_why":      "Позвоните клиенту и спросите, почему работа прекратилась: короткий разговор часто возвращает клиента.",
		"action.check_profit": "Прежде чем возвращать клиента, проверьте, был ли он прибыльным.",
		"action.review_offer": "Сравните своё предложение и цены с тем, что было нужно этому клиенту.",

		"assumption.default_terms":    "счетов без срока оплаты: {count}; срок принят как дата выставления + {days} дн.",
		"assumption.no_payment_data":  "счетов из выгрузок без данных об оплате: {count}; учтены только в выручке",
		"assumption.excluded_status":  "аннулированных, отменённых и черновых документов исключено: {count}",
		"assumption.excluded_clients": "документов исключённых клиентов не учтено: {count} ({clients})",
		"assumption.no_rate":          "документов в {currency} отклонено, нет курса: {count}",
		"assumption.converted":        "документов пересчитано из {currency} по курсу {rate}: {count}",

		// The count follows a colon, so the singular reads the same.
		"assumption.default_terms.one":    "счетов без срока оплаты: {count}; срок принят как дата выставления + {days} дн.",
		"assumption.no_payment_data.one":  "счетов из выгрузок без данных об оплате: {count}; учтены только в выручке",
		"assumption.excluded_status.one":  "аннулированных, отменённых и черновых документов исключено: {count}",
		"assumption.excluded_clients.one": "документов исключённых клиентов не учтено: {count} ({clients})",
		"assumption.no_rate.one":          "документов в {currency} отклонено, нет курса: {count}",
		"assumption.converted.one":        "документов пересчитано из {currency} по курсу {rate}: {count}",
	}
}
