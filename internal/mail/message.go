package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one month's report email, with texts already translated by the
// caller. The same message goes to every recipient of Config.To, each in
// its own SMTP transaction and with its own Message-ID.
type Message struct {
	// Month is yyyy-mm: the key, with the recipient, of "never twice".
	Month string
	// Subject overrides Config.Subject; {month} is replaced in either.
	Subject string
	// Text is the plain-text body (required), HTML the alternative one.
	Text, HTML  string
	Attachments []Attachment
}

// Attachment is a file attached to the message, read when the message is
// queued (a later change to the file does not alter a queued message).
type Attachment struct {
	// Name is the file name shown to the recipient; defaults to the base
	// name of Path.
	Name string
	Path string
	// ContentType defaults by extension (.pdf, .xlsx, .json, .csv), else
	// application/octet-stream.
	ContentType string
}

// Content types of the report files.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ContentTypeJSON = "application/json"
)

func contentTypeOf(a Attachment) string {
	if a.ContentType != "" {
		return a.ContentType
	}
	switch strings.ToLower(filepath.Ext(a.Path)) {
	case ".pdf":
		return ContentTypePDF
	case ".xlsx":
		return ContentTypeXLSX
	case ".json":
		return ContentTypeJSON
	case ".csv":
		return "text/csv"
	}
	return "application/octet-stream"
}

func isXLSX(a Attachment) bool {
	return contentTypeOf(a) == ContentTypeXLSX || strings.EqualFold(filepath.Ext(a.Path), ".xlsx")
}

// checkMessage validates m and returns the subject to use.
func (o *Outbox) checkMessage(m Message) (string, error) {
	if _, err := time.Parse("2006-01", m.Month); err != nil {
		return "", fmt.Errorf("message month %q is not yyyy-mm", m.Month)
	}
	if strings.TrimSpace(m.Text) == "" {
		return "", fmt.Errorf("message for %s has no plain-text body", m.Month)
	}
	subject := m.Subject
	if subject == "" {
		subject = o.cfg.Subject
	}
	return oneLine(strings.ReplaceAll(subject, "{month}", m.Month)), nil
}

// attachment is a file read into memory once for all recipients.
type attachment struct {
	name, contentType string
	data              []byte
}

func (o *Outbox) readAttachments(m Message) ([]attachment, error) {
	var out []attachment
	for _, a := range m.Attachments {
		if !o.cfg.AttachXLSX && isXLSX(a) {
			continue
		}
		data, err := os.ReadFile(a.Path)
		if err != nil {
			return nil, fmt.Errorf("read attachment of the %s report: %w", m.Month, err)
		}
		name := a.Name
		if name == "" {
			name = filepath.Base(a.Path)
		}
		out = append(out, attachment{name: name, contentType: contentTypeOf(a), data: data})
	}
	return out, nil
}

// newMessageID makes a Message-ID (without the angle brackets) unique to
// one delivery: random, with the sender's domain as RFC 5322 suggests. The
// random token also names the .eml file.
func newMessageID(month, from string) (id, token string, err error) {
	var buf [16]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return "", "", fmt.Errorf("make a message id: %w", err)
	}
	token = hex.EncodeToString(buf[:])
	domain := "clientrisk.invalid"
	if a, err := netmail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i+1 < len(a.Address) {
			domain = a.Address[i+1:]
		}
	}
	return fmt.Sprintf("clientrisk.%s.%s@%s", month, token, domain), token, nil
}

// buildEML renders the whole message for one recipient, headers included,
// exactly as it will be sent (and re-sent).
func (o *Outbox) buildEML(m Message, subject, recipient, messageID string, files []attachment) ([]byte, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(o.cfg.From); err != nil {
		return nil, fmt.Errorf("sender %q: %w", o.cfg.From, err)
	}
	if err := msg.To(recipient); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", recipient, err)
	}
	msg.Subject(subject)
	msg.SetMessageIDWithValue(messageID)
	msg.SetDateWithValue(o.now())
	msg.SetUserAgent("clientrisk")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if strings.TrimSpace(m.HTML) != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, f := range files {
		if err := msg.AttachReader(f.name, bytes.NewReader(f.data), gomail.WithFileContentType(gomail.ContentType(f.contentType))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", f.name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("render the message to %s: %w", recipient, err)
	}
	return buf.Bytes(), nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, synced, then renamed: a crash leaves either no file or the whole
// one, never half a message.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-*.eml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		// Persist the rename itself; some file systems refuse to sync a
		// directory, which costs durability, not correctness.
		_ = d.Sync()
		d.Close()
	}
	return nil
}
