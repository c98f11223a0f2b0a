package signing

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func newCodec(t *testing.T, compress bool) *Codec {
	t.Helper()
	c, err := NewCodec(Options{Key: testKey, Compress: compress, Now: fixed(1700000000)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func zlen(b []byte) int {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Len()
}

// Django compresses only when the zlib data is shorter than the JSON by
// more than one byte. Find inputs on both sides of that line.
func TestCompressionThreshold(t *testing.T) {
	c := newCodec(t, true)
	var saveOne, saveTwo []byte
	// A run of one letter compresses to a constant size, so growing it one
	// byte at a time crosses the line exactly.
	for n := 1; n < 100 && (saveOne == nil || saveTwo == nil); n++ {
		b := []byte(`"` + strings.Repeat("x", n) + `"`)
		switch len(b) - zlen(b) {
		case 1:
			saveOne = b
		case 2:
			saveTwo = b
		}
	}
	if saveOne == nil || saveTwo == nil {
		t.Fatal("no inputs found on the compression boundary")
	}
	if s, _ := c.DumpsJSON(saveOne); strings.HasPrefix(s, ".") {
		t.Errorf("%s compressed although zlib saves only one byte", saveOne)
	}
	s, _ := c.DumpsJSON(saveTwo)
	if !strings.HasPrefix(s, ".") {
		t.Errorf("%s not compressed although zlib saves two bytes", saveTwo)
	}
	if js, err := c.LoadsJSON(s, 0); err != nil || !bytes.Equal(js, saveTwo) {
		t.Errorf("LoadsJSON = %s, %v", js, err)
	}
	// Without Compress nothing is compressed.
	if s, _ := newCodec(t, false).DumpsJSON(saveTwo); strings.HasPrefix(s, ".") {
		t.Error("compressed without Compress")
	}
}

func TestLoadsIntoCallerTypes(t *testing.T) {
	c := newCodec(t, true)
	type session struct {
		UserID string `json:"_auth_user_id"`
		Count  int64  `json:"count"`
	}
	in := session{UserID: "42", Count: 9007199254740993}
	s, err := c.Dumps(in)
	if err != nil {
		t.Fatal(err)
	}
	var out session
	if err := c.Loads(s, time.Minute, &out); err != nil || out != in {
		t.Errorf("Loads = %+v, %v", out, err)
	}
	var m any
	if err := c.Loads(s, 0, &m); err != nil {
		t.Fatal(err)
	}
	if n, ok := m.(map[string]any)["count"].(json.Number); !ok || n.String() != "9007199254740993" {
		t.Errorf("count decoded as %#v, want json.Number", m.(map[string]any)["count"])
	}

	// A good signature over JSON of another shape is the caller's
	// problem, not a forgery.
	var wrong []int
	err = c.Loads(s, 0, &wrong)
	if err == nil || errors.Is(err, ErrBadSignature) {
		t.Errorf("type mismatch: %v", err)
	}
	if err := c.Loads(s, 0, nil); err == nil || errors.Is(err, ErrBadSignature) {
		t.Errorf("nil dst: %v", err)
	}
}

// Values with a valid MAC but a broken payload are rejected, and dst is
// left alone.
func TestLoadsRejectsMalformedPayloads(t *testing.T) {
	c := newCodec(t, false)
	b64 := base64.RawURLEncoding.EncodeToString
	for name, payload := range map[string]string{
		"not base64":          "@@@",
		"padded base64":       b64([]byte(`{"a":1}`)) + "==",
		"not JSON":            b64([]byte(`{"a":`)),
		"trailing data":       b64([]byte(`{"a":1} {"b":2}`)),
		"NaN (Python only)":   b64([]byte(`NaN`)),
		"empty":               "",
		"dot only":            ".",
		"dot, not zlib":       "." + b64([]byte("plain text")),
		"dot, truncated zlib": "." + b64(zlibBytes(t, `{"a":1}`)[:6]),
	} {
		signed := c.ts.Sign(payload)
		dst := map[string]any{"kept": true}
		err := c.Loads(signed, 0, &dst)
		if !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: Loads err = %v", name, err)
		}
		if len(dst) != 1 || dst["kept"] != true {
			t.Errorf("%s: dst changed to %v", name, dst)
		}
	}
}

func zlibBytes(t *testing.T, s string) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(s))
	w.Close()
	return z.Bytes()
}

func TestDumpsWritesASCIIJSON(t *testing.T) {
	c := newCodec(t, false)
	v := map[string]string{"k": "é ✓ 🎉 \x7f <&>"}
	s, err := c.Dumps(v)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := c.LoadsJSON(s, 0)
	const want = `{"k":"\u00e9 \u2713 \ud83c\udf89 \u007f <&>"}`
	if string(js) != want {
		t.Errorf("JSON %s, want %s", js, want)
	}
	var back map[string]string
	if err := c.Loads(s, 0, &back); err != nil || back["k"] != v["k"] {
		t.Errorf("round trip %q, %v", back["k"], err)
	}
	if _, err := c.Dumps(func() {}); err == nil || !strings.HasPrefix(err.Error(), "signing: ") {
		t.Errorf("Dumps(func) error %v", err)
	}
	if _, err := c.DumpsJSON([]byte(`{"a":`)); err == nil {
		t.Error("DumpsJSON accepted invalid JSON")
	}
	// DumpsJSON escapes raw UTF-8 so Django reads the same text.
	s1, _ := c.DumpsJSON([]byte(`"é"`))
	s2, _ := c.DumpsJSON([]byte(`"\u00e9"`))
	if s1 != s2 {
		t.Errorf("DumpsJSON of raw and escaped é differ: %q %q", s1, s2)
	}
}

// Django decodes payload bytes as Latin-1; a raw 0xE9 byte means é.
func TestLoadsDecodesLatin1LikeDjango(t *testing.T) {
	c := newCodec(t, false)
	signed := c.ts.Sign(base64.RawURLEncoding.EncodeToString([]byte("\"caf\xe9\"")))
	var s string
	if err := c.Loads(signed, 0, &s); err != nil || s != "café" {
		t.Errorf("Loads = %q, %v", s, err)
	}
}

func TestLoadsExpiry(t *testing.T) {
	c := newCodec(t, true)
	s, _ := c.Dumps("x")
	later, _ := NewCodec(Options{Key: testKey, Compress: true, Now: fixed(1700000061)})
	var v string
	err := later.Loads(s, time.Minute, &v)
	if !errors.Is(err, ErrSignatureExpired) || v != "" {
		t.Errorf("Loads after 61s with max age 60s: %q %v", v, err)
	}
	if err := later.Loads(s, 61*time.Second, &v); err != nil || v != "x" {
		t.Errorf("Loads at the boundary: %q %v", v, err)
	}
}
