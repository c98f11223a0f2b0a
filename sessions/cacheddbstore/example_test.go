package cacheddbstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite" // sqlite://
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cacheddbstore"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	x := &migrate.Executor{DB: d, Apps: []apps.App{dbstore.App}}
	if err := x.Migrate(ctx, nil, migrate.RunOptions{}); err != nil {
		panic(err)
	}
	rows, err := dbstore.New(d, dbstore.Options{Key: "a-long-random-secret-key"})
	if err != nil {
		panic(err)
	}
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{KeyPrefix: "mysite"})
	store, err := cacheddbstore.New(rows, c, cacheddbstore.Options{})
	if err != nil {
		panic(err)
	}

	key := "k7w2m9q4x8c1v6b3n5z0a2s4d6f8g1h3"
	if err := store.Save(ctx, key, sessions.Data{"cart": []any{"tea"}}, time.Now().Add(time.Hour), true); err != nil {
		panic(err)
	}
	_, cached, _ := c.GetBytes(ctx, cacheddbstore.KeyPrefix+key)
	fromDB, _ := rows.Load(ctx, key)
	fmt.Println("in the cache:", cached, "in the database:", fromDB)

	c.Clear(ctx) // a cache restart: the database still has the session
	data, err := store.Load(ctx, key)
	fmt.Println("loaded:", data, err)
	// Output:
	// in the cache: true in the database: map[cart:[tea]]
	// loaded: map[cart:[tea]] <nil>
}
