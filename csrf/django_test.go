package csrf

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/jazzgo/jazz/internal/testenv"
)

type djangoVectors struct {
	Alphabet     string `json:"alphabet"`
	SecretLength int    `json:"secret_length"`
	TokenLength  int    `json:"token_length"`
	MaskVectors  []struct {
		Secret, Mask, Token, Unmask string
	} `json:"mask_vectors"`
	Verdicts []djangoVerdict `json:"middleware_verdicts"`
}

type djangoVerdict struct {
	Case                string  `json:"case"`
	Method              string  `json:"method"`
	Secure              bool    `json:"secure"`
	Host                string  `json:"host"`
	Cookie              *string `json:"cookie"`
	Token               *string `json:"token"`
	Via                 *string `json:"via"`
	Referer             *string `json:"referer"`
	ViewRendersToken    bool    `json:"view_renders_token"`
	Accepted            bool    `json:"accepted"`
	Reason              *string `json:"reason"`
	RenderedToken       *string `json:"rendered_token"`
	CookieSet           *string `json:"cookie_set"`
	CookieSetSecret     *string `json:"cookie_set_secret"`
	RenderedTokenSecret *string `json:"rendered_token_secret"`
}

func loadVectors(t *testing.T) djangoVectors {
	t.Helper()
	var v djangoVectors
	if err := json.Unmarshal(testenv.DjangoVectors(t, "csrf.json"), &v); err != nil {
		t.Fatalf("csrf.json: %v", err)
	}
	if len(v.MaskVectors) == 0 || len(v.Verdicts) == 0 {
		t.Fatal("csrf.json: no vectors")
	}
	return v
}

func TestDjangoFormat(t *testing.T) {
	v := loadVectors(t)
	if v.Alphabet != alphabet || v.SecretLength != SecretLength || v.TokenLength != TokenLength {
		t.Fatalf("format: alphabet %q (%d/%d), want ours %q (%d/%d)", v.Alphabet, v.SecretLength, v.TokenLength, alphabet, SecretLength, TokenLength)
	}
}

func TestDjangoMaskVectors(t *testing.T) {
	for _, m := range loadVectors(t).MaskVectors {
		if got := maskWith(m.Secret, m.Mask); got != m.Token {
			t.Errorf("maskWith(%q, %q) = %q, want %q", m.Secret, m.Mask, got, m.Token)
		}
		if got := unmask(m.Token); got != m.Unmask {
			t.Errorf("unmask(%q) = %q, want %q", m.Token, got, m.Unmask)
		}
		if got, reason := parseToken(m.Token); got != m.Secret || reason != "" {
			t.Errorf("parseToken(%q) = %q, %q", m.Token, got, reason)
		}
		if got, reason := parseToken(m.Secret); got != m.Secret || reason != "" {
			t.Errorf("parseToken(%q) = %q, %q", m.Secret, got, reason)
		}
	}
}

// django32Generic is Django 3.2's single reason for every token problem;
// Django 4.0+ (and Jazz) say which problem it was. The refusal itself is
// what the vectors fix; the precise 4.x reason is pinned here per case.
const django32Generic = "CSRF token missing or incorrect."

var reason4x = map[string]string{
	"token from a different secret":       "CSRF token from POST incorrect.",
	"no token":                            ReasonTokenMissing,
	"empty token":                         ReasonTokenMissing,
	"token 63 chars":                      "CSRF token from POST has incorrect length.",
	"token with a non-alphanumeric char":  "CSRF token from POST has invalid characters.",
	"cookie with a non-alphanumeric char": "CSRF cookie has invalid characters.",
	"cookie of wrong length (40)":         "CSRF cookie has incorrect length.",
	"DELETE without token":                ReasonTokenMissing,
}

// TestDjangoMiddlewareVerdicts replays every real CsrfViewMiddleware run of
// csrf.json, with the cookie written both ways (4.1+ unmasked, the
// default, and 3.2 masked).
func TestDjangoMiddlewareVerdicts(t *testing.T) {
	for _, masked := range []bool{false, true} {
		for _, v := range loadVectors(t).Verdicts {
			name := v.Case
			if masked {
				name = "masked/" + name
			}
			t.Run(name, func(t *testing.T) { checkVerdict(t, v, masked) })
		}
	}
}

