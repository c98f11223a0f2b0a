package orm_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

type Document struct {
	orm.Model
	Title      string
	Attachment orm.File  `jazz:"upload_to=docs/,blank"`
	Cover      orm.Image `jazz:"upload_to=covers/,max_length=200,blank"`
	Backup     *orm.File `jazz:"null"`
}

var Documents = orm.NewManager[Document]()

func TestFileFields(t *testing.T) {
	if err := orm.Register("files", (*Document)(nil)); err != nil {
		t.Fatal(err)
	}
	info := orm.Info[Document]()
	att, _ := info.Field("attachment")
	cover, _ := info.Field("cover")
	if att.Format != "file" || att.UploadTo != "docs/" || att.MaxLength != 100 || att.Kind != db.KindChar {
		t.Fatalf("attachment field = %+v", att)
	}
	if cover.Format != "image" || cover.UploadTo != "covers/" || cover.MaxLength != 200 {
		t.Fatalf("cover field = %+v", cover)
	}
	type BadUpload struct {
		orm.Model
		Name string `jazz:"upload_to=x/"`
	}
	if err := orm.Register("files", (*BadUpload)(nil)); err == nil || !strings.Contains(err.Error(), "upload_to") {
		t.Fatalf("upload_to on a string: %v", err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := db.WithDB(context.Background(), d)
		if err := orm.CreateTables(ctx, (*Document)(nil)); err != nil {
			t.Fatal(err)
		}
		backup := orm.File("backups/r.zip")
		doc := &Document{Title: "Report", Attachment: "docs/report 2026.pdf", Cover: "covers/é.png", Backup: &backup}
		if err := Documents.Create(ctx, doc); err != nil {
			t.Fatal(err)
		}
		if err := Documents.Create(ctx, &Document{Title: "Empty"}); err != nil {
			t.Fatal(err)
		}
		got, err := Documents.Filter("attachment", orm.File("docs/report 2026.pdf")).Get(ctx, "cover__endswith", ".png")
		if err != nil {
			t.Fatal(err)
		}
		if got.Attachment.Name() != "docs/report 2026.pdf" || got.Cover != "covers/é.png" || got.Backup == nil || *got.Backup != backup {
			t.Fatalf("read back %+v", got)
		}
		empty, err := Documents.Get(ctx, "title", "Empty")
		if err != nil || !empty.Attachment.IsZero() || empty.Backup != nil {
			t.Fatalf("empty = %+v, %v", empty, err)
		}
		long := &Document{Title: "x", Attachment: orm.File(strings.Repeat("a", 101))}
		if err := orm.FullClean(ctx, long); err == nil || !strings.Contains(err.Error(), "attachment") {
			t.Fatalf("a 101-character file name passed FullClean: %v", err)
		}
	})
}
