package auth

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/jazzgo/jazz/orm"
)

// Account is a user of whichever model the project chose (Config.Users):
// [User], or a model of the project's own that embeds [AbstractUser].
// Both satisfy it through the promoted [AbstractUser.Base], so the auth
// fields and logic (Username, IsActive, SetPassword, HasPerm...) are
// always a.Base() away, while a type switch or assertion reaches the
// model's own fields:
//
//	if m, ok := auth.CurrentAccount(r).(*accounts.Member); ok { phone = m.Phone }
//
// A nil Account is an anonymous visitor; the functions of this package
// never return a non-nil Account holding a nil pointer.
type Account interface {
	Base() *AbstractUser
}

// Base returns u itself: it makes every model embedding AbstractUser an
// [Account].
func (u *AbstractUser) Base() *AbstractUser { return u }

var (
	_ Account = (*User)(nil)
	_ Account = (*AbstractUser)(nil)
)

// UserModel stores the accounts of one model: Django's AUTH_USER_MODEL
// and its manager, the primitives the package needs and nothing more.
// [Model] builds one for any orm model embedding AbstractUser; the
// default is Model[User](). Every method that takes an
// Account returns an error when it is not of the model's type.
// Implementations must be safe for concurrent use.
type UserModel interface {
	// Info describes the model (label, table), or returns an error
	// wrapping orm.ErrNotRegistered when it is not registered yet.
	Info() (*orm.ModelInfo, error)
	// New returns a new, unsaved account of the model.
	New() Account
	// Get returns the one account matching the lookups and values
	// ("username", "kim"), or an error wrapping orm.ErrDoesNotExist.
	Get(ctx context.Context, lookupsAndValues ...any) (Account, error)
	// Find returns every account matching the lookups and values, in the
	// model's order; none is an empty result, not an error.
	Find(ctx context.Context, lookupsAndValues ...any) ([]Account, error)
	// Create inserts a as a new row and sets its id.
	Create(ctx context.Context, a Account) error
	// Save updates a's row: only fields when some are named.
	Save(ctx context.Context, a Account, fields ...string) error
}

// accountPtr is the constraint of [Model]: a pointer to a model that
// embeds AbstractUser.
type accountPtr[T any] interface {
	*T
	Account
}

// modelOf is the UserModel of the orm model T.
type modelOf[T any, P accountPtr[T]] struct{ m *orm.Manager[T] }

// Model returns the UserModel of the orm model T, which must embed
// [AbstractUser] and be registered by one of the project's apps (its
// Models). Put it in Config.Users to make T the project's user model:
//
//	auth.Config{Users: auth.Model[accounts.Member](), ...}
//
// The result may be kept in a package variable and shared.
func Model[T any, P accountPtr[T]]() UserModel {
	return modelOf[T, P]{m: orm.NewManager[T]()}
}

// defaultUsers is the UserModel of [User] (table auth_user), the one a
// Config without Users gets. It holds no state but the manager's cached
// model metadata.
var defaultUsers = Model[User]()

func (m modelOf[T, P]) Info() (*orm.ModelInfo, error) { return m.m.Info() }

func (m modelOf[T, P]) New() Account { return P(new(T)) }

func (m modelOf[T, P]) Get(ctx context.Context, lookupsAndValues ...any) (Account, error) {
	obj, err := m.m.Get(ctx, lookupsAndValues...)
	if err != nil {
		return nil, err
	}
	return P(obj), nil
}

func (m modelOf[T, P]) Find(ctx context.Context, lookupsAndValues ...any) ([]Account, error) {
	if len(lookupsAndValues)%2 != 0 {
		return nil, fmt.Errorf("auth: Find(%v): lookups and values must come in pairs", lookupsAndValues)
	}
	q := m.m.All()
	for i := 0; i < len(lookupsAndValues); i += 2 {
		lookup, ok := lookupsAndValues[i].(string)
		if !ok {
			return nil, fmt.Errorf("auth: Find: lookup %v is not a string", lookupsAndValues[i])
		}
		q = q.Filter(lookup, lookupsAndValues[i+1])
	}
	objs, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Account, len(objs))
	for i, o := range objs {
		out[i] = P(o)
	}
	return out, nil
}

