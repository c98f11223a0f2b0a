package messages

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// testdata/django_messages.json was made by real Django 3.2 with
// testdata/django_messages.py (clock frozen at 1700000000, the interop
// test key). The shared interop vectors have no messages section, so this
// package keeps its own.

type djangoMessage struct {
	Level     Level  `json:"level"`
	Text      string `json:"text"`
	ExtraTags string `json:"extra_tags"`
	Safe      bool   `json:"safe"`
}

func (d djangoMessage) message() Message {
	return Message{Level: d.Level, Text: d.Text, ExtraTags: d.ExtraTags, Safe: d.Safe}
}

type djangoVectors struct {
	SecretKey     string `json:"secret_key"`
	CookieName    string `json:"cookie_name"`
	MaxCookieSize int    `json:"max_cookie_size"`
	Cookies       []struct {
		Name         string          `json:"name"`
		Messages     []djangoMessage `json:"messages"`
		Cookie       string          `json:"cookie"`
		Compressed   bool            `json:"compressed"`
		Decoded      []djangoMessage `json:"decoded"`
		AllRetrieved bool            `json:"all_retrieved"`
	} `json:"cookies"`
	Legacy struct {
		Cookie  string          `json:"cookie"`
		Decoded []djangoMessage `json:"decoded"`
	} `json:"legacy_3_1"`
	NotFinished struct {
		Cookie       string          `json:"cookie"`
		Decoded      []djangoMessage `json:"decoded"`
		AllRetrieved bool            `json:"all_retrieved"`
	} `json:"not_finished"`
	Tampered []struct {
		Name    string `json:"name"`
		Cookie  string `json:"cookie"`
		Decoded any    `json:"decoded"`
	} `json:"tampered"`
	Session []struct {
		Name         string          `json:"name"`
		Messages     []djangoMessage `json:"messages"`
		SessionValue string          `json:"session_value"`
	} `json:"session"`
	Fallback struct {
		Added              int      `json:"added"`
		Cookie             string   `json:"cookie"`
		CookieMessages     int      `json:"cookie_messages"`
		CookieAllRetrieved bool     `json:"cookie_all_retrieved"`
		SessionValue       string   `json:"session_value"`
		ReadBack           []string `json:"read_back"`
	} `json:"fallback"`
}

func loadDjango(t *testing.T) (*djangoVectors, *config) {
	t.Helper()
	b, err := os.ReadFile("testdata/django_messages.json")
	if err != nil {
		t.Fatal(err)
	}
	var v djangoVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if v.SecretKey != testKey || v.CookieName != DefaultCookieName || v.MaxCookieSize != DefaultMaxCookieSize {
		t.Fatalf("vectors made with other settings: %q %q %d", v.SecretKey, v.CookieName, v.MaxCookieSize)
	}
	c, err := Options{SecretKey: v.SecretKey, now: fixedNow}.compile()
	if err != nil {
		t.Fatal(err)
	}
	return &v, c
}

func sameMessages(t *testing.T, what string, got []Message, want []djangoMessage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d messages, want %d", what, len(got), len(want))
	}
	for i := range got {
		g := got[i]
		g.tag = ""
		if g != want[i].message() {
			t.Errorf("%s[%d] = %+v, want %+v", what, i, g, want[i].message())
		}
	}
}

func toMessages(d []djangoMessage) []Message {
	out := make([]Message, len(d))
	for i := range d {
		out[i] = d[i].message()
	}
	return out
}

func TestDjangoCookies(t *testing.T) {
	v, c := loadDjango(t)
	for _, tc := range v.Cookies {
		msgs, marker, err := c.decodeCookie(tc.Cookie)
		if err != nil || marker == tc.AllRetrieved {
			t.Fatalf("%s: decode: marker %v, err %v", tc.Name, marker, err)
		}
		sameMessages(t, tc.Name, msgs, tc.Decoded)
		// Python's and Go's zlib write different bytes for the same data, so
		// a compressed value can only be compared once decoded.
		enc := c.encodeCookie(toMessages(tc.Messages), false)
		if tc.Compressed {
			if !strings.HasPrefix(enc, ".") {
				t.Errorf("%s: Jazz did not compress what Django compressed", tc.Name)
			}
			back, _, err := c.decodeCookie(enc)
			if err != nil {
				t.Fatal(err)
			}
			sameMessages(t, tc.Name+" (Jazz)", back, tc.Decoded)
		} else if enc != tc.Cookie {
			t.Errorf("%s: Jazz wrote\n%s\nDjango wrote\n%s", tc.Name, enc, tc.Cookie)
		}
	}

	msgs, marker, err := c.decodeCookie(v.Legacy.Cookie)
	if err != nil || marker {
		t.Fatalf("legacy 3.1 cookie: marker %v, err %v", marker, err)
	}
	sameMessages(t, "legacy", msgs, v.Legacy.Decoded)

	msgs, marker, err = c.decodeCookie(v.NotFinished.Cookie)
	if err != nil || marker != !v.NotFinished.AllRetrieved {
		t.Fatalf("not-finished cookie: marker %v, err %v", marker, err)
	}
	sameMessages(t, "not finished", msgs, v.NotFinished.Decoded)
	if enc := c.encodeCookie(toMessages(v.NotFinished.Decoded), true); enc != v.NotFinished.Cookie {
		t.Errorf("not-finished: Jazz wrote %s, Django %s", enc, v.NotFinished.Cookie)
	}

	for _, tc := range v.Tampered {
		if tc.Decoded != nil {
			t.Fatalf("%s: vector decodes", tc.Name)
		}
		if msgs, _, err := c.decodeCookie(tc.Cookie); err == nil {
			t.Errorf("%s: accepted %q as %+v", tc.Name, tc.Cookie, msgs)
		}
	}
}

