package orm_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"weak"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// TestIteratorBoundedMemory streams 50,000 rows through Iterator (key
// chunks) and Iter (one cursor) and checks that objects already yielded
// are garbage: weak pointers to the first ones are cleared by a GC deep
// into the loop, so neither holds the rows it has read.
func TestIteratorBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts 50,000 rows")
	}
	const rows = 50000
	eachDB(t, func(t *testing.T, ctx context.Context) {
		cs := make([]*Counter, rows)
		for i := range cs {
			cs[i] = &Counter{N: int64(i)}
		}
		if err := Counters.BulkCreate(ctx, cs); err != nil {
			t.Fatal(err)
		}
		cs = nil
		seqs := map[string]func() func(func(*Counter, error) bool){
			"Iterator": func() func(func(*Counter, error) bool) { return Counters.All().Iterator(ctx, 1000) },
			"Iter":     func() func(func(*Counter, error) bool) { return Counters.OrderBy("id").Iter(ctx) },
		}
		for name, seq := range seqs {
			var early []weak.Pointer[Counter]
			var n, sum int64
			prev := int64(-1)
			for c, err := range seq() {
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if c.N <= prev {
					t.Fatalf("%s: out of order: %d after %d", name, c.N, prev)
				}
				prev = c.N
				if n < 10 {
					early = append(early, weak.Make(c))
				}
				if n == rows-5000 {
					runtime.GC()
					for i, w := range early {
						if w.Value() != nil {
							t.Errorf("%s: object %d is still reachable after %d rows", name, i, n)
						}
					}
				}
				n++
				sum += c.N
			}
			if n != rows || sum != rows*(rows-1)/2 {
				t.Errorf("%s: %d rows, sum %d", name, n, sum)
			}
		}
	})
}

func TestIteratorChunks(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		cs := make([]*Counter, 23)
		for i := range cs {
			cs[i] = &Counter{N: int64(i)}
		}
		if err := Counters.BulkCreate(ctx, cs); err != nil {
			t.Fatal(err)
		}
		// Chunks free the connection between queries: the body may query,
		// even inside a transaction (one connection on PostgreSQL).
		err := db.Atomic(ctx, func(ctx context.Context) error {
			lctx, log := db.WithQueryLog(ctx)
			var got []int64
			for c, err := range Counters.Filter("n__gte", 3).Iterator(lctx, 5) {
				if err != nil {
					return err
				}
				if _, err := Counters.Filter("pk", c.ID).Update(ctx, orm.Set{"n": orm.F("n").Add(100)}); err != nil {
					return err
				}
				got = append(got, c.N)
			}
			if len(got) != 20 || got[0] != 3 || got[19] != 22 {
				t.Errorf("Iterator: %v", got)
			}
			if q := log.Count(); q != 5 { // 5+5+5+5, then an empty chunk ends it
				t.Errorf("Iterator over 20 rows by 5 ran %d queries, want 5", q)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var desc []int64
		for c, err := range Counters.OrderBy("-id").Limit(-1).Iterator(ctx, 4) {
			if err != nil {
				t.Fatal(err)
			}
			desc = append(desc, c.N)
		}
		if len(desc) != 23 || desc[0] != 122 || desc[22] != 0 {
			t.Errorf("Iterator descending: %v", desc)
		}
		// Any other order streams through one cursor, in that order.
		var byN []int64
		for c, err := range Counters.OrderBy("-n").Iterator(ctx, 4) {
			if err != nil {
				t.Fatal(err)
			}
			byN = append(byN, c.N)
			if len(byN) == 3 {
				break
			}
		}
		if len(byN) != 3 || byN[0] != 122 || byN[2] != 120 {
			t.Errorf("Iterator by -n: %v", byN)
		}
		for _, err := range Counters.Filter("nope", 1).Iterator(ctx, 4) {
			if err == nil {
				t.Error("bad QuerySet: no error")
			}
		}
	})
}

// BenchmarkIter reads 10,000 rows: the ORM's Iter (one cursor) and
// Iterator (keyset chunks of 2000) against a hand-written database/sql loop.
func BenchmarkIter(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect string) {
		ctx, raw, _ := benchDB(b, dialect, 10000)
		b.Run("orm-Iter", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for u, err := range Users.OrderBy("id").Iter(ctx) {
					if err != nil || u.ID == 0 {
						b.Fatal(err)
					}
					n++
				}
				if n != 10000 {
					b.Fatal(n)
				}
			}
		})
		b.Run("orm-Iterator", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for u, err := range Users.All().Iterator(ctx, 0) {
					if err != nil || u.ID == 0 {
						b.Fatal(err)
					}
					n++
				}
				if n != 10000 {
					b.Fatal(n)
				}
			}
		})
		b.Run("raw", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := raw.QueryContext(ctx, "SELECT id, username, email, karma FROM blog_user ORDER BY id")
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					u := new(User)
					if err := rows.Scan(&u.ID, &u.Username, &u.Email, &u.Karma); err != nil {
						b.Fatal(err)
					}
					n++
				}
				rows.Close()
				if n != 10000 {
					b.Fatal(strconv.Itoa(n))
				}
			}
		})
	})
}
