package mail

import (
	"html/template"
	"strings"
	"unicode/utf8"
)

// Body is the content of the report email, already in the report's
// language: the pipeline fills it from the i18n catalog and the figures,
// this package only lays it out.
type Body struct {
	// Lang is the BCP 47 tag of the texts (en, it, ...), for the HTML.
	Lang  string
	Title string
	// Intro lines, each its own paragraph.
	Intro []string
	// Figures are the key figures, shown as "label: value".
	Figures []Figure
	// FlaggedTitle heads the list of flagged clients ("Flagged clients").
	FlaggedTitle string
	// Flagged has one line per flagged client (name and reasons).
	Flagged []string
	// NoneFlagged is shown instead of the list when Flagged is empty.
	NoneFlagged string
	// Footer lines, in small print.
	Footer []string
}

// Figure is one labelled key figure, both already formatted.
type Figure struct {
	Label, Value string
}

// RenderBodies lays b out as a plain-text body and a simple HTML body
// (inline styles only: mail clients drop style sheets). Every text of b is
// escaped in the HTML, so a client named "<b>Rossi & Figli</b>" is shown
// as written.
func RenderBodies(b Body) (text, html string) {
	return renderText(b), renderHTML(b)
}

func renderText(b Body) string {
	var sb strings.Builder
	para := func() {
		if sb.Len() > 0 {
			sb.WriteString("\n")
		}
	}
	if t := oneLine(b.Title); t != "" {
		sb.WriteString(t + "\n")
		sb.WriteString(strings.Repeat("=", utf8.RuneCountInString(t)) + "\n")
	}
	for _, line := range b.Intro {
		para()
		sb.WriteString(strings.TrimSpace(line) + "\n")
	}
	if len(b.Figures) > 0 {
		para()
		width := 0
		for _, f := range b.Figures {
			width = max(width, utf8.RuneCountInString(oneLine(f.Label)))
		}
		for _, f := range b.Figures {
			label := oneLine(f.Label)
			pad := strings.Repeat(" ", width-utf8.RuneCountInString(label))
			sb.WriteString(label + ":" + pad + " " + oneLine(f.Value) + "\n")
		}
	}
	if len(b.Flagged) > 0 || b.NoneFlagged != "" || b.FlaggedTitle != "" {
		para()
		if t := oneLine(b.FlaggedTitle); t != "" {
			sb.WriteString(t + "\n")
		}
		for _, line := range b.Flagged {
			sb.WriteString("- " + oneLine(line) + "\n")
		}
		if len(b.Flagged) == 0 && b.NoneFlagged != "" {
			sb.WriteString(oneLine(b.NoneFlagged) + "\n")
		}
	}
	if len(b.Footer) > 0 {
		para()
		sb.WriteString("-- \n")
		for _, line := range b.Footer {
			sb.WriteString(strings.TrimSpace(line) + "\n")
		}
	}
	return sb.String()
}

// oneLine folds line breaks so that a client name with a newline in it
// cannot break the list layout.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// bodyTemplate is parsed once and never changed: html/template escapes
// every field by context.
var bodyTemplate = template.Must(template.New("body").Parse(`<!DOCTYPE html>
<html{{with .Lang}} lang="{{.}}"{{end}}>
<head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: Helvetica, Arial, sans-serif; font-size: 14px; color: #222; max-width: 640px;">
{{- with .Title}}
<h1 style="font-size: 20px; margin: 0 0 12px 0;">{{.}}</h1>
{{- end}}
{{- range .Intro}}
<p style="margin: 0 0 10px 0;">{{.}}</p>
{{- end}}
{{- if .Figures}}
<table style="border-collapse: collapse; margin: 8px 0 16px 0;">
{{- range .Figures}}
<tr><td style="padding: 2px 16px 2px 0; color: #555;">{{.Label}}</td><td style="padding: 2px 0; font-weight: bold;">{{.Value}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- with .FlaggedTitle}}
<h2 style="font-size: 16px; margin: 16px 0 8px 0;">{{.}}</h2>
{{- end}}
{{- if .Flagged}}
<ul style="margin: 0 0 16px 0; padding-left: 20px;">
{{- range .Flagged}}
<li style="margin: 0 0 4px 0;">{{.}}</li>
{{- end}}
</ul>
{{- else if .NoneFlagged}}
<p style="margin: 0 0 16px 0;">{{.NoneFlagged}}</p>
{{- end}}
{{- range .Footer}}
<p style="margin: 0; font-size: 12px; color: #777;">{{.}}</p>
{{- end}}
</body>
</html>
`))

func renderHTML(b Body) string {
	var sb strings.Builder
	// Execute fails only on a writer error or a template bug; a
	// strings.Builder never fails and the template is fixed, so the error
	// cannot happen with any input.
	_ = bodyTemplate.Execute(&sb, b)
	return sb.String()
}
