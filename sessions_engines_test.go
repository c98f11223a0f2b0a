package jazz_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// Every engine SessionEngine names works through a whole project: the
// setting picks the store, the default middleware carries the session.
func TestSessionEnginesThroughTheProject(t *testing.T) {
	count := func(w http.ResponseWriter, r *http.Request) error {
		s := sessions.FromRequest(r)
		n, _ := s.GetInt("n")
		s.Set("n", n+1)
		return web.Text(w, http.StatusOK, strconv.FormatInt(n+1, 10))
	}
	for _, engine := range []string{"", "signed_cookies", "cache", "file", "db", "cached_db"} {
		t.Run("engine="+engine, func(t *testing.T) {
			s := jazz.Settings{
				URLs:            []urls.Pattern{urls.Path("", count, "count")},
				SessionEngine:   engine,
				SessionFilePath: t.TempDir(),
			}
			if engine == "db" || engine == "cached_db" || engine == "" {
				s.InstalledApps = []apps.App{dbstore.App}
				s.DatabaseURL = jazztest.Database(t, "sqlite")
			}
			p := jazztest.NewProject(t, s)
			c := jazztest.NewClient(t, p)
			c.Get("/").AssertStatus(200).AssertContains("1")
			c.Get("/").AssertStatus(200).AssertContains("2")
			jazztest.NewClient(t, p).Get("/").AssertContains("1") // another browser
			if engine == "signed_cookies" {
				if p.SessionStore() != nil {
					t.Error("signed cookies have a store")
				}
			} else if p.SessionStore() == nil {
				t.Errorf("engine %q has no store", engine)
			}
		})
	}
}
