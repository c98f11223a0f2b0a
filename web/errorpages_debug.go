package web

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/conf"
)

// The debug pages are built from plain data so html/template escapes every
// value: error text, header values and parameters all come from the client
// or from code that echoes it.

type debugPair struct{ Name, Value string }

type notFoundPage struct {
	Method, URL, Path, Message string
}

func newNotFoundPage(r *http.Request, err error) notFoundPage {
	p := notFoundPage{Method: r.Method, URL: conf.MaskURL(requestURL(r)), Path: r.URL.Path}
	var he *HTTPError
	if errors.As(err, &he) {
		p.Message = he.Message
		if he.Err != nil {
			if p.Message != "" {
				p.Message += ": "
			}
			p.Message += he.Err.Error()
		}
	} else if err != nil {
		p.Message = err.Error()
	}
	return p
}

type technicalPage struct {
	Status     int
	StatusText string
	Summary    string
	Chain      []string
	Stack      string
	Method     string
	URL        string
	RequestID  string
	GoVersion  string
	Headers    []debugPair
	Query      []debugPair
	PostParsed bool
	Post       []debugPair
	Settings   []debugPair
}

func newTechnicalPage(r *http.Request, status int, err error, settings func() []Setting) technicalPage {
	p := technicalPage{
		Status:     status,
		StatusText: statusText(status),
		Method:     r.Method,
		URL:        conf.MaskURL(requestURL(r)),
		RequestID:  RequestID(r),
		GoVersion:  runtime.Version(),
		Chain:      errorChain(err),
		Headers:    maskedHeaders(r.Header),
		Query:      maskedValues(r.URL.Query()),
		PostParsed: r.PostForm != nil,
		Post:       maskedValues(r.PostForm),
	}
	if err != nil {
		p.Summary = err.Error()
	}
	var pe *PanicError
	if errors.As(err, &pe) {
		p.Stack = string(pe.Stack)
	}
	if settings != nil {
		for _, s := range settings() {
			v := conf.MaskURL(s.Value)
			if conf.LooksSecret(s.Name) && s.Value != "" {
				v = conf.Masked
			}
			p.Settings = append(p.Settings, debugPair{s.Name, v})
		}
	}
	return p
}

// requestURL rebuilds the URL the client asked for, for display.
func requestURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	return scheme + "://" + host + r.URL.RequestURI()
}

// errorChain lists each error in err's chain, outermost first, as "type:
// message"; joined errors are walked depth first. The walk is capped, so a
// chain that loops back on itself cannot hang the error page.
func errorChain(err error) []string {
	var out []string
	var walk func(error, int)
	walk = func(e error, depth int) {
		for e != nil && len(out) < 64 {
			out = append(out, fmt.Sprintf("%s%T: %s", strings.Repeat("  ", depth), e, e.Error()))
			switch u := e.(type) {
			case interface{ Unwrap() []error }:
				for _, inner := range u.Unwrap() {
					walk(inner, depth+1)
				}
				return
			case interface{ Unwrap() error }:
				e = u.Unwrap()
			default:
				return
			}
		}
	}
	walk(err, 0)
	return out
}

// alwaysMaskedHeaders hold credentials under names conf.LooksSecret would miss.
var alwaysMaskedHeaders = map[string]bool{"Cookie": true, "Set-Cookie": true}

func maskedHeaders(h http.Header) []debugPair {
	out := make([]debugPair, 0, len(h))
	for name, values := range h {
		v := strings.Join(values, ", ")
		if alwaysMaskedHeaders[http.CanonicalHeaderKey(name)] || conf.LooksSecret(name) {
			v = conf.Masked
		}
		out = append(out, debugPair{name, v})
	}
	slices.SortFunc(out, func(a, b debugPair) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func maskedValues(vs url.Values) []debugPair {
	out := make([]debugPair, 0, len(vs))
	for name, values := range vs {
		for _, v := range values {
			if conf.LooksSecret(name) {
				v = conf.Masked
			}
			out = append(out, debugPair{name, v})
		}
	}
	slices.SortStableFunc(out, func(a, b debugPair) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

const debugStyle = `
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff}
header{padding:1rem 1.5rem;background:#ffe3e3;border-bottom:1px solid #e0b4b4}
header.nf{background:#fff3c4;border-color:#e9d8a6}
h1{margin:0 0 .3rem;font-size:1.5rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #e4e7eb;padding-bottom:.2rem}
section{padding:0 1.5rem}
.summary{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word}
pre{background:#f5f7fa;border:1px solid #e4e7eb;padding:.75rem;overflow:auto;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #f0f2f5}
th{width:16rem;font-weight:600;color:#3e4c59}
td{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.muted{color:#7b8794}
footer{margin:2rem 1.5rem;color:#7b8794;font-size:.85rem}
`

var technicalTemplate = template.Must(template.New("technical").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{.Status}} {{.StatusText}} at {{.URL}}</title>
<style>` + debugStyle + `</style>
</head>
<body>
<header>
<h1>{{.Status}} {{.StatusText}}</h1>
<div class="summary">{{.Summary}}</div>
</header>
<section>
<table>
<tr><th>Request method</th><td>{{.Method}}</td></tr>
<tr><th>Request URL</th><td>{{.URL}}</td></tr>
{{if .RequestID}}<tr><th>Request ID</th><td>{{.RequestID}}</td></tr>{{end}}
<tr><th>Go version</th><td>{{.GoVersion}}</td></tr>
</table>
<h2>Error chain</h2>
{{if .Chain}}<pre>{{range .Chain}}{{.}}
{{end}}</pre>{{else}}<p class="muted">No error value.</p>{{end}}
{{if .Stack}}<h2>Panic stack</h2>
<pre>{{.Stack}}</pre>{{end}}
<h2>GET parameters</h2>
{{if .Query}}<table>{{range .Query}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>{{else}}<p class="muted">No GET parameters.</p>{{end}}
<h2>POST parameters</h2>
{{if not .PostParsed}}<p class="muted">The view did not parse the body, and the error page never reads it.</p>
{{else if .Post}}<table>{{range .Post}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>{{else}}<p class="muted">No POST parameters.</p>{{end}}
<h2>Request headers</h2>
<table>{{range .Headers}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>
<h2>Settings</h2>
{{if .Settings}}<table>{{range .Settings}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>{{else}}<p class="muted">No settings supplied.</p>{{end}}
</section>
<footer>You are seeing this page because Debug is on. Turn Debug off in production: this page shows code paths and configuration.</footer>
</body>
</html>
`))

var notFoundTemplate = template.Must(template.New("notfound").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Page not found at {{.Path}}</title>
<style>` + debugStyle + `</style>
</head>
<body>
<header class="nf">
<h1>Page not found <span class="muted">(404)</span></h1>
<table>
<tr><th>Request method</th><td>{{.Method}}</td></tr>
<tr><th>Request URL</th><td>{{.URL}}</td></tr>
</table>
</header>
<section>
<p>No route matched the path <code>{{.Path}}</code>, or the view it matched reported that the object does not exist.</p>
{{if .Message}}<h2>Raised with</h2>
<pre>{{.Message}}</pre>{{end}}
<p>Check the project's URL patterns and the spelling of the path.</p>
</section>
<footer>You are seeing this page because Debug is on. With Debug off, the project's 404.html (or a plain built-in page) is shown instead.</footer>
</body>
</html>
`))
