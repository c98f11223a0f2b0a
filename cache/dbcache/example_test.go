package dbcache_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/dbcache"
	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/manage"
)

func flagSet(cmd manage.Command) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.Name(), flag.ContinueOnError)
	cmd.SetFlags(fs)
	return fs
}

func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "dbcache")
	defer os.RemoveAll(dir)
	d, err := db.Open(ctx, "sqlite:///"+filepath.Join(dir, "site.db"), db.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()

	// What `createcachetable` does for each configured table.
	var out bytes.Buffer
	cmd := dbcache.NewCreateCacheTable(d, "jazz_cache")
	cmd.Run(ctx, &manage.IO{Stdout: &out}, nil)
	fmt.Print(out.String())

	b, _ := dbcache.New(d, "jazz_cache", dbcache.Options{})
	c := cache.New(b, cache.Options{KeyPrefix: "site"})
	c.Set(ctx, "greeting", "hello", cache.Default)
	var s string
	found, _ := c.Get(ctx, "greeting", &s)
	fmt.Println(found, s)
	// Output:
	// Cache table "jazz_cache" created.
	// true hello
}
