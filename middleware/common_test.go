package middleware

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func hostRequest(method, target, host string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.Host = host
	return r
}

func TestCommonAllowedHosts(t *testing.T) {
	c := newErrorCapture(nil)
	h := c.attach(Common(CommonOptions{AllowedHosts: []string{"Example.com", ".example.org", "[::1]", "192.0.2.1"}})(text("ok")))
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"example.com", true},
		{"EXAMPLE.COM:8000", true},
		{"example.com.", true},
		{"www.example.com", false},
		{"example.org", true},
		{"a.b.example.org:443", true},
		{"badexample.org", false},
		{"[::1]", true},
		{"[::1]:8080", true},
		{"[::2]", false},
		{"192.0.2.1:80", true},
		{"evil.example", false},
		{"", false},
		{"example.com:abc", false},
		{"exa mple.com", false},
		{"example.com@evil.example", false},
	} {
		rec := serve(h, hostRequest("GET", "/", tc.host))
		if (rec.Code == 200) != tc.ok {
			t.Errorf("host %q: %d, want allowed=%v", tc.host, rec.Code, tc.ok)
		}
		if !tc.ok && rec.Code != 400 {
			t.Errorf("host %q: %d, want 400", tc.host, rec.Code)
		}
	}
}

func TestCommonBadHostMessage(t *testing.T) {
	c := newErrorCapture(nil)
	h := c.attach(Common(CommonOptions{AllowedHosts: []string{"example.com"}})(text("ok")))
	serve(h, hostRequest("GET", "/", "evil.example"))
	serve(h, hostRequest("GET", "/", "evil.example:8000"))
	serve(h, hostRequest("GET", "/", "bad'host"))
	want := []string{
		"Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to AllowedHosts.",
		"Invalid HTTP_HOST header: 'evil.example:8000'. You may need to add 'evil.example' to AllowedHosts.",
		`Invalid HTTP_HOST header: 'bad\'host'. The domain name provided is not valid according to RFC 1034/1035.`,
	}
	if len(c.errs) != len(want) {
		t.Fatalf("%d errors", len(c.errs))
	}
	for i, w := range want {
		if !strings.Contains(c.errs[i].Error(), w) || !strings.HasPrefix(c.errs[i].Error(), "400 ") {
			t.Errorf("error %q, want it to contain %q", c.errs[i], w)
		}
	}
}

func TestCommonDebugHosts(t *testing.T) {
	debug := Common(CommonOptions{Debug: true})(text("ok"))
	for _, host := range []string{"localhost", "localhost:8000", "app.localhost", "127.0.0.1:8000", "[::1]:8000"} {
		if rec := serve(debug, hostRequest("GET", "/", host)); rec.Code != 200 {
			t.Errorf("Debug, host %q: %d", host, rec.Code)
		}
	}
	if rec := serve(debug, hostRequest("GET", "/", "example.com")); rec.Code != 400 {
		t.Errorf("Debug, other host: %d", rec.Code)
	}
	prod := Common(CommonOptions{})(text("ok"))
	if rec := serve(prod, hostRequest("GET", "/", "localhost")); rec.Code != 400 {
		t.Errorf("no AllowedHosts without Debug allowed localhost: %d", rec.Code)
	}
	star := Common(CommonOptions{AllowedHosts: []string{"*"}})(text("ok"))
	if rec := serve(star, hostRequest("GET", "/", "any.example")); rec.Code != 200 {
		t.Errorf("* rejected a host: %d", rec.Code)
	}
	if rec := serve(star, hostRequest("GET", "/", "bad host")); rec.Code != 400 {
		t.Errorf("* allowed a malformed host: %d", rec.Code)
	}
}

