package orm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// Models with a string primary key (a natural key the caller chooses),
// registered under their own label so the shared tables stay as they are.

type Country struct {
	Code   string               `jazz:"primary_key,max_length=8"`
	Name   string               `jazz:"max_length=50"`
	Pop    int64                `jazz:"blank"`
	Leader orm.ForeignKey[User] `jazz:"null,on_delete=cascade,related_name=countries"`
}

// Word has no column besides its key: Save can only insert it or find it.
type Word struct {
	Text string `jazz:"primary_key,slug"`
}

var (
	Countries = orm.NewManager[Country]()
	Words     = orm.NewManager[Word]()
)

// charPKModels are created by eachDB too: Country points at User, so
// deleting a user visits its table.
var charPKModels = []any{(*Country)(nil), (*Word)(nil)}

func init() {
	if err := orm.Register("geo", charPKModels...); err != nil {
		panic(err)
	}
}

func TestCharPKMetadata(t *testing.T) {
	info := orm.Info[Country]()
	pk := info.PK
	if pk.Name != "Code" || pk.Kind != db.KindChar || pk.MaxLength != 8 || !pk.PrimaryKey || pk.Unique || !pk.Editable || pk.Blank {
		t.Fatalf("PK = %+v; want an editable, required char(8) key", pk)
	}
	col := info.Table().Columns[0]
	if col.Name != "code" || col.Kind != db.KindChar || col.MaxLength != 8 || !col.PrimaryKey || col.Unique || col.Null {
		t.Fatalf("key column = %+v", col)
	}
	if w := orm.Info[Word]().PK; w.Kind != db.KindChar || w.MaxLength != 50 || w.Format != "slug" {
		t.Fatalf("slug key = %+v; want char(50)", w)
	}
}

// TestCharPKRegistrationErrors: relations may not point at a string key
// yet, and a model with one may not have a ManyToMany field; both are
// refused at registration, naming the field.
func TestCharPKRegistrationErrors(t *testing.T) {
	type Visit struct {
		orm.Model
		Country orm.ForeignKey[Country] `jazz:"on_delete=cascade"`
	}
	type Club struct {
		Code    string               `jazz:"primary_key,max_length=8"`
		Members orm.ManyToMany[User] `jazz:""`
	}
	type Bare struct {
		Code string `jazz:"primary_key"`
	}
	for _, c := range []struct {
		model any
		want  string
	}{
		{(*Visit)(nil), "geo2.Visit.Country: relation targets need an int64 primary key; geo.Country's is string"},
		{(*Club)(nil), "geo2.Club.Members: a model with a ManyToMany field needs an int64 primary key"},
		{(*Bare)(nil), "a string primary key needs max_length"},
	} {
		err := orm.Register("geo2", c.model)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Register(%T) = %v; want an error containing %q", c.model, err, c.want)
		}
	}
	if _, ok := orm.Lookup("geo2.Visit"); ok {
		t.Error("a model refused at registration was left in the registry")
	}
}

