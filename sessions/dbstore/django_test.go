package dbstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

// djangoSessions is the part of sessions.json the db backend concerns.
type djangoSessions struct {
	FixedTime int64 `json:"fixed_time"`
	Keys      struct {
		Secret string `json:"SECRET_KEY"`
	} `json:"keys"`
	DBBackend struct {
		Salt    string `json:"salt"`
		Vectors []struct {
			Dict       sessions.Data `json:"dict"`
			Encoded    string        `json:"encoded"`
			Compressed bool          `json:"compressed"`
			Decode     sessions.Data `json:"decode"`
		} `json:"vectors"`
		Tampered []struct {
			Name    string `json:"name"`
			Encoded string `json:"encoded"`
		} `json:"tampered"`
	} `json:"db_backend"`
	Login struct {
		SessionKey  string        `json:"session_key"`
		SessionData string        `json:"session_data"`
		ExpireDate  time.Time     `json:"expire_date"`
		Decoded     sessions.Data `json:"decoded"`
	} `json:"login"`
}

func loadDjango(t *testing.T) *djangoSessions {
	t.Helper()
	var v djangoSessions
	if err := json.Unmarshal(testenv.DjangoVectors(t, "sessions.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.DBBackend.Vectors) == 0 || len(v.DBBackend.Tampered) == 0 || v.Login.SessionKey == "" {
		t.Fatal("sessions.json has no db_backend vectors or login row")
	}
	if v.DBBackend.Salt != sessions.StoreSalt {
		t.Fatalf("Django's salt is %q, the store signs with %q", v.DBBackend.Salt, sessions.StoreSalt)
	}
	return &v
}

// insertRow writes a row as Django would, bypassing the store.
func insertRow(t *testing.T, d *db.DB, key, data string, expire time.Time) {
	t.Helper()
	dl := d.Dialect()
	exp, err := dl.BindValue(db.KindDateTime, expire)
	if err != nil {
		t.Fatal(err)
	}
	q := "INSERT INTO " + dl.Quote(dbstore.Table) + " (session_key, session_data, expire_date) VALUES (" + dl.Placeholder(1) + ", " + dl.Placeholder(2) + ", " + dl.Placeholder(3) + ")"
	if _, err := d.ExecContext(context.Background(), q, key, data, exp); err != nil {
		t.Fatal(err)
	}
}

// TestDjangoRows reads rows written by Django 3.2 (sessions.json) from the
// table on every database.
func TestDjangoRows(t *testing.T) {
	v := loadDjango(t)
	now := time.Unix(v.FixedTime, 0).UTC()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		migrated(t, d)
		ctx := context.Background()
		s, err := dbstore.New(d, dbstore.Options{Key: v.Keys.Secret, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		expire := now.Add(14 * 24 * time.Hour)
		for i, vec := range v.DBBackend.Vectors {
			key := "djangovector" + string(rune('a'+i))
			insertRow(t, d, key, vec.Encoded, expire)
			got, err := s.Load(ctx, key)
			if err != nil {
				t.Fatalf("vector %d (compressed=%v): %v", i, vec.Compressed, err)
			}
			if !reflect.DeepEqual(got, vec.Decode) {
				t.Errorf("vector %d: loaded %v, want %v", i, got, vec.Decode)
			}
		}
		for i, vec := range v.DBBackend.Tampered {
			key := "djangotampered" + string(rune('a'+i))
			insertRow(t, d, key, vec.Encoded, expire)
			if got, err := s.Load(ctx, key); !errors.Is(err, sessions.ErrNotFound) {
				t.Errorf("tampered %q: loaded %v, %v; want ErrNotFound (Django: empty session)", vec.Name, got, err)
			}
		}

		// The row django.contrib.auth.login() wrote, with its expiry.
		l := v.Login
		insertRow(t, d, l.SessionKey, l.SessionData, l.ExpireDate)
		got, err := s.Load(ctx, l.SessionKey)
		if err != nil {
			t.Fatalf("login row: %v", err)
		}
		if !reflect.DeepEqual(got, l.Decoded) {
			t.Errorf("login row: loaded %v, want %v", got, l.Decoded)
		}
		late, err := dbstore.New(d, dbstore.Options{Key: v.Keys.Secret, Now: func() time.Time { return l.ExpireDate }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := late.Load(ctx, l.SessionKey); !errors.Is(err, sessions.ErrNotFound) {
			t.Errorf("login row at its expire_date: %v, want ErrNotFound (Django compares expire_date > now)", err)
		}
	})
}

// TestRowEncodingIsDjangos checks that the rows the store writes are
// Django's bytes wherever Go's JSON gives the same text as Python's (key
// order aside, which Go sorts), and that every vector's values come back.
func TestRowEncodingIsDjangos(t *testing.T) {
	v := loadDjango(t)
	now := time.Unix(v.FixedTime, 0).UTC()
	d := dbtest.Open(t, "sqlite")
	migrated(t, d)
	ctx := context.Background()
	s, err := dbstore.New(d, dbstore.Options{Key: v.Keys.Secret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	exact := 0
	for i, vec := range v.DBBackend.Vectors {
		key := "ours" + string(rune('a'+i))
		if err := s.Save(ctx, key, vec.Dict, now.Add(time.Hour), true); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := d.QueryRowContext(ctx, "SELECT session_data FROM django_session WHERE session_key = ?", key).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if len(vec.Dict) <= 1 && !vec.Compressed {
			// One key or none: no ordering question, so the bytes must match.
			exact++
			if stored != vec.Encoded {
				t.Errorf("vector %d: stored %q, Django stored %q", i, stored, vec.Encoded)
			}
		}
		if got := mustLoad(t, s, key); !reflect.DeepEqual(got, vec.Decode) {
			t.Errorf("vector %d: round trip gave %v, want %v", i, got, vec.Decode)
		}
	}
	if exact < 2 {
		t.Fatalf("only %d vectors compared byte for byte", exact)
	}
}
