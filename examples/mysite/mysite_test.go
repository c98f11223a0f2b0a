package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/examples/mysite/articles"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
)

// testSettings are the site's settings with a private StaticRoot, so a
// collectstatic run by one test does not change what another serves.
//
// The site runs on a fresh SQLite database of its own, or on PostgreSQL
// when MYSITE_TEST_DIALECT=postgres (mysql likewise), which CI sets for a
// second run of this package.
func testSettings(t testing.TB) jazz.Settings {
	s := Settings()
	s.StaticRoot = t.TempDir()
	s.MediaRoot = t.TempDir()
	dialect := os.Getenv("MYSITE_TEST_DIALECT")
	if dialect == "" {
		dialect = "sqlite"
	}
	s.DatabaseURL = jazztest.Database(t, dialect)
	return s
}

func newClient(t *testing.T) (*jazz.Project, *jazztest.Client) {
	p := jazztest.NewProject(t, testSettings(t))
	return p, jazztest.NewClient(t, p)
}

func TestPages(t *testing.T) {
	_, c := newClient(t)
	c.Get("/").AssertStatus(200).AssertTemplateUsed("home.html").AssertTemplateUsed("base.html").
		AssertContains("Welcome to mysite").AssertContains(`href="/articles/2026/static-files/"`)
	c.Get("/about/").AssertStatus(200).AssertTemplateUsed("about.html").AssertContains(jazz.Version)
	c.Get("/articles/").AssertStatus(200).AssertTemplateUsed("articles/list.html").AssertContains("4 articles")
	r := c.Get("/articles/2026/routing-with-converters/").AssertStatus(200).AssertContains("Routing with converters").
		AssertContains("<code>/articles/2026/routing-with-converters/</code>")
	if a, ok := r.Context("article"); !ok || a.(interface{ Year() int }).Year() != 2026 {
		t.Fatalf("context article = %v", a)
	}
	// The converter rejects a non-number, so no route matches: 404.
	c.Get("/articles/twenty/routing-with-converters/").AssertStatus(404)
	// The route matches but the article does not exist.
	c.Get("/articles/2020/routing-with-converters/").AssertStatus(404).AssertTemplateUsed("404.html")
}

func TestHealthz(t *testing.T) {
	_, c := newClient(t)
	r := c.Get("/healthz").AssertStatus(200)
	if r.Text() != "ok" {
		t.Fatalf("body %q", r.Text())
	}
}

func TestJSONAndCSV(t *testing.T) {
	_, c := newClient(t)
	var status map[string]any
	c.Get("/api/status/").AssertStatus(200).AssertHeader("Content-Type", "application/json").JSON(&status)
	if status["status"] != "ok" || status["version"] != jazz.Version || status["articles"] != float64(4) {
		t.Fatalf("status = %v", status)
	}
	c.Post("/api/status/", nil).AssertStatus(405).AssertHeader("Allow", "GET, HEAD, OPTIONS")

	r := c.Get("/articles/articles.csv").AssertStatus(200)
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `attachment`) || !strings.Contains(cd, "articles.csv") {
		t.Fatalf("Content-Disposition = %q", cd)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "title" || rows[1][3] != "/articles/2026/static-files/" {
		t.Fatalf("csv rows = %q", rows)
	}
}

func TestRedirects(t *testing.T) {
	_, c := newClient(t)
	c.Get("/old-about/").AssertRedirects(301, "/about/")
	// APPEND_SLASH: the path without its slash has no route, the one with it does.
	c.Get("/about").AssertRedirects(301, "/about/")
	c.Get("/articles?page=2").AssertRedirects(301, "/articles/?page=2")
	c.FollowRedirects = true
	r := c.Get("/old-about/").AssertStatus(200).AssertTemplateUsed("about.html")
	if len(r.RedirectChain) != 1 || r.RedirectChain[0].StatusCode != 301 {
		t.Fatalf("chain = %v", r.RedirectChain)
	}
}

