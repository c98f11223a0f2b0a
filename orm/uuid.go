package orm

import (
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
)

// UUID is a 128-bit universally unique identifier, the Go type of a UUID
// field. The zero value is the nil UUID. Values are comparable and can be
// map keys.
type UUID [16]byte

// NewUUID returns a random (version 4) UUID from crypto/rand.
func NewUUID() UUID {
	var u UUID
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails (Go 1.24+)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// ParseUUID parses the canonical dashed form
// ("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), the 32-digit hex form Django
// stores, and either of them in braces or upper case.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	var h [32]byte
	switch len(s) {
	case 32:
		copy(h[:], s)
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return u, fmt.Errorf("orm: invalid UUID %q (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", s)
		}
		copy(h[:], s[0:8]+s[9:13]+s[14:18]+s[19:23]+s[24:36])
	default:
		return u, fmt.Errorf("orm: invalid UUID %q (want 32 hex digits, optionally dashed)", s)
	}
	if _, err := hex.Decode(u[:], h[:]); err != nil {
		return UUID{}, fmt.Errorf("orm: invalid UUID %q: not hexadecimal", s)
	}
	return u, nil
}

// String returns the canonical lower-case dashed form.
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// IsZero reports whether u is the nil UUID.
func (u UUID) IsZero() bool { return u == UUID{} }

// MarshalText implements encoding.TextMarshaler (the dashed form).
func (u UUID) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseUUID.
func (u *UUID) UnmarshalText(b []byte) error {
	v, err := ParseUUID(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// Value implements driver.Valuer (the dashed text form).
func (u UUID) Value() (driver.Value, error) { return u.String(), nil }

// Scan implements sql.Scanner for text and 16-byte binary values.
func (u *UUID) Scan(src any) error {
	v, err := uuidFrom(src)
	if err != nil {
		return err
	}
	*u = v
	return nil
}

func uuidFrom(src any) (UUID, error) {
	switch v := src.(type) {
	case UUID:
		return v, nil
	case [16]byte:
		return UUID(v), nil
	case string:
		return ParseUUID(v)
	case []byte:
		if len(v) == 16 {
			return UUID(v), nil
		}
		return ParseUUID(string(v))
	case nil:
		return UUID{}, nil
	}
	return UUID{}, fmt.Errorf("orm: cannot use %T as a UUID", src)
}
