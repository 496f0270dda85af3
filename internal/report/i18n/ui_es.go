package i18n

// uiES holds the PDF and email strings (titles, column headers, section
// texts) in this language. Owned by the PDF writer.
func uiES() map[string]string { return map[string]string{} }