func TestThemeSignedCookie(t *testing.T) {
	_, c := newClient(t)
	c.Get("/").AssertContains(`data-bs-theme="light"`)
	c.Post("/theme/", url.Values{"theme": {"dark"}, "next": {"/about/"}}).AssertRedirects(302, "/about/")
	raw, ok := c.Cookie(themeCookie)
	if !ok || !strings.HasPrefix(raw, "dark:") {
		t.Fatalf("theme cookie = %q, %v", raw, ok)
	}
	c.Get("/about/").AssertContains(`data-bs-theme="dark"`)

	// A forged cookie reads as absent: back to the default theme.
	c.SetCookie(&http.Cookie{Name: themeCookie, Value: strings.Replace(raw, "dark", "lite", 1), Path: "/"})
	c.Get("/").AssertContains(`data-bs-theme="light"`)

	// An unsafe next falls back to "/"; a bad theme is a 400.
	c.Post("/theme/", url.Values{"theme": {"light"}, "next": {"https://evil.example/"}}).AssertRedirects(302, "/")
	c.Post("/theme/", url.Values{"theme": {"neon"}}).AssertStatus(400)
}

func TestSecurityHeadersAndHosts(t *testing.T) {
	_, c := newClient(t)
	r := c.Get("/")
	for k, want := range map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "same-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
		"X-Frame-Options":            "DENY",
	} {
		r.AssertHeader(k, want)
	}
	if r.Header.Get("X-Request-ID") == "" {
		t.Fatal("no X-Request-ID")
	}
	req := c.NewRequest("GET", "/", nil)
	req.Host = "evil.example"
	c.Do(req).AssertStatus(400)
}

func TestErrorPagesWithoutDebug(t *testing.T) {
	_, c := newClient(t)
	r := c.Get("/no/such/page/").AssertStatus(404).AssertTemplateUsed("404.html").AssertContains("Page not found")
	r.AssertNotContains("goroutine").AssertNotContains("urls.")
	r = c.Get("/demo/error/").AssertStatus(500).AssertTemplateUsed("500.html").AssertContains("Server error")
	r.AssertNotContains("on purpose")
}

func TestErrorPagesWithDebug(t *testing.T) {
	s := testSettings(t)
	s.Debug = true
	c := jazztest.NewClient(t, jazztest.NewProject(t, s))
	r := c.Get("/demo/error/").AssertStatus(500).AssertContains("on purpose")
	r.AssertNotContains(string(s.SecretKey))
}

func TestBodyLimit(t *testing.T) {
	_, c := newClient(t)
	big := strings.Repeat("a", 3<<20)
	c.Post("/theme/", url.Values{"theme": {"dark"}, "pad": {big}}).AssertStatus(413)
	fields := url.Values{"theme": {"dark"}}
	for i := 0; i < 1200; i++ {
		fields.Set("f"+strconv.Itoa(i), "1")
	}
	c.Post("/theme/", fields).AssertStatus(400)
}

