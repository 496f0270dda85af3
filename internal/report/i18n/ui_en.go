package i18n

// uiEN holds the PDF and email strings (titles, column headers, section
// texts) in this language. Owned by the PDF writer.
func uiEN() map[string]string { return map[string]string{} }
