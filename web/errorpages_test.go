package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

func serveError(t *testing.T, opts ErrorPagesOptions, r *http.Request, err error) *httptest.ResponseRecorder {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = discardLogger()
	}
	r = WithSite(r, &Site{Errors: ErrorPages(opts)})
	w := httptest.NewRecorder()
	Error(w, r, err)
	return w
}

func TestErrorPagesLogging(t *testing.T) {
	logger, logs := newTestLogger()
	r := WithRequestID(httptest.NewRequest("POST", "/orders/7", nil), "rid-42")
	panicErr := &PanicError{Value: "nil map", Stack: []byte("goroutine 1 [running]:\nmain.view()")}
	serveError(t, ErrorPagesOptions{Logger: logger}, r, panicErr)
	out := logs.String()
	for _, want := range []string{"level=ERROR", "method=POST", "path=/orders/7", "request_id=rid-42", `error="panic: nil map"`, "main.view()", "status=500"} {
		if !strings.Contains(out, want) {
			t.Errorf("500 log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "level="); n != 1 {
		t.Errorf("logged %d records for one 500, want exactly 1:\n%s", n, out)
	}

	logger, logs = newTestLogger()
	serveError(t, ErrorPagesOptions{Logger: logger}, r, NotFound("no order"))
	if out := logs.String(); !strings.Contains(out, "level=INFO") || strings.Contains(out, "level=ERROR") {
		t.Errorf("404 should log at INFO only:\n%s", out)
	}
}

func TestErrorPagesDebugTechnicalPage(t *testing.T) {
	r := httptest.NewRequest("POST", "/checkout?step=2&api_key=QSECRET&q=<b>", strings.NewReader("card=4111&password=PSECRET"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Cookie", "sessionid=CSECRET")
	r.Header.Set("Authorization", "Bearer ASECRET")
	r.Header.Set("X-Auth-Token", "TSECRET")
	r.Header.Set("User-Agent", "tester/1.0")
	r.Header.Set("Accept", browserAccept)
	if _, err := ParseForm(r); err != nil {
		t.Fatal(err)
	}
	r = WithRequestID(r, "rid-7")
	cause := errors.New(`db failed: <script>alert("x")</script>`)
	err := &PanicError{Value: fmt.Errorf("view: %w", cause), Stack: []byte("goroutine 1:\nshop.checkout(<args>)")}
	settings := func() []Setting {
		return []Setting{
			{"Debug", "true"},
			{"SecretKey", "KSECRET"},
			{"DatabaseURL", "postgres://app:DSECRET@db/shop"},
			{"Databases.default", "postgres://app:USECRET@db/shop"},
		}
	}
	w := serveError(t, ErrorPagesOptions{Debug: true, Settings: settings}, r, err)
	body := w.Body.String()
	if w.Code != 500 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("got %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		"500 Internal Server Error",
		"*web.PanicError: panic: view: db failed",
		"*errors.errorString: db failed",
		"shop.checkout(&lt;args&gt;)",
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
		"rid-7", "tester/1.0", "card", "4111", "step", "&lt;b&gt;", "Debug",
		"postgres://app:********@db/shop",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("debug page lacks %q", want)
		}
	}
	for _, secret := range []string{"CSECRET", "ASECRET", "TSECRET", "QSECRET", "PSECRET", "KSECRET", "DSECRET", "USECRET", "<script>"} {
		if strings.Contains(body, secret) {
			t.Errorf("debug page leaks %q", secret)
		}
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", w.Header().Get("Cache-Control"))
	}
}

func TestErrorPagesDebugUnparsedBody(t *testing.T) {
	r := httptest.NewRequest("POST", "/x", strings.NewReader("a=SECRETBODY"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := serveError(t, ErrorPagesOptions{Debug: true}, r, Forbidden("nope"))
	if w.Code != 403 || !strings.Contains(w.Body.String(), "did not parse the body") {
		t.Errorf("got %d, body lacks the unparsed-body note", w.Code)
	}
	if rest, _ := io.ReadAll(r.Body); string(rest) != "a=SECRETBODY" {
		t.Errorf("the error page read the body: %q left", rest)
	}
}

func TestErrorPagesDebug404(t *testing.T) {
	r := httptest.NewRequest("GET", "/no/such/<page>", nil)
	w := serveError(t, ErrorPagesOptions{Debug: true}, r, NotFound("no route matches"))
	body := w.Body.String()
	if w.Code != 404 {
		t.Fatalf("status %d", w.Code)
	}
	for _, want := range []string{"Page not found", "No route matched the path", "/no/such/&lt;page&gt;", "no route matches"} {
		if !strings.Contains(body, want) {
			t.Errorf("404 debug page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "Error chain") {
		t.Error("the 404 debug page should be the friendly page, not the technical one")
	}
}

func TestErrorPagesTemplates(t *testing.T) {
	var seen []Context
	rnd := &fakeRenderer{pages: map[string]func(io.Writer, any) error{
		"404.html": func(w io.Writer, data any) error {
			seen = append(seen, data.(Context))
			_, err := fmt.Fprintf(w, "<h1>custom 404: %v</h1>", data.(Context)["message"])
			return err
		},
		"500.html": func(w io.Writer, data any) error {
			seen = append(seen, data.(Context))
			_, err := fmt.Fprintf(w, "<h1>custom 500 %v</h1>", data.(Context)["request_id"])
			return err
		},
		"403.html": func(w io.Writer, data any) error {
			io.WriteString(w, "partial")
			return errors.New("template: 403.html: undefined function")
		},
	}}
	has := func(name string) bool { return name == "404.html" || name == "500.html" || name == "403.html" }
	opts := ErrorPagesOptions{Renderer: rnd, Has: has}
	r := WithRequestID(httptest.NewRequest("GET", "/p", nil), "rid-9")

	w := serveError(t, opts, r, NotFound("no post %q", "x"))
	if w.Code != 404 || w.Body.String() != `<h1>custom 404: no post "x"</h1>` {
		t.Errorf("404: %d %q", w.Code, w.Body)
	}
	if ctx := seen[0]; ctx["status"] != 404 || ctx["request_id"] != "rid-9" || ctx["status_text"] != "Not Found" {
		t.Errorf("404 context = %v", ctx)
	}

	w = serveError(t, opts, r, errors.New("secret internals"))
	if w.Code != 500 || w.Body.String() != "<h1>custom 500 rid-9</h1>" {
		t.Errorf("500: %d %q", w.Code, w.Body)
	}
	if _, ok := seen[1]["message"]; ok {
		t.Errorf("500 context carries a message: %v", seen[1])
	}

	// A failing template falls back to the built-in page, and says so in the log.
	logger, logs := newTestLogger()
	opts.Logger = logger
	w = serveError(t, opts, r, Forbidden("members only"))
	if w.Code != 403 || strings.Contains(w.Body.String(), "partial") || !strings.Contains(w.Body.String(), "members only") {
		t.Errorf("403 fallback: %d %q", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "template=403.html") {
		t.Errorf("template failure not logged:\n%s", logs)
	}

	// No template for 405: the built-in page, with the Allow header kept.
	w = serveError(t, opts, r, MethodNotAllowed("GET", "POST"))
	if w.Code != 405 || w.Header().Get("Allow") != "GET, POST" || !strings.Contains(w.Body.String(), "405 Method Not Allowed") {
		t.Errorf("405: %d %v %q", w.Code, w.Header(), w.Body)
	}
	for _, call := range rnd.calls {
		if call == "400.html#" {
			t.Error("405 fell back to 400.html")
		}
	}
}

func TestErrorPagesBuiltinNeverLeaks(t *testing.T) {
	r := WithRequestID(httptest.NewRequest("GET", "/", nil), "rid-1")
	w := serveError(t, ErrorPagesOptions{}, r, fmt.Errorf("loading user: %w", errors.New("pq: password authentication failed")))
	body := w.Body.String()
	if w.Code != 500 || strings.Contains(body, "pq:") || strings.Contains(body, "loading user") {
		t.Errorf("500 built-in page leaks internals: %q", body)
	}
	if !strings.Contains(body, "rid-1") || !strings.Contains(body, "500 Internal Server Error") {
		t.Errorf("500 built-in page lacks status or request id: %q", body)
	}
	// Without a template even when Has says yes, but no renderer: built-in.
	w = serveError(t, ErrorPagesOptions{Has: func(string) bool { return true }}, r, NotFound("gone <away>"))
	if w.Code != 404 || !strings.Contains(w.Body.String(), "gone &lt;away&gt;") || strings.Contains(w.Body.String(), "rid-1") {
		t.Errorf("404 built-in: %d %q", w.Code, w.Body)
	}
}

func TestErrorPagesJSON(t *testing.T) {
	r := WithRequestID(httptest.NewRequest("GET", "/api/x", nil), "rid-3")
	r.Header.Set("Accept", "application/json")
	w := serveError(t, ErrorPagesOptions{}, r, NotFound("no widget 3"))
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("body %q: %v", w.Body, err)
	}
	if w.Code != 404 || got["error"] != "no widget 3" || got["status"] != 404.0 || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("JSON 404 = %d %v", w.Code, got)
	}
	if _, ok := got["detail"]; ok {
		t.Error("detail present without Debug")
	}

	w = serveError(t, ErrorPagesOptions{}, r, errors.New("internal detail"))
	if strings.Contains(w.Body.String(), "internal detail") || !strings.Contains(w.Body.String(), `"error":"Internal Server Error"`) ||
		!strings.Contains(w.Body.String(), `"request_id":"rid-3"`) {
		t.Errorf("JSON 500 = %q", w.Body)
	}

	w = serveError(t, ErrorPagesOptions{Debug: true}, r, errors.New("internal detail"))
	if !strings.Contains(w.Body.String(), `"detail":"internal detail"`) {
		t.Errorf("JSON debug 500 = %q", w.Body)
	}
}

func TestPrefersJSON(t *testing.T) {
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"*/*", false},
		{browserAccept, false},
		{"application/json", true},
		{"application/problem+json", true},
		{"application/json, text/plain, */*", true},
		{"text/html, application/json", false},
		{"application/json;q=0.9, text/html;q=0.5", true},
		{"application/json;q=0", false},
		{"garbage;;;, application/json", true},
	}
	for _, tt := range tests {
		if got := prefersJSON(tt.accept); got != tt.want {
			t.Errorf("prefersJSON(%q) = %v, want %v", tt.accept, got, tt.want)
		}
	}
}

func TestErrorPagesHeaderHygiene(t *testing.T) {
	h := ErrorPages(ErrorPagesOptions{Logger: discardLogger()})
	w := httptest.NewRecorder()
	w.Header().Set("Content-Disposition", `attachment; filename="x.csv"`)
	w.Header().Set("Content-Length", "999")
	w.Header().Set("Content-Type", "text/csv")
	h(w, httptest.NewRequest("GET", "/", nil), 200, errors.New("boom"))
	if w.Code != 500 {
		t.Errorf("a 200 status for an error became %d, want 500", w.Code)
	}
	if w.Header().Get("Content-Disposition") != "" || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("stale headers kept: %v", w.Header())
	}
	if w.Header().Get("Content-Length") != fmt.Sprint(w.Body.Len()) {
		t.Errorf("Content-Length %q for a %d-byte body", w.Header().Get("Content-Length"), w.Body.Len())
	}

	w = httptest.NewRecorder()
	h(w, httptest.NewRequest("GET", "/", nil), 500, committed(errBrokenPipe))
	if w.Body.Len() != 0 {
		t.Errorf("committed error wrote %q", w.Body)
	}
}
