// Package urls maps request paths to views with Django-style patterns, and
// builds paths back from route names.
//
//	var blogURLs = []urls.Pattern{
//		urls.Path("", postList, "post-list"),
//		urls.Path("<int:year>/<slug:slug>/", postDetail, "post-detail"),
//		urls.Path("api/posts/", postsAPI, "posts-api").Methods("GET", "POST"),
//	}
//
//	router, err := urls.New([]urls.Pattern{
//		urls.Path("", home, "home"),
//		urls.Include("blog/", blogURLs, "blog"),
//		urls.Handle("static/", staticFiles),
//	}, urls.Options{})
//
//	path, err := router.Reverse("blog:post-detail", 2026, "hello") // "/blog/2026/hello/"
//
// # Routes
//
// A route is relative (no leading "/") and made of "/"-separated segments.
// A segment is literal text, a parameter "<converter:name>" ("<name>" means
// "<str:name>"), or literal text around parameters ("page-<int:n>"), in
// which case neighbouring parameters must be separated by text. The
// built-in converters are:
//
//	int   decimal digits that fit an int64; the value is an int64
//	slug  ASCII letters, digits, "-" and "_"; a string
//	str   any non-empty segment; a string (the default)
//	uuid  a lower-case canonical UUID; a string
//	path  any non-empty text, "/" included; a string
//
// Add converters with [RegisterConverter] at start-up, or per router with
// [Options].Converters. A converter whose Regexp can match "/" spans whole
// segments, like path; a route may hold at most one such converter, which
// keeps matching linear in the length of the path.
//
// # Matching
//
// The semantics are Django's: patterns are tried in order and the first
// whose route and converters match wins; a converter's ToGo error means
// "no match here, keep going". [Pattern.Methods] adds a method check with
// the same rule, so one path may be split between views by method; when a
// path matches only with other methods the response is a 405 with an Allow
// header (HEAD is allowed wherever GET is), and OPTIONS is answered with 204
// and the Allow header. Nothing matching gives a 404. Both errors go
// through [web.Error], so the project's error pages apply.
//
// Patterns are compiled by [New] into a segment tree: literal segments are
// map look-ups, converter segments are tried in pattern order, and
// branches are explored in the order of the first pattern they lead to,
// with those that cannot beat the best match so far skipped. The built-in
// converters are hand-written matchers, so a match does not run a regexp
// (segments mixing text with parameters are the exception: they are
// matched by one regexp built from their converters).
//
// Matching uses the decoded r.URL.Path. When the client encoded a "/" as
// %2F, the raw path decides where segments end and each segment is decoded
// on its own: "/files/a%2Fb/" matches "files/<str:name>/" with name "a/b".
// Reverse encodes a "/" in a str value the same way. Some proxies decode
// %2F before the application sees it; avoid such values if yours does.
//
// # What a view receives
//
// The matched parameters are set with r.SetPathValue, so views read
// r.PathValue("slug") as with the standard ServeMux. [Value] returns the
// converted value (an int64 for int), [Int] an integer without boxing,
// and [RouteOf] the matched [Route] (name, namespace, pattern). r.Pattern is
// set to "/" followed by the route. [Handle] mounts any http.Handler at a
// prefix; it sees the full path.
//
// # Names and namespaces
//
// [Include] with a namespace qualifies the names inside it: "blog:post-list",
// nested as "shop:admin:order". A name may appear once per namespace ([New]
// rejects a second use, unlike Django which keeps the last one), except for
// patterns with the same route, which is how a path is split by method.
// [Router.Reverse] and [Router.ReverseKw] return percent-encoded paths that
// start with "/" and match back to the same route and values, or a
// *[ReverseError] that says what is wrong.
package urls
