package mail

import (
	"strings"
	"testing"
)

func TestRenderBodiesText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		body Body
		want string
	}{
		{
			name: "flags and figures",
			body: Body{
				Title: "Client report — October 2026",
				Intro: []string{"Here is the report for October 2026."},
				Figures: []Figure{
					{Label: "Revenue (12 months)", Value: "€ 184,250.00"},
					{Label: "Clients", Value: "14"},
				},
				FlaggedTitle: "Flagged clients",
				Flagged:      []string{"Rossi & Figli: 31.4% of revenue", "ООО Ромашка: pays 47 days late"},
				Footer:       []string{"Sent by clientrisk"},
			},
			// The title has 28 runes (the dash is one), so 28 "=".
			// Labels are padded to the longest, "Revenue (12 months)" (19).
			want: "Client report — October 2026\n" +
				"============================\n" +
				"\n" +
				"Here is the report for October 2026.\n" +
				"\n" +
				"Revenue (12 months): € 184,250.00\n" +
				"Clients:             14\n" +
				"\n" +
				"Flagged clients\n" +
				"- Rossi & Figli: 31.4% of revenue\n" +
				"- ООО Ромашка: pays 47 days late\n" +
				"\n" +
				"-- \n" +
				"Sent by clientrisk\n",
		},
		{
			name: "nothing flagged",
			body: Body{
				Title:        "Отчёт",
				FlaggedTitle: "Клиенты с отметками",
				NoneFlagged:  "Нет клиентов с отметками.",
			},
			want: "Отчёт\n=====\n\nКлиенты с отметками\nНет клиентов с отметками.\n",
		},
		{
			name: "a line break inside a client name is folded",
			body: Body{Flagged: []string{"Rossi\nDesign   srl: late"}},
			want: "- Rossi Design srl: late\n",
		},
		{name: "empty", body: Body{}, want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := RenderBodies(tc.body)
			if got != tc.want {
				t.Errorf("text body:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}

func TestRenderBodiesHTML(t *testing.T) {
	t.Parallel()
	body := Body{
		Lang:         "it",
		Title:        "Rapporto <ottobre>",
		Intro:        []string{"Ecco \"il\" rapporto & altro."},
		Figures:      []Figure{{Label: "Fatturato", Value: "€ 1.000,00"}},
		FlaggedTitle: "Clienti segnalati",
		Flagged:      []string{"<script>alert(1)</script> & Figli", "ООО Ромашка"},
		Footer:       []string{"clientrisk"},
	}
	_, html := RenderBodies(body)
	wants := []string{
		`<html lang="it">`,
		`<meta charset="utf-8">`,
		`<title>Rapporto &lt;ottobre&gt;</title>`,
		`>Rapporto &lt;ottobre&gt;</h1>`,
		`>Ecco &#34;il&#34; rapporto &amp; altro.</p>`,
		`>Fatturato</td><td style="padding: 2px 0; font-weight: bold;">€ 1.000,00</td></tr>`,
		`>Clienti segnalati</h2>`,
		`>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Figli</li>`,
		`>ООО Ромашка</li>`,
		`>clientrisk</p>`,
	}
	for _, want := range wants {
		if !strings.Contains(html, want) {
			t.Errorf("html body lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Errorf("html body lets a client name through unescaped:\n%s", html)
	}
	if strings.Count(html, "<li") != 2 {
		t.Errorf("html body has %d list items, want 2", strings.Count(html, "<li"))
	}

	_, none := RenderBodies(Body{FlaggedTitle: "Flagged", NoneFlagged: "No client is flagged."})
	if !strings.Contains(none, ">No client is flagged.</p>") || strings.Contains(none, "<ul") {
		t.Errorf("with nothing flagged the html should say so without a list:\n%s", none)
	}
}
