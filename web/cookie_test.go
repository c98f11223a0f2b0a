package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/internal/testenv"
)

type cookieVectors struct {
	Keys      map[string]string `json:"keys"`
	FixedTime int64             `json:"fixed_time"`
	Vectors   []struct {
		Name        string   `json:"name"`
		Value       string   `json:"value"`
		Salt        string   `json:"salt"`
		MaxAge      *float64 `json:"max_age"`
		Time        int64    `json:"time"`
		SignedValue string   `json:"signed_value"`
		CodedValue  string   `json:"coded_value"`
		Quoted      bool     `json:"quoted"`
		SetCookie   string   `json:"set_cookie"`
		Get         []struct {
			OK           bool     `json:"ok"`
			Result       string   `json:"result"`
			Error        string   `json:"error"`
			Case         string   `json:"case"`
			CookieHeader string   `json:"cookie_header"`
			Name         string   `json:"name"`
			Salt         string   `json:"salt"`
			MaxAge       *float64 `json:"max_age"`
			Now          float64  `json:"now"`
		} `json:"get_signed_cookie"`
	} `json:"vectors"`
	Missing []struct {
		OK     bool   `json:"ok"`
		Result any    `json:"result"`
		Case   string `json:"case"`
	} `json:"missing"`
}

func loadCookieVectors(t *testing.T) *cookieVectors {
	t.Helper()
	var v cookieVectors
	if err := json.Unmarshal(testenv.DjangoVectors(t, "cookies.json"), &v); err != nil {
		t.Fatalf("cookies.json: %v", err)
	}
	if len(v.Vectors) == 0 || v.Keys["SECRET_KEY"] == "" {
		t.Fatal("cookies.json has no vectors or no SECRET_KEY")
	}
	return &v
}

// setClock points the cookie clock at sec (fractional seconds allowed) for
// the rest of the test. Tests that use it must not run in parallel.
func setClock(t *testing.T, sec float64) {
	t.Helper()
	whole := int64(sec)
	at := time.Unix(whole, int64((sec-float64(whole))*1e9))
	old := cookieNow
	cookieNow = func() time.Time { return at }
	t.Cleanup(func() { cookieNow = old })
}

func seconds(p *float64) time.Duration {
	if p == nil {
		return 0
	}
	return time.Duration(*p * float64(time.Second))
}

func requestWithCookie(site *Site, header string) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	if header != "" {
		r.Header.Set("Cookie", header)
	}
	if site != nil {
		r = WithSite(r, site)
	}
	return r
}

func TestCookieQuotingVectors(t *testing.T) {
	v := loadCookieVectors(t)
	quoted := 0
	for _, vec := range v.Vectors {
		if got := quoteCookie(vec.SignedValue); got != vec.CodedValue {
			t.Errorf("quoteCookie(%q) = %q, Python %q", vec.SignedValue, got, vec.CodedValue)
		}
		if got := unquoteCookie(vec.CodedValue); got != vec.SignedValue {
			t.Errorf("unquoteCookie(%q) = %q, want %q", vec.CodedValue, got, vec.SignedValue)
		}
		if vec.Quoted != (vec.CodedValue != vec.SignedValue) {
			t.Errorf("vector %q: quoted flag disagrees with its values", vec.Name)
		}
		if vec.Quoted {
			quoted++
		}
	}
	if quoted < 3 {
		t.Errorf("only %d quoted vectors; the README promises three", quoted)
	}
}

// cookieAttrs splits a Set-Cookie line into its name=value pair and a
// sorted list of attributes with lower-case names (attribute names are
// case-insensitive; Python writes "expires", Go "Expires").
func cookieAttrs(line string) (string, []string) {
	parts := strings.Split(line, "; ")
	var attrs []string
	for _, a := range parts[1:] {
		k, v, _ := strings.Cut(a, "=")
		attrs = append(attrs, strings.ToLower(k)+"="+v)
	}
	sort.Strings(attrs)
	return parts[0], attrs
}

