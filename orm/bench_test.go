package orm_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

// The benchmarks compare the ORM with hand-written database/sql on the
// same table (blog_user: id, username, email, karma), on SQLite and, when
// reachable, PostgreSQL.

func benchDB(b *testing.B, dialect string, rows int) (context.Context, *sql.DB, db.Dialect) {
	b.Helper()
	d := dbtest.Open(b, dialect)
	ctx := db.WithDB(context.Background(), d)
	if err := orm.CreateTables(ctx, (*User)(nil)); err != nil {
		b.Fatal(err)
	}
	users := make([]*User, rows)
	for i := range users {
		users[i] = &User{Username: "user" + strconv.Itoa(i), Email: "u@example.com", Karma: int32(i)}
	}
	if err := Users.BulkCreate(ctx, users); err != nil {
		b.Fatal(err)
	}
	return ctx, d.SQL(), d.Dialect()
}

func forDialects(b *testing.B, fn func(b *testing.B, dialect string)) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) { fn(b, name) })
	}
}

func BenchmarkGetByPK(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect string) {
		ctx, raw, d := benchDB(b, dialect, 100)
		b.Run("orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				u, err := Users.Get(ctx, "pk", 42)
				if err != nil || u.ID != 42 {
					b.Fatal(err)
				}
			}
		})
		q := "SELECT id, username, email, karma FROM blog_user WHERE id = " + d.Placeholder(1)
		b.Run("raw", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var u User
				if err := raw.QueryRowContext(ctx, q, 42).Scan(&u.ID, &u.Username, &u.Email, &u.Karma); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func BenchmarkFetch100(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect string) {
		ctx, raw, _ := benchDB(b, dialect, 100)
		b.Run("orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				us, err := Users.OrderBy("id").All(ctx)
				if err != nil || len(us) != 100 {
					b.Fatal(err)
				}
			}
		})
		b.Run("raw", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if us := rawFetch(b, ctx, raw); len(us) != 100 {
					b.Fatal(len(us))
				}
			}
		})
	})
}

func rawFetch(tb testing.TB, ctx context.Context, raw *sql.DB) []*User {
	rows, err := raw.QueryContext(ctx, "SELECT id, username, email, karma FROM blog_user ORDER BY id")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u := new(User)
		if err := rows.Scan(&u.ID, &u.Username, &u.Email, &u.Karma); err != nil {
			tb.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func BenchmarkInsertOne(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect string) {
		ctx, raw, d := benchDB(b, dialect, 0)
		n := 0
		b.Run("orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n++
				u := &User{Username: "o" + strconv.Itoa(n), Email: "u@example.com", Karma: 1}
				if err := Users.Create(ctx, u); err != nil {
					b.Fatal(err)
				}
			}
		})
		q := "INSERT INTO blog_user (username, email, karma) VALUES (" + d.Placeholder(1) + ", " + d.Placeholder(2) + ", " + d.Placeholder(3) + ") RETURNING id"
		b.Run("raw", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n++
				u := &User{Username: "r" + strconv.Itoa(n), Email: "u@example.com", Karma: 1}
				if err := raw.QueryRowContext(ctx, q, u.Username, u.Email, u.Karma).Scan(&u.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func BenchmarkBulkInsert1000(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect string) {
		ctx, raw, d := benchDB(b, dialect, 0)
		n := 0
		batch := func(prefix string) []*User {
			us := make([]*User, 1000)
			for i := range us {
				n++
				us[i] = &User{Username: prefix + strconv.Itoa(n), Email: "u@example.com", Karma: 1}
			}
			return us
		}
		b.Run("orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Users.BulkCreate(ctx, batch("o")); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The hand-written version: one multi-row INSERT ... RETURNING id,
		// the statement text built once.
		var sb strings.Builder
		sb.WriteString("INSERT INTO blog_user (username, email, karma) VALUES ")
		for i := range 1000 {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(" + d.Placeholder(3*i+1) + ", " + d.Placeholder(3*i+2) + ", " + d.Placeholder(3*i+3) + ")")
		}
		sb.WriteString(" RETURNING id")
		q := sb.String()
		b.Run("raw", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				us := batch("r")
				args := make([]any, 0, 3000)
				for _, u := range us {
					args = append(args, u.Username, u.Email, u.Karma)
				}
				rows, err := raw.QueryContext(ctx, q, args...)
				if err != nil {
					b.Fatal(err)
				}
				i := 0
				for rows.Next() {
					if err := rows.Scan(&us[i].ID); err != nil {
						b.Fatal(err)
					}
					i++
				}
				rows.Close()
			}
		})
	})
}

// TestFetchAllocations holds the ORM to its budget: fetching 100 rows
// allocates at most twice what a hand-written rows.Scan loop does.
func TestFetchAllocations(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	ctx := db.WithDB(context.Background(), d)
	if err := orm.CreateTables(ctx, (*User)(nil)); err != nil {
		t.Fatal(err)
	}
	users := make([]*User, 100)
	for i := range users {
		users[i] = &User{Username: "user" + strconv.Itoa(i), Email: "u@example.com", Karma: int32(i)}
	}
	if err := Users.BulkCreate(ctx, users); err != nil {
		t.Fatal(err)
	}
	ormAllocs := testing.AllocsPerRun(20, func() {
		if us, err := Users.OrderBy("id").All(ctx); err != nil || len(us) != 100 {
			t.Fatal(err)
		}
	})
	rawAllocs := testing.AllocsPerRun(20, func() { rawFetch(t, ctx, d.SQL()) })
	t.Logf("allocations for 100 rows: orm %.0f, hand-written %.0f", ormAllocs, rawAllocs)
	if ormAllocs > 2*rawAllocs {
		t.Errorf("orm allocates %.0f for 100 rows, more than twice the hand-written %.0f", ormAllocs, rawAllocs)
	}
}
