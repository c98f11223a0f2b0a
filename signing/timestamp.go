package signing

import (
	"strings"
	"time"
)

// TimestampSigner signs strings with the time they were signed, the way
// django.core.signing.TimestampSigner does: value + sep + base62(Unix
// seconds) + sep + signature, where the signature covers everything before
// the last separator. Unsign can then refuse values older than a max age.
//
// Make one with [NewTimestampSigner]; it is immutable and safe for
// concurrent use. The zero TimestampSigner rejects everything and panics
// in Sign.
type TimestampSigner struct {
	s   *Signer
	now func() time.Time
}

// NewTimestampSigner returns a TimestampSigner for opts. Salt defaults to
// [DefaultTimestampSalt], Sep to ":" and Now to time.Now. It fails for the
// same reasons as [New].
func NewTimestampSigner(opts Options) (*TimestampSigner, error) {
	return newTimestampSigner(opts, DefaultTimestampSalt)
}

func newTimestampSigner(opts Options, defaultSalt string) (*TimestampSigner, error) {
	s, err := newSigner(opts, defaultSalt)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &TimestampSigner{s: s, now: now}, nil
}

// Sign returns value + sep + timestamp + sep + signature, with the current
// time in whole Unix seconds, signed with the current key.
func (t *TimestampSigner) Sign(value string) string {
	if t == nil || t.s == nil {
		panic("signing: Sign called on a TimestampSigner that was not made by signing.NewTimestampSigner")
	}
	return t.s.signParts(value, t.s.sep+EncodeBase62(t.now().Unix()))
}

// Unsign verifies signed and returns its value. With maxAge not zero, a
// value is refused with an *[ExpiredError] when more than maxAge has passed
// since it was signed: the age is measured with fractional seconds against
// the whole-second timestamp, so an age equal to maxAge is still accepted,
// exactly as in Django. A timestamp in the future is accepted. maxAge zero
// means no age check (Django's max_age=None); a negative maxAge refuses
// everything not signed in the future. Every other failure wraps
// [ErrBadSignature] too; Unsign never panics.
func (t *TimestampSigner) Unsign(signed string, maxAge time.Duration) (string, error) {
	v, _, err := t.UnsignTime(signed, maxAge)
	return v, err
}

// UnsignTime is [TimestampSigner.Unsign] that also returns when the value
// was signed (whole seconds, in UTC). On error it returns "" and the zero
// time.
func (t *TimestampSigner) UnsignTime(signed string, maxAge time.Duration) (string, time.Time, error) {
	if t == nil || t.s == nil {
		return "", time.Time{}, reject("TimestampSigner has no key (make it with signing.NewTimestampSigner)")
	}
	inner, err := t.s.Unsign(signed)
	if err != nil {
		return "", time.Time{}, err
	}
	i := strings.LastIndex(inner, t.s.sep)
	if i < 0 {
		// Valid MAC without a timestamp: a plain Signer's value under this
		// salt. Django fails to unpack it (ValueError); Jazz rejects it.
		return "", time.Time{}, reject("no timestamp in signed value")
	}
	ts, err := DecodeBase62(inner[i+len(t.s.sep):])
	if err != nil {
		return "", time.Time{}, reject("timestamp is not base62")
	}
	at := time.Unix(ts, 0).UTC()
	if maxAge != 0 {
		if age := t.now().Sub(at); age > maxAge {
			return "", time.Time{}, &ExpiredError{Age: age, MaxAge: maxAge}
		}
	}
	return inner[:i], at, nil
}
