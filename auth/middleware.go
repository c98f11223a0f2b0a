package auth

import (
	"context"
	"errors"
	"net/http"
	"sync"
)

// state is what Middleware attaches to each request: the Config and the
// lazily loaded user. WithConfig stores one without a user.
type state struct {
	cfg *Config

	mu     sync.Mutex
	loaded bool
	user   Account
	err    error
}

type stateKey struct{}

func stateFrom(ctx context.Context) *state {
	st, _ := ctx.Value(stateKey{}).(*state)
	return st
}

// ErrNoSecretKey is returned by NewMiddleware for a Config without a
// SecretKey: the session auth hash would be forgeable.
var ErrNoSecretKey = errors.New("auth: Config.SecretKey is empty; pass the project's SecretKey")

// NewMiddleware is [Middleware] returning the configuration error instead
// of panicking.
func NewMiddleware(cfg Config) (func(http.Handler) http.Handler, error) {
	if cfg.SecretKey == "" {
		return nil, ErrNoSecretKey
	}
	for i, b := range cfg.Backends {
		if b == nil {
			return nil, errors.New("auth: Config.Backends has a nil entry at " + itoa(int64(i)))
		}
	}
	if cfg.Validators != nil {
		if err := cfg.Validators.CheckConfig(); err != nil {
			return nil, err
		}
	}
	c := cfg.withDefaults()
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st := &state{cfg: c}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
		})
	}, nil
}

// Middleware is Django's AuthenticationMiddleware: it attaches cfg and the
// request's user to each request. The user is loaded from the session on
// the first CurrentUser call, not before, so requests that never ask cost
// nothing. It must come after the session middleware. It panics when cfg
// is invalid (no SecretKey), so a misconfigured site fails at start-up.
func Middleware(cfg Config) func(http.Handler) http.Handler {
	mw, err := NewMiddleware(cfg)
	if err != nil {
		panic(err)
	}
	return mw
}
