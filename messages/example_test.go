package messages_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/jazzgo/jazz/messages"
)

// A view adds a message and redirects; the next page shows it, once.
func Example() {
	mw := messages.Middleware(messages.Options{
		Storage:   messages.StorageCookie,
		SecretKey: "a-long-random-secret-key",
	})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /profile", func(w http.ResponseWriter, r *http.Request) {
		messages.Success(r, "Profile saved.")
		http.Redirect(w, r, "/profile", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /profile", func(w http.ResponseWriter, r *http.Request) {
		for _, m := range messages.Get(r) {
			fmt.Fprintf(w, "[%s] %s\n", m.Tags(), m.Text)
		}
		fmt.Fprintln(w, "profile page")
	})
	h := mw(mux)

	// POST, then follow the redirect with the cookie it set.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/profile", nil))
	cookie := rec.Result().Cookies()[0]

	for range 2 {
		req := httptest.NewRequest("GET", "/profile", nil)
		req.AddCookie(cookie)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Print(rec.Body.String())
		if c := rec.Result().Cookies(); len(c) > 0 {
			cookie = c[0] // the messages were shown: the cookie is emptied
		}
		fmt.Println(strings.Repeat("-", 12))
	}
	// Output:
	// [success] Profile saved.
	// profile page
	// ------------
	// profile page
	// ------------
}
