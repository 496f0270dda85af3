package i18n

// uiRU holds the PDF and email strings (titles, column headers, section
// texts) in this language. Owned by the PDF writer.
func uiRU() map[string]string { return map[string]string{} }