func TestStaticFiles(t *testing.T) {
	s := testSettings(t)
	p := jazztest.NewProject(t, s)
	c := jazztest.NewClient(t, p)
	// Before collectstatic: embedded files are served under their own names.
	c.Get("/").AssertContains(`href="/static/css/site.css"`)
	c.Get("/static/css/site.css").AssertStatus(200).AssertContains("url(")

	var out bytes.Buffer
	code := p.Main(context.Background(), []string{"collectstatic", "--noinput"},
		&manage.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out})
	if code != 0 {
		t.Fatalf("collectstatic exit %d: %s", code, out.String())
	}
	if _, err := os.Stat(filepath.Join(s.StaticRoot, "staticfiles.json")); err != nil {
		t.Fatalf("no manifest: %v", err)
	}

	// After it, a new project (as after a restart) links and serves hashed names.
	p2 := jazztest.NewProject(t, s)
	c2 := jazztest.NewClient(t, p2)
	page := c2.Get("/").AssertStatus(200).Text()
	m := regexp.MustCompile(`href="(/static/css/site\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("page does not link a hashed site.css:\n%.2000s", page)
	}
	r := c2.Get(m[1]).AssertStatus(200)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Fatalf("Cache-Control = %q", cc)
	}
	if !regexp.MustCompile(`url\("?\.\./img/notes\.[0-9a-f]{12}\.svg"?\)`).Match(r.Body) {
		t.Fatalf("css references not rewritten:\n%s", r.Body)
	}
	for _, bad := range []string{"/static/../settings.go", "/static/%2e%2e/settings.go", "/static/..%2fsettings.go", "/static/css/..%5c..%5csettings.go"} {
		// httptest.NewRequest keeps the target as sent, dot segments and all.
		req := httptest.NewRequest("GET", "http://"+jazztest.Host+bad, nil)
		if got := c2.Do(req).StatusCode; got != 404 && got != 400 {
			t.Errorf("%s: status %d, want 404", bad, got)
		}
	}
}

func TestCheckDeploy(t *testing.T) {
	p, _ := newClient(t)
	var out, errOut bytes.Buffer
	stdio := &manage.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	if code := p.Main(context.Background(), []string{"check"}, stdio); code != 0 {
		t.Fatalf("check exit %d: %s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	code := p.Main(context.Background(), []string{"check", "--deploy", "--fail-level", "WARNING"}, stdio)
	all := out.String() + errOut.String()
	if code == 0 {
		t.Fatalf("check --deploy --fail-level WARNING exited 0:\n%s", all)
	}
	for _, id := range []string{"security.W004", "security.W008", "security.W009", "security.W012", "security.W016"} {
		if !strings.Contains(all, id) {
			t.Errorf("check --deploy output lacks %s:\n%s", id, all)
		}
	}
}

func TestHomeIsCachedPerTheme(t *testing.T) {
	_, c := newClient(t)
	c.Get("/").AssertStatus(200).AssertHeader("X-Cache", "MISS").AssertContains(`data-bs-theme="light"`)
	c.Get("/").AssertStatus(200).AssertHeader("X-Cache", "HIT").AssertContains(`data-bs-theme="light"`)
	// A visitor with another theme cookie gets a page of their own, not
	// the cached light one.
	c.Post("/theme/", url.Values{"theme": {"dark"}, "next": {"/"}})
	c.Get("/").AssertHeader("X-Cache", "MISS").AssertContains(`data-bs-theme="dark"`)
	c.Get("/").AssertHeader("X-Cache", "HIT").AssertContains(`data-bs-theme="dark"`)
}

func TestArticleCountsAreCached(t *testing.T) {
	_, c := newClient(t)
	before := articles.Computations()
	c.Get("/articles/").AssertStatus(200).AssertContains("3 in 2026, 1 in 2025")
	c.Get("/articles/").AssertStatus(200).AssertContains("3 in 2026, 1 in 2025")
	if n := articles.Computations() - before; n != 1 {
		t.Fatalf("counts computed %d times for two pages, want 1", n)
	}
}

// BenchmarkHomeCached and BenchmarkHomeUncached compare the home page
// through its per-view cache with the same page rendered every time.
func BenchmarkHomeCached(b *testing.B) { benchHome(b, true) }

func BenchmarkHomeUncached(b *testing.B) { benchHome(b, false) }

func benchHome(b *testing.B, cached bool) {
	s := testSettings(b)
	s.LogOutput = "discard"
	if !cached {
		s.URLs[0] = urls.Path("", home, "home")
	}
	p, err := jazz.New(s)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	req := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		p.ServeHTTP(w, req)
		if w.code != 200 {
			b.Fatal(w.code)
		}
	}
}

// discardWriter stands for the server's buffered connection writer, so
// the figures measure the site rather than a recorder's buffer growth.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func TestContactForm(t *testing.T) {
	p, c := newClient(t)
	c.Get("/contact/").AssertStatus(200).AssertTemplateUsed("contact.html")
	r := c.Post("/contact/", url.Values{"name": {""}, "email": {"not an address"}, "message": {"hi"}}).AssertStatus(200)
	r.AssertContains("Please tell us your name.").AssertContains("Enter a valid email address").AssertContains(`value="not an address"`)
	if n := len(jazztest.Outbox(t, p).Outbox()); n != 0 {
		t.Fatalf("an invalid form sent %d messages", n)
	}
	c.Post("/contact/", url.Values{"name": {"Zoë"}, "email": {"zoe@example.com"}, "message": {"Hello & thanks\nfor Jazz"}}).
		AssertRedirects(302, "/contact/thanks/")
	sent := jazztest.Outbox(t, p).Outbox()
	if len(sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(sent))
	}
	m := sent[0]
	if m.Subject != "[Jazz] Contact form: Zoë" || !strings.Contains(m.Body, "Hello & thanks\nfor Jazz") ||
		!strings.Contains(m.To[0], "managers@mysite.example") || !strings.Contains(m.ReplyTo[0], "zoe@example.com") ||
		!strings.Contains(m.From, "noreply@mysite.example") {
		t.Fatalf("message = %+v", m)
	}
	// The message renders as valid MIME.
	if _, err := m.Bytes(); err != nil {
		t.Fatal(err)
	}
}

// TestDumpLoadRoundTrip moves the site's data from SQLite to PostgreSQL
// with dumpdata and loaddata: the second dump is byte for byte the first.
func TestDumpLoadRoundTrip(t *testing.T) {
	ctx := context.Background()
	run := func(p *jazz.Project, args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if code := p.Main(ctx, args, &manage.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs}); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
		return out.String()
	}
	src := jazztest.NewProject(t, testSettings(t))
	// Data of the site's own beyond the demo articles.
	a, err := articles.Articles.Get(src.Context(ctx), "slug", "hello-jazz")
	if err != nil {
		t.Fatal(err)
	}
	comment := &articles.Comment{Name: "Bjørn", Body: "Tak! «quotes» & <tags>"}
	comment.Article.Set(a)
	if err := articles.Comments.Create(src.Context(ctx), comment); err != nil {
		t.Fatal(err)
	}
	dump := run(src, "dumpdata", "articles", "--indent", "2")
	if !strings.Contains(dump, `"model": "articles.comment"`) || !strings.Contains(dump, "Bjørn") {
		t.Fatalf("dump lacks the new comment:\n%.1500s", dump)
	}
	file := filepath.Join(t.TempDir(), "site.json")
	if err := os.WriteFile(file, []byte(dump), 0o600); err != nil {
		t.Fatal(err)
	}

	s := testSettings(t)
	s.DatabaseURL = jazztest.Database(t, "postgres")
	dst := jazztest.NewProject(t, s)
	run(dst, "loaddata", file)
	if again := run(dst, "dumpdata", "articles", "--indent", "2"); again != dump {
		t.Fatalf("PostgreSQL dump differs from the SQLite one:\n--- sqlite\n%.1500s\n--- postgres\n%.1500s", dump, again)
	}
}

// TestFixtureInTests loads a fixture file on top of the demo data, as a
// test that needs particular rows would.
func TestFixtureInTests(t *testing.T) {
	p, c := newClient(t)
	file := filepath.Join(t.TempDir(), "extra.json")
	os.WriteFile(file, []byte(`[{"model": "articles.article", "pk": 10, "fields": {"title": "From a fixture",
		"slug": "from-a-fixture", "author": "Tests", "published": "2024-05-06T07:08:09Z", "summary": "Loaded by jazztest.",
		"body": "", "category": 1}}]`), 0o600)
	jazztest.LoadFixtures(t, p, file)
	c.Get("/articles/2024/from-a-fixture/").AssertStatus(200).AssertContains("From a fixture")
	c.Get("/articles/").AssertContains("5 articles").AssertContains("1 in 2024")
}

func TestVisitCounterLivesInTheSession(t *testing.T) {
	_, c := newClient(t)
	c.Get("/about/").AssertStatus(200).AssertContains("seen this page 1 time:")
	c.Get("/about/").AssertStatus(200).AssertContains("seen this page 2 times")
	// Another visitor (no cookies) starts again.
	_, other := newClient(t)
	other.Get("/about/").AssertContains("seen this page 1 time:")
}

func TestContactNeedsTheCSRFTokenAndSaysThanks(t *testing.T) {
	_, c := newClient(t)
	c.EnforceCSRFChecks = true
	form := url.Values{"name": {"Ann"}, "email": {"ann@example.com"}, "message": {"Hello"}}
	c.Post("/contact/", form).AssertStatus(403)
	page := c.Get("/contact/").AssertStatus(200)
	m := regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`).FindStringSubmatch(page.Text())
	if m == nil {
		t.Fatalf("no CSRF token in the form:\n%s", page.Text())
	}
	form.Set("csrfmiddlewaretoken", m[1])
	c.FollowRedirects = true
	c.Post("/contact/", form).AssertStatus(200).AssertContains("Thank you, Ann: your message is on its way.")
	// Shown once.
	c.Get("/contact/thanks/").AssertNotContains("Thank you, Ann")
}