func checkVerdict(t *testing.T, v djangoVerdict, masked bool) {
	q := req{method: v.Method, secure: v.Secure, host: v.Host}
	if v.Cookie != nil {
		q.cookie = *v.Cookie
	}
	if v.Referer != nil {
		q.referer = *v.Referer
	}
	if v.Token != nil {
		switch *v.Via {
		case "form":
			q.form, q.hasForm = *v.Token, true
		case "header":
			q.header, q.hasHdr = *v.Token, true
		default:
			t.Fatalf("unknown via %q", *v.Via)
		}
	}
	res := run(Options{CookieMasked: masked}, q, v.ViewRendersToken)

	if accepted := res.status == http.StatusOK; accepted != v.Accepted || res.viewRan != v.Accepted {
		t.Fatalf("status %d (view ran: %v, reason %q), Django accepted=%v reason=%v", res.status, res.viewRan, res.reason, v.Accepted, deref(v.Reason))
	}
	if !v.Accepted {
		want := *v.Reason
		if want == django32Generic {
			want = reason4x[v.Case]
			if want == "" {
				t.Fatalf("no 4.x reason pinned for case %q", v.Case)
			}
		}
		if res.reason != want {
			t.Errorf("reason %q, want %q (Django 3.2 said %q)", res.reason, want, *v.Reason)
		}
	}

	cookieValid := v.Cookie != nil && secretOf(*v.Cookie) != ""
	switch {
	case v.CookieSet == nil && cookieValid:
		if res.cookie != nil {
			t.Errorf("cookie set to %q; Django set none", res.cookie.Value)
		}
	case v.CookieSet == nil:
		// Django 3.2 leaves a missing or broken cookie alone unless the page
		// asks for a token; 4.1+ (and Jazz) replace a broken one at once.
		if v.Cookie == nil && res.cookie != nil {
			t.Errorf("cookie set to %q with no cookie and no token asked for", res.cookie.Value)
		}
		if v.Cookie != nil && (res.cookie == nil || secretOf(res.cookie.Value) == "") {
			t.Errorf("broken cookie %q not replaced by a valid one: %v", *v.Cookie, res.cookie)
		}
	default:
		if res.cookie == nil {
			t.Fatalf("no cookie set; Django set %q", *v.CookieSet)
		}
		got := res.cookie.Value
		wantLen := SecretLength
		if masked {
			wantLen = TokenLength
		}
		if len(got) != wantLen {
			t.Errorf("cookie %q has length %d, want %d", got, len(got), wantLen)
		}
		if secretOf(got) == "" {
			t.Fatalf("cookie %q is not a valid secret or token", got)
		}
		if cookieValid {
			// The secret is the request's, not random: it must be Django's.
			if secretOf(got) != *v.CookieSetSecret {
				t.Errorf("cookie secret %q, Django's %q", secretOf(got), *v.CookieSetSecret)
			}
			if masked && len(*v.Cookie) == TokenLength && got != *v.CookieSet {
				t.Errorf("masked cookie re-sent as %q; Django re-sent it unchanged as %q", got, *v.CookieSet)
			}
		}
	}

	if v.RenderedToken != nil {
		if len(res.rendered) != TokenLength || secretOf(res.rendered) == "" {
			t.Fatalf("rendered token %q is not a masked token", res.rendered)
		}
		if res.rendered == *v.RenderedToken {
			t.Errorf("rendered token equals Django's seeded one: masks are not random")
		}
		if res.cookie == nil || secretOf(res.rendered) != secretOf(res.cookie.Value) {
			t.Errorf("rendered token's secret %q differs from the cookie's (%v)", secretOf(res.rendered), res.cookie)
		}
		if cookieValid && secretOf(res.rendered) != *v.RenderedTokenSecret {
			t.Errorf("rendered token's secret %q, Django's %q", secretOf(res.rendered), *v.RenderedTokenSecret)
		}
		// What Jazz rendered must pass Django's check against the cookie
		// Jazz set: replay it as the next POST.
		next := run(Options{CookieMasked: masked}, req{cookie: res.cookie.Value, form: res.rendered, hasForm: true}, false)
		if next.status != http.StatusOK {
			t.Errorf("posting the rendered token back: %d %q", next.status, next.reason)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
