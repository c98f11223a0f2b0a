package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Setting is one configuration value shown on the debug page. The settings
// package supplies them already masked; the page masks again by name with
// [conf.LooksSecret] and hides URL passwords with [conf.MaskURL], as a second guard.
type Setting struct {
	Name, Value string
}

// ErrorPagesOptions configures [ErrorPages]. The zero value gives built-in
// production pages logged through SiteOf(r).Logger.
type ErrorPagesOptions struct {
	// Debug shows the technical error page (error chain, panic stack,
	// request, settings). Never on in production: the page reveals code
	// paths and configuration.
	Debug bool
	// Renderer renders the "<status>.html" templates when Debug is off.
	// Nil means SiteOf(r).Renderer.
	Renderer Renderer
	// Has reports whether a template exists. Nil means no templates are
	// used and every error gets the built-in page: rendering blindly would
	// turn every missing 404.html into a logged failure.
	Has func(name string) bool
	// Settings lists the settings for the debug page; nil shows none. It
	// is called only when a debug page is rendered.
	Settings func() []Setting
	// Logger receives the error logs. Nil means SiteOf(r).Logger, or
	// slog.Default() when that is nil too.
	Logger *slog.Logger
}

// ErrorPages returns the project's [ErrorHandler], the piece of [Error] that
// logs an error and writes its page. The handler is safe for concurrent use.
//
// Logging: every 5xx once at ERROR with method, path, request id, the error
// and, for a *[PanicError], the stack; every 4xx at INFO (a trace of bad
// input, kept out of error alerting). A [*CommittedError] is only logged, as
// [Error] does, because its response has already started.
//
// Headers: those an *[HTTPError] carries (Allow on a 405) are kept;
// Content-Length, Content-Disposition, ETag and Last-Modified left by the
// failed view are dropped, and "X-Content-Type-Options: nosniff" is set.
// 5xx and debug pages are sent with "Cache-Control: no-store".
//
// Format: a request whose Accept header prefers application/json (or a
// "+json" type) to HTML gets {"error": message, "status": code}, plus
// "request_id" when the request has one, and "detail" (the full error)
// when Debug is on. Everyone else gets HTML:
//
//   - Debug on, 404: a friendly page saying that no route matched (or that
//     the view reported the object missing), with the path and the message.
//   - Debug on, any other status: the technical page: status, the error
//     chain, the panic stack, request method, URL and headers (Cookie,
//     Authorization and secret-looking headers masked), GET and POST
//     parameters (values of keys [conf.LooksSecret] flags masked; POST only if the
//     view parsed the body, which is never read here) and the settings. All
//     values are HTML-escaped.
//   - Debug off: the template "<status>.html" (404.html, 403.html,
//     400.html, 500.html, or any other status a project adds, such as
//     405.html or 429.html) when Has reports it, rendered with
//     web.Context{"status", "status_text", "request_id", "message"}, where
//     message (the HTTPError's Message, or the status text) is present only
//     below 500. Otherwise, or when rendering fails (logged at ERROR), a
//     small built-in page with the status, the message below 500 and the
//     request id from 500 up. There is deliberately no fallback from, say,
//     405 to 400.html: a page headed "Bad request" would mislabel it.
//
// Internals (error text, stack, settings) never appear with Debug off.
func ErrorPages(opts ErrorPagesOptions) ErrorHandler {
	return func(w http.ResponseWriter, r *http.Request, status int, err error) {
		site := SiteOf(r)
		logger := opts.Logger
		if logger == nil {
			logger = site.logger()
		}
		if err != nil && handleCommitted(logger, r, err) {
			return
		}
		if status < 400 || status > 599 {
			// A 2xx or 3xx "error" page would tell clients all is well.
			status = http.StatusInternalServerError
		}
		logRequestError(logger, r, status, err)

		h := w.Header()
		copyErrorHeaders(w, err)
		for _, k := range [...]string{"Content-Length", "Content-Disposition", "ETag", "Last-Modified"} {
			h.Del(k)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		if opts.Debug || status >= 500 {
			h.Set("Cache-Control", "no-store")
		}

		page := errorPage{Status: status, StatusText: statusText(status), RequestID: RequestID(r)}
		if status < 500 {
			page.Message = clientMessage(status, err)
		}
		if prefersJSON(r.Header.Get("Accept")) {
			writeJSONError(w, page, err, opts.Debug)
			return
		}
		switch {
		case opts.Debug && status == http.StatusNotFound:
			writeHTMLPage(w, status, notFoundTemplate, newNotFoundPage(r, err))
		case opts.Debug:
			writeHTMLPage(w, status, technicalTemplate, newTechnicalPage(r, status, err, opts.Settings))
		default:
			rnd := opts.Renderer
			if rnd == nil {
				rnd = site.Renderer
			}
			if renderErrorTemplate(w, r, rnd, opts.Has, page, logger) {
				return
			}
			writeHTMLPage(w, status, builtinTemplate, page)
		}
	}
}

// errorPage is what a production error page may show.
type errorPage struct {
	Status     int
	StatusText string
	Message    string // only below 500
	RequestID  string
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}

// clientMessage returns what a client may be told about a 4xx: the
// HTTPError's Message, written for that purpose, or the status text.
func clientMessage(status int, err error) string {
	var he *HTTPError
	if errors.As(err, &he) && he.Message != "" {
		return he.Message
	}
	return statusText(status)
}

// prefersJSON reports whether an Accept header ranks JSON above HTML.
// Wildcards count for neither, so "*/*" (curl) and browsers' headers get
// HTML, while "application/json" alone gets JSON.
func prefersJSON(accept string) bool {
	if accept == "" {
		return false
	}
	qJSON, qHTML := -1.0, -1.0
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch {
		case mediaType == "application/json",
			strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json"):
			qJSON = max(qJSON, q)
		case mediaType == "text/html", mediaType == "application/xhtml+xml":
			qHTML = max(qHTML, q)
		}
	}
	return qJSON > 0 && qJSON > qHTML
}

