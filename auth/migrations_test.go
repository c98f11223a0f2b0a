package auth_test

import (
	"os"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
	"github.com/jazzgo/jazz/orm"
)

// TestMigrationsMatchModels is makemigrations --check for the auth app:
// the state its migrations build equals the live models.
func TestMigrationsMatchModels(t *testing.T) {
	if err := orm.RegisterApps([]apps.App{auth.App}); err != nil {
		t.Fatal(err)
	}
	l, err := migrate.Load([]apps.App{auth.App}, nil)
	if err != nil {
		t.Fatal(err)
	}
	from, err := l.State()
	if err != nil {
		t.Fatal(err)
	}
	var infos []*orm.ModelInfo
	for _, m := range orm.Models() {
		if m.App == auth.Label {
			infos = append(infos, m)
		}
	}
	leaves := map[string]string{}
	for _, k := range l.Leaves(auth.Label) {
		leaves[k.App] = k.Name
	}
	changes, err := autodetect.Detect(from, migrate.FromModels(infos), autodetect.NonInteractive(os.Stderr, nil), autodetect.Options{Leaves: leaves})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Fatalf("the auth models and their migrations differ: makemigrations would write %v", changes)
	}
}
