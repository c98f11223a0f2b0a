package dbstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite" // sqlite://
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	// The app's migration creates django_session, as `migrate` does for a
	// project that lists dbstore.App in its InstalledApps.
	x := &migrate.Executor{DB: d, Apps: []apps.App{dbstore.App}}
	if err := x.Migrate(ctx, nil, migrate.RunOptions{}); err != nil {
		panic(err)
	}

	store, err := dbstore.New(d, dbstore.Options{Key: "a-long-random-secret-key"})
	if err != nil {
		panic(err)
	}
	key := "k7w2m9q4x8c1v6b3n5z0a2s4d6f8g1h3"
	err = store.Save(ctx, key, sessions.Data{"visits": 1}, time.Now().Add(14*24*time.Hour), true)
	fmt.Println("created:", err)
	err = store.Save(ctx, key, sessions.Data{}, time.Now().Add(time.Hour), true)
	fmt.Println("created again:", errors.Is(err, sessions.ErrExists))

	data, err := store.Load(ctx, key)
	fmt.Println("loaded:", data, err)
	_, err = store.Load(ctx, "a-key-nobody-made")
	fmt.Println("unknown key:", errors.Is(err, sessions.ErrNotFound))
	// Output:
	// created: <nil>
	// created again: true
	// loaded: map[visits:1] <nil>
	// unknown key: true
}
