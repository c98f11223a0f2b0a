package jazz

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// TestAtomicRequests writes a row in a view that then succeeds, fails with
// a 500 or panics: only the successful request's row is kept.
func TestAtomicRequests(t *testing.T) {
	write := func(r *http.Request, id int) error {
		_, err := db.FromContext(r.Context()).ExecContext(r.Context(), "INSERT INTO note (id) VALUES (?)", id)
		return err
	}
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		DatabaseURL:    "sqlite:///" + filepath.Join(t.TempDir(), "site.db"),
		AtomicRequests: true,
		URLs: []urls.Pattern{
			urls.Path("ok/", func(w http.ResponseWriter, r *http.Request) error {
				if err := write(r, 1); err != nil {
					return err
				}
				return web.Text(w, 200, "ok")
			}, "ok"),
			urls.Path("fail/", func(w http.ResponseWriter, r *http.Request) error {
				if err := write(r, 2); err != nil {
					return err
				}
				return web.NewError(503, "down for maintenance")
			}, "fail"),
			urls.Path("panic/", func(w http.ResponseWriter, r *http.Request) error {
				if err := write(r, 3); err != nil {
					return err
				}
				panic("boom")
			}, "panic"),
			urls.Path("missing/", func(w http.ResponseWriter, r *http.Request) error {
				if err := write(r, 4); err != nil {
					return err
				}
				return web.NotFound("kept: a 404 is not a server error")
			}, "missing"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	if _, err := p.DB.ExecContext(ctx, "CREATE TABLE note (id integer PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/ok/": 200, "/fail/": 503, "/panic/": 500, "/missing/": 404} {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com"+path, nil))
		if rec.Code != want {
			t.Fatalf("%s: status %d, want %d", path, rec.Code, want)
		}
	}
	rows, err := p.DB.QueryContext(ctx, "SELECT id FROM note ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 4 {
		t.Fatalf("rows kept = %v, want [1 4]", ids)
	}
}
