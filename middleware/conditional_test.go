package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var modTime = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func condRequest(method string, header ...string) *http.Request {
	r := httptest.NewRequest(method, "/", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

// page is a view with the given validators ("" / zero for none).
func page(etag string, lm time.Time, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html")
		h.Set("Cache-Control", "max-age=60")
		h.Set("Vary", "Cookie")
		if etag != "" {
			h.Set("ETag", etag)
		}
		if !lm.IsZero() {
			h.Set("Last-Modified", lm.Format(http.TimeFormat))
		}
		io.WriteString(w, body)
	})
}

func TestConditionalGetETagFromView(t *testing.T) {
	h := ConditionalGet(page(`"v1"`, time.Time{}, "hello"))
	for _, inm := range []string{`"v1"`, `W/"v1"`, `"x", "v1"`, `*`} {
		rec := serve(h, condRequest("GET", "If-None-Match", inm))
		if rec.Code != 304 || rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d %q", inm, rec.Code, rec.Body.String())
		}
		hd := rec.Header()
		if hd.Get("ETag") != `"v1"` || hd.Get("Cache-Control") != "max-age=60" || hd.Get("Vary") != "Cookie" || hd.Get("Content-Type") != "" {
			t.Errorf("304 headers %v", hd)
		}
	}
	if rec := serve(h, condRequest("GET", "If-None-Match", `"v2"`)); rec.Code != 200 || rec.Body.String() != "hello" {
		t.Errorf("stale tag: %d %q", rec.Code, rec.Body.String())
	}
	if rec := serve(h, condRequest("HEAD", "If-None-Match", `"v1"`)); rec.Code != 304 {
		t.Errorf("HEAD: %d", rec.Code)
	}
}

func TestConditionalGetComputedETag(t *testing.T) {
	body := "some page"
	h := ConditionalGet(page("", time.Time{}, body))
	rec := serve(h, condRequest("GET"))
	etag := rec.Header().Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) || len(etag) != 36 || rec.Body.String() != body {
		t.Fatalf("computed ETag %q body %q", etag, rec.Body.String())
	}
	if head := serve(h, condRequest("HEAD")).Header().Get("ETag"); head != etag {
		t.Errorf("HEAD ETag %q, GET %q", head, etag)
	}
	if rec := serve(h, condRequest("GET", "If-None-Match", etag)); rec.Code != 304 || rec.Body.Len() != 0 {
		t.Errorf("revalidation: %d %q", rec.Code, rec.Body.String())
	}
	body = "another page"
	h = ConditionalGet(page("", time.Time{}, body))
	if rec := serve(h, condRequest("GET", "If-None-Match", etag)); rec.Code != 200 || rec.Body.String() != body {
		t.Errorf("changed body: %d", rec.Code)
	}
}

func TestConditionalGetLastModified(t *testing.T) {
	h := ConditionalGet(page(`"v1"`, modTime, "x"))
	ims := func(t time.Time) string { return t.Format(http.TimeFormat) }
	for _, tc := range []struct {
		header []string
		want   int
	}{
		{[]string{"If-Modified-Since", ims(modTime)}, 304},
		{[]string{"If-Modified-Since", ims(modTime.Add(time.Hour))}, 304},
		{[]string{"If-Modified-Since", ims(modTime.Add(-time.Second))}, 200},
		{[]string{"If-Modified-Since", "garbage"}, 200},
		// If-None-Match takes precedence over If-Modified-Since.
		{[]string{"If-None-Match", `"v2"`, "If-Modified-Since", ims(modTime)}, 200},
		{[]string{"If-Match", `"v2"`}, 412},
		{[]string{"If-Match", `W/"v1"`}, 412}, // weak tags never match strongly
		{[]string{"If-Match", `"v1"`}, 200},
		{[]string{"If-Match", `*`}, 200},
		{[]string{"If-Unmodified-Since", ims(modTime.Add(-time.Hour))}, 412},
		{[]string{"If-Unmodified-Since", ims(modTime)}, 200},
	} {
		if rec := serve(h, condRequest("GET", tc.header...)); rec.Code != tc.want {
			t.Errorf("%v: %d, want %d", tc.header, rec.Code, tc.want)
		}
	}
}

