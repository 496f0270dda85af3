package pipeline

import (
	"errors"
	"testing"

	"github.com/clientrisk/clientrisk/internal/mail"
)

// TestUndeliveredSaysWhatHappens: a 550 is not "retried by serve"; only
// the temporary failures stay in the outbox.
func TestUndeliveredSaysWhatHappens(t *testing.T) {
	t.Parallel()
	refused := mail.Result{Err: &mail.DeliveryError{Recipient: "a@example.com", Code: 550, Permanent: true, Text: "550 no such user"}}
	later := mail.Result{Err: &mail.DeliveryError{Recipient: "b@example.com", Code: 451, Text: "451 try later"}}
	network := mail.Result{Err: errors.New("dial tcp: connection refused")}
	sent := mail.Result{}
	cases := []struct {
		results []mail.Result
		want    string
	}{
		{[]mail.Result{sent, sent}, ""},
		{[]mail.Result{refused, sent}, "1 of 2 emails not delivered: 1 refused for good by the mail server and not retried (fix what it says, then 'report --email --resend') (see 'clientrisk status')"},
		{[]mail.Result{later, network, sent}, "2 of 3 emails not delivered: 2 stay in the outbox and are retried by 'clientrisk serve' or the next 'report --email' (see 'clientrisk status')"},
		{[]mail.Result{refused, later}, "2 of 2 emails not delivered: 1 refused for good by the mail server and not retried (fix what it says, then 'report --email --resend'); 1 stay in the outbox and are retried by 'clientrisk serve' or the next 'report --email' (see 'clientrisk status')"},
	}
	for i, tc := range cases {
		err := undelivered(tc.results)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("case %d: got %q\nwant %q", i, got, tc.want)
		}
	}
}
