package autodetect

import (
	"strings"
	"testing"

	"github.com/jazzgo/jazz/migrate"
)

func TestName(t *testing.T) {
	add := migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug"}}
	cases := []struct {
		m      *migrate.Migration
		custom string
		want   string
	}{
		{&migrate.Migration{Initial: true, Operations: []migrate.Operation{add}}, "", "0001_initial"},
		{&migrate.Migration{Operations: []migrate.Operation{add}}, "", "0001_post_slug"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.RenameField{Model: "Post", Old: "body", New: "content"}}}, "", "0001_rename_body_post_content"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.RenameModel{Old: "Post", New: "Article"}}}, "", "0001_rename_post_article"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.AddConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "pos"}}}}, "", "0001_post_pos"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.RemoveIndex{Model: "Post", Index: migrate.Index{Fields: []string{"a", "b"}}}}}, "", "0001_remove_post_a_b"},
		{&migrate.Migration{Operations: []migrate.Operation{add, migrate.DeleteModel{Name: "Tag"}}}, "", "0001_post_slug_delete_tag"},
		{&migrate.Migration{Operations: []migrate.Operation{add, add, add, add, add, add}}, "", "0001_auto_20261125_1450"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.RunSQL{}}}, "", "0001_auto_20261125_1450"},
		{&migrate.Migration{}, "", "0001_auto_20261125_1450"},
		{&migrate.Migration{Operations: []migrate.Operation{add}}, "Fill Slugs!", "0001_fill_slugs"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.CreateModel{Name: "Test"}}}, "", "0001_test_m"},
		{&migrate.Migration{Operations: []migrate.Operation{migrate.AddField{Model: "Build", Field: migrate.Field{Name: "js"}}}}, "", "0001_build_js_m"},
		{&migrate.Migration{}, "for_wasm", "0001_for_wasm_m"},
		{&migrate.Migration{}, "amd64_x", "0001_amd64_x"},
	}
	for _, tc := range cases {
		if got := Name(tc.m, 1, tc.custom, clock); got != tc.want {
			t.Errorf("Name(%s) = %s, want %s", describeAll(tc.m.Operations), got, tc.want)
		}
	}
	if got := Name(&migrate.Migration{Operations: []migrate.Operation{add}}, 12, "", clock); got != "0012_post_slug" {
		t.Errorf("got %s", got)
	}
	long := migrate.AddField{Model: "Post", Field: migrate.Field{Name: strings.Repeat("x", 60)}}
	if got := Name(&migrate.Migration{Operations: []migrate.Operation{long}}, 3, "", clock); got != "0003_auto_20261125_1450" {
		t.Errorf("got %s", got)
	}
}

func TestNumber(t *testing.T) {
	for name, want := range map[string]int{"0002_x": 2, "0001_initial": 1, "0001_squashed_0004_auto": 4, "x": 0, "": 0, "0010": 10} {
		if got := Number(name); got != want {
			t.Errorf("Number(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestParseValue(t *testing.T) {
	cases := []struct {
		t    migrate.Type
		in   string
		want any
	}{
		{migrate.Int, " 42 ", int64(42)}, {migrate.BigInt, "-1", int64(-1)}, {migrate.Bool, "true", true},
		{migrate.Float, "1.5", 1.5}, {migrate.Char, " a b ", " a b "}, {migrate.Decimal, "9.99", "9.99"},
		{migrate.ForeignKey, "1", int64(1)},
	}
	for _, tc := range cases {
		got, err := ParseValue(tc.t, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseValue(%s, %q) = %#v, %v", tc.t, tc.in, got, err)
		}
	}
	for _, bad := range []struct {
		t  migrate.Type
		in string
	}{{migrate.Int, "x"}, {migrate.Bool, "maybe"}, {migrate.Float, "1,5"}} {
		if _, err := ParseValue(bad.t, bad.in); err == nil {
			t.Errorf("ParseValue(%s, %q) accepted", bad.t, bad.in)
		}
	}
}

func TestAnswersParse(t *testing.T) {
	var a Answers
	for _, bad := range []string{"blog", "blog.Post", "blog.Post=", "blog.Post=a.b", ".Post=X", "a.b.c.d=x"} {
		if err := a.AddRename(bad); err == nil {
			t.Errorf("AddRename(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"blog.Post=x", "blog.Post.slug", "blog..slug=x"} {
		if err := a.AddDefault(bad); err == nil {
			t.Errorf("AddDefault(%q) accepted", bad)
		}
	}
	if err := a.AddDefault("blog.Post.slug=a=b"); err != nil || a.Defaults["blog.Post.slug"] != "a=b" {
		t.Errorf("AddDefault: %v %v", err, a.Defaults)
	}
}
