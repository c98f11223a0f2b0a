package jazz

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

type Note struct {
	orm.Model
	Text string `jazz:"max_length=100"`
}

var notes = orm.NewManager[Note]()

type notesApp struct{ apps.Base }

func (notesApp) Models() []any { return []any{(*Note)(nil)} }

// TestModelsGetEmbeddedDatabase: a project whose apps have models and no
// database setting runs on db.sqlite3 in the working directory, and its
// views reach the models through the request context.
func TestModelsGetEmbeddedDatabase(t *testing.T) {
	t.Chdir(t.TempDir())
	view := func(w http.ResponseWriter, r *http.Request) error {
		n, err := notes.Filter("text__startswith", "hel").Count(r.Context())
		if err != nil {
			return err
		}
		return web.JSON(w, 200, map[string]int64{"count": n})
	}
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		InstalledApps: []apps.App{notesApp{apps.Base{Name: "notes"}}},
		URLs:          []urls.Pattern{urls.Path("", view, "home")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.DB == nil || p.DB.Dialect().Name() != "sqlite" {
		t.Fatalf("DB = %v", p.DB)
	}
	if _, err := os.Stat("db.sqlite3"); err != nil {
		t.Fatalf("no db.sqlite3 in the working directory: %v", err)
	}
	if info, ok := orm.Lookup("notes.Note"); !ok || info.DBTable != "notes_note" {
		t.Fatalf("model not registered under its app: %v", info)
	}
	ctx := p.Context(context.Background())
	if err := orm.CreateTables(ctx, (*Note)(nil)); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"hello", "help", "bye"} {
		if err := notes.Create(ctx, &Note{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
	if rec.Code != 200 || rec.Body.String() != `{"count":2}`+"\n" {
		t.Fatalf("view: %d %q", rec.Code, rec.Body.String())
	}
}
