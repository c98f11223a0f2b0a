package modelform_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/jazzgo/jazz/forms/formset"
	"github.com/jazzgo/jazz/forms/modelform"
)

func storyTitles(t *testing.T, ctx context.Context) []string {
	t.Helper()
	all, err := Stories.OrderBy("title").All(ctx)
	must(t, err)
	var out []string
	for _, s := range all {
		out = append(out, s.Title+"/"+s.Status)
	}
	return out
}

func TestInlineFormsetAddEditDelete(t *testing.T) {
	withDB(t, true, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		a := &Story{Title: "A", Status: "draft"}
		a.Author.SetID(s.ann.ID)
		b := &Story{Title: "B", Status: "draft"}
		b.Author.SetID(s.ann.ID)
		other := &Story{Title: "Bob's", Status: "live"}
		other.Author.SetID(s.bob.ID)
		for _, x := range []*Story{a, b, other} {
			must(t, Stories.Create(ctx, x))
		}
		opts := modelform.SetOptions{
			Form: modelform.Options{Fields: []string{"title", "status"}},
			Set:  formset.Options{Extra: 1, CanDelete: true},
		}
		fs, err := modelform.Inline[Writer, Story](ctx, s.ann, "author", opts)
		must(t, err)
		if n := len(fs.Forms()); n != 3 {
			t.Fatalf("forms %d, want 2 children + 1 extra", n)
		}
		if fs.Forms()[0].InitialValue("title") != "A" || fs.Forms()[0].InitialValue("id") != a.ID {
			t.Errorf("form 0 initial %v %v", fs.Forms()[0].InitialValue("title"), fs.Forms()[0].InitialValue("id"))
		}
		// Submitted in the other order: the hidden key ties each form to its row.
		data := url.Values{
			"form-TOTAL_FORMS": {"3"}, "form-INITIAL_FORMS": {"2"},
			"form-0-id": {id(b.ID)}, "form-0-title": {"B"}, "form-0-status": {"draft"}, "form-0-DELETE": {"on"},
			"form-1-id": {id(a.ID)}, "form-1-title": {"A2"}, "form-1-status": {"live"},
			"form-2-title": {"C"}, "form-2-status": {"live"},
		}
		fs, err = modelform.Inline[Writer, Story](ctx, s.ann, "author", opts)
		must(t, err)
		fs.Bind(data, nil)
		if !fs.IsValid() {
			t.Fatalf("%v %v", fs.Errors(), fs.NonFormErrors())
		}
		saved, deleted, err := fs.Save(ctx)
		must(t, err)
		if len(saved) != 2 || len(deleted) != 1 || deleted[0].Title != "B" {
			t.Errorf("saved %d deleted %v", len(saved), deleted)
		}
		if got, want := storyTitles(t, ctx), []string{"A2/live", "Bob's/live", "C/live"}; !slices.Equal(got, want) {
			t.Errorf("rows %v, want %v", got, want)
		}
		c, err := Stories.Get(ctx, "title", "C")
		must(t, err)
		if c.Author.ID() != s.ann.ID {
			t.Errorf("new child's parent %d", c.Author.ID())
		}

		// A key from outside the set (bob's story) is refused.
		fs, err = modelform.Inline[Writer, Story](ctx, s.ann, "author", opts)
		must(t, err)
		fs.Bind(url.Values{"form-TOTAL_FORMS": {"1"}, "form-INITIAL_FORMS": {"1"},
			"form-0-id": {id(other.ID)}, "form-0-title": {"hijack"}, "form-0-status": {"live"}}, nil)
		if fs.IsValid() || len(fs.NonFormErrors()) == 0 || len(fs.Errors()) != 0 {
			t.Errorf("foreign key accepted: %v", fs.NonFormErrors())
		}
		if _, _, err := fs.Save(ctx); err == nil {
			t.Error("Save of an invalid set succeeded")
		}
		// Uniqueness errors reach the form.
		fs, err = modelform.Inline[Writer, Story](ctx, s.ann, "author", opts)
		must(t, err)
		fs.Bind(url.Values{"form-TOTAL_FORMS": {"1"}, "form-INITIAL_FORMS": {"0"},
			"form-0-title": {"Bob's"}, "form-0-status": {"live"}}, nil)
		if fs.IsValid() || !fs.Errors()[0]["title"].Has("unique") {
			t.Errorf("unique: %v", fs.Errors())
		}
	})
}

func TestModelFormsetMinMax(t *testing.T) {
	withDB(t, false, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		opts := modelform.SetOptions{
			Form: modelform.Options{Fields: []string{"label"}},
			Set:  formset.Options{Extra: 2, MaxNum: 3, ValidateMax: true, MinNum: 1, ValidateMin: true, CanDelete: true},
		}
		fs, err := modelform.NewSet(ctx, Tags.OrderBy("label"), opts)
		must(t, err)
		if n := len(fs.Forms()); n != 3 {
			t.Errorf("forms %d, want 3 (2 tags + extra capped by max_num)", n)
		}
		// Deleting both tags leaves fewer than MinNum.
		fs.Bind(url.Values{"form-TOTAL_FORMS": {"2"}, "form-INITIAL_FORMS": {"2"},
			"form-0-id": {id(s.db_.ID)}, "form-0-label": {"db"}, "form-0-DELETE": {"on"},
			"form-1-id": {id(s.go_.ID)}, "form-1-label": {"go"}, "form-1-DELETE": {"on"}}, nil)
		if fs.IsValid() || !fs.NonFormErrors().Has("too_few_forms") {
			t.Errorf("min: %v", fs.NonFormErrors())
		}
		fs.Bind(url.Values{"form-TOTAL_FORMS": {"4"}, "form-INITIAL_FORMS": {"2"},
			"form-0-id": {id(s.db_.ID)}, "form-0-label": {"db"},
			"form-1-id": {id(s.go_.ID)}, "form-1-label": {"go"},
			"form-2-label": {"web"}, "form-3-label": {"sql"}}, nil)
		if fs.IsValid() || !fs.NonFormErrors().Has("too_many_forms") {
			t.Errorf("max: %v", fs.NonFormErrors())
		}
		fs.Bind(url.Values{"form-TOTAL_FORMS": {"3"}, "form-INITIAL_FORMS": {"2"},
			"form-0-id": {id(s.db_.ID)}, "form-0-label": {"db"},
			"form-1-id": {id(s.go_.ID)}, "form-1-label": {"golang"},
			"form-2-label": {"web"}}, nil)
		if !fs.IsValid() {
			t.Fatalf("%v %v", fs.Errors(), fs.NonFormErrors())
		}
		saved, _, err := fs.Save(ctx)
		must(t, err)
		if len(saved) != 2 {
			t.Errorf("saved %d (unchanged db must be skipped)", len(saved))
		}
		labels, err := Tags.OrderBy("label").FlatList(ctx, "label")
		must(t, err)
		if len(labels) != 3 || labels[1] != "golang" || labels[2] != "web" {
			t.Errorf("labels %v", labels)
		}
	})
}
