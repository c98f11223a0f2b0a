package web_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/jazzgo/jazz/web"
)

func ExampleJSON() {
	view := web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return web.JSON(w, http.StatusOK, map[string]any{"title": "Fish & Chips <3", "price": 9.5})
	})
	w := httptest.NewRecorder()
	view.ServeHTTP(w, httptest.NewRequest("GET", "/api/dish", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Print(w.Body.String())
	// Output:
	// 200 application/json
	// {"price":9.5,"title":"Fish & Chips <3"}
}

func ExampleRedirect() {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/posts/new", nil)
	if err := web.RedirectStatus(w, r, "/posts/42/", http.StatusSeeOther); err != nil {
		fmt.Println(err)
	}
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output:
	// 303 /posts/42/
}

func ExampleSafeRedirect() {
	site := &web.Site{AllowedHosts: []string{"accounts.example.com"}}
	for _, next := range []string{"/dashboard/", "https://accounts.example.com/me", "//evil.example/", `/\evil.example`} {
		r := web.WithSite(httptest.NewRequest("GET", "/login", nil), site)
		w := httptest.NewRecorder()
		web.SafeRedirect(w, r, next, "/")
		fmt.Printf("%-32q -> %s\n", next, w.Header().Get("Location"))
	}
	// Output:
	// "/dashboard/"                    -> /dashboard/
	// "https://accounts.example.com/me" -> https://accounts.example.com/me
	// "//evil.example/"                -> /
	// "/\\evil.example"                -> /
}

func ExampleParseForm() {
	r := httptest.NewRequest("POST", "/search?page=2", strings.NewReader("q=jazz+guitar&tag=live&tag=1959"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r = web.WithSite(r, &web.Site{MaxFormFields: 10})

	form, err := web.ParseForm(r)
	if err != nil {
		fmt.Println(web.StatusOf(err), err)
		return
	}
	fmt.Println(form.Get("q"), form["tag"], form.Get("page"))

	// Over the limit: a 400 the view can return as it is.
	r = httptest.NewRequest("POST", "/", strings.NewReader("a=1&b=2&c=3"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r = web.WithSite(r, &web.Site{MaxFormFields: 2})
	_, err = web.ParseForm(r)
	fmt.Println(web.StatusOf(err), errors.Is(err, web.ErrTooManyFields))
	// Output:
	// jazz guitar [live 1959] 2
	// 400 true
}

func ExampleDecodeJSON() {
	r := httptest.NewRequest("POST", "/api/orders", strings.NewReader(`{"sku": "A1", "qty": "two"}`))
	r.Header.Set("Content-Type", "application/json")
	var order struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	}
	err := web.DecodeJSON(r, &order)
	var he *web.HTTPError
	if errors.As(err, &he) {
		fmt.Println(he.Status, he.Message)
	}
	// Output:
	// 400 wrong type for field "qty": expected an integer, got string
}

func ExampleErrorPages() {
	site := &web.Site{Errors: web.ErrorPages(web.ErrorPagesOptions{
		Debug:  false,
		Logger: slog.New(slog.DiscardHandler),
	})}
	view := web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return web.NotFound("no post %q", r.PathValue("slug"))
	})
	mux := http.NewServeMux()
	mux.Handle("GET /blog/{slug}/", view)

	// An API client gets JSON...
	r := web.WithSite(httptest.NewRequest("GET", "/blog/missing/", nil), site)
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Print(w.Code, " ", w.Body.String())

	// ...and a browser the built-in HTML page (or the project's 404.html).
	r = web.WithSite(httptest.NewRequest("GET", "/blog/missing/", nil), site)
	r.Header.Set("Accept", "text/html")
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Content-Type"), strings.Contains(w.Body.String(), "<h1>404 Not Found</h1>"))
	// Output:
	// 404 {"error":"no post \"missing\"","status":404}
	// 404 text/html; charset=utf-8 true
}
