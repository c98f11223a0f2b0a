package orm_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// TestNPlusOne proves the cost of each way to read 100 articles with
// their authors and topics, counting statements with db.WithQueryLog.
func TestNPlusOne(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		var people []*Person
		for i := 0; i < 10; i++ {
			p := &Person{Name: fmt.Sprintf("p%d", i)}
			must(t, People.Create(ctx, p))
			people = append(people, p)
		}
		tps := []*Topic{{Name: "a"}, {Name: "b"}, {Name: "c"}}
		for _, tp := range tps {
			must(t, Topics.Create(ctx, tp))
		}
		for i := 0; i < 100; i++ {
			a := &Article{Title: fmt.Sprintf("t%03d", i)}
			a.Author.Set(people[i%10])
			must(t, Articles.Create(ctx, a))
			must(t, a.Topics.Add(ctx, tps[:i%3+1]...))
		}
		measure := func(fn func(ctx context.Context)) int {
			lctx, log := db.WithQueryLog(ctx)
			fn(lctx)
			return log.Count()
		}
		// Naive: one query for the articles, one per author.
		naive := measure(func(ctx context.Context) {
			arts, err := Articles.All().All(ctx)
			must(t, err)
			for _, a := range arts {
				if _, err := a.Author.Get(ctx); err != nil {
					t.Fatal(err)
				}
			}
		})
		if naive != 101 {
			t.Errorf("naive loop: %d queries, want 101", naive)
		}
		joined := measure(func(ctx context.Context) {
			arts, err := Articles.SelectRelated("author").All(ctx)
			must(t, err)
			for _, a := range arts {
				if _, ok := a.Author.Loaded(); !ok {
					t.Fatal("SelectRelated did not load the author")
				}
			}
		})
		if joined != 1 {
			t.Errorf("SelectRelated: %d queries, want 1", joined)
		}
		var arts []*Article
		pre := measure(func(ctx context.Context) {
			var err error
			arts, err = Articles.PrefetchRelated("author").All(ctx)
			must(t, err)
			for _, a := range arts {
				if au, ok := a.Author.Loaded(); !ok || au.ID != a.Author.ID() {
					t.Fatal("PrefetchRelated did not load the author")
				}
			}
		})
		if pre != 2 {
			t.Errorf("PrefetchRelated(author): %d queries, want 2", pre)
		}
		both := measure(func(ctx context.Context) {
			var err error
			arts, err = Articles.PrefetchRelated("author", "topics").All(ctx)
			must(t, err)
			for i, a := range arts {
				got, ok := a.Topics.Loaded()
				all, err := a.Topics.All(ctx)
				if !ok || err != nil || len(got) != i%3+1 || len(all) != len(got) {
					t.Fatalf("article %d: topics %v %v %v", i, len(got), ok, err)
				}
			}
		})
		if both != 3 {
			t.Errorf("PrefetchRelated(author, topics): %d queries, want 3", both)
		}
		// The reverse directions: people with their articles and those
		// articles' topics; topics with their articles.
		rev := measure(func(ctx context.Context) {
			ps, err := People.OrderBy("name").PrefetchRelated("articles__topics").All(ctx)
			must(t, err)
			for _, p := range ps {
				as, err := orm.Related[Article](p, "articles").All(ctx)
				if err != nil || len(as) != 10 {
					t.Fatalf("%s: %d articles, %v", p.Name, len(as), err)
				}
				if got, ok := as[0].Topics.Loaded(); !ok || len(got) == 0 {
					t.Fatalf("nested prefetch missing: %v", got)
				}
			}
			ts, err := Topics.PrefetchRelated("articles").All(ctx)
			must(t, err)
			n := 0
			for _, tp := range ts {
				as, err := orm.Related[Article](tp, "articles").All(ctx)
				must(t, err)
				n += len(as)
			}
			if n != 100+66+33 {
				t.Fatalf("topic links: %d", n)
			}
		})
		if rev != 5 {
			t.Errorf("reverse prefetches: %d queries, want 5", rev)
		}
	})
}

func TestPrefetchDetails(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		a, err := Articles.PrefetchRelated("note_set", "editor").Get(ctx, "pk", w.a1.ID)
		must(t, err)
		lctx, log := db.WithQueryLog(ctx)
		notes, err := orm.Related[Note](a, "note_set").All(lctx)
		if err != nil || len(notes) != 2 || log.Count() != 0 {
			t.Errorf("prefetched notes: %d, %v, %d queries", len(notes), err, log.Count())
		}
		// The default name works too, and an empty set is cached as empty.
		b, err := Articles.PrefetchRelated("note").Get(ctx, "pk", w.a2.ID)
		must(t, err)
		notes, err = orm.Related[Note](b, "note_set").All(lctx)
		if err != nil || len(notes) != 0 || log.Count() != 0 {
			t.Errorf("empty prefetched set: %d, %v, %d queries", len(notes), err, log.Count())
		}
		// Refining ignores the cache.
		n, err := orm.Related[Note](a, "note").Filter("text", "typo").All(lctx)
		if err != nil || len(n) != 1 || log.Count() != 1 {
			t.Errorf("refined: %d, %v, %d queries", len(n), err, log.Count())
		}
		// Reverse one-to-one through the cache.
		pr := &Profile{Bio: "hi"}
		pr.Person.Set(w.bob)
		must(t, Profiles.Create(ctx, pr))
		ps, err := People.OrderBy("name").PrefetchRelated("profile").All(ctx)
		must(t, err)
		log.Reset()
		if got, err := orm.RelatedOne[Profile](lctx, ps[1], "profile"); err != nil || got.Bio != "hi" {
			t.Errorf("prefetched profile: %v, %v", got, err)
		}
		if _, err := orm.RelatedOne[Profile](lctx, ps[0], "profile"); err == nil || log.Count() != 0 {
			t.Errorf("prefetched missing profile: %v, %d queries", err, log.Count())
		}
		// Unknown paths are errors naming the valid ones.
		_, err = Articles.PrefetchRelated("authr").All(ctx)
		if err == nil || !strings.Contains(err.Error(), `"authr"`) || !strings.Contains(err.Error(), "topics") {
			t.Errorf("bad prefetch path: %v", err)
		}
		_, err = Articles.PrefetchRelated("title").All(ctx)
		if err == nil || !strings.Contains(err.Error(), "not a relation") {
			t.Errorf("prefetch of a plain field: %v", err)
		}
		// Prefetch and ordering of the prefetched set (Topic orders by name).
		arts, err := Articles.PrefetchRelated("topics").Filter("pk", w.a1.ID).All(ctx)
		must(t, err)
		got, _ := arts[0].Topics.Loaded()
		if !slices.Equal(topicNames(got), []string{"db", "go"}) {
			t.Errorf("prefetched order: %v", topicNames(got))
		}
	})
}
