package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/jazzgo/jazz/cache"
)

// throttler counts the failed logins of one attempt's username and client
// address in the cache. Keys hold a hash of the username, so odd
// characters and long names make valid cache keys and the cache does not
// collect usernames.
type throttler struct {
	c       *cache.Cache
	t       Throttle
	userKey string
	addrKey string
}

func newThrottler(ctx context.Context, cfg *Config, r *http.Request, username string) *throttler {
	if cfg.Throttle.MaxFailures <= 0 {
		return &throttler{}
	}
	c := cfg.Cache
	if c == nil {
		c = cache.FromContext(ctx)
	}
	if c == nil {
		return &throttler{}
	}
	sum := sha256.Sum256([]byte(strings.ToLower(username)))
	th := &throttler{c: c, t: cfg.Throttle, userKey: "auth:throttle:user:" + hex.EncodeToString(sum[:16])}
	if addr := ClientAddr(r); addr != "" {
		th.addrKey = "auth:throttle:addr:" + addr
	}
	return th
}

// ClientAddr is the address throttling counts a request under: the host
// part of r.RemoteAddr (which the project's proxy middleware sets from a
// trusted header behind a proxy).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (th *throttler) keys() []string {
	if th.addrKey == "" {
		return []string{th.userKey}
	}
	return []string{th.userKey, th.addrKey}
}

// locked reports whether the username or the address is locked out.
func (th *throttler) locked(ctx context.Context) (bool, error) {
	if th.c == nil {
		return false, nil
	}
	for _, k := range th.keys() {
		found, err := th.c.Has(ctx, k+":lock")
		if err != nil {
			return false, fmt.Errorf("auth: throttle: %w", err)
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}

// failed counts a failure for the username and the address, and locks a
// key out when it reaches MaxFailures within Window.
func (th *throttler) failed(ctx context.Context) error {
	if th.c == nil {
		return nil
	}
	for _, k := range th.keys() {
		n, err := th.count(ctx, k+":fails")
		if err != nil {
			return fmt.Errorf("auth: throttle: %w", err)
		}
		if n >= int64(th.t.MaxFailures) {
			if err := th.c.Set(ctx, k+":lock", 1, th.t.LockFor); err != nil {
				return fmt.Errorf("auth: throttle: %w", err)
			}
			if _, err := th.c.Delete(ctx, k+":fails"); err != nil {
				return fmt.Errorf("auth: throttle: %w", err)
			}
		}
	}
	return nil
}

// count adds one to the counter key, which starts a Window when it is
// created (Add) and keeps that expiry as it grows: every cache backend
// Jazz ships counts natively (cache.Incrementer), keeping the TTL, and
// atomically, so parallel guesses are all counted.
func (th *throttler) count(ctx context.Context, key string) (int64, error) {
	added, err := th.c.Add(ctx, key, 1, th.t.Window)
	if err != nil {
		return 0, err
	}
	if added {
		return 1, nil
	}
	n, err := th.c.Incr(ctx, key, 1)
	if errors.Is(err, cache.ErrNotFound) {
		// Expired between Add and Incr: start again.
		if err := th.c.Set(ctx, key, 1, th.t.Window); err != nil {
			return 0, err
		}
		return 1, nil
	}
	return n, err
}

// succeeded clears the username's failures.
func (th *throttler) succeeded(ctx context.Context) error {
	if th.c == nil {
		return nil
	}
	if _, err := th.c.Delete(ctx, th.userKey+":fails"); err != nil {
		return fmt.Errorf("auth: throttle: %w", err)
	}
	return nil
}