// TestDjangoCookieThroughMiddleware reads Django's cookies the way a
// browser sends them, through the middleware.
func TestDjangoCookieThroughMiddleware(t *testing.T) {
	v, _ := loadDjango(t)
	for _, tc := range v.Cookies {
		var got []Message
		h := Middleware(Options{SecretKey: v.SecretKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = Get(r)
		}))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Cookie", "csrftoken=x; messages="+tc.Cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		sameMessages(t, tc.Name, got, tc.Decoded)
		if sc := rec.Header().Get("Set-Cookie"); !strings.Contains(sc, `messages="";`) || !strings.Contains(sc, "Max-Age=0") {
			t.Errorf("%s: shown messages' cookie not deleted: %q", tc.Name, sc)
		}
	}
}

func TestDjangoSession(t *testing.T) {
	v, _ := loadDjango(t)
	for _, tc := range v.Session {
		if got := string(appendList(nil, toMessages(tc.Messages), false, false)); got != tc.SessionValue {
			t.Errorf("%s: Jazz stores\n%s\nDjango stores\n%s", tc.Name, got, tc.SessionValue)
		}
		msgs, marker, err := decodeList([]byte(tc.SessionValue))
		if err != nil || marker {
			t.Fatalf("%s: %v", tc.Name, err)
		}
		sameMessages(t, tc.Name, msgs, tc.Messages)
	}
}

// TestDjangoFallback: Django put the oldest of 40 messages in the cookie
// and the rest in the session. Jazz reads that back in order, and splits
// the same messages in the same format.
func TestDjangoFallback(t *testing.T) {
	v, c := loadDjango(t)
	f := v.Fallback
	ss := newTestSessions()
	var got []Message
	h := ss.middleware(Middleware(Options{SecretKey: v.SecretKey, Session: ss.get})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sess := ss.get(r); sess != nil {
			sess.Set(sessionKey, f.SessionValue)
		}
		got = Get(r)
	})))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", "messages="+f.Cookie)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if len(got) != f.Added {
		t.Fatalf("read %d messages, want %d", len(got), f.Added)
	}
	for i := range got {
		if got[i].Text != f.ReadBack[i] {
			t.Fatalf("message %d = %q, want %q", i, got[i].Text, f.ReadBack[i])
		}
	}

	// Jazz's own split of the same messages. Go's zlib packs this hex text
	// tighter than Python's, so Jazz fits at least as many in the cookie;
	// the JSON inside is Django's byte for byte.
	st := &state{cfg: c, r: httptest.NewRequest("GET", "/", nil)}
	rec := httptest.NewRecorder()
	rest := st.saveCookie(rec, append([]Message(nil), got...), false)
	inCookie := f.Added - len(rest)
	if inCookie < f.CookieMessages || inCookie == f.Added {
		t.Errorf("Jazz keeps %d messages in the cookie, Django %d", inCookie, f.CookieMessages)
	}
	cookie := rec.Result().Cookies()[0].Value
	if len(cookie) > DefaultMaxCookieSize {
		t.Errorf("Jazz's cookie is %d bytes", len(cookie))
	}
	if s := string(appendList(nil, rest, false, false)); !strings.HasSuffix(f.SessionValue, s[1:]) {
		t.Errorf("session part is not the tail of Django's:\n%s\n%s", s, f.SessionValue)
	}
	djangoJSON, err := c.codec.LoadsJSON(f.Cookie, 0)
	if err != nil {
		t.Fatal(err)
	}
	if js := appendList(nil, got[:f.CookieMessages], true, true); string(js) != string(djangoJSON) {
		t.Errorf("cookie JSON differs from Django's:\n%s\n%s", js, djangoJSON)
	}
}
