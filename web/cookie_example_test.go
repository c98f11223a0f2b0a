package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jazzgo/jazz/web"
)

func ExampleSetSignedCookie() {
	site := &web.Site{SecretKey: "an-example-key-use-a-long-random-one"}
	r := web.WithSite(httptest.NewRequest("GET", "/", nil), site)

	w := httptest.NewRecorder()
	if err := web.SetSignedCookie(w, r, &http.Cookie{Name: "greeting", Value: "hello world"}, "greet"); err != nil {
		fmt.Println(err)
		return
	}
	set := w.Header().Get("Set-Cookie")
	fmt.Println(strings.HasPrefix(set, `greeting="hello world:`)) // quoted the way Python does
	fmt.Println(strings.HasSuffix(set, "; Path=/; HttpOnly; SameSite=Lax"))

	// The browser sends it back; read it on the next request.
	next := web.WithSite(httptest.NewRequest("GET", "/", nil), site)
	next.Header.Set("Cookie", strings.SplitN(set, "; Path", 2)[0])
	fmt.Println(web.SignedCookie(next, "greeting", "greet", 14*24*time.Hour))
	fmt.Println(web.SignedCookie(next, "greeting", "other-salt", 0))
	// Output:
	// true
	// true
	// hello world true
	//  false
}

func ExampleCookie() {
	r := httptest.NewRequest("GET", "/", nil)
	// A value Django quoted: net/http's r.Cookie drops it.
	r.Header.Set("Cookie", `theme=dark; greeting="h\351llo\073 world"`)
	fmt.Println(web.Cookie(r, "greeting"))
	_, err := r.Cookie("greeting")
	fmt.Println(err)
	// Output:
	// héllo; world true
	// http: named cookie not present
}

func ExampleDeleteCookie() {
	w := httptest.NewRecorder()
	web.DeleteCookie(w, "sessionid", web.CookiePath("/"))
	fmt.Println(w.Header().Get("Set-Cookie"))
	// Output:
	// sessionid=""; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax
}
