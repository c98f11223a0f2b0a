package sessions_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/sessions"
)

// sessionVectors is the part of sessions.json the tests read.
type sessionVectors struct {
	FixedTime int64 `json:"fixed_time"`
	Keys      struct {
		Secret string `json:"SECRET_KEY"`
		Other  string `json:"OTHER_KEY"`
	} `json:"keys"`
	DB struct {
		Salt    string `json:"salt"`
		Vectors []struct {
			Dict       json.RawMessage `json:"dict"`
			Time       int64           `json:"time"`
			Encoded    string          `json:"encoded"`
			Compressed bool            `json:"compressed"`
			Decode     json.RawMessage `json:"decode"`
		} `json:"vectors"`
		Tampered []struct {
			Name    string          `json:"name"`
			Encoded string          `json:"encoded"`
			Decode  json.RawMessage `json:"decode"`
		} `json:"tampered"`
	} `json:"db_backend"`
	Login struct {
		SessionKey  string          `json:"session_key"`
		SessionData string          `json:"session_data"`
		Decoded     json.RawMessage `json:"decoded"`
		SetCookie   string          `json:"set_cookie"`
	} `json:"login"`
	Cookies struct {
		Salt       string `json:"salt"`
		CookieName string `json:"cookie_name"`
		Age        int64  `json:"session_cookie_age"`
		Vectors    []struct {
			Dict        json.RawMessage `json:"dict"`
			CookieValue string          `json:"cookie_value"`
			Loads       []struct {
				Now  int64           `json:"now"`
				Age  int64           `json:"session_cookie_age"`
				Load json.RawMessage `json:"load"`
			} `json:"loads"`
		} `json:"vectors"`
		Tampered []struct {
			Name        string `json:"name"`
			CookieValue string `json:"cookie_value"`
		} `json:"tampered"`
	} `json:"signed_cookies_backend"`
}

