package jazz

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/urls"
)

func TestQueryLogInDebug(t *testing.T) {
	var counted int
	view := func(w http.ResponseWriter, r *http.Request) {
		q := db.FromContext(r.Context())
		for i := 0; i < 3; i++ {
			q.ExecContext(r.Context(), "SELECT 1")
		}
		counted = 0
		if ql := db.QueryLogFrom(r.Context()); ql != nil {
			counted = ql.Count()
		}
	}
	var logs bytes.Buffer
	for _, debug := range []bool{true, false} {
		logs.Reset()
		counted = -1
		p, err := New(Settings{
			SecretKey: "k", Debug: debug, LogOutput: "discard", AllowedHosts: []string{"example.com"},
			LogLevel: "debug", LogHandlers: []slog.Handler{slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})},
			DatabaseURL: "sqlite:///" + filepath.Join(t.TempDir(), "q.db"),
			URLs:        []urls.Pattern{urls.Path("", view, "home")},
		})
		if err != nil {
			t.Fatal(err)
		}
		p.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://example.com/", nil))
		p.Close()
		if debug && (counted != 3 || !strings.Contains(logs.String(), "queries=3")) {
			t.Fatalf("debug: counted %d; log:\n%s", counted, logs.String())
		}
		if !debug && counted != 0 {
			t.Fatalf("without Debug the request has no query log, counted %d", counted)
		}
	}
}