func TestSetSignedCookieVectors(t *testing.T) {
	v := loadCookieVectors(t)
	site := &Site{SecretKey: v.Keys["SECRET_KEY"]}
	for _, vec := range v.Vectors {
		t.Run(vec.Name+"/"+vec.Value, func(t *testing.T) {
			setClock(t, float64(vec.Time))
			w := httptest.NewRecorder()
			c := &http.Cookie{Name: vec.Name, Value: vec.Value, MaxAge: int(seconds(vec.MaxAge) / time.Second)}
			// Django's set_signed_cookie writes neither HttpOnly nor
			// SameSite by default; ask for the same to compare.
			err := SetSignedCookie(w, requestWithCookie(site, ""), c, vec.Salt,
				CookieScriptReadable(), CookieSameSite(http.SameSiteDefaultMode))
			if err != nil {
				t.Fatal(err)
			}
			got := w.Header().Values("Set-Cookie")
			if len(got) != 1 {
				t.Fatalf("Set-Cookie headers: %q", got)
			}
			gotPair, gotAttrs := cookieAttrs(got[0])
			wantPair, wantAttrs := cookieAttrs(vec.SetCookie)
			if gotPair != wantPair {
				t.Errorf("cookie %s\nDjango %s", gotPair, wantPair)
			}
			if strings.Join(gotAttrs, "; ") != strings.Join(wantAttrs, "; ") {
				t.Errorf("attributes %q\nDjango     %q", gotAttrs, wantAttrs)
			}
			if c.Value != vec.Value {
				t.Error("SetSignedCookie modified the caller's cookie")
			}
		})
	}
}

