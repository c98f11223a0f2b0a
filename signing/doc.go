// Package signing signs values so they can travel through untrusted hands
// (cookies, URLs, hidden fields) and come back provably unchanged. It is
// byte-compatible with Django's django.core.signing, so a Jazz service and
// a Django site sharing a SECRET_KEY accept each other's values.
//
//	s, err := signing.New(signing.Options{Key: settings.SecretKey})
//	signed := s.Sign("hello")      // "hello:u1rAwv7O1chf-qUk7fUq1q53p6rs__4SxgiMl4V-47c"
//	v, err := s.Unsign(signed)     // "hello", nil
//
//	c, err := signing.NewCodec(signing.Options{Key: key, Salt: "my.app", Compress: true})
//	token, err := c.Dumps(map[string]any{"user_id": 42})
//	var claims struct{ UserID int `json:"user_id"` }
//	err = c.Loads(token, time.Hour, &claims) // ErrSignatureExpired after an hour
//
// # Three signers
//
// A [Signer] appends a signature: value + ":" + signature. A
// [TimestampSigner] also records when it signed (value:timestamp:signature,
// the timestamp in base62 Unix seconds), so Unsign can refuse values older
// than a max age. A [Codec] is Django's signing.dumps and signing.loads: it
// serialises a value as JSON, optionally compresses it with zlib (marked by
// a leading "."), encodes it as URL-safe base64 and signs it with a
// TimestampSigner.
//
// # The recipe
//
// The HMAC key is SHA256(salt + "signer" + secret), derived once when the
// signer is made; the signature is the URL-safe base64, without padding,
// of HMAC-SHA256 over the signed text. Default salts are Django's:
// [DefaultSignerSalt], [DefaultTimestampSalt] and [DefaultCodecSalt].
// Unsign splits on the last separator, so values may contain it. A value
// is expired when more than the max age has passed since its timestamp,
// measured with fractional seconds; a timestamp in the future is accepted.
// Signatures are compared in constant time.
//
// # Keys and rotation
//
// Options.FallbackKeys are older secrets (Django's SECRET_KEY_FALLBACKS):
// values signed with them still verify, and nothing new is signed with
// them. Legacy HMAC-SHA1 signatures from Django before 3.1 are refused, as
// Django 4 and later refuse them.
//
// # Errors
//
// Every rejection wraps [ErrBadSignature]; an expired value is an
// *[ExpiredError], which also wraps [ErrSignatureExpired]. Malformed input
// of any kind is a rejection, never a panic.
//
// # Differences from Django
//
// A max age of zero means "no limit" (Django's max_age=None), because zero
// is Go's natural "unset"; Django would treat max_age=0 as "expire at
// once". Timestamps must be canonical base62 (Django also reads forms such
// as "01r31eq" that it never writes). Go's JSON encoder sorts map keys and
// writes numbers in Go's shortest form, so Dumps may differ from Django's
// bytes while meaning the same value; sign pre-serialised text with
// [Codec.DumpsJSON] when the exact bytes matter.
//
// All signers are immutable once made and safe for concurrent use.
package signing
