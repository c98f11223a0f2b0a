package orm

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
)

func TestParseTag(t *testing.T) {
	cases := []struct {
		tag  string
		want []tagOption
	}{
		{"", nil},
		{"null", []tagOption{{key: "null"}}},
		{"max_length=200,unique", []tagOption{{key: "max_length", val: "200", hasVal: true}, {key: "unique"}}},
		{" blank , index ", []tagOption{{key: "blank"}, {key: "index"}}},
		{"help_text='a, b = c'", []tagOption{{key: "help_text", val: "a, b = c", hasVal: true}}},
		{"default='it''s',null", []tagOption{{key: "default", val: "it's", hasVal: true}, {key: "null"}}},
		{"default=''", []tagOption{{key: "default", val: "", hasVal: true}}},
		{"choices=a:A|b:B c", []tagOption{{key: "choices", val: "a:A|b:B c", hasVal: true}}},
	}
	for _, c := range cases {
		got, err := parseTag(c.tag)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseTag(%q) = %+v, %v; want %+v", c.tag, got, err, c.want)
		}
	}
	for _, bad := range []string{"a,,b", "a,", ",a", "=x", "help_text='open", "default='x'y", "default=a=b"} {
		if _, err := parseTag(bad); err == nil {
			t.Errorf("parseTag(%q): want an error", bad)
		}
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "Title": "title", "CreatedAt": "created_at", "UserID": "user_id",
		"HTTPServer": "http_server", "Field2": "field2", "URL": "url", "MinRating": "min_rating", "A": "a",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

type tagTarget struct{}

// buildOne builds a model with a single extra field of type typ and tag.
func buildOne(t *testing.T, typ reflect.Type, tag string) (*FieldInfo, error) {
	t.Helper()
	st := reflect.StructOf([]reflect.StructField{
		{Name: "Model", Type: reflect.TypeFor[Model](), Anonymous: true},
		{Name: "Field", Type: typ, Tag: reflect.StructTag(`jazz:` + strconv.Quote(tag))},
	})
	m, err := buildModel("app", st)
	if err != nil {
		return nil, err
	}
	return m.Fields[1], nil
}

func TestFieldOptions(t *testing.T) {
	str := reflect.TypeFor[string]()
	cases := []struct {
		typ   reflect.Type
		tag   string
		check func(f *FieldInfo) bool
	}{
		{str, "", func(f *FieldInfo) bool { return f.Kind == db.KindText && f.Column == "field" && f.Editable && !f.Null }},
		{str, "max_length=20", func(f *FieldInfo) bool { return f.Kind == db.KindChar && f.MaxLength == 20 }},
		{str, "email", func(f *FieldInfo) bool { return f.Kind == db.KindChar && f.MaxLength == 254 && f.Format == "email" }},
		{str, "url", func(f *FieldInfo) bool { return f.MaxLength == 200 && f.Format == "url" }},
		{str, "slug,max_length=80", func(f *FieldInfo) bool { return f.MaxLength == 80 && f.Format == "slug" }},
		{str, "ip", func(f *FieldInfo) bool { return f.MaxLength == 39 && f.Format == "ip" }},
		{str, "blank,unique,index", func(f *FieldInfo) bool { return f.Blank && f.Unique && f.Index }},
		{str, "db_index", func(f *FieldInfo) bool { return f.Index }},
		{str, "db_column=other", func(f *FieldInfo) bool { return f.Column == "other" && f.QueryName == "field" }},
		{str, "editable=false", func(f *FieldInfo) bool { return !f.Editable }},
		{str, "help_text='Shown, below',verbose_name=Thing", func(f *FieldInfo) bool { return f.HelpText == "Shown, below" && f.VerboseName == "Thing" }},
		{str, "max_length=5,choices=a:Apple|b:Banana,default=b", func(f *FieldInfo) bool {
			return len(f.Choices) == 2 && f.Choices[1] == (Choice{"b", "Banana"}) && f.Default == "b" && f.HasDefault
		}},
		{reflect.TypeFor[*string](), "null", func(f *FieldInfo) bool { return f.Null && f.ptr }},
		{reflect.TypeFor[*string](), "", func(f *FieldInfo) bool { return f.Null }},
		{reflect.TypeFor[bool](), "default=true", func(f *FieldInfo) bool { return f.Kind == db.KindBool && f.Default == true }},
		{reflect.TypeFor[int](), "default=-3", func(f *FieldInfo) bool { return f.Kind == db.KindInt64 && f.Default == int64(-3) }},
		{reflect.TypeFor[int16](), "", func(f *FieldInfo) bool { return f.Kind == db.KindInt16 }},
		{reflect.TypeFor[int32](), "positive", func(f *FieldInfo) bool { return f.Kind == db.KindInt32 && f.Positive }},
		{reflect.TypeFor[uint16](), "", func(f *FieldInfo) bool { return f.Kind == db.KindInt32 && f.Positive }},
		{reflect.TypeFor[float64](), "default=1.5", func(f *FieldInfo) bool { return f.Kind == db.KindFloat64 && f.Default == 1.5 }},
		{reflect.TypeFor[Decimal](), "max_digits=8,decimal_places=2,default=1.50", func(f *FieldInfo) bool {
			return f.Kind == db.KindDecimal && f.MaxDigits == 8 && f.DecimalPlaces == 2 && f.Default == MustDecimal("1.50")
		}},
		{reflect.TypeFor[time.Time](), "", func(f *FieldInfo) bool { return f.Kind == db.KindDateTime }},
		{reflect.TypeFor[time.Time](), "date", func(f *FieldInfo) bool { return f.Kind == db.KindDate }},
		{reflect.TypeFor[time.Time](), "time", func(f *FieldInfo) bool { return f.Kind == db.KindTime }},
		{reflect.TypeFor[time.Time](), "auto_now", func(f *FieldInfo) bool { return f.AutoNow && !f.Editable && f.Blank }},
		{reflect.TypeFor[time.Time](), "auto_now_add", func(f *FieldInfo) bool { return f.AutoNowAdd }},
		{reflect.TypeFor[time.Duration](), "default=1h", func(f *FieldInfo) bool { return f.Kind == db.KindDuration && f.Default == time.Hour }},
		{reflect.TypeFor[UUID](), "default=uuid4,unique", func(f *FieldInfo) bool { return f.Kind == db.KindUUID && f.DefaultUUID4 }},
		{reflect.TypeFor[[]byte](), "null", func(f *FieldInfo) bool { return f.Kind == db.KindBinary && f.Null }},
		{reflect.TypeFor[map[string]any](), "null", func(f *FieldInfo) bool { return f.Kind == db.KindJSON && f.Null }},
		{reflect.TypeFor[[]any](), "", func(f *FieldInfo) bool { return f.Kind == db.KindJSON }},
		{reflect.TypeFor[[]string](), "json,default='[\"a\"]'", func(f *FieldInfo) bool { return f.Kind == db.KindJSON && f.Default == `["a"]` }},
		{reflect.TypeFor[struct{ A int }](), "json", func(f *FieldInfo) bool { return f.Kind == db.KindJSON }},
		{reflect.TypeFor[ForeignKey[tagTarget]](), "on_delete=protect,related_name=things", func(f *FieldInfo) bool {
			return f.isFK && f.Column == "field_id" && f.OnDelete == Protect && f.RelatedName == "things" && f.Index && f.RelatedType == reflect.TypeFor[tagTarget]()
		}},
		{reflect.TypeFor[ForeignKey[tagTarget]](), "on_delete=set_null,null", func(f *FieldInfo) bool { return f.Null && f.OnDelete == SetNull }},
	}
	for _, c := range cases {
		f, err := buildOne(t, c.typ, c.tag)
		if err != nil {
			t.Errorf("%s `%s`: %v", c.typ, c.tag, err)
			continue
		}
		if !c.check(f) {
			t.Errorf("%s `%s`: unexpected metadata %+v", c.typ, c.tag, f)
		}
	}
}

func TestFieldOptionErrors(t *testing.T) {
	str := reflect.TypeFor[string]()
	i64 := reflect.TypeFor[int64]()
	cases := []struct {
		typ  reflect.Type
		tag  string
		want string // in the message
	}{
		{str, "max_lenght=3", `option "max_lenght": unknown option (did you mean "max_length"?)`},
		{str, "colour", `unknown option; options are`},
		{str, "max_length", `needs a value`},
		{str, "unique=true", `takes no value`},
		{str, "blank,blank", `given twice`},
		{str, "max_length=abc", `want a positive integer, got "abc"`},
		{str, "max_length=0", `want a positive integer`},
		{i64, "max_length=3", `option "max_length": only applies to string fields, not int64`},
		{str, "null", `option "null": needs a pointer type (*string)`},
		{i64, "null", `needs a pointer type`},
		{str, "auto_now", `only applies to time.Time fields`},
		{str, "max_digits=3", `only applies to orm.Decimal fields`},
		{str, "positive", `only applies to integer fields`},
		{str, "on_delete=cascade", `only applies to orm.ForeignKey fields`},
		{str, "email,url", `exclusive`},
		{i64, "email", `only applies to string fields`},
		{reflect.TypeFor[time.Time](), "date,time", `exclusive`},
		{reflect.TypeFor[time.Time](), "auto_now,auto_now_add", `exclusive`},
		{reflect.TypeFor[time.Time](), "default=now", `time fields take no default`},
		{reflect.TypeFor[Decimal](), "", `needs max_digits and decimal_places`},
		{reflect.TypeFor[Decimal](), "max_digits=2,decimal_places=3", `more than max_digits`},
		{reflect.TypeFor[Decimal](), "max_digits=5,decimal_places=x", `want an integer >= 0`},
		{reflect.TypeFor[Decimal](), "max_digits=5,decimal_places=2,default=abc", `invalid decimal`},
		{reflect.TypeFor[bool](), "default=maybe", `want true or false`},
		{i64, "default=1.5", `want an integer`},
		{reflect.TypeFor[uint8](), "default=-1", `negative`},
		{str, "max_length=3,default=long", `longer than max_length`},
		{str, "choices=a:A|b:B,default=c", `not one of the choices`},
		{str, "choices=a:A|a:B", `duplicate choice`},
		{str, "choices=|a", `empty choice value`},
		{i64, "choices=1:One|x:Ex", `value "x"`},
		{str, "editable=perhaps", `want true or false`},
		{str, "db_column=", `empty column name`},
		{str, "primary_key", `a string primary key needs max_length`},
		{reflect.TypeFor[int32](), "primary_key", `a primary key must be int64 (auto-incrementing), orm.UUID or a string with max_length, not int32`},
		{reflect.TypeFor[File](), "primary_key", `not orm.File`},
		{reflect.TypeFor[*int64](), "primary_key", `cannot be a pointer`},
		{reflect.TypeFor[ForeignKey[tagTarget]](), "", `needs on_delete`},
		{reflect.TypeFor[ForeignKey[tagTarget]](), "on_delete=explode", `unknown action "explode"`},
		{reflect.TypeFor[ForeignKey[tagTarget]](), "on_delete=set_null", `set_null needs the null option`},
		{reflect.TypeFor[*ForeignKey[tagTarget]](), "on_delete=cascade", `by value`},
		{reflect.TypeFor[chan int](), "", `unsupported field type chan int`},
		{reflect.TypeFor[map[int]string](), "", `unsupported field type`},
		{reflect.TypeFor[[]string](), "json,default={bad", `not valid JSON`},
		{reflect.TypeFor[UUID](), "default=nope", `invalid UUID`},
		{reflect.TypeFor[time.Duration](), "default=forever", `invalid duration`},
		{str, "help_text='open", `unterminated`},
	}
	for _, c := range cases {
		_, err := buildOne(t, c.typ, c.tag)
		if err == nil {
			t.Errorf("%s `%s`: want an error containing %q", c.typ, c.tag, c.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, "orm: app.") || !strings.Contains(msg, ".Field") {
			t.Errorf("%s `%s`: error %q should name app.<model>.Field and contain %q", c.typ, c.tag, msg, c.want)
		}
	}
}

type noPK struct{ Name string }
type twoPK struct {
	Model
	Key UUID `jazz:"primary_key"`
}
type dupColumn struct {
	Model
	A string `jazz:"db_column=x"`
	B string `jazz:"db_column=x"`
}
type ptrEmbed struct {
	*Model
}
type abstractOnly struct{ Name string }

func (*abstractOnly) Meta() Meta { return Meta{Abstract: true} }

type withAbstract struct {
	abstractOnly
	Model
}

type metaBadOrdering struct{ Model }

func (*metaBadOrdering) Meta() Meta { return Meta{Ordering: []string{"-nope"}} }

type metaBadUnique struct{ Model }

func (*metaBadUnique) Meta() Meta { return Meta{UniqueTogether: [][]string{{"id", "nope"}}} }

func TestModelErrors(t *testing.T) {
	for _, c := range []struct {
		model any
		want  string
	}{
		{(*noPK)(nil), "has no primary key"},
		{(*twoPK)(nil), "two primary keys"},
		{(*dupColumn)(nil), `both use column "x"`},
		{(*ptrEmbed)(nil), "is a pointer"},
		{(*abstractOnly)(nil), "abstract base"},
		{(*metaBadOrdering)(nil), `Meta.Ordering: orm: metaBadOrdering has no field "nope"`},
		{(*metaBadUnique)(nil), `Meta.UniqueTogether`},
		{42, "is not a named struct type"},
		{struct{}{}, "is not a named struct type"},
	} {
		err := Register("errs", c.model)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Register(%T) = %v, want %q", c.model, err, c.want)
		}
	}
	// An abstract base's promoted Meta does not make the model abstract.
	if err := Register("errs", (*withAbstract)(nil)); err != nil {
		t.Errorf("model with an abstract base: %v", err)
	}
	if m := Info[withAbstract](); m == nil || m.Fields[0].Name != "Name" || m.DBTable != "errs_withabstract" {
		t.Errorf("abstract fields not inherited: %+v", m)
	}
}

type regA struct{ Model }
type regB struct {
	Model
	A ForeignKey[regA] `jazz:"on_delete=cascade"`
}
type regC struct{ Model }

func (*regC) Meta() Meta { return Meta{Table: "reg_rega"} }

type regOrphan struct {
	Model
	T ForeignKey[tagTarget] `jazz:"on_delete=cascade"`
}

type regApp struct{ models []any }

func (regApp) Label() string   { return "reg2" }
func (a regApp) Models() []any { return a.models }

func TestRegistry(t *testing.T) {
	// B before A: the relation resolves when A arrives.
	if err := Register("reg", (*regB)(nil)); err != nil {
		t.Fatal(err)
	}
	if Info[regB]().Fields[1].RelatedModel != nil {
		t.Fatal("resolved before the target was registered")
	}
	if err := Register("reg", (*regA)(nil)); err != nil {
		t.Fatal(err)
	}
	b := Info[regB]()
	if b.Fields[1].RelatedModel != Info[regA]() {
		t.Fatal("relation not resolved")
	}
	// Idempotent for the same label, an error for another.
	if err := Register("reg", (*regA)(nil)); err != nil {
		t.Errorf("re-register: %v", err)
	}
	if err := Register("other", (*regA)(nil)); err == nil || !strings.Contains(err.Error(), "already registered as reg.regA") {
		t.Errorf("other label: %v", err)
	}
	if err := Register("reg", (*regC)(nil)); err == nil || !strings.Contains(err.Error(), `both use table "reg_rega"`) {
		t.Errorf("same table: %v", err)
	}
	if m, ok := Lookup("REG.rega"); !ok || m != Info[regA]() {
		t.Error("Lookup is case-insensitive on the label")
	}
	if _, ok := Lookup("reg.nope"); ok {
		t.Error("Lookup of an unknown label")
	}
	if b.Label != "reg.regB" || b.App != "reg" || b.Name != "regB" || b.DBTable != "reg_regb" || b.PK.Name != "ID" {
		t.Errorf("metadata: %+v", b)
	}
	if f, ok := b.Field("a_id"); !ok || f.QueryName != "a" {
		t.Error("a foreign key is found by its column")
	}
	// RegisterApps reports relations to unregistered models.
	err := RegisterApps(nil)
	if err != nil {
		t.Errorf("RegisterApps with nothing pending: %v", err)
	}
	err = RegisterApps([]apps.App{regApp{models: []any{(*regOrphan)(nil)}}})
	if err == nil || !strings.Contains(err.Error(), "reg2.regOrphan.T points at orm.tagTarget, which is not registered") {
		t.Errorf("unresolved relation: %v", err)
	}
}
