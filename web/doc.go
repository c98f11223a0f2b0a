// Package web is Jazz's request/response layer: views that return errors,
// HTTP errors as values, response helpers and request-body parsing with
// limits, all on plain net/http.
//
// A view is a [HandlerFunc], func(w, r) error, adapted to [http.Handler]:
//
//	func postDetail(w http.ResponseWriter, r *http.Request) error {
//		post, ok := lookup(r.PathValue("slug"))
//		if !ok {
//			return web.NotFound("no post %q", r.PathValue("slug"))
//		}
//		return web.Render(w, r, "blog/post.html", web.Context{"post": post})
//	}
//
// A returned error becomes the right response in exactly one place,
// [Error]: *[HTTPError] values keep their status (404, 403, 400, 405, 410,
// 413), an oversized body is a 413, anything else is a 500. The project's
// [Site] decides what the page looks like (templates, or the debug page when
// Debug is on).
//
// Middleware is the plain func(http.Handler) http.Handler; [Chain] applies a
// list with the first entry outermost.
package web
