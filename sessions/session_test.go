package sessions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/filestore"
)

// within runs fn with the session of one request through a middleware
// over store at the fixed time now, and returns the response.
func within(t *testing.T, store sessions.Store, now time.Time, cookie string, fn func(s *sessions.Session)) *http.Response {
	t.Helper()
	mw := sessions.Middleware(sessions.Options{Store: store, Now: func() time.Time { return now }})
	return serve(mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fn(sessions.FromRequest(r))
	})), "/", cookie)
}

func TestSessionValues(t *testing.T) {
	store := locmemStore(t)
	now := time.Now()
	res := within(t, store, now, "", func(s *sessions.Session) {
		if s.Accessed() || s.Modified() || s.Key() != "" {
			t.Fatal("a new session is not pristine")
		}
		s.Set("b", 2)
		s.Set("a", "x")
		s.Set("big", 1<<40)
		s.Set("frac", 1.5)
		if !s.Accessed() || !s.Modified() {
			t.Fatal("Set did not mark the session")
		}
		if got := s.Keys(); !reflect.DeepEqual(got, []string{"a", "b", "big", "frac"}) {
			t.Fatalf("Keys = %v", got)
		}
	})
	key := sessionCookie(res).Value
	within(t, store, now, key, func(s *sessions.Session) {
		if s.Key() != key {
			t.Fatalf("Key = %q before loading", s.Key())
		}
		if n, ok := s.GetInt("b"); !ok || n != 2 {
			t.Fatalf("GetInt(b) = %d, %v", n, ok)
		}
		if n, ok := s.GetInt("big"); !ok || n != 1<<40 {
			t.Fatalf("GetInt(big) = %d, %v", n, ok)
		}
		if _, ok := s.GetInt("frac"); ok {
			t.Fatal("GetInt of 1.5 succeeded")
		}
		if _, ok := s.GetInt("a"); ok {
			t.Fatal("GetInt of a string succeeded")
		}
		if str, ok := s.GetString("a"); !ok || str != "x" {
			t.Fatalf("GetString(a) = %q, %v", str, ok)
		}
		if _, ok := s.Pop("missing"); ok || s.Modified() {
			t.Fatal("Pop of a missing key modified the session")
		}
		if v, ok := s.Pop("a"); !ok || v != "x" || !s.Modified() || s.Has("a") {
			t.Fatalf("Pop(a) = %v, %v", v, ok)
		}
		s.Clear()
		if s.Len() != 0 || s.Key() != key {
			t.Fatal("Clear dropped the key or kept values")
		}
	})
	// Clear saved an empty session under the same key.
	d, err := store.Load(context.Background(), key)
	if err != nil || len(d) != 0 {
		t.Fatalf("after Clear the store has %v, %v", d, err)
	}
}

func TestExpiry(t *testing.T) {
	store := locmemStore(t)
	now := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)
	within(t, store, now, "", func(s *sessions.Session) {
		if s.ExpiryAge() != sessions.DefaultAge || !s.ExpiryDate().Equal(now.Add(sessions.DefaultAge)) || s.ExpireAtBrowserClose() {
			t.Fatalf("defaults: age %v date %v", s.ExpiryAge(), s.ExpiryDate())
		}
		s.SetExpiry(90 * time.Second)
		if s.ExpiryAge() != 90*time.Second {
			t.Fatalf("age %v", s.ExpiryAge())
		}
		s.SetExpiry(1500 * time.Millisecond) // rounded up
		if s.ExpiryAge() != 2*time.Second {
			t.Fatalf("age %v", s.ExpiryAge())
		}
		s.SetExpiry(0)
		if !s.ExpireAtBrowserClose() || s.ExpiryAge() != sessions.DefaultAge {
			t.Fatal("SetExpiry(0) is not browser-close with the default age")
		}
		at := now.Add(time.Hour + 500*time.Millisecond)
		s.SetExpiryAt(at)
		if v, _ := s.Get(sessions.ExpiryKey); v != "2023-11-14T23:13:20.500000+00:00" {
			t.Fatalf("stored expiry %v, want Python's isoformat", v)
		}
		if s.ExpiryAge() != time.Hour || !s.ExpiryDate().Equal(at) || s.ExpireAtBrowserClose() {
			t.Fatalf("SetExpiryAt: age %v date %v", s.ExpiryAge(), s.ExpiryDate())
		}
		s.SetExpiry(-1)
		if s.Has(sessions.ExpiryKey) || s.ExpiryAge() != sessions.DefaultAge {
			t.Fatal("SetExpiry(-1) did not return to the default")
		}
	})
	// A date Django 4+ stored, read back after a round trip.
	within(t, store, now, "", func(s *sessions.Session) {
		s.Set(sessions.ExpiryKey, "2023-11-15T22:13:20+00:00")
		if s.ExpiryAge() != 24*time.Hour {
			t.Fatalf("Django's ISO date: age %v", s.ExpiryAge())
		}
	})
}

// The session's expiry date is what the store is told.
func TestStoreGetsExpiryDate(t *testing.T) {
	dir := t.TempDir()
	store, err := filestore.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	res := within(t, store, now, "", func(s *sessions.Session) {
		s.Set("a", 1)
		s.SetExpiry(time.Hour)
	})
	key := sessionCookie(res).Value
	b, _ := readFile(dir, "sessionid"+key)
	var f struct{ Expires time.Time }
	json.Unmarshal(b, &f)
	if !f.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("stored expiry %v, want %v", f.Expires, now.Add(time.Hour))
	}
}

func TestClearSessionsCommand(t *testing.T) {
	dir := t.TempDir()
	store, err := filestore.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store.Save(ctx, sessions.NewKey(), sessions.Data{}, time.Now().Add(-time.Hour), true)
	store.Save(ctx, sessions.NewKey(), sessions.Data{}, time.Now().Add(time.Hour), true)
	var out, errOut bytes.Buffer
	io := &manage.IO{Stdout: &out, Stderr: &errOut}
	cmd := sessions.ClearSessionsCommand(store)
	if cmd.Name() != "clearsessions" {
		t.Fatal(cmd.Name())
	}
	fs := newFlagSet(cmd)
	fs.Parse([]string{"-v"})
	if err := cmd.Run(ctx, io, fs.Args()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Removed 1 expired") {
		t.Fatalf("output %q", out.String())
	}
	out.Reset()
	cmd = sessions.ClearSessionsCommand(locmemStore(t))
	newFlagSet(cmd)
	if err := cmd.Run(ctx, io, nil); err != nil || !strings.Contains(errOut.String(), "doesn't support clearing") {
		t.Fatalf("cache store: %v, stderr %q", err, errOut.String())
	}
	if err := sessions.ClearSessionsCommand(nil).Run(ctx, io, nil); err != nil {
		t.Fatalf("signed cookies: %v", err)
	}
}