func writeJSONError(w http.ResponseWriter, page errorPage, err error, debug bool) {
	body := struct {
		Error     string `json:"error"`
		Status    int    `json:"status"`
		RequestID string `json:"request_id,omitempty"`
		Detail    string `json:"detail,omitempty"`
	}{Error: page.Message, Status: page.Status, RequestID: page.RequestID}
	if body.Error == "" {
		body.Error = page.StatusText
	}
	if debug && err != nil {
		body.Detail = err.Error()
	}
	b, _ := json.Marshal(body) // strings and ints only: cannot fail
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(page.Status)
	w.Write(b) // a failed write leaves nobody to tell
}

// renderErrorTemplate renders "<status>.html" and reports whether it wrote
// the response. The page is rendered into a buffer first, so a failing
// template still leaves room for the built-in page.
func renderErrorTemplate(w http.ResponseWriter, r *http.Request, rnd Renderer, has func(string) bool, page errorPage, logger *slog.Logger) bool {
	name := strconv.Itoa(page.Status) + ".html"
	if rnd == nil || has == nil || !has(name) {
		return false
	}
	data := Context{"status": page.Status, "status_text": page.StatusText, "request_id": page.RequestID}
	if page.Status < 500 {
		data["message"] = page.Message
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := rnd.Render(buf, r, name, "", data); err != nil {
		logger.ErrorContext(r.Context(), "web: error page template failed; sent the built-in page",
			"template", name, "method", r.Method, "path", r.URL.Path, "request_id", page.RequestID, "error", err.Error())
		return false
	}
	writeHTMLBytes(w, page.Status, buf.Bytes())
	return true
}

func writeHTMLPage(w http.ResponseWriter, status int, t *template.Template, data any) {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.Execute(buf, data); err != nil {
		// The built-in templates only fail on a bug here; fall back to
		// text rather than a half-written page.
		PlainError(w, status, nil, false)
		return
	}
	writeHTMLBytes(w, status, buf.Bytes())
}

func writeHTMLBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body) // a failed write leaves nobody to tell
}

// builtinTemplate is the production page used when the project has no
// template for a status. It shows nothing but the status, the client-safe
// message and the request id.
var builtinTemplate = template.Must(template.New("builtin").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Status}} {{.StatusText}}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:36rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{margin:0 0 .5rem;font-size:1.6rem}
.id{color:#616e7c;font-size:.9rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
</style>
</head>
<body>
<main>
<h1>{{.Status}} {{.StatusText}}</h1>
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{if ge .Status 500}}<p>Something went wrong on our side. Please try again later.</p>
{{if .RequestID}}<p class="id">Request ID: <code>{{.RequestID}}</code></p>{{end}}{{end}}
</main>
</body>
</html>
`))
