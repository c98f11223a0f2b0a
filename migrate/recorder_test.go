package migrate_test

import (
	"context"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
)

func TestRecorder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var r migrate.Recorder
		if r.Exists(ctx, d) {
			t.Fatal("the table exists in an empty database")
		}
		if err := r.Ensure(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := r.Ensure(ctx, d); err != nil {
			t.Fatalf("a second Ensure: %v", err)
		}
		if !r.Exists(ctx, d) {
			t.Fatal("no table after Ensure")
		}
		if got := tableNames(t, d); got != migrate.RecorderTable {
			t.Errorf("tables = %s", got)
		}
		a, b := parseKey("blog.0001_initial"), parseKey("shop.0001_initial")
		for _, k := range []migrate.Key{a, b} {
			if err := r.Record(ctx, d, k); err != nil {
				t.Fatal(err)
			}
		}
		got, err := r.Applied(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[a] || !got[b] {
			t.Errorf("Applied = %v", got)
		}
		// Recording shares the caller's transaction.
		err = d.Atomic(ctx, func(ctx context.Context) error {
			if err := r.Unrecord(ctx, db.FromContext(ctx), a); err != nil {
				return err
			}
			return context.Canceled
		})
		if err != context.Canceled {
			t.Fatal(err)
		}
		if got, _ := r.Applied(ctx, d); !got[a] {
			t.Errorf("an Unrecord rolled back still took effect")
		}
		if err := r.Unrecord(ctx, d, a); err != nil {
			t.Fatal(err)
		}
		if err := r.Unrecord(ctx, d, parseKey("blog.0009_none")); err != nil {
			t.Errorf("Unrecord of a migration never recorded: %v", err)
		}
		if got, _ := r.Applied(ctx, d); len(got) != 1 || !got[b] {
			t.Errorf("after Unrecord, Applied = %v", got)
		}
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+migrate.RecorderTable+" WHERE applied IS NOT NULL").Scan(&n); err != nil || n != 1 {
			t.Errorf("rows with an applied time: %d, %v", n, err)
		}
	})
}
