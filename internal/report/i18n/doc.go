// Package i18n holds every string of the report in each supported language
// (en, it, es, ru) and formats numbers, money, percentages and dates the
// way each locale writes them. Messages from analytics (a key and typed
// arguments) are rendered here, so analytics never deals with language.
package i18n
