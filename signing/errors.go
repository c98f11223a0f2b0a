package signing

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadSignature is the error every rejected value wraps: a MAC that does
// not match under any key, a missing separator, a malformed timestamp or
// payload, and also an expired value (see [ErrSignatureExpired]). Callers
// that only need "accept or reject" test errors.Is(err, ErrBadSignature).
var ErrBadSignature = errors.New("signing: bad signature")

// ErrSignatureExpired is wrapped by the error for a value whose signature is
// valid but older than the max age the caller allowed. Expired is a kind of
// bad signature, as in Django: errors.Is(err, ErrBadSignature) is true for
// it as well. The concrete error is an *[ExpiredError].
var ErrSignatureExpired = fmt.Errorf("signing: signature expired: %w", ErrBadSignature)

// ExpiredError reports a correctly signed value that is too old. It
// unwraps to [ErrSignatureExpired] (and so to [ErrBadSignature]).
type ExpiredError struct {
	// Age is how long ago the value was signed, measured with the signer's
	// clock; it may have a fractional part of a second.
	Age time.Duration
	// MaxAge is the limit the caller gave.
	MaxAge time.Duration
}

// Error implements error.
func (e *ExpiredError) Error() string {
	return fmt.Sprintf("signing: signature age %v is more than the max age %v; sign the value again", e.Age, e.MaxAge)
}

// Unwrap returns [ErrSignatureExpired].
func (e *ExpiredError) Unwrap() error { return ErrSignatureExpired }

// reject returns an error wrapping ErrBadSignature with a reason. The
// rejected input is deliberately not quoted: it comes from clients and may
// be large or hostile to logs.
func reject(reason string) error {
	return fmt.Errorf("signing: %s: %w", reason, ErrBadSignature)
}
