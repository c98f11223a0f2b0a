package db_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jazzgo/jazz/db"
)

func benchDB(b *testing.B) *db.DB {
	d, err := db.Open(context.Background(), "sqlite:///"+b.TempDir()+"/bench.db", db.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	ctx := context.Background()
	d.ExecContext(ctx, "CREATE TABLE world (id integer PRIMARY KEY, n integer NOT NULL)")
	for i := 1; i <= 1000; i++ {
		d.ExecContext(ctx, "INSERT INTO world VALUES (?, ?)", i, i*7)
	}
	return d
}

const byPK = "SELECT id, n FROM world WHERE id = ?"

// BenchmarkSelectByPK compares one primary-key SELECT through db.DB (no
// DEBUG logging, no query log) with the same through the raw *sql.DB.
func BenchmarkSelectByPK(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		row  func(id int) (int, int, error)
	}{
		{"raw", func(id int) (a, n int, err error) {
			err = d.SQL().QueryRowContext(ctx, byPK, id).Scan(&a, &n)
			return
		}},
		{"jazz", func(id int) (a, n int, err error) {
			err = d.QueryRowContext(ctx, byPK, id).Scan(&a, &n)
			return
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i = i%1000 + 1
				if _, n, err := c.row(i); err != nil || n != i*7 {
					b.Fatal(fmt.Sprint(n, err))
				}
			}
		})
	}
}
