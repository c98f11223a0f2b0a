package sessions_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cachestore"
)

// A visit counter kept in the session, with sessions in an in-process
// cache.
func Example() {
	store := cachestore.New(cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{}))
	counter := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.FromRequest(r)
		n, _ := s.GetInt("visits")
		s.Set("visits", n+1)
		fmt.Fprintf(w, "visit %d", n+1)
	})
	h := sessions.Middleware(sessions.Options{Store: store})(counter)

	cookie := ""
	for range 3 {
		req := httptest.NewRequest("GET", "/", nil)
		if cookie != "" {
			req.Header.Set("Cookie", "sessionid="+cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		for _, c := range res.Cookies() {
			cookie = c.Value
		}
		body, _ := io.ReadAll(res.Body)
		fmt.Println(string(body), res.Header.Get("Vary"))
	}
	// Output:
	// visit 1 Cookie
	// visit 2 Cookie
	// visit 3 Cookie
}

// Session data in a signed cookie: no server-side storage, readable by
// the client, at most 4096 bytes.
func Example_signedCookies() {
	mw := sessions.Middleware(sessions.Options{SecretKey: "a long random secret"})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.FromRequest(r).Set("theme", "dark")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	c := rec.Result().Cookies()[0]
	fmt.Println(c.Name, c.HttpOnly, c.MaxAge)
	// Output: sessionid true 1209600
}
