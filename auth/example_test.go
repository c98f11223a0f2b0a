package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/jazzgo/jazz/auth"
)

// Anonymous visitors of a guarded page go to the login page, with the
// page in "next".
func ExampleLoginRequired() {
	profile := auth.LoginRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", auth.CurrentUser(r).Username)
	}))
	h := auth.Middleware(auth.Config{SecretKey: "change me"})(profile)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/accounts/profile/?tab=2", nil))
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output: 302 /accounts/login/?next=/accounts/profile/%3Ftab%3D2
}

// A login view follows "next" only when it points at this site.
func ExampleSafeNext() {
	h := auth.Middleware(auth.Config{SecretKey: "change me"})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, next := range []string{"/blog/", "https://evil.example/", "//evil.example"} {
			target, ok := auth.SafeNext(r, next)
			fmt.Println(next, "->", target, ok)
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/accounts/login/", nil))
	// Output:
	// /blog/ -> /blog/ true
	// https://evil.example/ -> /accounts/profile/ false
	// //evil.example -> /accounts/profile/ false
}

// A project's own user model (Django's AUTH_USER_MODEL): Config.Users
// makes and loads Members, and each is an Account whose Base has the
// auth fields.
func ExampleModel() {
	cfg := auth.Config{SecretKey: "change me", Users: auth.Model[Member]()}
	a := cfg.Users.New()
	a.Base().Username = "kim"
	a.(*Member).Phone = "555-0100"
	fmt.Printf("%T %s %s\n", a, a.Base().Username, a.(*Member).Phone)
	// Output: *auth_test.Member kim 555-0100
}
