package i18n

// uiIT holds the PDF and email strings (titles, column headers, section
// texts) in this language. Owned by the PDF writer.
func uiIT() map[string]string { return map[string]string{} }
