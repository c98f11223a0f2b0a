package auth

import (
	"time"

	"github.com/jazzgo/jazz/orm"
)

// AbstractUser is the user's fields and logic without a table: Django's
// AbstractUser. [User] embeds it; a project that needs more on its users
// embeds it in its own model instead, registered in its own app (see the
// package documentation, "Custom user models").
//
// Field names, lengths and defaults are Django's, so that a Jazz site and a
// Django site can share the auth tables.
type AbstractUser struct {
	orm.Model
	// Username is unique and case-sensitive, as in Django.
	Username string `jazz:"max_length=150,unique,help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.'"`
	// FirstName, LastName and Email are optional.
	FirstName string `jazz:"max_length=150,blank"`
	LastName  string `jazz:"max_length=150,blank"`
	Email     string `jazz:"max_length=254,blank"`
	// Password is an encoded hash in Django's format
	// ("pbkdf2_sha256$..."), or an unusable value starting with "!".
	// Set it with SetPassword, never directly.
	Password string `jazz:"max_length=128"`
	// IsStaff lets the user into the admin site.
	IsStaff bool `jazz:"default=false"`
	// IsActive false refuses the user everywhere: Django's way of
	// "deleting" an account without breaking foreign keys.
	IsActive bool `jazz:"default=true"`
	// IsSuperuser grants every permission (when active).
	IsSuperuser bool `jazz:"default=false"`
	// LastLogin is nil until the first login.
	LastLogin *time.Time
	// DateJoined is set when the user is created.
	DateJoined time.Time `jazz:"auto_now_add"`
	// Groups the user belongs to; their permissions are the user's too.
	Groups orm.ManyToMany[Group] `jazz:"blank"`
	// UserPermissions are granted to this user directly.
	UserPermissions orm.ManyToMany[Permission] `jazz:"blank"`

	// backend is the backend that authenticated the user (set by
	// Authenticate), which Login records in the session.
	backend string
	// perms caches the permission names, as Django's _perm_cache: a
	// user's permissions are read once per object.
	perms map[string]bool
}

// User is the default user model, table auth_user (Django's).
type User struct {
	AbstractUser
}

// Meta names Django's table.
func (*User) Meta() orm.Meta {
	return orm.Meta{Table: "auth_user", VerboseName: "user"}
}

// Group is a named set of permissions given to the users in it: Django's
// auth.Group, table auth_group.
type Group struct {
	orm.Model
	Name        string                     `jazz:"max_length=150,unique"`
	Permissions orm.ManyToMany[Permission] `jazz:"blank"`
}

// Meta names Django's table.
func (*Group) Meta() orm.Meta { return orm.Meta{Table: "auth_group", Ordering: []string{"name"}} }

// Permission is the right to do one thing to one model: Django's
// auth.Permission, table auth_permission. Django points at a row of its
// content types table; Jazz has none and stores the model's label instead,
// in lower case ("blog.post"), so a permission's full name is the app
// label, a dot and the codename: "blog.add_post".
type Permission struct {
	orm.Model
	// Name is the human text, "Can add post".
	Name string `jazz:"max_length=255"`
	// ContentType is "<app label>.<model name>" in lower case.
	ContentType string `jazz:"max_length=100"`
	// Codename is "add_post", "change_post", or a custom right.
	Codename string `jazz:"max_length=100"`
}

// Meta makes (content type, codename) unique, as in Django.
func (*Permission) Meta() orm.Meta {
	return orm.Meta{
		Table:          "auth_permission",
		UniqueTogether: [][]string{{"content_type", "codename"}},
		Ordering:       []string{"content_type", "codename"},
	}
}

// AppLabel returns the app part of ContentType ("blog").
func (p *Permission) AppLabel() string {
	for i := 0; i < len(p.ContentType); i++ {
		if p.ContentType[i] == '.' {
			return p.ContentType[:i]
		}
	}
	return p.ContentType
}

// FullName is the name HasPerm takes: "blog.add_post".
func (p *Permission) FullName() string { return p.AppLabel() + "." + p.Codename }

// The managers of the auth models.
var (
	Users       = orm.NewManager[User]()
	Groups      = orm.NewManager[Group]()
	Permissions = orm.NewManager[Permission]()
)
