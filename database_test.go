package jazz

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/urls"
)

// dbCommand reports whether its context carries the project's database.
type dbCommand struct{ saw *db.Querier }

func (dbCommand) Name() string           { return "dbcheck" }
func (dbCommand) Help() string           { return "test command" }
func (dbCommand) SetFlags(*flag.FlagSet) {}
func (c dbCommand) Run(ctx context.Context, _ *manage.IO, _ []string) error {
	*c.saw = db.FromContext(ctx)
	return nil
}

type cmdApp struct {
	apps.Base
	cmd manage.Command
}

func (a cmdApp) Commands() []manage.Command { return []manage.Command{a.cmd} }

func TestDatabaseReachesRequestsAndCommands(t *testing.T) {
	var fromView, fromCommand db.Querier
	view := func(w http.ResponseWriter, r *http.Request) error {
		fromView = db.FromContext(r.Context())
		var n int
		if err := fromView.QueryRowContext(r.Context(), "SELECT 1 + 1").Scan(&n); err != nil {
			return err
		}
		w.Write([]byte{byte('0' + n)})
		return nil
	}
	s, err := FromEnv(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		URLs:          []urls.Pattern{urls.Path("", view, "home")},
		InstalledApps: []apps.App{cmdApp{apps.Base{Name: "tools"}, dbCommand{&fromCommand}}},
	}, []string{"DATABASE_URL=sqlite:///" + filepath.Join(t.TempDir(), "site.db")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.DB == nil || p.DB.Dialect().Name() != "sqlite" {
		t.Fatalf("DB = %v", p.DB)
	}
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
	if rec.Code != 200 || rec.Body.String() != "2" || fromView == nil {
		t.Fatalf("view: %d %q, db %v", rec.Code, rec.Body.String(), fromView)
	}
	var out bytes.Buffer
	if code := p.Main(context.Background(), []string{"dbcheck"}, &manage.IO{Stdout: &out, Stderr: &out}); code != 0 || fromCommand == nil {
		t.Fatalf("command: exit %d, db %v: %s", code, fromCommand, out.String())
	}
}

func TestBadDatabaseURLStopsStart(t *testing.T) {
	_, err := New(Settings{SecretKey: "k", LogOutput: "discard", DatabaseURL: "oracle://scott:tiger@db/x"})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), "oracle") ||
		strings.Contains(err.Error(), "tiger") {
		t.Fatalf("err = %v", err)
	}
}
