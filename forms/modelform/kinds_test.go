package modelform_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/modelform"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/storage"
)

type Paper struct {
	orm.Model
	Price     orm.Decimal `jazz:"max_digits=6,decimal_places=2"`
	Published time.Time   `jazz:"date"`
	Pages     *int32      `jazz:"blank"`
	Public    bool
	Slug      string   `jazz:"slug,blank"`
	Scan      orm.File `jazz:"upload_to=scans/,blank"`
}

var Papers = orm.NewManager[Paper]()

func init() {
	if err := orm.Register("mfk", &Paper{}); err != nil {
		panic(err)
	}
}

func TestKindsAndUploads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if d.Dialect().Name() != "sqlite" {
			t.Skip("covered on SQLite")
		}
		ctx := db.WithDB(context.Background(), d)
		must(t, orm.CreateTables(ctx, &Paper{}))
		var stored []string
		opts := modelform.Options{StoreFile: func(ctx context.Context, field string, u forms.Upload) (string, error) {
			stored = append(stored, field+":"+u.Name())
			return "scans/" + u.Name(), nil
		}}
		f, err := modelform.New[Paper](ctx, nil, opts)
		must(t, err)
		for name, want := range map[string]string{"price": "*forms.Decimal", "published": "*forms.Date", "pages": "*forms.Int",
			"public": "*forms.Bool", "slug": "*forms.Slug", "scan": "*forms.File"} {
			if got := typeName(f.Field(name)); got != want {
				t.Errorf("%s: %s, want %s", name, got, want)
			}
		}
		if f.Field("pages").Common().Required {
			t.Error("pages is blank, so optional")
		}
		f.Bind(url.Values{"price": {"12.50"}, "published": {"2024-02-03"}, "public": {"on"}, "pages": {"7"}},
			forms.Files{"scan": {&forms.Bytes{FileName: "a.pdf", Type: "application/pdf", Data: []byte("%PDF")}}})
		if !f.IsValid() {
			t.Fatalf("%v", f.Errors())
		}
		p, err := f.Save(ctx)
		must(t, err)
		got, err := Papers.Get(ctx, "pk", p.ID)
		must(t, err)
		if got.Price.String() != "12.50" || got.Published.Format(time.DateOnly) != "2024-02-03" || !got.Public ||
			got.Pages == nil || *got.Pages != 7 || got.Scan != "scans/a.pdf" || len(stored) != 1 {
			t.Errorf("saved %+v (stored %v)", got, stored)
		}
		// Editing without a new upload keeps the stored file.
		f, err = modelform.New(ctx, got, opts)
		must(t, err)
		f.Bind(url.Values{"price": {"1"}, "published": {"2024-02-03"}}, nil)
		if !f.IsValid() {
			t.Fatalf("%v", f.Errors())
		}
		_, err = f.Save(ctx)
		must(t, err)
		got, err = Papers.Get(ctx, "pk", p.ID)
		must(t, err)
		if got.Scan != "scans/a.pdf" || got.Public || got.Pages != nil {
			t.Errorf("updated %+v", got)
		}
	})
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// Without StoreFile, an upload goes to the media storage of the context,
// under the field's upload_to, with a safe name.
func TestUploadsGoToTheMediaStorage(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	media := storage.NewMemory(storage.MemoryOptions{})
	ctx := storage.WithStorage(db.WithDB(context.Background(), d), media)
	must(t, orm.CreateTables(ctx, &Paper{}))
	f, err := modelform.New[Paper](ctx, nil, modelform.Options{})
	must(t, err)
	f.Bind(url.Values{"price": {"1"}, "published": {"2024-02-03"}},
		forms.Files{"scan": {&forms.Bytes{FileName: "../my scan.pdf", Type: "application/pdf", Data: []byte("%PDF")}}})
	if !f.IsValid() {
		t.Fatalf("%v", f.Errors())
	}
	p, err := f.Save(ctx)
	must(t, err)
	if p.Scan != "scans/my_scan.pdf" {
		t.Errorf("stored as %q", p.Scan)
	}
	if ok, err := media.Exists(ctx, string(p.Scan)); err != nil || !ok {
		t.Errorf("not in the storage: %v %v", ok, err)
	}
	// No storage at all: a clear error, nothing saved.
	f, err = modelform.New[Paper](db.WithDB(context.Background(), d), nil, modelform.Options{})
	must(t, err)
	f.Bind(url.Values{"price": {"1"}, "published": {"2024-02-03"}}, forms.Files{"scan": {&forms.Bytes{FileName: "a.pdf", Data: []byte("%PDF")}}})
	if f.IsValid() {
		if _, err := f.Save(db.WithDB(context.Background(), d)); err == nil || !strings.Contains(err.Error(), "MediaRoot") {
			t.Errorf("without storage: %v", err)
		}
	}
}
