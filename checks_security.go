package jazz

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/middleware"
)

// insecureKeyPrefix marks generated development keys; check --deploy
// rejects them, as Django does for "django-insecure-".
const insecureKeyPrefix = "jazz-insecure-"

// builtinChecks are the framework's own system checks: Django's security
// checks, run by `check --deploy` (the Deploy ones) and at start-up.
func (p *Project) builtinChecks() []checks.Check {
	s := p.Settings
	deploy := func(id string, fn func() *checks.Message) checks.Check {
		return checks.Check{Name: id, Tags: []string{"security"}, Deploy: true, Func: func(context.Context) []checks.Message {
			if m := fn(); m != nil {
				m.ID = id
				return []checks.Message{*m}
			}
			return nil
		}}
	}
	warn := func(msg, hint string) *checks.Message {
		return &checks.Message{Level: checks.Warning, Msg: msg, Hint: hint}
	}
	security := p.hasMiddleware(SecurityMiddleware)
	xframe := p.hasMiddleware(XFrameOptionsMiddleware)
	return []checks.Check{
		deploy("security.W001", func() *checks.Message {
			if security {
				return nil
			}
			return warn("SecurityMiddleware is not in your Middleware setting, so HSTS, nosniff, Referrer-Policy, "+
				"Cross-Origin-Opener-Policy and SecureSSLRedirect have no effect.", "Add jazz.SecurityMiddleware to Settings.Middleware.")
		}),
		deploy("security.W002", func() *checks.Message {
			if xframe {
				return nil
			}
			return warn("XFrameOptionsMiddleware is not in your Middleware setting, so pages do not carry X-Frame-Options "+
				"and can be framed by other sites (clickjacking).", "Add jazz.XFrameOptionsMiddleware to Settings.Middleware.")
		}),
		deploy("security.W004", func() *checks.Message {
			if !security || s.SecureHSTSSeconds > 0 {
				return nil
			}
			return warn("You have not set SecureHSTSSeconds (JAZZ_SECURE_HSTS_SECONDS). If the site is served only over "+
				"HTTPS, set it so browsers refuse plain-HTTP connections to it.",
				"Start with a small value; a large one cannot easily be taken back.")
		}),
		deploy("security.W005", func() *checks.Message {
			if !security || s.SecureHSTSSeconds == 0 || s.SecureHSTSIncludeSubdomains {
				return nil
			}
			return warn("SecureHSTSIncludeSubdomains is off, so subdomains can still be reached over plain HTTP.",
				"Turn it on only if every subdomain is served over HTTPS.")
		}),
		deploy("security.W008", func() *checks.Message {
			if !security || s.SecureSSLRedirect {
				return nil
			}
			return warn("SecureSSLRedirect is off, so plain-HTTP requests are answered instead of redirected to HTTPS.",
				"Turn it on unless a proxy already redirects every request to HTTPS.")
		}),
		deploy("security.W009", func() *checks.Message {
			if !weakSecret(s.SecretKey) {
				return nil
			}
			return warn("Your SecretKey has fewer than 50 characters, fewer than 5 distinct characters, or starts with \""+
				insecureKeyPrefix+"\": it may be guessed, and everything signed with it forged.",
				"Set JAZZ_SECRET_KEY to a long random value, e.g. from `openssl rand -base64 48`.")
		}),
		deploy("security.W012", func() *checks.Message {
			if s.SessionCookieSecure {
				return nil
			}
			return warn("SessionCookieSecure is off: the session cookie would also be sent over plain HTTP, where it can be stolen.",
				"Turn it on when the site is served only over HTTPS.")
		}),
		deploy("security.W016", func() *checks.Message {
			if s.CSRFCookieSecure {
				return nil
			}
			return warn("CSRFCookieSecure is off: the CSRF cookie would also be sent over plain HTTP.",
				"Turn it on when the site is served only over HTTPS.")
		}),
		deploy("security.W018", func() *checks.Message {
			if !s.Debug {
				return nil
			}
			return warn("Debug is on in deployment: error pages show code, settings and request data to anyone.",
				"Set JAZZ_DEBUG=false in production.")
		}),
		deploy("security.W019", func() *checks.Message {
			if !xframe || s.XFrameOptions == "DENY" {
				return nil
			}
			return warn("XFrameOptions is not \"DENY\". Unless pages must be framed by this same site, DENY is safer.", "")
		}),
		deploy("security.W020", func() *checks.Message {
			if len(s.AllowedHosts) > 0 {
				return nil
			}
			return warn("AllowedHosts (JAZZ_ALLOWED_HOSTS) is empty, so every request will be refused with 400.",
				"List the host names the site answers for, e.g. JAZZ_ALLOWED_HOSTS=example.com,www.example.com.")
		}),
		deploy("security.W021", func() *checks.Message {
			if !security || s.SecureHSTSSeconds == 0 || s.SecureHSTSPreload {
				return nil
			}
			return warn("SecureHSTSPreload is off, so the site cannot be submitted to the browsers' HSTS preload list.", "")
		}),
		deploy("security.W022", func() *checks.Message {
			if !security || !strings.EqualFold(s.SecureReferrerPolicy, middleware.Off) {
				return nil
			}
			return warn("SecureReferrerPolicy is \"none\": browsers will send full URLs to other sites in the Referer header.",
				"Use \"same-origin\" or \"strict-origin-when-cross-origin\".")
		}),
		deploy("security.W025", func() *checks.Message {
			for _, k := range s.SecretKeyFallbacks {
				if weakSecret(k) {
					return warn("One of your SecretKeyFallbacks is weak (see security.W009).", "")
				}
			}
			return nil
		}),
	}
}

// cacheChecks try each cache with a probe key, so `check` reports a cache
// server that is down or misconfigured (with the non-strict default the
// site would otherwise only log it).
func (p *Project) cacheChecks() []checks.Check {
	return []checks.Check{{Name: "caches", Tags: []string{"caches"}, Func: func(ctx context.Context) []checks.Message {
		var msgs []checks.Message
		for _, alias := range sortedKeys(p.Caches) {
			b := p.Caches[alias].Backend()
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			key := "jazz:check:probe"
			err := b.Set(ctx, key, []byte("1"), time.Second)
			if err == nil {
				_, _, err = b.Get(ctx, key)
			}
			cancel()
			if err != nil {
				msgs = append(msgs, checks.Message{Level: checks.Warning, ID: "caches.W001", Obj: alias,
					Msg:  fmt.Sprintf("The cache %q does not answer: %v", alias, err),
					Hint: "Check CACHE_URL / Caches and that the cache server is running; until then every read is a miss."})
			}
		}
		return msgs
	}}}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// weakSecret reports whether a key is short, repetitive or a development
// key, with Django's thresholds.
func weakSecret(k conf.Secret) bool {
	v := k.Reveal()
	if len(v) < 50 || strings.HasPrefix(v, insecureKeyPrefix) {
		return true
	}
	seen := map[rune]bool{}
	for _, r := range v {
		seen[r] = true
	}
	return len(seen) < 5
}

// hasMiddleware reports whether the project's chain includes m. Function
// values cannot be compared in Go, so it compares code pointers: this runs
// at start-up only.
func (p *Project) hasMiddleware(m Middleware) bool {
	list := p.Settings.Middleware
	if list == nil {
		list = DefaultMiddleware()
	}
	want := reflect.ValueOf(m).Pointer()
	for _, x := range list {
		if x != nil && reflect.ValueOf(x).Pointer() == want {
			return true
		}
	}
	return false
}
