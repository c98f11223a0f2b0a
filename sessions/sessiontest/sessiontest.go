package sessiontest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/sessions"
)

// Run runs the Store contract tests on stores made by newStore, then
// [RunMiddleware] with a store made by it. newStore is called once per
// subtest and must return a store that is empty of the keys the suite
// makes (fresh keys are random, so a shared server is fine); it may
// register cleanups on t.
func Run(t *testing.T, newStore func(t *testing.T) sessions.Store) {
	t.Helper()
	t.Run("Store", func(t *testing.T) { runStore(t, newStore) })
	t.Run("Middleware", func(t *testing.T) {
		RunMiddleware(t, func(t *testing.T) sessions.Options {
			return sessions.Options{Store: newStore(t)}
		})
	})
}

var ctx = context.Background()

func hour() time.Time { return time.Now().Add(time.Hour) }

// sample is data with every JSON type, as a store returns it.
func sample() sessions.Data {
	return sessions.Data{
		"name":    "Jürgen ✓ 日本 🎉 <b>&</b>",
		"visits":  float64(7),
		"ratio":   0.5,
		"flag":    true,
		"nothing": nil,
		"cart":    []any{float64(1), "two", false},
		"nested":  map[string]any{"a": map[string]any{"b": "c"}},
	}
}

func mustLoad(t *testing.T, s sessions.Store, key string) sessions.Data {
	t.Helper()
	d, err := s.Load(ctx, key)
	if err != nil {
		t.Fatalf("Load(%q): %v", key, err)
	}
	return d
}

func mustCreate(t *testing.T, s sessions.Store, data sessions.Data, expiry time.Time) string {
	t.Helper()
	key := sessions.NewKey()
	if err := s.Save(ctx, key, data, expiry, true); err != nil {
		t.Fatalf("Save(create) of a new key: %v", err)
	}
	return key
}

func wantNotFound(t *testing.T, s sessions.Store, key, why string) {
	t.Helper()
	d, err := s.Load(ctx, key)
	if !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("%s: Load(%q) = %v, %v; want ErrNotFound", why, key, d, err)
	}
}