func TestLikeIsAnAJAXPostWithTheCSRFHeader(t *testing.T) {
	_, c := newClient(t)
	c.EnforceCSRFChecks = true
	page := c.Get("/articles/2026/routing-with-converters/").AssertStatus(200)
	m := regexp.MustCompile(`id="like" data-url="([^"]+)" data-csrf="([^"]+)"`).FindStringSubmatch(page.Text())
	if m == nil {
		t.Fatalf("no like button:\n%s", page.Text())
	}
	c.Post(m[1], nil).AssertStatus(403) // no token
	req := httptest.NewRequest(http.MethodPost, m[1], nil)
	req.Host = jazztest.Host
	req.Header.Set("X-CSRFToken", m[2])
	var got map[string]int64
	c.Do(req).AssertStatus(200).JSON(&got)
	if got["likes"] != 1 {
		t.Errorf("likes = %v", got)
	}
	c.Get(m[1]).AssertStatus(405)
	c.Get("/articles/2026/routing-with-converters/").AssertContains(`<span class="badge text-bg-danger" id="likes">1</span>`)
}

func TestAccountsSignupMembersStaffLogout(t *testing.T) {
	p, c := newClient(t)
	c.Get("/members/").AssertRedirects(302, "/accounts/login/?next=/members/")
	c.FollowRedirects = true
	page := c.Post("/accounts/signup/", url.Values{
		"username": {"ann"}, "email": {"ann@example.com"},
		"password1": {"correct horse battery"}, "password2": {"correct horse battery"},
	}).AssertStatus(200)
	page.AssertContains(`id="username"`).AssertContains(">ann<")
	c.Get("/members/").AssertStatus(200).AssertContains("Hello ann")
	c.Get("/staff/").AssertStatus(403)
	ctx := p.Context(context.Background())
	if n, err := auth.Users.Filter("username", "ann").Update(ctx, orm.Set{"is_staff": true}); err != nil || n != 1 {
		t.Fatalf("making ann staff: %d, %v", n, err)
	}
	c.Get("/staff/").AssertStatus(200).AssertContains(`id="staff"`)
	c.Post("/accounts/logout/", nil).AssertStatus(200)
	c.FollowRedirects = false
	c.Get("/members/").AssertRedirects(302, "/accounts/login/?next=/members/")
}

// The contact form's rule across fields: a bug report names the page.
func TestContactBugReportNeedsThePage(t *testing.T) {
	p, c := newClient(t)
	form := url.Values{"name": {"Ann"}, "email": {"ann@example.com"}, "reason": {"bug"}, "message": {"It breaks"}}
	c.Post("/contact/", form).AssertStatus(200).AssertContains("Tell us which page is broken.")
	if n := len(jazztest.Outbox(t, p).Outbox()); n != 0 {
		t.Fatalf("sent %d messages", n)
	}
	form.Set("page", "http://127.0.0.1:8000/articles/")
	c.Post("/contact/", form).AssertRedirects(302, "/contact/thanks/")
	if sent := jazztest.Outbox(t, p).Outbox(); len(sent) != 1 || !strings.Contains(sent[0].Body, "Page: http://127.0.0.1:8000/articles/") {
		t.Errorf("sent %+v", sent)
	}
}