func TestConditionalGetLeavesAlone(t *testing.T) {
	notFound := ConditionalGet(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		io.WriteString(w, "missing")
	}))
	if rec := serve(notFound, condRequest("GET", "If-None-Match", "*")); rec.Code != 404 || rec.Header().Get("ETag") != "" {
		t.Errorf("404: %d %v", rec.Code, rec.Header())
	}
	post := ConditionalGet(page("", time.Time{}, "posted"))
	if rec := serve(post, condRequest("POST")); rec.Header().Get("ETag") != "" || rec.Body.String() != "posted" {
		t.Errorf("POST got an ETag")
	}
	noStore := ConditionalGet(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, "secret")
	}))
	if rec := serve(noStore, condRequest("GET")); rec.Header().Get("ETag") != "" || rec.Body.String() != "secret" {
		t.Errorf("no-store got an ETag")
	}
	big := strings.Repeat("b", ETagMaxBody+1)
	if rec := serve(ConditionalGet(page("", time.Time{}, big)), condRequest("GET")); rec.Header().Get("ETag") != "" || rec.Body.String() != big {
		t.Errorf("oversized body: ETag %q, %d bytes", rec.Header().Get("ETag"), rec.Body.Len())
	}
}

func TestConditionalGetLargeWritesInPieces(t *testing.T) {
	chunk := strings.Repeat("c", 64<<10)
	h := ConditionalGet(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 20 { // 1.25 MiB: crosses ETagMaxBody part way
			io.WriteString(w, chunk)
		}
	}))
	rec := serve(h, condRequest("GET"))
	if rec.Header().Get("ETag") != "" || rec.Body.Len() != 20*len(chunk) {
		t.Errorf("ETag %q, %d bytes", rec.Header().Get("ETag"), rec.Body.Len())
	}
}

func TestConditionalGetFlushStreams(t *testing.T) {
	rec := httptest.NewRecorder()
	ConditionalGet(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "part 1")
		w.(http.Flusher).Flush()
		if rec.Body.String() != "part 1" || !rec.Flushed {
			t.Errorf("flush held data back: %q", rec.Body.String())
		}
		io.WriteString(w, ", part 2")
	})).ServeHTTP(rec, condRequest("GET"))
	if rec.Header().Get("ETag") != "" || rec.Body.String() != "part 1, part 2" {
		t.Errorf("streamed: ETag %q body %q", rec.Header().Get("ETag"), rec.Body.String())
	}
}

func TestConditionalGetBehindGZip(t *testing.T) {
	body := strings.Repeat("compressible ", 100)
	h := GZip(GZipOptions{})(ConditionalGet(page("", time.Time{}, body)))
	rec := serve(h, gzipRequest("GET"))
	etag := rec.Header().Get("ETag")
	if rec.Header().Get("Content-Encoding") != "gzip" || !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("headers %v", rec.Header())
	}
	r := gzipRequest("GET")
	r.Header.Set("If-None-Match", etag)
	if rec := serve(h, r); rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("revalidation through gzip: %d %v %d bytes", rec.Code, rec.Header(), rec.Body.Len())
	}
}

