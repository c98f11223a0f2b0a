package orm

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// Model gives a model the automatic primary key: embed it first in every
// model struct that does not declare its own primary key field.
//
//	type Post struct {
//		orm.Model
//		Title string `jazz:"max_length=200"`
//	}
//
// ID is zero until the row is inserted; Create and Save fill it.
type Model struct {
	ID int64 `jazz:"primary_key"`

	// related holds the reverse and many-to-many sets PrefetchRelated
	// loaded for this object (see Related); nil until then.
	related *relatedCache
}

// MetaProvider is implemented by a model that has options beyond its
// fields (Django's class Meta). Declare it on the pointer receiver:
//
//	func (*Post) Meta() orm.Meta { return orm.Meta{Ordering: []string{"-created"}} }
//
// Meta is called once, at registration.
type MetaProvider interface {
	Meta() Meta
}

// Meta holds a model's options. Every field name in it is a query name
// (snake_case, "created_at") or a Go field name.
type Meta struct {
	// Table overrides the table name; the default is
	// "<app label>_<lower-case model name>" ("blog_post").
	Table string
	// Ordering is the default order of QuerySets ("-created", "title");
	// OrderBy replaces it.
	Ordering []string
	// UniqueTogether lists sets of fields whose values must be unique
	// together.
	UniqueTogether [][]string
	// Indexes are extra (multi-column) indexes.
	Indexes []Index
	// Constraints are table-level unique and check constraints.
	Constraints []Constraint
	// VerboseName is the human name of one object ("blog post"); the
	// default splits the Go name ("BlogPost" -> "blog post").
	VerboseName string
	// VerboseNamePlural defaults to VerboseName + "s".
	VerboseNamePlural string
	// Abstract marks a base struct that only lends its fields to the
	// models embedding it. Registering a struct whose own Meta says
	// Abstract is an error; a Meta promoted from an embedded abstract base
	// is inherited with Abstract ignored, as in Django.
	Abstract bool
}

// Index is an extra database index over one or more fields.
type Index struct {
	// Name defaults to "<table>_<columns>_idx".
	Name   string
	Fields []string
}

// Constraint is a table-level constraint: a unique constraint over Fields
// (optionally partial, with Condition) or a CHECK with the SQL expression
// Check. Condition and Check are SQL written by the developer, using column
// names; they are never built from user input.
type Constraint struct {
	Name      string
	Fields    []string
	Condition string
	Check     string
}

// OnDelete is what happens to rows that point, through a ForeignKey or
// OneToOne, at a deleted row. The deletion collector (see Delete and
// Collect) enforces it in Go, so every database behaves alike.
type OnDelete string

// The on_delete choices, as Django names them.
const (
	Cascade    OnDelete = "cascade"
	Protect    OnDelete = "protect"
	Restrict   OnDelete = "restrict"
	SetNull    OnDelete = "set_null"
	SetDefault OnDelete = "set_default"
	DoNothing  OnDelete = "do_nothing"
)

// Choice is one allowed value of a field with choices. Value is the stored
// value as text (as it appears in the tag); Label is what people see.
type Choice struct {
	Value string
	Label string
}

// ModelInfo is the read-only metadata of a registered model: what the ORM,
// migrations, forms, the admin and REST serializers all read. It is built
// once by Register and must not be modified; it is safe for concurrent use
// once registration has finished.
type ModelInfo struct {
	// Label is "<app>.<Name>", e.g. "blog.Post".
	Label string
	// App is the app label ("blog").
	App string
	// Name is the Go type name ("Post").
	Name string
	// DBTable is the table name ("blog_post"); see also Table for the DDL.
	DBTable string
	// Fields are the concrete fields in declaration order (embedded
	// structs expanded in place).
	Fields []*FieldInfo
	// PK is the primary key field (also in Fields).
	PK *FieldInfo
	// Meta is the options as declared, with VerboseName and
	// VerboseNamePlural filled in.
	Meta Meta
	// Type is the struct type (not the pointer).
	Type reflect.Type
	// ManyToMany are the model's many-to-many fields, which have no
	// column and so are not in Fields.
	ManyToMany []*FieldInfo
	// Reverse are the relations of other models that point at this one
	// (ForeignKey, OneToOne and ManyToMany fields), by their reverse
	// names; a relation with related_name "+" has none and is not listed.
	Reverse []*ReverseRelation
	// AutoCreated marks the through model the ORM makes for a
	// ManyToMany field without a through option; it is reached through
	// FieldInfo.Through and not listed by Models.
	AutoCreated bool

	byName  map[string]*FieldInfo // query name, Go name and column (FKs)
	names   []string              // query names, for error messages
	pending []*FieldInfo          // relations not resolved yet
	checked bool                  // Meta validated
	cache   sync.Map              // dialect name -> *dialectSQL

	// Relations (reverse.go): every foreign key pointing here, named
	// or not (for the deletion collector); the joins behind reverse and
	// many-to-many names; where the embedded orm.Model sits.
	incoming []*FieldInfo
	relHops  map[string]relHop
	modelOff uintptr
	hasModel bool
}

