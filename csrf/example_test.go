package csrf_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/jazzgo/jazz/csrf"
)

// A form page gets a token; posting it back with the cookie passes, and
// posting without it is refused.
func Example() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /comment/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<form method="post">%s<textarea name="text"></textarea></form>`,
			csrf.Input(csrf.DefaultFieldName, csrf.Token(r)))
	})
	mux.HandleFunc("POST /comment/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "saved %q", r.PostFormValue("text"))
	})
	site := csrf.Middleware(csrf.Options{})(mux)

	// The browser loads the form: it gets the cookie and a masked token.
	page := httptest.NewRecorder()
	site.ServeHTTP(page, httptest.NewRequest("GET", "/comment/", nil))
	cookie := page.Result().Cookies()[0]
	token := strings.Split(page.Body.String(), `value="`)[1][:csrf.TokenLength]
	fmt.Println(cookie.Name, len(cookie.Value), len(token))

	post := func(form url.Values, withCookie bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/comment/", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if withCookie {
			r.AddCookie(cookie)
		}
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		return w
	}
	ok := post(url.Values{"text": {"hi"}, csrf.DefaultFieldName: {token}}, true)
	fmt.Println(ok.Code, ok.Body)
	forged := post(url.Values{"text": {"spam"}}, true)
	fmt.Println(forged.Code)
	// Output:
	// csrftoken 32 64
	// 200 saved "hi"
	// 403
}
