package urls_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/jazzgo/jazz/urls"
)

func postDetail(w http.ResponseWriter, r *http.Request) error {
	year, _ := urls.Int(r, "year")
	fmt.Fprintf(w, "post %q of %d (route %s)", r.PathValue("slug"), year, urls.RouteOf(r).FullName())
	return nil
}

func Example() {
	blogURLs := []urls.Pattern{
		urls.Path("", postDetail, "post-list"),
		urls.Path("<int:year>/<slug:slug>/", postDetail, "post-detail"),
	}
	router, err := urls.New([]urls.Pattern{
		urls.Include("blog/", blogURLs, "blog"),
	}, urls.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest("GET", "/blog/2026/hello/", nil))
	fmt.Println(rec.Body)

	path, err := router.Reverse("blog:post-detail", 2026, "hello")
	fmt.Println(path, err)
	// Output:
	// post "hello" of 2026 (route blog:post-detail)
	// /blog/2026/hello/ <nil>
}

func ExampleRouter_Reverse() {
	view := func(w http.ResponseWriter, r *http.Request) {}
	router, _ := urls.New([]urls.Pattern{
		urls.Path("tags/<str:name>/", view, "tag"),
		urls.Path("files/<path:file>", view, "file"),
	}, urls.Options{})

	fmt.Println(router.Reverse("tag", "go & web?"))
	fmt.Println(router.Reverse("file", "docs/read me.txt"))
	fmt.Println(router.ReverseKw("tag", map[string]any{"name": "go"}))
	_, err := router.Reverse("tags", "go")
	fmt.Println(err)
	// Output:
	// /tags/go%20&%20web%3F/ <nil>
	// /files/docs/read%20me.txt <nil>
	// /tags/go/ <nil>
	// urls: reverse "tags": no route has this name (did you mean "tag"?)
}

func ExampleInclude() {
	view := func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, urls.RouteOf(r).FullName(), " ", r.PathValue("shop"))
	}
	orders := []urls.Pattern{urls.Path("orders/", view, "orders")}
	router, _ := urls.New([]urls.Pattern{
		urls.Include("<slug:shop>/", []urls.Pattern{
			urls.Include("admin/", orders, "admin"),
		}, "shop"),
	}, urls.Options{})

	fmt.Println(router.Reverse("shop:admin:orders", "acme"))
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest("GET", "/acme/admin/orders/", nil))
	fmt.Println(rec.Body)
	// Output:
	// /acme/admin/orders/ <nil>
	// shop:admin:orders acme
}

func ExamplePattern_Methods() {
	list := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "list") }
	create := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "create") }
	router, _ := urls.New([]urls.Pattern{
		urls.Path("posts/", list, "posts").Methods("GET"),
		urls.Path("posts/", create, "posts").Methods("POST"),
	}, urls.Options{})

	for _, method := range []string{"GET", "POST", "DELETE"} {
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, httptest.NewRequest(method, "/posts/", nil))
		fmt.Printf("%s %d Allow=%q\n", method, rec.Code, rec.Header().Get("Allow"))
	}
	// Output:
	// GET 200 Allow=""
	// POST 200 Allow=""
	// DELETE 405 Allow="GET, HEAD, POST, OPTIONS"
}
