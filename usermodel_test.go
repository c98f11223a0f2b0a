package jazz_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

// member is a project's own user model: auth's fields and a phone.
type member struct {
	auth.AbstractUser
	Phone string `jazz:"max_length=20,blank"`
}

type membersApp struct{ apps.Base }

func (*membersApp) Models() []any { return []any{(*member)(nil)} }

// Settings.UserModel makes the project's commands and requests use the
// project's own model, as Django's AUTH_USER_MODEL.
func TestSettingsUserModel(t *testing.T) {
	s := jazz.Settings{
		InstalledApps: []apps.App{dbstore.App, auth.App, &membersApp{apps.Base{Name: "members"}}},
		DatabaseURL:   jazztest.Database(t, "sqlite"),
		UserModel:     auth.Model[member](),
	}
	p := jazztest.NewProject(t, s)
	ctx := p.Context(context.Background())
	if err := orm.CreateTables(ctx, (*member)(nil)); err != nil {
		t.Fatal(err)
	}
	t.Setenv(auth.PasswordEnv, "a long secret phrase for kim")
	var out, errb bytes.Buffer
	code := p.Main(context.Background(), []string{"createsuperuser", "--noinput", "--username", "kim", "--email", "kim@example.com"},
		&manage.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	if code != 0 {
		t.Fatalf("createsuperuser: exit %d\n%s%s", code, out.String(), errb.String())
	}
	m, err := orm.NewManager[member]().Get(ctx, "username", "kim")
	if err != nil || !m.IsSuperuser {
		t.Fatalf("the superuser is not a member: %+v, %v", m, err)
	}
	if n, err := auth.Users.Count(ctx); err != nil || n != 0 {
		t.Errorf("auth_user has %d rows (%v); the command must use UserModel", n, err)
	}
}