func (m modelOf[T, P]) Create(ctx context.Context, a Account) error {
	obj, err := m.cast(a)
	if err != nil {
		return err
	}
	return m.m.Create(ctx, obj)
}

func (m modelOf[T, P]) Save(ctx context.Context, a Account, fields ...string) error {
	obj, err := m.cast(a)
	if err != nil {
		return err
	}
	return m.m.Save(ctx, obj, fields...)
}

// cast returns a as the model's pointer type; another model's account is
// a programming error reported, not a panic.
func (m modelOf[T, P]) cast(a Account) (*T, error) {
	p, ok := a.(P)
	if !ok || p == nil {
		return nil, fmt.Errorf("auth: the user model is %s, not %T (is Config.Users the model the account came from?)", reflect.TypeFor[T](), a)
	}
	return (*T)(p), nil
}

// UsersOf returns the user model of the Config in ctx: Config.Users, or
// auth.User's when it is nil.
func UsersOf(ctx context.Context) UserModel { return ConfigFrom(ctx).Users }

// present reports whether a is a real account: neither a nil interface nor
// one holding a nil pointer (which would panic on Base).
func present(a Account) bool {
	if a == nil {
		return false
	}
	v := reflect.ValueOf(a)
	return v.Kind() != reflect.Pointer || !v.IsNil()
}

// CheckPassword reports whether raw is a's password, as [User.CheckPassword]
// for an account of any model: a hash in an outdated format is replaced
// and saved (only the password column) through the Config's user model.
func CheckPassword(ctx context.Context, a Account, raw string) (bool, error) {
	if !present(a) {
		return false, nil
	}
	u := a.Base()
	ok, upgraded, err := u.checkPassword(ctx, raw)
	if err != nil || !upgraded || u.ID == 0 {
		return ok, err
	}
	if err := UsersOf(ctx).Save(ctx, a, "password"); err != nil {
		return ok, fmt.Errorf("auth: saving the upgraded password hash of user %d: %w", u.ID, err)
	}
	return ok, nil
}

// CreateAccount creates an active account of the Config's user model
// (Config.Users), as [CreateUser] does for auth.User: the password is
// hashed, or made unusable when empty, and not validated. edit, when not
// nil, runs before the insert, to set the model's own fields or make a
// superuser. A taken username is an error wrapping db.ErrUniqueViolation.
func CreateAccount(ctx context.Context, username, email, password string, edit func(Account)) (Account, error) {
	if username == "" {
		return nil, ErrUsernameRequired
	}
	users := UsersOf(ctx)
	a := users.New()
	u := a.Base()
	u.Username, u.Email, u.IsActive = username, NormalizeEmail(email), true
	u.DateJoined = time.Now().UTC()
	if password == "" {
		u.SetUnusablePassword()
	} else if err := u.SetPassword(ctx, password); err != nil {
		return nil, err
	}
	if edit != nil {
		edit(a)
	}
	if err := users.Create(ctx, a); err != nil {
		return nil, fmt.Errorf("auth: creating user %q: %w", username, err)
	}
	return a, nil
}

// MakeSuperuser is an edit for [CreateAccount] that gives the account
// IsStaff and IsSuperuser.
func MakeSuperuser(a Account) { a.Base().IsStaff, a.Base().IsSuperuser = true, true }

// GetAccount loads the account with id from the Config's user model, or
// returns (nil, nil) when there is none.
func GetAccount(ctx context.Context, id int64) (Account, error) {
	a, err := UsersOf(ctx).Get(ctx, "id", id)
	if errors.Is(err, orm.ErrDoesNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth: loading user %d: %w", id, err)
	}
	return a, nil
}