// Field returns the field with the given query name ("created_at"), Go
// name ("CreatedAt") or, for a foreign key, column ("author_id"); ok is
// false when there is none.
func (m *ModelInfo) Field(name string) (*FieldInfo, bool) {
	f, ok := m.byName[name]
	if !ok && name == "pk" {
		return m.PK, true
	}
	return f, ok
}

// FieldNames returns the query names of the fields in order. The caller
// must not modify the slice.
func (m *ModelInfo) FieldNames() []string { return m.names }

// New returns a new zero instance of the model as an untyped pointer with
// every default applied (see FieldInfo.Default).
func (m *ModelInfo) New() any {
	v := reflect.New(m.Type)
	m.applyDefaults(v.UnsafePointer(), true)
	bindM2M(m, v.UnsafePointer())
	return v.Interface()
}

// FieldInfo is the read-only metadata of one model field.
type FieldInfo struct {
	// Model is the model the field belongs to.
	Model *ModelInfo
	// Name is the Go field name ("CreatedAt").
	Name string
	// QueryName is the name used in lookups, ordering, Values keys,
	// ValidationErrors keys and forms: snake_case of the Go name
	// ("created_at", "author").
	QueryName string
	// Column is the database column ("created_at", "author_id").
	Column string
	// Kind is the storage kind. A foreign key has the kind of the column
	// that stores the target's key (KindInt64).
	Kind db.Kind
	// GoType is the field's Go type.
	GoType reflect.Type
	// Position is the index of the field in ModelInfo.Fields.
	Position int

	// PrimaryKey: the field is the model's primary key (ModelInfo.PK).
	PrimaryKey bool
	// MaxLength is the limit of a char field in characters (0: none).
	MaxLength int
	// MaxDigits and DecimalPlaces are a decimal field's precision and
	// scale.
	MaxDigits, DecimalPlaces int
	// Null: the column accepts NULL (pointer fields, nullable JSON,
	// binary and foreign keys tagged null).
	Null bool
	// Blank: validation accepts an empty value.
	Blank bool
	// Unique: a UNIQUE constraint on the column.
	Unique bool
	// Index: an index on the column (db_index). Foreign keys are
	// indexed too.
	Index bool
	// Editable is false for fields that forms and the admin must not
	// offer (editable=false, auto_now, auto_now_add, the automatic key).
	Editable bool
	// Default is the default value as the Go value of the field's base
	// type (string, bool, int64 for every integer and foreign key,
	// float64, Decimal, time.Duration, UUID, []byte, or the JSON text of
	// a JSON field), or nil when there is none. HasDefault reports
	// whether there is one (also true for DefaultUUID4).
	Default    any
	HasDefault bool
	// DefaultUUID4: a UUID field whose default is a new random UUID.
	DefaultUUID4 bool
	// Choices are the allowed values, in order; nil when unrestricted.
	Choices []Choice
	// HelpText and VerboseName are for forms and the admin.
	HelpText, VerboseName string
	// AutoNow: set to the current time on every save; AutoNowAdd: on
	// insert only.
	AutoNow, AutoNowAdd bool
	// Format is the validating variant of a char field: "email", "url",
	// "slug", "ip", or "file" and "image" for orm.File and orm.Image
	// fields (which store a name in storage); "" for plain text.
	Format string
	// UploadTo is the storage directory of a file field's uploads (the
	// upload_to option).
	UploadTo string
	// Positive: the value must be >= 0 (unsigned types and the positive
	// option; a CHECK constraint in the database).
	Positive bool
	// JSON: the value is stored as a JSON document.
	JSON bool

	// RelatedModel is the target of a foreign key (nil otherwise, and
	// until the target is registered).
	RelatedModel *ModelInfo
	// RelatedType is the Go type of a foreign key's target.
	RelatedType reflect.Type
	// OnDelete and RelatedName are a foreign key's options
	// (RelatedName also a ManyToMany's).
	OnDelete    OnDelete
	RelatedName string
	// OneToOne: the relation is an orm.OneToOne (a unique foreign key).
	OneToOne bool
	// Through is the model holding the rows of a ManyToMany field: the
	// model named by the through option, or one the ORM made
	// (AutoCreated, table "<app>_<model>_<field>"). ThroughName is the
	// option as written ("" when automatic).
	Through     *ModelInfo
	ThroughName string

	offset uintptr
	rep    rep
	ptr    bool // the Go field is a pointer (nullable)
	isFK   bool
	// Many-to-many (m2m.go) and the synthetic hops of reverse joins
	// (reverse.go).
	m2m            bool
	m2mSrc, m2mDst *FieldInfo // the through model's foreign keys
	reverse        *FieldInfo // a reverse hop: the foreign key it follows back
	many           bool       // the hop may match many rows
}

// IsRelation reports whether f is a foreign key (ForeignKey or OneToOne).
func (f *FieldInfo) IsRelation() bool { return f.isFK }

// IsManyToMany reports whether f is a ManyToMany field.
func (f *FieldInfo) IsManyToMany() bool { return f.m2m }

// String returns "<label>.<query name>".
func (f *FieldInfo) String() string { return f.Model.Label + "." + f.QueryName }

// at returns the address of the field inside the struct at base.
func (f *FieldInfo) at(base unsafe.Pointer) unsafe.Pointer { return unsafe.Add(base, f.offset) }