func runStore(t *testing.T, newStore func(t *testing.T) sessions.Store) {
	t.Run("CreateRead", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sample(), hour())
		if got := mustLoad(t, s, key); !reflect.DeepEqual(got, sample()) {
			t.Fatalf("Load = %#v\nwant %#v", got, sample())
		}
	})
	t.Run("EmptyData", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{}, hour())
		if got := mustLoad(t, s, key); len(got) != 0 {
			t.Fatalf("Load = %v, want an empty session", got)
		}
	})
	t.Run("Modify", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{"a": "1", "b": "2"}, hour())
		if err := s.Save(ctx, key, sessions.Data{"a": "changed"}, hour(), false); err != nil {
			t.Fatal(err)
		}
		if got := mustLoad(t, s, key); !reflect.DeepEqual(got, sessions.Data{"a": "changed"}) {
			t.Fatalf("after update Load = %v", got)
		}
	})
	t.Run("SaveUnknownKeyStores", func(t *testing.T) {
		// Save without create stores under any valid key: the Session only
		// calls it for keys it created or loaded, so adoption is its job.
		s := newStore(t)
		key := sessions.NewKey()
		if err := s.Save(ctx, key, sessions.Data{"a": "b"}, hour(), false); err != nil {
			t.Fatal(err)
		}
		if got := mustLoad(t, s, key); got["a"] != "b" {
			t.Fatalf("Load = %v", got)
		}
	})
	t.Run("CreateExisting", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{"owner": "first"}, hour())
		err := s.Save(ctx, key, sessions.Data{"owner": "second"}, hour(), true)
		if !errors.Is(err, sessions.ErrExists) {
			t.Fatalf("Save(create) on a key in use = %v, want ErrExists", err)
		}
		if got := mustLoad(t, s, key); got["owner"] != "first" {
			t.Fatalf("a failed create changed the session: %v", got)
		}
	})
	t.Run("UnknownKeys", func(t *testing.T) {
		s := newStore(t)
		for _, key := range []string{sessions.NewKey(), "", "short", "../../../../etc/passwd", "UPPERCASEKEY0123", "abc def ghi", "abcdefgh\x00ijk", "abcdefgh/../../x"} {
			wantNotFound(t, s, key, "unknown or malformed key")
		}
	})
	t.Run("Delete", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{"a": "b"}, hour())
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		wantNotFound(t, s, key, "after Delete")
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete of a deleted key: %v", err)
		}
		if err := s.Delete(ctx, sessions.NewKey()); err != nil {
			t.Fatalf("Delete of an unknown key: %v", err)
		}
		// The key is free again.
		if err := s.Save(ctx, key, sessions.Data{}, hour(), true); err != nil {
			t.Fatalf("create after Delete: %v", err)
		}
	})
	t.Run("ExpiredOnCreate", func(t *testing.T) {
		s := newStore(t)
		key := sessions.NewKey()
		if err := s.Save(ctx, key, sessions.Data{"a": "b"}, time.Now().Add(-time.Minute), true); err != nil {
			t.Fatal(err)
		}
		wantNotFound(t, s, key, "expiry in the past")
	})
	t.Run("ExpiredOnUpdate", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{"a": "b"}, hour())
		if err := s.Save(ctx, key, sessions.Data{"a": "b"}, time.Now().Add(-time.Second), false); err != nil {
			t.Fatal(err)
		}
		wantNotFound(t, s, key, "updated with an expiry in the past")
	})
	t.Run("ExpiresInRealTime", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		// Three seconds leaves room for servers that count whole seconds
		// (memcached).
		expiry := time.Now().Add(3 * time.Second)
		key := mustCreate(t, s, sessions.Data{"a": "b"}, expiry)
		mustLoad(t, s, key)
		time.Sleep(time.Until(expiry) + 1500*time.Millisecond)
		wantNotFound(t, s, key, "after its expiry passed")
	})
	t.Run("ConcurrentSaves", func(t *testing.T) {
		s := newStore(t)
		key := mustCreate(t, s, sessions.Data{}, hour())
		const writers, rounds, fields = 8, 10, 50
		var wg sync.WaitGroup
		errs := make(chan error, writers*rounds)
		for w := range writers {
			wg.Go(func() {
				for range rounds {
					d := sessions.Data{"writer": float64(w)}
					for f := range fields {
						d[fmt.Sprintf("f%02d", f)] = fmt.Sprintf("writer %d field %d", w, f)
					}
					if err := s.Save(ctx, key, d, hour(), false); err != nil {
						errs <- err
						return
					}
					if _, err := s.Load(ctx, key); err != nil {
						errs <- fmt.Errorf("Load during concurrent saves: %w", err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got := mustLoad(t, s, key)
		w, ok := got["writer"].(float64)
		if !ok || len(got) != fields+1 {
			t.Fatalf("after concurrent saves the session is %v", got)
		}
		for f := range fields {
			if want := fmt.Sprintf("writer %d field %d", int(w), f); got[fmt.Sprintf("f%02d", f)] != want {
				t.Fatalf("session mixes writers: field %d is %v, writer is %v", f, got[fmt.Sprintf("f%02d", f)], w)
			}
		}
	})
	t.Run("ConcurrentCreates", func(t *testing.T) {
		s := newStore(t)
		key := sessions.NewKey()
		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		created := 0
		for i := range n {
			wg.Go(func() {
				err := s.Save(ctx, key, sessions.Data{"i": float64(i)}, hour(), true)
				switch {
				case err == nil:
					mu.Lock()
					created++
					mu.Unlock()
				case !errors.Is(err, sessions.ErrExists):
					t.Errorf("concurrent create: %v", err)
				}
			})
		}
		wg.Wait()
		if created != 1 {
			t.Fatalf("%d concurrent creates of one key succeeded, want exactly 1", created)
		}
	})
	t.Run("ClearExpired", func(t *testing.T) {
		s := newStore(t)
		c, ok := s.(sessions.Cleaner)
		if !ok {
			t.Skipf("%T is not a sessions.Cleaner (its entries expire by themselves)", s)
		}
		live := mustCreate(t, s, sessions.Data{"live": true}, hour())
		dead := mustCreate(t, s, sessions.Data{"dead": true}, time.Now().Add(-time.Hour))
		n, err := c.ClearExpired(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n < 1 {
			t.Fatalf("ClearExpired removed %d sessions, want at least the expired one", n)
		}
		mustLoad(t, s, live)
		wantNotFound(t, s, dead, "after ClearExpired")
		// The expired key is free for a new session again.
		if err := s.Save(ctx, dead, sessions.Data{}, hour(), true); err != nil {
			t.Fatalf("create on a cleared key: %v", err)
		}
	})
}
