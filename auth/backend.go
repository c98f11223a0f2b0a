package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/orm"
)

// Backend authenticates users: Django's authentication backends, a Config
// lists them in order. Authenticate returns (nil, nil) when the
// credentials are not its to judge or do not match, so the next backend
// is tried; an error stops the login. GetUser loads a user by id for each
// request of a logged-in session, (nil, nil) when there is none (or the
// backend refuses it now, say because it is inactive). Implementations
// must be safe for concurrent use.
//
// A backend returns accounts of the Config's user model (Config.Users,
// see [UsersOf]), since Login and CurrentAccount save and compare them
// there; a nil Account, never a nil pointer in a non-nil one, means none.
type Backend interface {
	Authenticate(ctx context.Context, r *http.Request, username, password string) (Account, error)
	GetUser(ctx context.Context, id int64) (Account, error)
}

// Namer is implemented by a Backend that gives its own name for the
// session's "_auth_user_backend"; others are named by their Go type.
type Namer interface {
	BackendName() string
}

// backendName is the name stored in the session for b.
func backendName(b Backend) string {
	if n, ok := b.(Namer); ok {
		return n.BackendName()
	}
	return fmt.Sprintf("%T", b)
}

// ModelBackend checks usernames and passwords against the table of the
// Config's user model (Config.Users; auth_user by default):
// Django's ModelBackend. Inactive users are refused (by Authenticate and
// by GetUser, so deactivating a user ends their sessions). A username that
// matches nobody still costs one password hash (hashers.SimulateCheck), so
// the response time does not tell which accounts exist.
type ModelBackend struct{}

var _ Backend = ModelBackend{}

// BackendName is Django's class path, so sessions are readable by a
// Django site sharing the session store.
func (ModelBackend) BackendName() string { return "django.contrib.auth.backends.ModelBackend" }

// Authenticate implements Backend.
func (ModelBackend) Authenticate(ctx context.Context, r *http.Request, username, password string) (Account, error) {
	if username == "" || password == "" {
		return nil, nil
	}
	a, err := UsersOf(ctx).Get(ctx, "username", username)
	if errors.Is(err, orm.ErrDoesNotExist) {
		ConfigFrom(ctx).Hashers.SimulateCheck(password)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth: loading user %q: %w", username, err)
	}
	ok, err := CheckPassword(ctx, a, password)
	if err != nil || !ok || !a.Base().IsActive {
		return nil, err
	}
	return a, nil
}

// GetUser implements Backend.
func (ModelBackend) GetUser(ctx context.Context, id int64) (Account, error) {
	a, err := GetAccount(ctx, id)
	if err != nil || !present(a) || !a.Base().IsActive {
		return nil, err
	}
	return a, nil
}