func loadVectors(t *testing.T) *sessionVectors {
	t.Helper()
	var v sessionVectors
	if err := json.Unmarshal(testenv.DjangoVectors(t, "sessions.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.DB.Vectors) == 0 || len(v.Cookies.Vectors) == 0 {
		t.Fatal("sessions.json: no vectors read; has the format changed?")
	}
	return &v
}

// data decodes a vector's dict the way a session holds it.
func data(t *testing.T, raw json.RawMessage) sessions.Data {
	t.Helper()
	var d sessions.Data
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func fixedClock(sec int64) func() time.Time {
	return func() time.Time { return time.Unix(sec, 0) }
}

func TestDjangoStoreEncoding(t *testing.T) {
	v := loadVectors(t)
	if v.DB.Salt != sessions.StoreSalt || v.Cookies.Salt != sessions.CookieSalt {
		t.Fatalf("salts: vectors %q, %q; package %q, %q", v.DB.Salt, v.Cookies.Salt, sessions.StoreSalt, sessions.CookieSalt)
	}
	keys := []string{v.Keys.Secret}
	for _, vec := range v.DB.Vectors {
		got, err := sessions.Decode(vec.Encoded, keys)
		if err != nil {
			t.Errorf("Decode(%.40s...): %v", vec.Encoded, err)
			continue
		}
		if want := data(t, vec.Decode); !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(%.40s...) = %v, want %v", vec.Encoded, got, want)
		}
		// Encoding at the vector's time: byte for byte where Go's JSON
		// writes what Python's does (at most one key: map order differs),
		// through a round trip otherwise.
		c, err := sessions.NewCodec(sessions.CodecOptions{SecretKey: v.Keys.Secret, Now: fixedClock(vec.Time)})
		if err != nil {
			t.Fatal(err)
		}
		d := data(t, vec.Dict)
		enc, err := c.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		if len(d) <= 1 && !vec.Compressed && enc != vec.Encoded {
			t.Errorf("Encode(%v) = %q, Django wrote %q", d, enc, vec.Encoded)
		}
		if back, err := c.Decode(enc); err != nil || !reflect.DeepEqual(back, d) {
			t.Errorf("round trip of %v: %v, %v", d, back, err)
		}
	}
	for _, vec := range v.DB.Tampered {
		got, err := sessions.Decode(vec.Encoded, keys)
		if !errors.Is(err, sessions.ErrNotFound) || got != nil {
			t.Errorf("%s: Decode = %v, %v; want ErrNotFound", vec.Name, got, err)
		}
	}
	// A key rotated out still decodes as a fallback, not as the current key.
	other := v.DB.Tampered[3]
	if !strings.Contains(other.Name, "OTHER_KEY") {
		t.Fatalf("tampered[3] is %q, expected the OTHER_KEY case", other.Name)
	}
	if got, err := sessions.Decode(other.Encoded, []string{v.Keys.Secret, v.Keys.Other}); err != nil || got["foo"] != "bar" {
		t.Errorf("fallback key: Decode = %v, %v", got, err)
	}
}

func TestDjangoLoginRow(t *testing.T) {
	v := loadVectors(t)
	got, err := sessions.Decode(v.Login.SessionData, []string{v.Keys.Secret})
	if err != nil {
		t.Fatal(err)
	}
	if want := data(t, v.Login.Decoded); !reflect.DeepEqual(got, want) {
		t.Fatalf("login row decodes to %v, want %v", got, want)
	}
	if !sessions.ValidKey(v.Login.SessionKey) || len(v.Login.SessionKey) != sessions.KeyLength {
		t.Fatalf("Django's key %q is not a valid Jazz key", v.Login.SessionKey)
	}
}

func TestDjangoSignedCookies(t *testing.T) {
	v := loadVectors(t)
	for _, vec := range v.Cookies.Vectors {
		for _, l := range vec.Loads {
			age := v.Cookies.Age
			if l.Age != 0 {
				age = l.Age
			}
			c, err := sessions.NewCodec(sessions.CodecOptions{SecretKey: v.Keys.Secret, Now: fixedClock(l.Now)})
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.DecodeCookie(vec.CookieValue, time.Duration(age)*time.Second)
			want := data(t, l.Load)
			if len(want) == 0 {
				if !errors.Is(err, sessions.ErrNotFound) {
					t.Errorf("%.30s at %d age %d: got %v, %v; want ErrNotFound", vec.CookieValue, l.Now, age, got, err)
				}
				continue
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%.30s at %d age %d: got %v, %v; want %v", vec.CookieValue, l.Now, age, got, err, want)
			}
		}
		// Our own cookie for the same dict reads back through Django's
		// rules (its bytes are Django's when Go's JSON is Python's).
		c, _ := sessions.NewCodec(sessions.CodecOptions{SecretKey: v.Keys.Secret, Now: fixedClock(v.FixedTime)})
		d := data(t, vec.Dict)
		enc, err := c.EncodeCookie(d)
		if err != nil {
			t.Fatal(err)
		}
		if len(d) == 1 && !strings.HasPrefix(vec.CookieValue, ".") && enc != vec.CookieValue {
			t.Errorf("EncodeCookie(%v) = %q, Django wrote %q", d, enc, vec.CookieValue)
		}
	}
	c, _ := sessions.NewCodec(sessions.CodecOptions{SecretKey: v.Keys.Secret, Now: fixedClock(v.FixedTime)})
	for _, vec := range v.Cookies.Tampered {
		if got, err := c.DecodeCookie(vec.CookieValue, time.Duration(v.Cookies.Age)*time.Second); !errors.Is(err, sessions.ErrNotFound) {
			t.Errorf("%s: DecodeCookie = %v, %v; want ErrNotFound", vec.Name, got, err)
		}
	}
}

func TestNewKey(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 2000 {
		k := sessions.NewKey()
		if len(k) != sessions.KeyLength || !sessions.ValidKey(k) {
			t.Fatalf("NewKey() = %q", k)
		}
		if seen[k] {
			t.Fatalf("NewKey repeated %q", k)
		}
		seen[k] = true
		for _, c := range k {
			counts[c]++
		}
	}
	if len(counts) != 36 {
		t.Fatalf("keys use %d distinct characters, want all 36", len(counts))
	}
}

func TestValidKey(t *testing.T) {
	for key, want := range map[string]bool{
		"abcdefgh":                         true,
		"i43gkbz2jqp44b9apgwh995go6c495ew": true,
		"abcdefg":                          false,
		"ABCDEFGHIJ":                       false,
		"../../../etc/passwd":              false,
		"abcdefgh/ijkl":                    false,
		"abcdefgh\x00":                     false,
		strings.Repeat("a", 41):            false,
		"":                                 false,
	} {
		if got := sessions.ValidKey(key); got != want {
			t.Errorf("ValidKey(%q) = %v, want %v", key, got, want)
		}
	}
}
