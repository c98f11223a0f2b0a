package signing

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Codec signs JSON values the way Django's signing.dumps and signing.loads
// do: the JSON text is URL-safe base64 encoded (no padding), optionally
// zlib-compressed first and then marked with a leading ".", and the result
// is signed by a [TimestampSigner]. Sessions and messages use it.
//
// Make one with [NewCodec]; it is immutable and safe for concurrent use,
// and must not be copied. The zero Codec rejects everything and panics in
// Dumps.
type Codec struct {
	ts       *TimestampSigner
	compress bool
	// zlib writers and readers hold large buffers; reusing them makes a
	// compressed Dumps about fifty times cheaper.
	writers sync.Pool // *zlib.Writer
	readers sync.Pool // io.ReadCloser that is also a zlib.Resetter
}

// NewCodec returns a Codec for opts. Salt defaults to [DefaultCodecSalt]
// ("django.core.signing", the default of Django's dumps and loads), Sep to
// ":", Now to time.Now; Compress turns compression on. It fails for the
// same reasons as [New].
func NewCodec(opts Options) (*Codec, error) {
	ts, err := newTimestampSigner(opts, DefaultCodecSalt)
	if err != nil {
		return nil, err
	}
	return &Codec{ts: ts, compress: opts.Compress}, nil
}

// Dumps serialises v with encoding/json and signs it. The JSON is written
// the way Django reads it: without HTML escaping and with every non-ASCII
// character as a \uXXXX escape (Django 3.2 decodes the payload as Latin-1,
// so raw UTF-8 would come out garbled). It fails only when v cannot be
// marshalled.
func (c *Codec) Dumps(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("signing: cannot serialise %T as JSON: %w", v, err)
	}
	return c.sign(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// DumpsJSON signs JSON text that is already serialised, so that a value
// Django made can be reproduced byte for byte. Non-ASCII characters in js
// are turned into \uXXXX escapes first (ASCII input is signed unchanged);
// js itself is not modified. It fails when js is not valid JSON.
func (c *Codec) DumpsJSON(js []byte) (string, error) {
	if !json.Valid(js) {
		return "", errors.New("signing: DumpsJSON needs valid JSON text; serialise the value first or use Dumps")
	}
	return c.sign(js), nil
}

func (c *Codec) sign(js []byte) string {
	js = asciiJSON(js)
	if c.compress {
		var z bytes.Buffer
		w, _ := c.writers.Get().(*zlib.Writer)
		if w == nil {
			w = zlib.NewWriter(&z)
		} else {
			w.Reset(&z)
		}
		w.Write(js) // writes to a bytes.Buffer cannot fail
		w.Close()
		c.writers.Put(w)
		// Django compresses only when that saves more than one byte.
		if z.Len() < len(js)-1 {
			return c.ts.Sign("." + base64.RawURLEncoding.EncodeToString(z.Bytes()))
		}
	}
	return c.ts.Sign(base64.RawURLEncoding.EncodeToString(js))
}

// Loads verifies s (see [TimestampSigner.Unsign] for maxAge) and decodes
// its JSON into dst, which must be a non-nil pointer. Numbers decoded into
// an interface value become json.Number, so that integers beyond 2^53 keep
// their precision. A tampered, expired or malformed value returns an error
// wrapping [ErrBadSignature] and leaves dst untouched; JSON that is well
// formed but does not fit dst (or a nil or non-pointer dst) returns the
// encoding/json error without ErrBadSignature, since that is a mismatch in
// the caller's types, not a forgery; dst may then be partly filled. Loads
// never panics on any input.
func (c *Codec) Loads(s string, maxAge time.Duration, dst any) error {
	js, err := c.LoadsJSON(s, maxAge)
	if err != nil {
		return err
	}
	// Django decodes the JSON bytes as Latin-1; do the same so that any
	// byte at or above 0x80 means what it means to Django.
	js = latin1ToUTF8(js)
	// Checking the whole text first keeps dst untouched for malformed
	// payloads, including ones with data after the value.
	if !json.Valid(js) {
		return reject("payload is not valid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("signing: signed JSON does not fit %T: %w", dst, err)
	}
	return nil
}

// LoadsJSON verifies s and returns its JSON text exactly as it was signed
// (decompressed when the payload carries the "." flag). It does not check
// that the text is valid JSON. Rejections wrap [ErrBadSignature].
func (c *Codec) LoadsJSON(s string, maxAge time.Duration) ([]byte, error) {
	payload, err := c.ts.Unsign(s, maxAge)
	if err != nil {
		return nil, err
	}
	compressed := len(payload) > 0 && payload[0] == '.'
	if compressed {
		payload = payload[1:]
	}
	data, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, reject("payload is not URL-safe base64")
	}
	if !compressed {
		return data, nil
	}
	// The payload is authenticated, so only a key holder could have
	// made a decompression bomb; no size limit beyond that is applied.
	var r io.ReadCloser
	if pooled, ok := c.readers.Get().(io.ReadCloser); ok {
		if err := pooled.(zlib.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
			c.readers.Put(pooled)
			return nil, reject("compressed payload is not zlib data")
		}
		r = pooled
	} else if r, err = zlib.NewReader(bytes.NewReader(data)); err != nil {
		return nil, reject("compressed payload is not zlib data")
	}
	out, err := io.ReadAll(r)
	c.readers.Put(r)
	if err != nil {
		return nil, reject("compressed payload is corrupt")
	}
	return out, nil
}

// asciiJSON returns js with every non-ASCII character and DEL replaced by a
// lowercase \uXXXX escape (a surrogate pair above U+FFFF), as Python's
// json.dumps writes with ensure_ascii. In valid JSON such bytes occur only
// inside strings, so escaping them keeps the meaning. js is returned
// unchanged, without copying, when it is all printable ASCII.
func asciiJSON(js []byte) []byte {
	i := 0
	for i < len(js) && js[i] < utf8.RuneSelf && js[i] != 0x7f {
		i++
	}
	if i == len(js) {
		return js
	}
	out := make([]byte, i, len(js)+32)
	copy(out, js[:i])
	for i < len(js) {
		c := js[i]
		if c < utf8.RuneSelf && c != 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(js[i:])
		i += size
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = appendU(appendU(out, r1), r2)
			continue
		}
		out = appendU(out, r)
	}
	return out
}

func appendU(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

// latin1ToUTF8 maps each byte to the code point of the same number, like
// Python's bytes.decode("latin-1"), returning b itself when it is ASCII.
func latin1ToUTF8(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, i, len(b)*2)
	copy(out, b[:i])
	for _, c := range b[i:] {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}
