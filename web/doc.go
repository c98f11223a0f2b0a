// Package web is Jazz's request/response layer: views that return errors,
// HTTP errors as values, response helpers, request-body parsing with
// limits, and the error pages, all on plain net/http.
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
// # Errors
//
// A returned error becomes the right response in exactly one place,
// [Error]. [StatusOf] maps it: an *[HTTPError] keeps its status (404, 403,
// 400, 405, 410, 413, 415, built with [NotFound], [Forbidden], [BadRequest],
// [MethodNotAllowed], [Gone], [TooLarge], [UnsupportedMediaType] or
// [NewError]); an *http.MaxBytesError is a 413; anything else is a 500.
// Headers the error carries (Allow on a 405) are sent with the page.
//
// Once a helper has started the response (the status line is on the wire),
// its errors come back as a [*CommittedError]: the view returns it like any
// other error, and Error only logs it, quietly when the client simply went
// away ([ErrClientGone]).
//
// # Responses
//
// Each helper returns an error, so a view can end with return:
//   - [JSON] (encoded into a pooled buffer first, so an encoding error is a
//     clean 500), [Text], [HTML] and [NoContent];
//   - [Render], [RenderBlock] and [RenderStatus] for templates, through the
//     project's [Renderer];
//   - [Redirect] (302), [RedirectPermanent] (301), [RedirectStatus] (303,
//     307, 308), [RedirectTo] for a named route, and [SafeRedirect] for a
//     client-supplied "next" target, checked by [IsSafeRedirect] against the
//     site's AllowedHosts so the site cannot be used as an open redirector;
//   - [CSV] and the streaming [CSVWriter] for downloads, [File] (inline) and
//     [Attachment] for seekable content with ranges and conditional GET,
//     all naming the file per RFC 6266 (non-ASCII names included);
//   - [Stream] for bodies produced over time (server-sent events, long
//     exports), which stops when the client goes away.
//
// # Request bodies
//
// [ParseForm] reads the query and urlencoded or fields-only multipart
// bodies; [DecodeJSON] reads one JSON value. Both cap the body at
// Site.MaxBodyBytes (2.5 MB unless set; 413 above it), ParseForm caps the
// number of fields at Site.MaxFormFields (1000 unless set; 400 above it,
// counted without building the map first), and both refuse a Content-Type
// they do not read with 415 ([ErrUnsupportedMediaType]). Every failure is
// an *HTTPError whose Message tells the client what to fix, so a view can
// return it unchanged:
//
//	var in struct{ Title string }
//	if err := web.DecodeJSON(r, &in); err != nil {
//		return err // 400, 413 or 415 with a precise message
//	}
//
// Bodies with files go through [ParseMultipart], which streams them:
// files stay in memory up to UploadOptions.MaxMemory and spill to temp
// files beyond it, with limits on files, fields and size (400 or 413), and
// safe names ([SanitizeFilename]). [Uploads] is the middleware that removes
// the temp files when the request ends, even when the view fails.
//
// # Error pages
//
// The project installs [ErrorPages] as Site.Errors. With Debug on it shows
// a technical page (error chain, panic stack, request, parameters and
// settings, secrets masked by [conf.LooksSecret] and [conf.MaskURL]) and a friendly
// page for 404s; with Debug off it renders the project's "404.html",
// "500.html" and friends, or small built-in pages that reveal nothing. API
// clients that ask for JSON get {"error": ..., "status": ...}. Every 5xx is
// logged once at ERROR with the request id ([RequestID]); 4xx at INFO.
//
// # Project wiring
//
// The project attaches its [Site] (renderer, error pages, URL reversing,
// allowed hosts, limits) to each request with [WithSite]; helpers read it
// with [SiteOf], which returns defaults for a request without one, so views
// also run in plain tests. Middleware is the plain
// func(http.Handler) http.Handler; [Chain] applies a list with the first
// entry outermost.
package web
