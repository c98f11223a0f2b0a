package auth_test

import (
	"testing"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/orm"
)

// Member is a project's own user model: the auth fields and logic by
// embedding, plus its own.
type Member struct {
	auth.AbstractUser
	Phone string `jazz:"max_length=20,blank"`
}

// TestCustomUserModel checks that AbstractUser works embedded in a model
// of another app: it registers with every auth column and link table, and
// the password and permission logic runs on it.
func TestCustomUserModel(t *testing.T) {
	s := newSite(t, "sqlite", testConfig(t))
	if err := orm.Register("accounts", (*Member)(nil)); err != nil {
		t.Fatal(err)
	}
	info := orm.Info[Member]()
	for _, f := range []string{"username", "password", "is_active", "last_login", "phone"} {
		if _, ok := info.Field(f); !ok {
			t.Errorf("Member lacks %s", f)
		}
	}
	ctx := s.ctx
	if err := orm.CreateTables(ctx, (*Member)(nil)); err != nil {
		t.Fatal(err)
	}
	members := orm.NewManager[Member]()
	m := &Member{Phone: "555"}
	m.Username, m.IsActive = "kim", true
	if err := m.SetPassword(ctx, "s3cret-Pass"); err != nil {
		t.Fatal(err)
	}
	if err := members.Create(ctx, m); err != nil {
		t.Fatal(err)
	}
	p, err := auth.Permissions.Get(ctx, "content_type", "auth.group", "codename", "view_group")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UserPermissions.Add(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := members.Get(ctx, "id", m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := got.HasPerm(ctx, "auth.view_group"); !ok || err != nil {
		t.Fatalf("HasPerm = %v, %v", ok, err)
	}
	if !got.HasUsablePassword() || got.SessionAuthHash("k") == "" {
		t.Fatal("password helpers")
	}
}
