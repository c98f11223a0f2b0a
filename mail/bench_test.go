package mail_test

import (
	"context"
	"testing"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

func BenchmarkBytesPlain(b *testing.B) {
	m := base()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBytesFull(b *testing.B) {
	m := mailtest.FullMessage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocmemSend(b *testing.B) {
	l := mail.NewLocmem()
	m := base()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
		l.Reset()
	}
}
