package orm_test

import (
	"testing"

	"github.com/jazzgo/jazz/orm"
)

// Peer's friends point at its own model, through an automatic model.
type Peer struct {
	orm.Model
	Name    string               `jazz:"max_length=20"`
	Friends orm.ManyToMany[Peer] `jazz:"related_name=befriended"`
}

// TestThroughFields: the two foreign keys of a through model, automatic,
// explicit and self-referencing.
func TestThroughFields(t *testing.T) {
	if err := orm.Register("thr", (*Peer)(nil)); err != nil {
		t.Fatal(err)
	}
	check := func(f *orm.FieldInfo, wantSrc, wantDst string) {
		t.Helper()
		src, dst := f.ThroughFields()
		if src == nil || dst == nil {
			t.Fatalf("%s: ThroughFields() = %v, %v", f, src, dst)
		}
		if src.Model != f.Through || dst.Model != f.Through {
			t.Errorf("%s: the fields belong to %s and %s, want the through model %s", f, src.Model.Label, dst.Model.Label, f.Through.Label)
		}
		if src.RelatedModel != f.Model || dst.RelatedModel != f.RelatedModel {
			t.Errorf("%s: source points at %s, target at %s", f, src.RelatedModel.Label, dst.RelatedModel.Label)
		}
		if src.QueryName != wantSrc || dst.QueryName != wantDst || !src.IsRelation() || !dst.IsRelation() {
			t.Errorf("%s: ThroughFields() = %s, %s; want %s, %s", f, src.QueryName, dst.QueryName, wantSrc, wantDst)
		}
	}
	check(orm.Info[Article]().ManyToMany[0], "article", "topic")
	check(orm.Info[Club]().ManyToMany[0], "club", "person")
	check(orm.Info[Peer]().ManyToMany[0], "from_peer", "to_peer")

	title, _ := orm.Info[Article]().Field("title")
	if src, dst := title.ThroughFields(); src != nil || dst != nil {
		t.Errorf("a column field has through fields: %v, %v", src, dst)
	}
}
