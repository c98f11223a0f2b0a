package hashers

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2 is Django's Argon2PasswordHasher: "argon2" followed by the
// standard PHC string of Argon2id,
//
//	argon2$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
//
// with salt and hash in standard base64 without padding. Verification uses
// the parameters and hash length found in the value, so hashes made by
// older argon2-cffi versions (16-byte hashes) and Argon2i hashes from
// early Django versions verify too; version 0x10 hashes and Argon2d do
// not (the Go implementation lacks them).
//
// A zero field means Django's default: 2 passes, 102400 KiB (100 MiB), 8
// lanes and a 32-byte hash. Each check allocates Memory KiB.
type Argon2 struct {
	Time    uint32 // passes over memory; 0 means 2
	Memory  uint32 // KiB; 0 means 102400
	Threads uint8  // lanes; 0 means 8
	KeyLen  uint32 // hash bytes; 0 means 32
}

var _ Encoder = Argon2{}

// Algorithm returns "argon2".
func (Argon2) Algorithm() string { return "argon2" }

func (a Argon2) params() Argon2 {
	if a.Time == 0 {
		a.Time = 2
	}
	if a.Memory == 0 {
		a.Memory = 102400
	}
	if a.Threads == 0 {
		a.Threads = 8
	}
	if a.KeyLen == 0 {
		a.KeyLen = 32
	}
	return a
}

// Encode hashes password with Argon2id, a fresh 22-character salt (used
// as its ASCII bytes, as Django does) and the configured parameters.
func (a Argon2) Encode(password string) (string, error) {
	p := a.params()
	salt := []byte(randomString(saltChars))
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("argon2$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

type argon2Parts struct {
	variety      string
	version      int
	memory, time uint32
	threads      uint8
	salt, hash   []byte
}

func argon2Decode(encoded string) (argon2Parts, error) {
	const alg = "argon2"
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != alg {
		return argon2Parts{}, malformed(alg, "want argon2$<variety>$v=<version>$m=<m>,t=<t>,p=<p>$<salt>$<hash>")
	}
	var d argon2Parts
	d.variety = f[1]
	if d.variety != "argon2id" && d.variety != "argon2i" {
		return d, malformed(alg, "only the argon2id and argon2i varieties are supported")
	}
	v, ok := strings.CutPrefix(f[2], "v=")
	n, err := strconv.Atoi(v)
	if !ok || err != nil || n != argon2.Version {
		return d, malformed(alg, "only version 19 (v=19) is supported")
	}
	d.version = n
	params := strings.Split(f[3], ",")
	if len(params) != 3 {
		return d, malformed(alg, "want m=<m>,t=<t>,p=<p>")
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		s, ok := strings.CutPrefix(params[i], name)
		x, err := strconv.ParseUint(s, 10, 32)
		if !ok || err != nil || x == 0 {
			return d, malformed(alg, "parameter "+strings.TrimSuffix(name, "=")+" is not a positive integer")
		}
		vals[i] = x
	}
	if vals[2] > 255 {
		return d, malformed(alg, "parallelism above 255")
	}
	d.memory, d.time, d.threads = uint32(vals[0]), uint32(vals[1]), uint8(vals[2])
	if d.salt, err = base64.RawStdEncoding.DecodeString(f[4]); err != nil {
		return d, malformed(alg, "the salt is not unpadded base64")
	}
	if d.hash, err = base64.RawStdEncoding.DecodeString(f[5]); err != nil || len(d.hash) == 0 {
		return d, malformed(alg, "the hash is not unpadded base64")
	}
	return d, nil
}

// Verify checks password against an argon2 value with the parameters,
// variety and hash length stored in it.
func (Argon2) Verify(password, encoded string) (bool, error) {
	d, err := argon2Decode(encoded)
	if err != nil {
		return false, err
	}
	var key []byte
	if d.variety == "argon2id" {
		key = argon2.IDKey([]byte(password), d.salt, d.time, d.memory, d.threads, uint32(len(d.hash)))
	} else {
		key = argon2.Key([]byte(password), d.salt, d.time, d.memory, d.threads, uint32(len(d.hash)))
	}
	return subtle.ConstantTimeCompare(key, d.hash) == 1, nil
}

// MustUpdate reports whether encoded differs from what Encode makes now in
// variety, version, memory, passes, lanes or hash length, or has a salt
// shorter than 22 bytes.
func (a Argon2) MustUpdate(encoded string) bool {
	d, err := argon2Decode(encoded)
	if err != nil {
		return true
	}
	p := a.params()
	return d.variety != "argon2id" || d.memory != p.Memory || d.time != p.Time ||
		d.threads != p.Threads || uint32(len(d.hash)) != p.KeyLen || saltTooShort(string(d.salt))
}