func TestSignedCookieVectors(t *testing.T) {
	v := loadCookieVectors(t)
	site := &Site{SecretKey: v.Keys["SECRET_KEY"]}
	n := 0
	for _, vec := range v.Vectors {
		for _, g := range vec.Get {
			t.Run(vec.Name+"/"+g.Case, func(t *testing.T) {
				setClock(t, g.Now)
				got, ok := SignedCookie(requestWithCookie(site, g.CookieHeader), g.Name, g.Salt, seconds(g.MaxAge))
				if ok != g.OK || got != g.Result {
					t.Errorf("SignedCookie = %q, %v; Django %q, %v (%s)", got, ok, g.Result, g.OK, g.Error)
				}
			})
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d get_signed_cookie verdicts", n)
	}
}

func TestSignedCookieMissingAndUnsigned(t *testing.T) {
	v := loadCookieVectors(t)
	if len(v.Missing) != 3 {
		t.Fatalf("expected 3 missing-cookie cases, got %d", len(v.Missing))
	}
	site := &Site{SecretKey: v.Keys["SECRET_KEY"]}
	if got, ok := SignedCookie(requestWithCookie(site, ""), "color", "", 0); ok || got != "" {
		t.Errorf("missing cookie: %q %v", got, ok)
	}
	// Django swallows BadSignature for an unsigned value; so does Jazz.
	if got, ok := SignedCookie(requestWithCookie(site, "color=blue"), "color", "", 0); ok || got != "" {
		t.Errorf("unsigned cookie: %q %v", got, ok)
	}
}

func TestSignedCookieKeys(t *testing.T) {
	v := loadCookieVectors(t)
	vec := v.Vectors[0]
	header := vec.Get[0].CookieHeader
	setClock(t, float64(vec.Time))

	rotated := &Site{SecretKey: "a-brand-new-key", SecretKeyFallbacks: []string{"", v.Keys["SECRET_KEY"]}}
	if got, ok := SignedCookie(requestWithCookie(rotated, header), vec.Name, vec.Salt, 0); !ok || got != vec.Value {
		t.Errorf("old key as fallback: %q %v", got, ok)
	}
	if _, ok := SignedCookie(requestWithCookie(&Site{SecretKey: "a-brand-new-key"}, header), vec.Name, vec.Salt, 0); ok {
		t.Error("accepted a cookie signed with a key that is not configured")
	}
	// New cookies are signed with the current key only.
	w := httptest.NewRecorder()
	if err := SetSignedCookie(w, requestWithCookie(rotated, ""), &http.Cookie{Name: vec.Name, Value: vec.Value}, vec.Salt); err != nil {
		t.Fatal(err)
	}
	pair, _ := cookieAttrs(w.Header().Get("Set-Cookie"))
	if pair == vec.Name+"="+vec.SignedValue {
		t.Error("signed with the fallback key")
	}
	if _, ok := SignedCookie(requestWithCookie(&Site{SecretKey: "a-brand-new-key"}, pair), vec.Name, vec.Salt, 0); !ok {
		t.Error("cookie signed under rotation does not verify with the new key")
	}

	// No SecretKey: writing fails loudly, reading reports false.
	for _, r := range []*http.Request{requestWithCookie(&Site{}, header), requestWithCookie(nil, header)} {
		err := SetSignedCookie(httptest.NewRecorder(), r, &http.Cookie{Name: "a", Value: "b"}, "")
		if err == nil || !strings.Contains(err.Error(), "SecretKey") || !strings.HasPrefix(err.Error(), "web: ") {
			t.Errorf("SetSignedCookie without SecretKey: %v", err)
		}
		if _, ok := SignedCookie(r, vec.Name, vec.Salt, 0); ok {
			t.Error("SignedCookie without SecretKey reported true")
		}
	}
	if err := SetSignedCookie(httptest.NewRecorder(), requestWithCookie(rotated, ""), nil, ""); err == nil {
		t.Error("nil cookie accepted")
	}
}

func TestSignedCookieRoundTrip(t *testing.T) {
	setClock(t, 1700000000)
	site := &Site{SecretKey: "round-trip-key"}
	for _, value := range []string{"", "plain", "with space", `q"uo\te;,`, "é✓🎉", "tab\tnl\n\x00\x7f"} {
		w := httptest.NewRecorder()
		if err := SetSignedCookie(w, requestWithCookie(site, ""), &http.Cookie{Name: "c", Value: value, MaxAge: 60}, "s"); err != nil {
			t.Fatal(err)
		}
		pair, _ := cookieAttrs(w.Header().Get("Set-Cookie"))
		r := requestWithCookie(site, "other=1; "+pair+"; last=2")
		if got, ok := SignedCookie(r, "c", "s", time.Minute); !ok || got != value {
			t.Errorf("round trip of %q: %q %v (header %s)", value, got, ok, pair)
		}
		if _, ok := SignedCookie(r, "c", "other-salt", 0); ok {
			t.Errorf("%q accepted with another salt", value)
		}
	}
}

func TestCookieDefaultsAndOptions(t *testing.T) {
	setClock(t, 1700000000)
	line := func(c *http.Cookie, opts ...CookieOption) string {
		t.Helper()
		w := httptest.NewRecorder()
		if err := SetCookie(w, c, opts...); err != nil {
			t.Fatal(err)
		}
		return w.Header().Get("Set-Cookie")
	}
	if got, want := line(&http.Cookie{Name: "a", Value: "b"}), "a=b; Path=/; HttpOnly; SameSite=Lax"; got != want {
		t.Errorf("defaults: %q, want %q", got, want)
	}
	if got, want := line(&http.Cookie{Name: "a", Value: "b", Secure: true, Path: "/app", SameSite: http.SameSiteStrictMode}), "a=b; Path=/app; HttpOnly; Secure; SameSite=Strict"; got != want {
		t.Errorf("fields: %q, want %q", got, want)
	}
	got := line(&http.Cookie{Name: "csrftoken", Value: "t", MaxAge: 3600},
		CookieScriptReadable(), CookieSecure(), CookiePath("/x"), CookieDomain("example.com"), CookieSameSite(http.SameSiteNoneMode))
	if want := "csrftoken=t; Path=/x; Domain=example.com; Expires=Tue, 14 Nov 2023 23:13:20 GMT; Max-Age=3600; Secure; SameSite=None"; got != want {
		t.Errorf("options: %q\nwant      %q", got, want)
	}
	if got := line(&http.Cookie{Name: "__Host-id", Value: "1"}); !strings.Contains(got, "; Secure") {
		t.Errorf("__Host- cookie without Secure: %q", got)
	}
	if got, want := line(&http.Cookie{Name: "g", Value: "hello world"}), `g="hello world"; Path=/; HttpOnly; SameSite=Lax`; got != want {
		t.Errorf("quoted: %q, want %q", got, want)
	}
	for _, bad := range []*http.Cookie{nil, {Name: ""}, {Name: "a b", Value: "x"}, {Name: "a;", Value: "x"}, {Name: "ok", Value: "\xff"}} {
		w := httptest.NewRecorder()
		if err := SetCookie(w, bad); err == nil || !strings.HasPrefix(err.Error(), "web: ") {
			t.Errorf("SetCookie(%+v) error = %v", bad, err)
		}
		if len(w.Header().Values("Set-Cookie")) != 0 {
			t.Errorf("SetCookie(%+v) wrote a header", bad)
		}
	}
}

func TestDeleteCookie(t *testing.T) {
	w := httptest.NewRecorder()
	DeleteCookie(w, "sessionid", CookiePath("/app"), CookieDomain("example.com"), CookieSameSite(http.SameSiteStrictMode))
	DeleteCookie(w, "__Secure-token")
	DeleteCookie(w, "bad name")
	got := w.Header().Values("Set-Cookie")
	want := []string{
		`sessionid=""; Path=/app; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Strict`,
		`__Secure-token=""; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("DeleteCookie wrote\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// These cases follow Django's parse_cookie and Python's _unquote.
func TestCookieHeaderParsing(t *testing.T) {
	cases := []struct {
		header, name, want string
		ok                 bool
	}{
		{"a=1; b=2", "b", "2", true},
		{"a=1; b=2", "c", "", false},
		{"a=1; a=2", "a", "2", true},                // last one wins
		{"  a  =  1  ;b=2", "a", "1", true},         // white space trimmed
		{"a=x=y", "a", "x=y", true},                 // split on the first "="
		{"lonely; a=1", "", "lonely", true},         // no "=": empty name
		{"a=", "a", "", true},                       // empty value is present
		{`a=""`, "a", "", true},                     // quoted empty value
		{`a="`, "a", `"`, true},                     // one quote: left alone
		{`a="x`, "a", `"x`, true},                   // unbalanced: left alone
		{`a=x"`, "a", `x"`, true},                   // unbalanced: left alone
		{`a="h\351llo"`, "a", "héllo", true},        // octal escape is a code point
		{`a="\073\054\042\134"`, "a", `;,"\`, true}, // octal punctuation
		{`a="\"\\"`, "a", `"\`, true},               // backslash escapes
		{`a="\x\é"`, "a", "xé", true},               // any other escaped character
		{`a="\400"`, "a", "400", true},              // first digit above 3: not octal
		{`a="\38"`, "a", "38", true},                // 8 is not octal
		{`a="\12"`, "a", "12", true},                // too short for octal
		{`a="x\"`, "a", `x\`, true},                 // trailing backslash stays
		{"a=\"\\\n\"", "a", "\\\n", true},           // backslash-newline stays
		{`a="\0000"`, "a", "\x000", true},           // exactly three digits
		{`a=\351`, "a", `\351`, true},               // not quoted: not unquoted
		{"a=\x1c1\x1f", "a", "1", true},             // Python also strips U+001C..U+001F
		{"a=1\u00a0", "a", "1", true},               // and Unicode space
		{"a=\xff", "a", "\ufffd", true},             // invalid UTF-8 becomes U+FFFD
		{";;;", "", "", false},                      // empty parts ignored
		{"=v", "", "v", true},                       // empty name with a value
		{`sessionid="a b"; csrftoken=x`, "csrftoken", "x", true},
	}
	for _, c := range cases {
		got, ok := Cookie(requestWithCookie(nil, c.header), c.name)
		if got != c.want || ok != c.ok {
			t.Errorf("Cookie(%q, %q) = %q, %v; want %q, %v", c.header, c.name, got, ok, c.want, c.ok)
		}
	}
	// Several Cookie lines are read together.
	r := requestWithCookie(nil, "")
	r.Header.Add("Cookie", "a=1")
	r.Header.Add("Cookie", "b=2; a=3")
	if got, _ := Cookie(r, "a"); got != "3" {
		t.Errorf("two Cookie lines: a = %q", got)
	}
	if got, ok := Cookie(r, "b"); !ok || got != "2" {
		t.Errorf("two Cookie lines: b = %q", got)
	}
}

// Every value survives quoting and parsing, including ones net/http drops.
func TestCookieQuoteRoundTrip(t *testing.T) {
	for _, v := range []string{"", " ", `"`, `\`, `\"`, "\"x\"", ";", "=", "a b", "\x00\x1f\x7f\u0080\u00ff\u0100", "é✓🎉", "\\351", " lead", "trail ", "\u00a0", "\u3000"} {
		header := "x=1; n=" + quoteCookie(v) + "; y=2"
		if got, ok := Cookie(requestWithCookie(nil, header), "n"); !ok || got != v {
			t.Errorf("round trip of %q via %q: %q %v", v, header, got, ok)
		}
	}
}
