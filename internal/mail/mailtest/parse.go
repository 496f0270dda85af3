// Package mailtest reads back, in tests, a message as an SMTP server
// received it, with net/mail and mime/multipart only (none of the code
// that wrote it): headers, the decoded subject, the text and HTML
// alternatives and the attachments.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
)

// Attachment is one attached file.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Message is a parsed message.
type Message struct {
	Header      netmail.Header
	Subject     string
	Text, HTML  string // line ends as "\n"
	Attachments []Attachment
}

// Parse reads data, failing t on anything a well-formed clientrisk
// message would not hold.
func Parse(t testing.TB, data []byte) Message {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject %q: %v", m.Header.Get("Subject"), err)
	}
	pm := Message{Header: m.Header, Subject: subject}
	walkPart(t, &pm, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body)
	return pm
}

func walkPart(t testing.TB, pm *Message, contentType, encoding, disposition string, body io.Reader) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart %s: %v", mediaType, err)
			}
			walkPart(t, pm, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p)
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read part %s: %v", mediaType, err)
	}
	// multipart.Reader already undoes quoted-printable; base64 is ours.
	if strings.EqualFold(encoding, "base64") {
		raw, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		if err != nil {
			t.Fatalf("part %s: bad base64: %v", mediaType, err)
		}
	}
	if strings.HasPrefix(disposition, "attachment") {
		_, dparams, _ := mime.ParseMediaType(disposition)
		pm.Attachments = append(pm.Attachments, Attachment{Name: dparams["filename"], ContentType: mediaType, Data: raw})
		return
	}
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	switch mediaType {
	case "text/plain":
		pm.Text = text
	case "text/html":
		pm.HTML = text
	default:
		t.Fatalf("unexpected inline part %s", mediaType)
	}
}
