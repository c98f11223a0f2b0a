package schema_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
)

func TestLock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b, err := migrate.BackendFor(d.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		c1, err := d.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c1.Close()
		unlock, err := b.Lock(ctx, c1)
		if err != nil {
			t.Fatal(err)
		}
		if d.Dialect().Name() == "sqlite" {
			// Each migration's IMMEDIATE transaction is the lock.
			if err := unlock(ctx); err != nil {
				t.Fatal(err)
			}
			return
		}
		c2, err := d.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		got := make(chan error, 1)
		var unlock2 func(context.Context) error
		go func() {
			var err error
			unlock2, err = b.Lock(ctx, c2)
			got <- err
		}()
		select {
		case err := <-got:
			t.Fatalf("second Lock returned while the first was held: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		if err := unlock(ctx); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-got:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("second Lock still waiting after unlock")
		}
		if err := unlock2(ctx); err != nil {
			t.Fatal(err)
		}
		// A cancelled wait gives up with an error.
		unlock, err = b.Lock(ctx, c1)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock(ctx)
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if _, err := b.Lock(short, c2); err == nil {
			t.Errorf("Lock with an expired context succeeded")
		}
	})
}

// TestSQLiteRebuildKeepsForeignKeys rebuilds a table that another table
// points at: the reference still holds, and an orphan is caught by
// CheckForeignKeys and, after commit, by the restored enforcement.
func TestSQLiteRebuildKeepsForeignKeys(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	s := base(t, d)
	s2 := step(t, d, s, migrate.AlterField{Model: "Author", Name: "name", Field: migrate.Field{Type: migrate.Char, MaxLength: 200, Unique: true}})
	if err := execErr(t, d, `INSERT INTO "blog_post" ("title", "author_id") VALUES ('z', 99)`); err == nil {
		t.Errorf("orphan accepted after the rebuild of the referenced table")
	}
	if err := execErr(t, d, `DELETE FROM "blog_author" WHERE "id" = 1`); err == nil {
		t.Errorf("deleting a referenced author worked")
	}
	// Ids continue after the largest ever handed out.
	exec(t, d, `INSERT INTO "blog_author" ("name") VALUES ('cy')`)
	exec(t, d, `DELETE FROM "blog_author" WHERE "name" = 'cy'`)
	s3 := step(t, d, s2, migrate.AddField{Model: "Author", Field: migrate.Field{Name: "bio", Type: migrate.Text, Null: true}})
	exec(t, d, `INSERT INTO "blog_author" ("name") VALUES ('dee')`)
	wantValues(t, d, "blog_author", "id", "1,2,4")

	// An orphan made inside the migration fails the check.
	err := migration(t, d, func(ctx context.Context, e migrate.Editor) error {
		if err := e.Exec(ctx, `INSERT INTO "blog_post" ("title", "author_id") VALUES ('z', 99)`); err != nil {
			return err
		}
		return migrate.AlterField{Model: "Author", Name: "bio", Field: migrate.Field{Type: migrate.Text, Null: true, Unique: true}}.
			Forwards(ctx, e, app, s3, s3)
	})
	if err == nil || !strings.Contains(err.Error(), "blog_post") {
		t.Errorf("orphan inside a migration: %v", err)
	}
	wantValues(t, d, "blog_post", "title", "a,b")
}
