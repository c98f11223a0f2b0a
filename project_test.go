package jazz

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/csrf"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

func TestNewRejectsBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Settings)
		want []string
	}{
		{"static url", func(s *Settings) { s.StaticURL = "static" }, []string{"StaticURL", "JAZZ_STATIC_URL", "slash"}},
		{"xframe", func(s *Settings) { s.XFrameOptions = "ALLOW" }, []string{"XFrameOptions", "DENY or SAMEORIGIN"}},
		{"secret", func(s *Settings) { s.SecretKey = "" }, []string{"SecretKey", "JAZZ_SECRET_KEY"}},
		{"proxy header", func(s *Settings) { s.SecureProxySSLHeader = "X-Forwarded-Proto" }, []string{"SecureProxySSLHeader"}},
		{"exempt regexp", func(s *Settings) { s.SecureRedirectExempt = []string{"("} }, []string{"SecureRedirectExempt"}},
		{"media equals static", func(s *Settings) { s.MediaURL = "/static/" }, []string{"MediaURL"}},
		{"log level", func(s *Settings) { s.LogLevel = "loud" }, []string{"loud"}},
		{"session engine", func(s *Settings) { s.SessionEngine = "redis" }, []string{"SessionEngine", "JAZZ_SESSION_ENGINE", "signed_cookies"}},
		{"db sessions without the app", func(s *Settings) { s.SessionEngine = "db" }, []string{"SessionEngine", "sessions/dbstore.App"}},
		{"session cache", func(s *Settings) { s.SessionEngine = "cache"; s.SessionCacheAlias = "nope" }, []string{"SessionCacheAlias", "nope"}},
		{"session files", func(s *Settings) { s.SessionEngine = "file"; s.SessionFilePath = "/proc/no-such-dir" }, []string{"SessionFilePath"}},
		{"same site", func(s *Settings) { s.SessionCookieSameSite = "Sometimes" }, []string{"SessionCookieSameSite", "Sometimes"}},
		{"csrf origins", func(s *Settings) { s.CSRFTrustedOrigins = []string{"example.com"} }, []string{"CSRF"}},
		{"message level", func(s *Settings) { s.MessageLevel = "loud" }, []string{"MessageLevel", "loud"}},
		{"message storage", func(s *Settings) { s.MessageStorage = "pigeon" }, []string{"MessageStorage", "pigeon"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Settings{SecretKey: "k", LogOutput: "discard"}
			tc.mod(&s)
			_, err := New(s)
			if err == nil {
				t.Fatal("New accepted bad settings")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	s, err := FromEnv(Settings{}, []string{
		"JAZZ_DEBUG=true", "JAZZ_ALLOWED_HOSTS=localhost, 127.0.0.1", "JAZZ_SECRET_KEY=from-env",
		"JAZZ_APPEND_SLASH=false", "JAZZ_STATIC_ROOT=/srv/static", "PATH=/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Debug || len(s.AllowedHosts) != 2 || s.AllowedHosts[1] != "127.0.0.1" || s.SecretKey.Reveal() != "from-env" ||
		s.AppendSlash != Off || s.StaticRoot != "/srv/static" {
		t.Fatalf("settings = %+v", s)
	}
	for _, env := range [][]string{{"JAZZ_DEBUG=maybe"}, {"JAZZ_DEBGU=true"}, {"JAZZ_READ_TIMEOUT=soon"}} {
		if _, err := FromEnv(Settings{}, env); err == nil || !strings.Contains(err.Error(), strings.Split(env[0], "=")[0]) {
			t.Errorf("FromEnv(%v) error = %v, want one naming the variable", env, err)
		}
	}
}

func TestToggle(t *testing.T) {
	var tg Toggle
	if !tg.Or(true) || tg.Or(false) {
		t.Fatal("Default must take the given default")
	}
	for in, want := range map[string]Toggle{"on": On, "false": Off, "1": On, "no": Off, "": Default} {
		var got Toggle
		if err := got.UnmarshalText([]byte(in)); err != nil || got != want {
			t.Errorf("%q -> %v, %v", in, got, err)
		}
	}
	if err := tg.UnmarshalText([]byte("perhaps")); err == nil {
		t.Fatal("accepted perhaps")
	}
}

func TestWeakSecret(t *testing.T) {
	if !weakSecret("short") || !weakSecret(conf.Secret(insecureKeyPrefix+strings.Repeat("abcdefgh", 8))) || !weakSecret(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") {
		t.Fatal("weak keys not detected")
	}
	if weakSecret("k9Qz-2vLx7Wp3Rt8Yb6Nc1Md5Fh4Gj0Ks2Lq9Zw7Xe3Ru8Ty6Ui1Op") {
		t.Fatal("strong key flagged")
	}
}

// An upload too big for memory reaches the view from a temp file that is
// gone once the request is over; 101 files are refused with a 400.
func TestUploadsThroughTheProject(t *testing.T) {
	var tempPath string
	view := func(w http.ResponseWriter, r *http.Request) error {
		mp, err := web.ParseMultipart(r, nil)
		if err != nil {
			return err
		}
		f := mp.File["doc"][0]
		tempPath = f.TempPath()
		return web.Text(w, http.StatusOK, fmt.Sprint(f.Name, " ", f.Size))
	}
	p, err := New(Settings{SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"testserver"},
		URLs: []urls.Pattern{urls.Path("up/", csrf.Exempt(web.HandlerFunc(view)), "up")}, FileUploadMaxMemorySize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	post := func(files int, size int) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for i := range files {
			fw, _ := mw.CreateFormFile("doc", fmt.Sprintf("../../etc/passwd%d", i))
			fw.Write(bytes.Repeat([]byte("x"), size))
		}
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "http://testserver/up/", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, req)
		return rec
	}
	rec := post(1, 4096)
	if rec.Code != 200 || rec.Body.String() != "passwd0 4096" {
		t.Fatalf("upload: %d %q", rec.Code, rec.Body.String())
	}
	if tempPath == "" {
		t.Fatal("a file over FileUploadMaxMemorySize stayed in memory")
	}
	if _, err := os.Stat(tempPath); !os.IsNotExist(err) {
		t.Errorf("temp file %s left behind: %v", tempPath, err)
	}
	if rec := post(101, 1); rec.Code != http.StatusBadRequest {
		t.Errorf("101 files: %d", rec.Code)
	}
}

// MediaRoot gives the project a file storage; in Debug the project serves
// it at MediaURL, never outside the root.
func TestMediaStorageServedInDebug(t *testing.T) {
	root := t.TempDir()
	p, err := New(Settings{SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"testserver"},
		Debug: true, MediaRoot: root})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	name, err := p.Media.Save(t.Context(), "covers/a b.png", strings.NewReader("PNG!"))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://testserver"+path, nil))
		return rec
	}
	if rec := get(p.Media.URL(name)); rec.Code != 200 || rec.Body.String() != "PNG!" {
		t.Errorf("GET %s: %d %q", p.Media.URL(name), rec.Code, rec.Body.String())
	}
	if rec := get("/media/../project_test.go"); rec.Code == 200 {
		t.Errorf("served a file outside MediaRoot")
	}
	if _, err := New(Settings{SecretKey: "k", LogOutput: "discard", MediaRoot: "/proc/nope/media"}); err == nil || !strings.Contains(err.Error(), "MediaRoot") {
		t.Errorf("bad MediaRoot: %v", err)
	}
}
