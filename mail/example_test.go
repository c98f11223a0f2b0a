package mail_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

func Example() {
	backend := mail.NewLocmem()
	m := mail.New(backend)
	m.DefaultFrom = "Jazz Site <noreply@example.com>"

	err := m.SendMail(context.Background(), "Welcome", "Thanks for signing up.", "", []string{"ann@example.com"})
	if err != nil {
		panic(err)
	}
	for _, msg := range backend.Outbox() {
		fmt.Println(msg.From, "->", msg.To, ":", msg.Subject)
	}
	// Output: Jazz Site <noreply@example.com> -> [ann@example.com] : Welcome
}

func ExampleMessage_Bytes() {
	msg := &mail.Message{
		From:    "Zoë <zoe@example.com>",
		To:      []string{"ann@example.com"},
		Bcc:     []string{"audit@example.com"},
		Subject: "Grüße",
		Body:    "Hello Ann.\n",
		Headers: map[string][]string{"Date": {"Mon, 02 Jan 2006 15:04:05 +0000"}, "Message-Id": {"<1@example.com>"}},
	}
	raw, err := msg.Bytes()
	if err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(string(raw), "\r\n", "\n"))
	// Output:
	// Date: Mon, 02 Jan 2006 15:04:05 +0000
	// From: =?utf-8?q?Zo=C3=AB?= <zoe@example.com>
	// To: ann@example.com
	// Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
	// Message-ID: <1@example.com>
	// MIME-Version: 1.0
	// Content-Type: text/plain; charset=utf-8
	// Content-Transfer-Encoding: 7bit
	//
	// Hello Ann.
}

func ExampleMessage_AttachInline() {
	backend := mail.NewLocmem()
	msg := &mail.Message{
		From: "shop@example.com", To: []string{"ann@example.com"}, Subject: "Your order",
		Body: "Your order has shipped.",
		HTML: `<p>Your order has shipped.</p><img src="cid:logo@example.com">`,
	}
	msg.AttachInline("logo@example.com", "logo.png", "", mailtest.PNG)
	msg.Attach("invoice.pdf", "", []byte("%PDF-1.4 ..."))
	if _, err := backend.Send(context.Background(), msg); err != nil {
		panic(err)
	}
	p, _ := mailtest.Parse(backend.Raw()[0])
	fmt.Println(strings.Join(p.Types, "\n"))
	// Output:
	// multipart/mixed
	// multipart/alternative
	// text/plain
	// multipart/related
	// text/html
	// image/png
	// application/pdf
}

func ExampleOpen() {
	backend, err := mail.Open("locmem://")
	fmt.Printf("%T %v\n", backend, err)
	_, err = mail.Open("smtp://user:pass@mail.example.com:587?tls=starttls")
	fmt.Println(err)
	// Output:
	// *mail.Locmem <nil>
	// mail: unknown EMAIL_URL scheme "smtp" (forgotten import of "github.com/jazzgo/jazz/mail/smtpmail"?); known: console, dummy, file, locmem
}
