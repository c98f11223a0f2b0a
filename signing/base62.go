package signing

import (
	"errors"
	"math"
)

// base62Alphabet is Django's: digits, then upper case, then lower case.
const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// errBase62 is returned by DecodeBase62 for any text that is not a
// canonical base62 number.
var errBase62 = errors.New("signing: not a canonical base62 number (digits 0-9A-Za-z, optional leading '-', no leading zeros)")

// EncodeBase62 returns n in Django's base62 (alphabet 0-9A-Za-z, as
// django.utils.baseconv does): "0" for zero and a leading "-" for negative
// numbers. TimestampSigner writes Unix seconds this way: 1700000000 is
// "1r31eq". It is safe for concurrent use.
func EncodeBase62(n int64) string {
	if n == 0 {
		return "0"
	}
	var buf [12]byte // 62^11 > 2^64, plus room for the sign
	i := len(buf)
	u := uint64(n)
	if n < 0 {
		u = -u // two's complement: also right for math.MinInt64
	}
	for u > 0 {
		i--
		buf[i] = base62Alphabet[u%62]
		u /= 62
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// DecodeBase62 parses text written by [EncodeBase62]. Only the canonical
// form is accepted: no empty string, no leading zeros, no "-0", no
// characters outside the alphabet and nothing outside the int64 range.
// Django itself would also read non-canonical forms, but it never writes
// them, and refusing them means that every value Jazz accepts re-signs to
// exactly the same text. It is safe for concurrent use.
func DecodeBase62(s string) (int64, error) {
	neg := false
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		neg = true
		digits = digits[1:]
	}
	if digits == "" || (digits[0] == '0' && (len(digits) > 1 || neg)) {
		return 0, errBase62
	}
	limit := uint64(math.MaxInt64)
	if neg {
		limit++ // |math.MinInt64|
	}
	var u uint64
	for i := 0; i < len(digits); i++ {
		d := base62Digit(digits[i])
		if d < 0 {
			return 0, errBase62
		}
		if u > (limit-uint64(d))/62 {
			return 0, errBase62
		}
		u = u*62 + uint64(d)
	}
	if neg {
		return -int64(u-1) - 1, nil // avoids overflow at math.MinInt64
	}
	return int64(u), nil
}

func base62Digit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}