func TestPreconditions(t *testing.T) {
	for _, tc := range []struct {
		method string
		header []string
		etag   string
		lm     time.Time
		want   int
	}{
		{"GET", nil, `"a"`, modTime, 200},
		{"PUT", []string{"If-Match", `"a"`}, `"a"`, time.Time{}, 200},
		{"PUT", []string{"If-Match", `"b"`}, `"a"`, time.Time{}, 412},
		{"PUT", []string{"If-Match", `*`}, "", time.Time{}, 412}, // no ETag: nothing matches
		{"PUT", []string{"If-None-Match", `"a"`}, `"a"`, time.Time{}, 412},
		{"PUT", []string{"If-None-Match", `*`}, `"a"`, time.Time{}, 412},
		{"PUT", []string{"If-None-Match", `*`}, "", time.Time{}, 200}, // create-only PUT of a new resource
		{"DELETE", []string{"If-Unmodified-Since", modTime.Add(-time.Minute).Format(http.TimeFormat)}, "", modTime, 412},
		{"DELETE", []string{"If-Unmodified-Since", modTime.Format(http.TimeFormat)}, "", modTime.Add(500 * time.Millisecond), 200},
		{"DELETE", []string{"If-Unmodified-Since", modTime.Format(http.TimeFormat)}, "", time.Time{}, 200}, // no date: ignored
		{"POST", []string{"If-Modified-Since", modTime.Format(http.TimeFormat)}, "", modTime, 200},         // only for GET/HEAD
		{"GET", []string{"If-None-Match", `"a, b", "c"`}, `"a, b"`, time.Time{}, 304},                      // comma inside a tag
		{"GET", []string{"If-None-Match", `"x"`, "If-None-Match", `W/"a"`}, `"a"`, time.Time{}, 304},       // several fields
		{"GET", []string{"If-None-Match", `bogus, "a"`}, `"a"`, time.Time{}, 200},                          // malformed list
		{"GET", []string{"If-None-Match", `"a"`}, `a`, time.Time{}, 304},                                   // unquoted current tag
	} {
		r := condRequest(tc.method, tc.header...)
		if got := Preconditions(r, tc.etag, tc.lm); got != tc.want {
			t.Errorf("%s %v etag %s: %d, want %d", tc.method, tc.header, tc.etag, got, tc.want)
		}
	}
}

func TestCondition(t *testing.T) {
	ran := 0
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran++
		io.WriteString(w, "done")
	})
	c := newErrorCapture(slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := c.attach(Condition(func(*http.Request) (string, time.Time) { return "v7", modTime })(view))

	if rec := serve(h, condRequest("PUT", "If-Match", `"v6"`)); rec.Code != 412 || ran != 0 {
		t.Errorf("stale If-Match: %d, view ran %d times", rec.Code, ran)
	}
	if rec := serve(h, condRequest("PUT", "If-Match", `"v7"`)); rec.Code != 200 || ran != 1 {
		t.Errorf("fresh If-Match: %d, view ran %d times", rec.Code, ran)
	}
	rec := serve(h, condRequest("GET", "If-None-Match", `"v7"`))
	if rec.Code != 304 || ran != 1 || rec.Header().Get("ETag") != `"v7"` {
		t.Errorf("GET revalidation: %d, ran %d, %v", rec.Code, ran, rec.Header())
	}
	rec = serve(h, condRequest("GET"))
	if rec.Code != 200 || rec.Header().Get("Last-Modified") != modTime.Format(http.TimeFormat) {
		t.Errorf("GET: %d %v", rec.Code, rec.Header())
	}
}

// FuzzETagList checks that parsing any If-None-Match value never panics,
// that a list made only of the current tag matches, and that "*" first
// always matches an existing tag.
func FuzzETagList(f *testing.F) {
	for _, s := range []string{`"a"`, `W/"a", "b"`, `*`, `"unterminated`, `,,,`, `W/`, `"a,b"`} {
		f.Add(s, `"a"`)
	}
	f.Fuzz(func(t *testing.T, list, etag string) {
		etagListMatches([]string{list}, etag, true)
		etagListMatches([]string{list}, etag, false)
		if etag == "" || strings.Contains(etag, `"`) {
			return
		}
		quoted := `"` + etag + `"`
		if !etagListMatches([]string{quoted}, quoted, false) {
			t.Fatalf("%s does not match itself", quoted)
		}
		if !etagListMatches([]string{"*, " + list}, quoted, true) {
			t.Fatalf("* did not match")
		}
	})
}