func TestCommonDisallowedUserAgents(t *testing.T) {
	h := Common(CommonOptions{AllowedHosts: []string{"*"}, DisallowedUserAgents: []*regexp.Regexp{regexp.MustCompile(`(?i)badbot`)}})(text("ok"))
	r := hostRequest("GET", "/", "example.com")
	r.Header.Set("User-Agent", "Mozilla/5.0 (compatible; BadBot/1.0)")
	if rec := serve(h, r); rec.Code != 403 {
		t.Errorf("bad bot: %d", rec.Code)
	}
	r.Header.Set("User-Agent", "Mozilla/5.0")
	if rec := serve(h, r); rec.Code != 200 {
		t.Errorf("browser: %d", rec.Code)
	}
}

func TestCommonAppendSlash(t *testing.T) {
	routes := map[string]bool{"/about/": true, "/file.txt": true, "//evil.example/": true, "/a b/": true}
	h := Common(CommonOptions{AllowedHosts: []string{"example.com"}, AppendSlash: true,
		Resolves: func(p string) bool { return routes[p] }})(text("view"))
	for _, tc := range []struct {
		method, target, location string
	}{
		{"GET", "/about", "/about/"},
		{"HEAD", "/about?q=1&r=%2F", "/about/?q=1&r=%2F"},
		{"POST", "/about", ""},   // not GET/HEAD
		{"GET", "/about/", ""},   // already has the slash
		{"GET", "/file.txt", ""}, // resolves as it is
		{"GET", "/missing", ""},  // neither resolves: the view's 404
		{"GET", "//evil.example", "/%2Fevil.example/"},
		{"GET", "/a%20b", "/a%20b/"},
	} {
		rec := serve(h, hostRequest(tc.method, tc.target, "example.com"))
		if tc.location == "" {
			if rec.Code != 200 {
				t.Errorf("%s %s: %d, want the view", tc.method, tc.target, rec.Code)
			}
			continue
		}
		if rec.Code != 301 || rec.Header().Get("Location") != tc.location {
			t.Errorf("%s %s: %d %q, want 301 %q", tc.method, tc.target, rec.Code, rec.Header().Get("Location"), tc.location)
		}
	}
}

func TestCommonPrependWWW(t *testing.T) {
	routes := map[string]bool{"/about/": true}
	h := Common(CommonOptions{AllowedHosts: []string{".example.com", "192.0.2.1"}, PrependWWW: true, AppendSlash: true,
		Resolves: func(p string) bool { return routes[p] }, ProxySSLHeader: ProxyHeader{"X-Forwarded-Proto", "https"}})(text("view"))
	for _, tc := range []struct {
		target, host, proto, location string
	}{
		{"/x?y=1", "example.com", "", "http://www.example.com/x?y=1"},
		{"/about", "example.com:8000", "", "http://www.example.com:8000/about/"},
		{"/x", "example.com", "https", "https://www.example.com/x"},
		{"/x", "www.example.com", "", ""},
		{"/x", "192.0.2.1", "", ""},
	} {
		r := hostRequest("GET", tc.target, tc.host)
		if tc.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		rec := serve(h, r)
		if tc.location == "" {
			if rec.Code != 200 {
				t.Errorf("%s %s: %d, want the view", tc.host, tc.target, rec.Code)
			}
			continue
		}
		if rec.Code != 301 || rec.Header().Get("Location") != tc.location {
			t.Errorf("%s %s: %d %q, want %q", tc.host, tc.target, rec.Code, rec.Header().Get("Location"), tc.location)
		}
	}
}

func TestCommonAppendSlashNeedsResolves(t *testing.T) {
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), "Resolves") {
			t.Fatalf("panic %v", v)
		}
	}()
	Common(CommonOptions{AppendSlash: true})
}

func TestCommonNoAllocs(t *testing.T) {
	h := Common(CommonOptions{AllowedHosts: []string{"example.com"}, AppendSlash: true,
		Resolves: func(p string) bool { return p == "/json" }})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := hostRequest("GET", "/json", "example.com:8080") // browsers send lower case
	w := newReusableWriter()
	if allocs := testing.AllocsPerRun(100, func() { w.reset(); h.ServeHTTP(w, r) }); allocs != 0 {
		t.Fatalf("Common allocates %v times per request", allocs)
	}
}
