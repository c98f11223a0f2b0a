package auth_test

import (
	"reflect"
	"testing"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/migrate"
)

func TestPostMigrateCreatesPermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect, testConfig(t))
		ps, err := auth.Permissions.Filter("content_type", "auth.user").All(s.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Codename+"|"+p.Name)
		}
		want := []string{"add_user|Can add user", "change_user|Can change user", "delete_user|Can delete user", "view_user|Can view user"}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("auth.user permissions = %v, want %v", got, want)
		}
		n, _ := auth.Permissions.Count(s.ctx)
		// Idempotent: migrating again adds nothing.
		x := &migrate.Executor{DB: s.p.DB, Apps: s.p.Apps.All()}
		if err := x.Migrate(s.ctx, nil, migrate.RunOptions{}); err != nil {
			t.Fatal(err)
		}
		if n2, _ := auth.Permissions.Count(s.ctx); n2 != n || n < 12 {
			t.Fatalf("permissions: %d, then %d after migrating again", n, n2)
		}
	})
}

func TestPermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect, testConfig(t))
		ctx := s.ctx
		perm := func(codename string) *auth.Permission {
			p, err := auth.Permissions.Get(ctx, "content_type", "auth.group", "codename", codename)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		editors := &auth.Group{Name: "editors"}
		if err := auth.Groups.Create(ctx, editors); err != nil {
			t.Fatal(err)
		}
		if err := editors.Permissions.Add(ctx, perm("change_group"), perm("view_group")); err != nil {
			t.Fatal(err)
		}
		direct := s.user("direct", "s3cret-Pass", nil)
		if err := direct.UserPermissions.Add(ctx, perm("add_group")); err != nil {
			t.Fatal(err)
		}
		member := s.user("member", "s3cret-Pass", nil)
		if err := member.Groups.Add(ctx, editors); err != nil {
			t.Fatal(err)
		}
		root := s.user("root", "s3cret-Pass", func(u *auth.User) { u.IsSuperuser = true })
		inactive := s.user("inactive", "s3cret-Pass", func(u *auth.User) { u.IsSuperuser, u.IsActive = true, false })
		if err := inactive.Groups.Add(ctx, editors); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			u    *auth.User
			perm string
			want bool
		}{
			{direct, "auth.add_group", true},
			{direct, "auth.view_group", false},
			{member, "auth.view_group", true},
			{member, "auth.change_group", true},
			{member, "auth.add_group", false},
			{root, "auth.add_group", true},
			{root, "anything.at_all", true},
			{inactive, "auth.view_group", false},
		} {
			// A fresh object each time: permissions are cached per object.
			u, err := auth.GetUser(ctx, tc.u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := u.HasPerm(ctx, tc.perm); err != nil || got != tc.want {
				t.Errorf("%s HasPerm(%s) = %v, %v; want %v", u.Username, tc.perm, got, err, tc.want)
			}
		}
		m, _ := auth.GetUser(ctx, member.ID)
		all, err := m.GetAllPermissions(ctx)
		if err != nil || !reflect.DeepEqual(all, []string{"auth.change_group", "auth.view_group"}) {
			t.Fatalf("GetAllPermissions = %v, %v", all, err)
		}
		if ok, _ := m.HasPerms(ctx, "auth.change_group", "auth.view_group"); !ok {
			t.Fatal("HasPerms with both permissions is false")
		}
		if ok, _ := m.HasPerms(ctx, "auth.change_group", "auth.add_group"); ok {
			t.Fatal("HasPerms with a missing permission is true")
		}

		// Through PermissionRequired: the member may see /perm/.
		c := s.client()
		login(c, "member", "s3cret-Pass").AssertStatus(200)
		c.Get("/perm/").AssertStatus(200).AssertContains("allowed")
	})
}
