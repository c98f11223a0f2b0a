package mailtest_test

import (
	"testing"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

func TestRunOnLocmem(t *testing.T) {
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		b := mail.NewLocmem()
		return b, b.Raw
	})
}

func TestParseSinglePart(t *testing.T) {
	raw := []byte("From: a@example.com\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak =3D\r\n")
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "café" || p.Text != "softbreak =\n" || len(p.Parts) != 0 {
		t.Errorf("Parse = %q %q %v", p.Subject, p.Text, p.Parts)
	}
	if _, err := mailtest.Parse([]byte("Content-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nx")); err == nil {
		t.Error("unknown transfer encoding accepted")
	}
}
