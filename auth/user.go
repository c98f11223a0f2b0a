package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/auth/validators"
	"github.com/jazzgo/jazz/orm"
)

// SetPassword hashes raw with the preferred hasher of the Config in ctx
// (ConfigFrom) and stores the hash in Password. It does not save the user
// and does not run the validators (see [ValidatePassword]). After a
// password change, other sessions of the user end: their session hash no
// longer matches (see [UpdateSessionAuthHash] to keep the current one).
func (u *AbstractUser) SetPassword(ctx context.Context, raw string) error {
	enc, err := ConfigFrom(ctx).Hashers.Make(raw)
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	u.Password = enc
	return nil
}

// SetUnusablePassword stores a value that no password matches ("!" and
// random characters), for accounts that log in some other way. It does
// not save the user.
func (u *AbstractUser) SetUnusablePassword() { u.Password = hashers.MakeUnusable() }

// HasUsablePassword reports whether some password could match: false after
// SetUnusablePassword, or for an empty or unusable value.
func (u *AbstractUser) HasUsablePassword() bool { return hashers.IsUsable(u.Password) }

// checkPassword checks raw and, when it matches a hash that should be
// replaced (another algorithm, a lower cost), re-hashes it into Password.
// upgraded says whether Password changed and must be saved.
func (u *AbstractUser) checkPassword(ctx context.Context, raw string) (ok, upgraded bool, err error) {
	list := ConfigFrom(ctx).Hashers
	ok, needsUpgrade, err := list.Check(raw, u.Password)
	if !ok {
		// An unknown or malformed hash is a failed login, not a server
		// error: the error is for logs only.
		if err != nil && !errors.Is(err, hashers.ErrUnknownAlgorithm) && !errors.Is(err, hashers.ErrMalformed) {
			return false, false, fmt.Errorf("auth: check password: %w", err)
		}
		return false, false, nil
	}
	if !needsUpgrade {
		return true, false, nil
	}
	enc, err := list.Make(raw)
	if err != nil {
		return true, false, fmt.Errorf("auth: upgrading the password hash: %w", err)
	}
	u.Password = enc
	return true, true, nil
}

// CheckPassword reports whether raw is the user's password. When it is,
// and the stored hash uses a hasher or a cost that is no longer the
// preferred one, the password is hashed again and saved (only the password
// column), as Django does on login. An unknown or malformed stored hash is
// a false, not an error; the error is for the database.
func (u *User) CheckPassword(ctx context.Context, raw string) (bool, error) {
	ok, upgraded, err := u.checkPassword(ctx, raw)
	if err != nil || !upgraded || u.ID == 0 {
		return ok, err
	}
	if err := Users.Save(ctx, u, "password"); err != nil {
		return ok, fmt.Errorf("auth: saving the upgraded password hash of user %d: %w", u.ID, err)
	}
	return ok, nil
}

// ValidatePassword runs the Config's validators over raw for this user
// (its username, names and email count for similarity). The error is a
// validators.Errors; validators.Messages lists its messages.
func (u *AbstractUser) ValidatePassword(ctx context.Context, raw string) error {
	return ConfigFrom(ctx).Validators.Validate(raw, u.attrs())
}

func (u *AbstractUser) attrs() validators.Attrs {
	return validators.Attrs{"username": u.Username, "first_name": u.FirstName, "last_name": u.LastName, "email": u.Email}
}

// FullName is the first and last name with a space between, trimmed.
func (u *AbstractUser) FullName() string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// ShortName is the first name.
func (u *AbstractUser) ShortName() string { return u.FirstName }

// IsAuthenticated is true for a real user: CurrentUser returns nil for an
// anonymous visitor, and a nil *User answers false, so templates and views
// can ask without a nil check.
func (u *User) IsAuthenticated() bool { return u != nil }

// IsAnonymous is the opposite of IsAuthenticated.
func (u *User) IsAnonymous() bool { return u == nil }

// IsAuthenticated is true for a real account of any user model, so
// templates can ask {{.user.IsAuthenticated}} whatever Config.Users is
// ([User] has its own, which also answers for a nil *User).
func (u *AbstractUser) IsAuthenticated() bool { return u != nil }

// IsAnonymous is the opposite of IsAuthenticated.
func (u *AbstractUser) IsAnonymous() bool { return u == nil }

// String is the username.
func (u *AbstractUser) String() string { return u.Username }

// Backend is the name of the backend that authenticated the user, "" when
// the user did not come from Authenticate or CurrentUser.
func (u *AbstractUser) Backend() string { return u.backend }

// SetBackend records which backend authenticated the user; a custom
// Backend calls it (or Login records the only configured backend).
func (u *AbstractUser) SetBackend(name string) { u.backend = name }

// sessionHashSalt is Django's key salt for the session auth hash, so a
// session made by a Django site verifies here and back.
const sessionHashSalt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"

// SessionAuthHash is Django's get_session_auth_hash: an HMAC-SHA256 of
// the password hash under secret. Login stores it in the session; a later
// request whose stored hash differs (the password changed) is logged out.
func (u *AbstractUser) SessionAuthHash(secret string) string {
	return saltedHMAC(sessionHashSalt, u.Password, secret)
}

