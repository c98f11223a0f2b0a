// Package mailtest is the conformance suite every [mail.Backend] passes,
// like testing/slogtest for slog handlers, plus [Parse], which reads a
// rendered message back for assertions.
//
//	func TestConformance(t *testing.T) {
//		mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
//			b := mail.NewLocmem()
//			return b, b.Raw
//		})
//	}
package mailtest