func TestCharPKCreateGetDelete(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		se := &Country{Code: "se", Name: "Sweden", Pop: 10}
		if err := Countries.Create(ctx, se); err != nil {
			t.Fatal(err)
		}
		if se.Code != "se" {
			t.Fatalf("Create changed the key to %q", se.Code)
		}
		odd := &Country{Code: `o'k "\%_`, Name: "Odd"} // quotes, backslash and LIKE wildcards
		if err := Countries.Create(ctx, odd); err != nil {
			t.Fatal(err)
		}

		err := Countries.Create(ctx, &Country{Name: "Nowhere"})
		if !errors.Is(err, orm.ErrNoKey) || !strings.Contains(err.Error(), "geo.Country") || !strings.Contains(err.Error(), "Code is empty") {
			t.Fatalf("Create with an empty key: %v; want ErrNoKey naming the model and field", err)
		}
		if err := Countries.Create(ctx, &Country{Code: "se", Name: "again"}); !errors.Is(err, db.ErrUniqueViolation) {
			t.Fatalf("Create with a taken key: %v; want ErrUniqueViolation", err)
		}

		for _, key := range []string{"se", odd.Code} {
			got, err := Countries.Get(ctx, "pk", key)
			if err != nil || got.Code != key {
				t.Fatalf("Get(pk=%q) = %+v, %v", key, got, err)
			}
		}
		if got, err := Countries.Get(ctx, "code", "se"); err != nil || got.Name != "Sweden" {
			t.Fatalf("Get(code) = %+v, %v", got, err)
		}
		if _, err := Countries.Get(ctx, "pk", "xx"); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Fatalf("Get of a missing key: %v", err)
		}
		if n, err := Countries.Filter("pk__in", []string{"se", "xx", odd.Code}).Count(ctx); err != nil || n != 2 {
			t.Fatalf("pk__in: %d, %v", n, err)
		}
		if n, err := Countries.Filter("pk__contains", `%_`).Count(ctx); err != nil || n != 1 {
			t.Fatalf("pk__contains with wildcards: %d, %v", n, err)
		}
		if n, err := Countries.Filter("pk__gt", "s").Count(ctx); err != nil || n != 1 {
			t.Fatalf("pk__gt: %d, %v", n, err)
		}

		byKey, err := orm.InBulk(ctx, Countries.All(), []string{"se", "xx"})
		if err != nil || len(byKey) != 1 || byKey["se"].Name != "Sweden" {
			t.Fatalf("InBulk by string keys: %v, %v", byKey, err)
		}
		vals, err := Countries.OrderBy("pk").Values(ctx, "pk", "name")
		if err != nil || len(vals) != 2 || vals[0]["pk"] != odd.Code || vals[1]["pk"] != "se" || vals[1]["name"] != "Sweden" {
			t.Fatalf("Values(pk, name) = %v, %v", vals, err)
		}
		keys, err := Countries.OrderBy("-code").FlatList(ctx, "code")
		if err != nil || !slices.Equal(keys, []any{"se", odd.Code}) {
			t.Fatalf("FlatList(code) = %v, %v", keys, err)
		}

		se.Name = "Konungariket Sverige"
		if err := Countries.Refresh(ctx, se); err != nil || se.Name != "Sweden" {
			t.Fatalf("Refresh: %q, %v", se.Name, err)
		}

		if err := Countries.Delete(ctx, se); err != nil {
			t.Fatal(err)
		}
		if se.Code != "se" {
			t.Errorf("Delete cleared the caller's key: %q", se.Code)
		}
		if err := Countries.Delete(ctx, se); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("deleting a missing row: %v", err)
		}
		if err := Countries.Delete(ctx, &Country{}); err == nil {
			t.Error("deleting an object without a key succeeded")
		}
		if n, _ := Countries.Count(ctx); n != 1 {
			t.Errorf("%d rows left, want 1", n)
		}
	})
}

// TestCharPKSave is Django's save with a set key: an UPDATE by key, and an
// INSERT when no row was updated.
func TestCharPKSave(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		fr := &Country{Code: "fr", Name: "France"}
		if err := Countries.Save(ctx, fr); err != nil {
			t.Fatalf("Save of a new key: %v", err)
		}
		fr.Pop = 68
		if err := Countries.Save(ctx, fr); err != nil {
			t.Fatal(err)
		}
		// The same values again: MySQL reports no changed row, which must
		// not make Save insert a duplicate.
		if err := Countries.Save(ctx, fr); err != nil {
			t.Fatal(err)
		}
		// A second object with the same key overwrites the row.
		if err := Countries.Save(ctx, &Country{Code: "fr", Name: "République française", Pop: 68}); err != nil {
			t.Fatal(err)
		}
		got, err := Countries.Get(ctx, "pk", "fr")
		if err != nil || got.Name != "République française" || got.Pop != 68 {
			t.Fatalf("after the saves: %+v, %v", got, err)
		}
		if n, _ := Countries.Count(ctx); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}
		got.Pop = 1
		if err := Countries.Save(ctx, got, "pop"); err != nil {
			t.Fatal(err)
		}
		if err := Countries.Save(ctx, &Country{Code: "xx", Name: "x"}, "name"); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("Save with update fields of a missing key: %v", err)
		}
		if err := Countries.Save(ctx, got, "code"); err == nil {
			t.Error("Save with the key in update fields succeeded")
		}
		if err := Countries.Save(ctx, &Country{Name: "Nowhere"}); !errors.Is(err, orm.ErrNoKey) {
			t.Errorf("Save with an empty key: %v; want ErrNoKey", err)
		}

		// No column but the key: Save inserts once, then finds the row.
		w := &Word{Text: "jazz"}
		for range 2 {
			if err := Words.Save(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := Words.Count(ctx); n != 1 {
			t.Errorf("%d words, want 1", n)
		}
		obj, created, err := Words.GetOrCreate(ctx, orm.Q("pk", "swing"), nil)
		if err != nil || !created || obj.Text != "swing" {
			t.Errorf("GetOrCreate(pk) = %+v, %v, %v", obj, created, err)
		}
		c, created, err := Countries.UpdateOrCreate(ctx, orm.Q("code", "no"), orm.Set{"name": "Norway"})
		if err != nil || !created || c.Code != "no" || c.Name != "Norway" {
			t.Errorf("UpdateOrCreate(code) = %+v, %v, %v", c, created, err)
		}
	})
}

func TestCharPKValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		err := orm.FullClean(ctx, &Country{Name: "Nowhere"})
		var ve orm.ValidationErrors
		if !errors.As(err, &ve) || len(ve.Messages("code")) == 0 {
			t.Errorf("FullClean with an empty key: %v; want an error on code", err)
		}
		err = orm.FullClean(ctx, &Country{Code: "toolongkey", Name: "x"})
		if !errors.As(err, &ve) || len(ve.Messages("code")) == 0 {
			t.Errorf("FullClean with a key over max_length: %v", err)
		}
		if err := orm.FullClean(ctx, &Country{Code: "ok", Name: "x"}); err != nil {
			t.Errorf("FullClean of a valid object: %v", err)
		}
	})
}

func TestCharPKBulk(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		objs := []*Country{{Code: "c", Name: "C"}, {Code: "a", Name: "A"}, {Code: "b", Name: "B"}, {Code: "d", Name: "D"}, {Code: "e", Name: "E"}}
		if err := Countries.BulkCreate(ctx, objs); err != nil {
			t.Fatal(err)
		}
		if objs[0].Code != "c" {
			t.Fatalf("BulkCreate changed a key to %q", objs[0].Code)
		}
		err := Countries.BulkCreate(ctx, []*Country{{Code: "f"}, {Name: "keyless"}})
		if !errors.Is(err, orm.ErrNoKey) || !strings.Contains(err.Error(), "objs[1]") {
			t.Fatalf("BulkCreate with an empty key: %v; want ErrNoKey naming objs[1]", err)
		}
		for _, o := range objs {
			o.Pop = int64(len(o.Code)) * 100
		}
		if n, err := Countries.BulkUpdate(ctx, objs, "pop"); err != nil || n != int64(len(objs)) {
			t.Fatalf("BulkUpdate: %d, %v", n, err)
		}
		if n, _ := Countries.Filter("pop", 100).Count(ctx); n != 5 {
			t.Errorf("BulkUpdate by string keys updated %d rows", n)
		}

		// Iterator pages by key: "pk > last" on text.
		var seen []string
		for c, err := range Countries.All().Iterator(ctx, 2) {
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, c.Code)
		}
		if !slices.Equal(seen, []string{"a", "b", "c", "d", "e"}) {
			t.Errorf("Iterator by string key = %v", seen)
		}

		res, err := Countries.Filter("pk__in", []string{"a", "b"}).Delete(ctx)
		if err != nil || res.Total != 2 {
			t.Fatalf("QuerySet.Delete: %+v, %v", res, err)
		}
		if n, _ := Countries.Count(ctx); n != 3 {
			t.Errorf("%d rows left, want 3", n)
		}
	})
}

// TestCharPKCollector: rows with a string key are collected through the
// relations they hold, and deleted by key.
func TestCharPKCollector(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		ann, bob := &User{Username: "ann"}, &User{Username: "bob"}
		for _, u := range []*User{ann, bob} {
			if err := Users.Create(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		for i, code := range []string{"x1", "x2", "y1"} {
			c := &Country{Code: code, Name: code}
			c.Leader.Set([]*User{ann, ann, bob}[i])
			if err := Countries.Create(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		col, err := orm.Collect(ctx, ann)
		if err != nil {
			t.Fatal(err)
		}
		if got := col.Result().ByModel["geo.Country"]; got != 2 {
			t.Errorf("Collect(ann) would delete %d countries, want 2: %+v", got, col.Result())
		}
		res, err := orm.Delete(ctx, ann)
		if err != nil || res.ByModel["geo.Country"] != 2 || res.ByModel["blog.User"] != 1 {
			t.Fatalf("Delete(ann) = %+v, %v", res, err)
		}
		left, err := Countries.All().FlatList(ctx, "pk")
		if err != nil || !slices.Equal(left, []any{"y1"}) {
			t.Fatalf("left %v, %v; want [y1]", left, err)
		}
		// Reverse names work from the int-keyed side.
		if n, err := Users.Filter("countries__code", "y1").Count(ctx); err != nil || n != 1 {
			t.Errorf("reverse lookup through a string-keyed model: %d, %v", n, err)
		}
		ys, err := Countries.SelectRelated("leader").All(ctx)
		if err != nil || len(ys) != 1 {
			t.Fatal(ys, err)
		}
		if u, ok := ys[0].Leader.Loaded(); !ok || u.Username != "bob" {
			t.Errorf("SelectRelated from a string-keyed model: %+v, %v", u, ok)
		}
	})
}