// saltedHMAC is Django's salted_hmac with sha256, as hex: the key is
// SHA256(keySalt + secret).
func saltedHMAC(keySalt, value, secret string) string {
	key := sha256.Sum256([]byte(keySalt + secret))
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// GetAllPermissions returns the names ("blog.add_post") of every
// permission the user has, directly or through a group, sorted. An
// inactive user has none; an active superuser has every permission in
// the table. The result is cached on the object (reload the user to see
// later changes).
func (u *AbstractUser) GetAllPermissions(ctx context.Context) ([]string, error) {
	set, err := u.permSet(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// GetUserPermissions returns the names of the permissions given to the
// user directly.
func (u *AbstractUser) GetUserPermissions(ctx context.Context) ([]string, error) {
	if !u.IsActive || u.ID == 0 {
		return nil, nil
	}
	ps, err := u.UserPermissions.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: permissions of user %d: %w", u.ID, err)
	}
	return permNames(ps), nil
}

// GetGroupPermissions returns the names of the permissions the user has
// through its groups.
func (u *AbstractUser) GetGroupPermissions(ctx context.Context) ([]string, error) {
	if !u.IsActive || u.ID == 0 {
		return nil, nil
	}
	ids, err := u.Groups.IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: groups of user %d: %w", u.ID, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ps, err := Permissions.Filter("group__id__in", ids).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: group permissions of user %d: %w", u.ID, err)
	}
	return permNames(ps), nil
}

func permNames(ps []*Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.FullName()
	}
	return out
}

func (u *AbstractUser) permSet(ctx context.Context) (map[string]bool, error) {
	if u.perms != nil {
		return u.perms, nil
	}
	set := map[string]bool{}
	switch {
	case !u.IsActive || u.ID == 0:
	case u.IsSuperuser:
		ps, err := Permissions.All().All(ctx)
		if err != nil {
			return nil, fmt.Errorf("auth: permissions: %w", err)
		}
		for _, n := range permNames(ps) {
			set[n] = true
		}
	default:
		own, err := u.GetUserPermissions(ctx)
		if err != nil {
			return nil, err
		}
		group, err := u.GetGroupPermissions(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range append(own, group...) {
			set[n] = true
		}
	}
	u.perms = set
	return set, nil
}

// HasPerm reports whether the user has the permission perm, named
// "<app label>.<codename>" ("blog.change_post"). An active superuser has
// every permission, even one that is not in the table; an inactive user
// has none. The user's permissions are read once per object.
func (u *AbstractUser) HasPerm(ctx context.Context, perm string) (bool, error) {
	if u == nil || !u.IsActive {
		return false, nil
	}
	if u.IsSuperuser {
		return true, nil
	}
	set, err := u.permSet(ctx)
	if err != nil {
		return false, err
	}
	return set[perm], nil
}

// HasPerms reports whether the user has every one of perms (true for
// none).
func (u *AbstractUser) HasPerms(ctx context.Context, perms ...string) (bool, error) {
	for _, p := range perms {
		ok, err := u.HasPerm(ctx, p)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// HasModulePerms reports whether the user has some permission in the app
// appLabel (the admin's index shows those apps).
func (u *AbstractUser) HasModulePerms(ctx context.Context, appLabel string) (bool, error) {
	if u == nil || !u.IsActive {
		return false, nil
	}
	if u.IsSuperuser {
		return true, nil
	}
	set, err := u.permSet(ctx)
	if err != nil {
		return false, err
	}
	for p := range set {
		if strings.HasPrefix(p, appLabel+".") {
			return true, nil
		}
	}
	return false, nil
}

// ErrUsernameRequired is returned by CreateUser for an empty username.
var ErrUsernameRequired = errors.New("auth: the username must be set")

// NormalizeEmail lower-cases the domain part of an address, as Django's
// BaseUserManager.normalize_email (the local part may be case-sensitive).
func NormalizeEmail(email string) string {
	email = strings.TrimSpace(email)
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	return email[:at+1] + strings.ToLower(email[at+1:])
}

// CreateUser creates an active auth.User with the password hashed by the
// Config in ctx: Django's create_user. An empty password makes an
// unusable one (the user cannot log in with a password). The validators
// are not run: creation is for code and commands; forms validate first.
// A taken username is an error wrapping db.ErrUniqueViolation. When
// Config.Users is another model, it returns [ErrNotUserModel]: use
// [CreateAccount].
func CreateUser(ctx context.Context, username, email, password string) (*User, error) {
	return createUser(ctx, username, email, password, nil)
}

// CreateSuperuser is CreateUser for a user with IsStaff and IsSuperuser.
func CreateSuperuser(ctx context.Context, username, email, password string) (*User, error) {
	return createUser(ctx, username, email, password, MakeSuperuser)
}

// ErrNotUserModel is returned by the functions that work on auth.User
// alone (CreateUser, CreateSuperuser) when Config.Users is another model.
var ErrNotUserModel = errors.New("auth: Config.Users is not auth.User; use CreateAccount and CurrentAccount")

func createUser(ctx context.Context, username, email, password string, edit func(Account)) (*User, error) {
	if _, ok := UsersOf(ctx).New().(*User); !ok {
		return nil, ErrNotUserModel
	}
	a, err := CreateAccount(ctx, username, email, password, edit)
	if err != nil {
		return nil, err
	}
	return a.(*User), nil
}

// GetUser loads the auth.User with id (table auth_user, whatever
// Config.Users is), or returns (nil, nil) when there is none; see
// [GetAccount] for the Config's user model.
func GetUser(ctx context.Context, id int64) (*User, error) {
	u, err := Users.Get(ctx, "id", id)
	if errors.Is(err, orm.ErrDoesNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth: loading user %d: %w", id, err)
	}
	return u, nil
}

// validatorMessages lists the messages of a validation error.
func validatorMessages(err error) []string { return validators.Messages(err) }
