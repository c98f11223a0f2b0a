package messages_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cachestore"
)

// sessionOf adapts package sessions for Options.Session; the explicit nil
// keeps a missing session from becoming a non-nil interface.
func sessionOf(r *http.Request) messages.Session {
	if s := sessions.FromRequest(r); s != nil {
		return s
	}
	return nil
}

// TestWithSessions runs the redirect flow and the cookie overflow on the
// real session middleware, with a cache store and with signed cookies.
func TestWithSessions(t *testing.T) {
	const key = "messages-and-sessions-test-key"
	engines := map[string]sessions.Options{
		"cache":          {Store: cachestore.New(cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{}))},
		"signed_cookies": {SecretKey: key},
	}
	for name, sopts := range engines {
		for _, storage := range []messages.Storage{messages.StorageSession, messages.StorageFallback} {
			t.Run(name+"/"+string(storage), func(t *testing.T) {
				mux := http.NewServeMux()
				mux.HandleFunc("POST /add", func(w http.ResponseWriter, r *http.Request) {
					for i := range 40 {
						messages.Info(r, fmt.Sprintf("message %02d %s", i, strings.Repeat(fmt.Sprintf("%x", i*2654435761), 4)))
					}
					http.Redirect(w, r, "/show", http.StatusSeeOther)
				})
				mux.HandleFunc("GET /show", func(w http.ResponseWriter, r *http.Request) {
					for _, m := range messages.Get(r) {
						fmt.Fprintln(w, m.Text)
					}
				})
				h := sessions.Middleware(sopts)(messages.Middleware(messages.Options{
					Storage: storage, SecretKey: key, Session: sessionOf, MaxCookieSize: 512,
				})(mux))
				srv := httptest.NewServer(h)
				defer srv.Close()
				jar, _ := cookiejar.New(nil)
				client := &http.Client{Jar: jar}

				resp, err := client.Post(srv.URL+"/add", "text/plain", nil)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lines := strings.Split(strings.TrimSpace(string(body)), "\n")
				if len(lines) != 40 || !strings.HasPrefix(lines[0], "message 00") || !strings.HasPrefix(lines[39], "message 39") {
					t.Fatalf("after redirect: %d lines: %q", len(lines), body)
				}
				resp, err = client.Get(srv.URL + "/show")
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
				if len(body) != 0 {
					t.Fatalf("shown twice: %q", body)
				}
			})
		}
	}
}
