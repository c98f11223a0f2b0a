package cache_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/cache"
)

func Example() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{KeyPrefix: "mysite"})
	defer c.Close()

	c.Set(ctx, "greeting", "hello", 10*time.Minute)
	var s string
	found, err := c.Get(ctx, "greeting", &s)
	fmt.Println(s, found, err)

	found, _ = c.Get(ctx, "absent", &s)
	fmt.Println(found)
	// Output:
	// hello true <nil>
	// false
}

func ExampleGet() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	type Profile struct {
		Name  string
		Posts int
	}
	c.Set(ctx, "profile:7", Profile{"Ada", 12}, cache.Default) // gob-encoded
	p, found, err := cache.Get[Profile](ctx, c, "profile:7")
	fmt.Printf("%+v %v %v\n", p, found, err)
	// Output: {Name:Ada Posts:12} true <nil>
}

func ExampleCache_GetOrSet() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	tagCounts := func(context.Context) (any, error) {
		fmt.Println("computing")
		return map[string]int{"go": 3, "web": 1}, nil
	}
	var counts map[string]int
	for range 2 {
		if err := c.GetOrSet(ctx, "tag-counts", &counts, time.Hour, tagCounts); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(counts["go"])
	// Output:
	// computing
	// 3
}

func ExampleCache_Incr() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	if _, err := c.Incr(ctx, "hits", 1); errors.Is(err, cache.ErrNotFound) {
		fmt.Println("create the counter first")
	}
	c.Add(ctx, "hits", 0, cache.Forever)
	n, _ := c.Incr(ctx, "hits", 5)
	n, _ = c.Decr(ctx, "hits", 2)
	fmt.Println(n)
	// Output:
	// create the counter first
	// 3
}

func ExampleCache_IncrVersion() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	c.Set(ctx, "menu", "old menu", cache.Default)
	v, _ := c.IncrVersion(ctx, "menu")
	_, stale, _ := cache.Get[string](ctx, c, "menu")
	menu, _, _ := cache.Get[string](ctx, c.WithVersion(v), "menu")
	fmt.Println(v, stale, menu)
	// Output: 2 false old menu
}

func ExampleOpen() {
	c, err := cache.Open("locmem://default?max_entries=1000&timeout=60&key_prefix=mysite", cache.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println(c.Name(), c.ClearPrefix())

	_, err = cache.Open("redis://localhost:6379/0", cache.Options{})
	fmt.Println(err != nil)
	// Output:
	// default mysite:
	// true
}

func ExampleHashKey() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	url := "/search?q=two words&page=2"
	err := c.Set(ctx, url, "page", cache.Default)
	fmt.Println(errors.Is(err, cache.ErrInvalidKey))
	err = c.Set(ctx, "search:"+cache.HashKey(url), "page", cache.Default)
	fmt.Println(err)
	// Output:
	// true
	// <nil>
}
