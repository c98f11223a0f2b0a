package orm

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/internal/textdist"
)

var (
	typeModel    = reflect.TypeFor[Model]()
	typeTime     = reflect.TypeFor[time.Time]()
	typeDuration = reflect.TypeFor[time.Duration]()
	typeDecimal  = reflect.TypeFor[Decimal]()
	typeUUID     = reflect.TypeFor[UUID]()
	typeFile     = reflect.TypeFor[File]()
	typeImage    = reflect.TypeFor[Image]()
	typeBytes    = reflect.TypeFor[[]byte]()
	typeRelation = reflect.TypeFor[relation]()
	typeM2M      = reflect.TypeFor[m2mRelation]()
	typeMetaProv = reflect.TypeFor[MetaProvider]()
)

// buildModel computes the metadata of the struct type t for app label.
func buildModel(app string, t reflect.Type) (*ModelInfo, error) {
	m := &ModelInfo{
		App:    app,
		Name:   t.Name(),
		Label:  app + "." + t.Name(),
		Type:   t,
		byName: map[string]*FieldInfo{},
	}
	if reflect.PointerTo(t).Implements(typeMetaProv) {
		m.Meta = reflect.New(t).Interface().(MetaProvider).Meta()
		if m.Meta.Abstract {
			if !embedsMeta(t) {
				return nil, fmt.Errorf("orm: %s: Meta says Abstract; an abstract base is embedded in models, not registered", m.Label)
			}
			m.Meta.Abstract = false // inherited from an abstract base, as in Django
		}
	}
	if err := m.walk(t, 0, nil); err != nil {
		return nil, err
	}
	if m.PK == nil {
		return nil, fmt.Errorf("orm: %s has no primary key: embed orm.Model or tag an int64, orm.UUID or string field `jazz:\"primary_key\"`", m.Label)
	}
	m.DBTable = m.Meta.Table
	if m.DBTable == "" {
		m.DBTable = app + "_" + strings.ToLower(m.Name)
	}
	if m.Meta.VerboseName == "" {
		m.Meta.VerboseName = verboseName(m.Name)
	}
	if m.Meta.VerboseNamePlural == "" {
		m.Meta.VerboseNamePlural = m.Meta.VerboseName + "s"
	}
	cols := map[string]string{}
	for i, f := range m.Fields {
		f.Position = i
		if prev, dup := cols[f.Column]; dup {
			return nil, fmt.Errorf("orm: %s: fields %s and %s both use column %q; rename one with db_column=", m.Label, prev, f.Name, f.Column)
		}
		cols[f.Column] = f.Name
		m.names = append(m.names, f.QueryName)
		m.byName[f.QueryName] = f
		m.byName[f.Name] = f
		if f.isFK {
			m.byName[f.Column] = f
		}
	}
	return m, nil
}

// embedsMeta reports whether some anonymous struct field of t provides
// Meta, so a Meta method on t may be promoted from an abstract base.
func embedsMeta(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && reflect.PointerTo(sf.Type).Implements(typeMetaProv) {
			return true
		}
	}
	return false
}

// walk adds the fields of struct t found at offset base, expanding
// anonymous embedded structs (orm.Model and abstract bases) in place.
func (m *ModelInfo) walk(t reflect.Type, base uintptr, path []string) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("jazz")
		if tag == "-" {
			continue
		}
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				return fmt.Errorf("orm: %s: embedded %s is a pointer; embed abstract bases and orm.Model by value", m.Label, sf.Name)
			}
			if ft.Kind() == reflect.Struct && !isValueStruct(ft) {
				if hasTag && ft != typeModel {
					return fmt.Errorf("orm: %s: embedded %s has a jazz tag; tag its fields instead", m.Label, sf.Name)
				}
				if ft == typeModel {
					m.modelOff, m.hasModel = base+sf.Offset, true // where Related finds its cache
				}
				if registry.byType[ft] != nil { // buildModel runs under registry.mu
					return fmt.Errorf("orm: %s: embeds the registered model %s; multi-table inheritance is not supported (embed an abstract base instead)", m.Label, ft.Name())
				}
				if err := m.walk(ft, base+sf.Offset, append(path, sf.Name)); err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		f, err := m.newField(sf, base+sf.Offset, tag)
		if err != nil {
			return err
		}
		if f.m2m {
			m.ManyToMany = append(m.ManyToMany, f) // no column
			continue
		}
		if f.PrimaryKey {
			if m.PK != nil {
				return fmt.Errorf("orm: %s: two primary keys, %s and %s (a model that embeds orm.Model already has ID)", m.Label, m.PK.Name, f.Name)
			}
			m.PK = f
		}
		m.Fields = append(m.Fields, f)
	}
	return nil
}

// isValueStruct reports whether t is a struct type used as a field value
// rather than a base to expand.
func isValueStruct(t reflect.Type) bool {
	return t == typeTime || t == typeDecimal || t.Implements(typeRelation)
}

func (m *ModelInfo) newField(sf reflect.StructField, offset uintptr, tag string) (*FieldInfo, error) {
	f := &FieldInfo{
		Model:     m,
		Name:      sf.Name,
		QueryName: snakeCase(sf.Name),
		GoType:    sf.Type,
		offset:    offset,
		Editable:  true,
	}
	f.Column = f.QueryName
	f.VerboseName = verboseName(sf.Name)
	fail := func(opt, format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		if opt != "" {
			return fmt.Errorf("orm: %s.%s: option %q: %s", m.Label, sf.Name, opt, msg)
		}
		return fmt.Errorf("orm: %s.%s: %s", m.Label, sf.Name, msg)
	}
	opts, err := parseTag(tag)
	if err != nil {
		return nil, fail("", "bad jazz tag: %v", err)
	}
	has := map[string]tagOption{}
	for _, o := range opts {
		takesVal, known := optionSpec[o.key]
		if !known {
			hint := ""
			best, bestD := "", 3
			for _, n := range optionNames() {
				if d := textdist.Levenshtein(o.key, n); d < bestD {
					best, bestD = n, d
				}
			}
			if best != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			return nil, fail(o.key, "unknown option%s; options are %s", hint, strings.Join(optionNames(), ", "))
		}
		if takesVal && !o.hasVal {
			return nil, fail(o.key, "needs a value (%s=...)", o.key)
		}
		if !takesVal && o.hasVal {
			return nil, fail(o.key, "takes no value; write just %q", o.key)
		}
		if _, dup := has[o.key]; dup {
			return nil, fail(o.key, "given twice")
		}
		has[o.key] = o
	}
	flag := func(k string) bool { _, ok := has[k]; return ok }
	intOpt := func(k string) (int, error) {
		o, ok := has[k]
		if !ok {
			return 0, nil
		}
		n, err := strconv.Atoi(o.val)
		if err != nil || n <= 0 {
			return 0, fail(k, "want a positive integer, got %q", o.val)
		}
		return n, nil
	}
	// onlyFor rejects options that do not apply to this field's kind.
	onlyFor := func(what string, ok bool, names ...string) error {
		if ok {
			return nil
		}
		for _, n := range names {
			if flag(n) {
				return fail(n, "only applies to %s fields, not %s", what, sf.Type)
			}
		}
		return nil
	}

	t := sf.Type
	if t.Kind() == reflect.Pointer && t != typeBytes {
		f.ptr = true
		f.Null = true
		t = t.Elem()
	}
	if t.Implements(typeM2M) {
		if f.ptr {
			return nil, fail("", "use orm.ManyToMany[T] by value")
		}
		f.m2m = true
		f.Column = ""
		f.Position = -1
		f.RelatedType = reflect.Zero(t).Interface().(m2mRelation).m2mTarget()
		f.Blank = true // a set may be empty
	} else if t.Implements(typeRelation) {
		if f.ptr {
			return nil, fail("", "use orm.ForeignKey[T] by value; add the null option for a nullable relation")
		}
		f.isFK = true
		f.rep = repFK
		f.Kind = db.KindInt64
		f.Column = f.QueryName + "_id"
		f.RelatedType = reflect.Zero(t).Interface().(relation).relatedType()
		f.Index = true
		_, f.OneToOne = reflect.Zero(t).Interface().(interface{ oneToOne() })
	} else {
		f.rep, f.Kind = repFor(t, flag("json"))
		if f.rep == repInvalid {
			return nil, fail("", "unsupported field type %s (tag it `jazz:\"-\"` to skip it, or `jazz:\"json\"` to store it as JSON)", sf.Type)
		}
	}

	// Options that change the kind.
	isString := f.rep == repString
	isTime := f.rep == repTime
	isInt := f.rep >= repInt && f.rep <= repUint64
	if err := onlyFor("string", isString, "max_length", "email", "url", "slug", "ip"); err != nil {
		return nil, err
	}
	isFile := t == typeFile || t == typeImage
	if err := onlyFor("orm.File or orm.Image", isFile, "upload_to"); err != nil {
		return nil, err
	}
	if err := onlyFor("time.Time", isTime, "date", "time", "auto_now", "auto_now_add"); err != nil {
		return nil, err
	}
	if err := onlyFor("orm.Decimal", f.rep == repDecimal, "max_digits", "decimal_places"); err != nil {
		return nil, err
	}
	if err := onlyFor("integer", isInt, "positive"); err != nil {
		return nil, err
	}
	if err := onlyFor("orm.ForeignKey", f.isFK, "on_delete"); err != nil {
		return nil, err
	}
	if err := onlyFor("relation", f.isFK || f.m2m, "related_name"); err != nil {
		return nil, err
	}
	if err := onlyFor("orm.ManyToMany", f.m2m, "through"); err != nil {
		return nil, err
	}
	if f.m2m {
		for _, o := range opts {
			switch o.key {
			case "related_name", "through", "blank", "help_text", "verbose_name":
			default:
				return nil, fail(o.key, "does not apply to a ManyToMany field (it has no column)")
			}
		}
		f.RelatedName = has["related_name"].val
		f.ThroughName = has["through"].val
		f.HelpText = has["help_text"].val
		if o, ok := has["verbose_name"]; ok {
			f.VerboseName = o.val
		}
		return f, nil
	}
	if f.MaxLength, err = intOpt("max_length"); err != nil {
		return nil, err
	}
	if isString {
		formats := 0
		for _, k := range []string{"email", "url", "slug", "ip"} {
			if flag(k) {
				formats++
				f.Format = k
			}
		}
		if formats > 1 {
			return nil, fail("", "email, url, slug and ip are exclusive; choose one")
		}
		if isFile {
			if formats > 0 {
				return nil, fail(f.Format, "does not apply to a file field")
			}
			f.Format, f.UploadTo = "file", has["upload_to"].val
			if t == typeImage {
				f.Format = "image"
			}
		}
		if f.MaxLength == 0 {
			// Django's defaults for the validating char and file fields.
			f.MaxLength = map[string]int{"email": 254, "url": 200, "slug": 50, "ip": 39, "file": 100, "image": 100}[f.Format]
		}
		if f.MaxLength > 0 {
			f.Kind = db.KindChar
		}
	}
	if isTime {
		switch {
		case flag("date") && flag("time"):
			return nil, fail("time", "date and time are exclusive")
		case flag("date"):
			f.Kind = db.KindDate
		case flag("time"):
			f.Kind = db.KindTime
		}
		f.AutoNow, f.AutoNowAdd = flag("auto_now"), flag("auto_now_add")
		if f.AutoNow && f.AutoNowAdd {
			return nil, fail("auto_now_add", "auto_now and auto_now_add are exclusive")
		}
		if f.AutoNow || f.AutoNowAdd {
			f.Editable, f.Blank = false, true
		}
	}
	if f.rep == repDecimal {
		if f.MaxDigits, err = intOpt("max_digits"); err != nil {
			return nil, err
		}
		if _, ok := has["decimal_places"]; ok {
			n, err := strconv.Atoi(has["decimal_places"].val)
			if err != nil || n < 0 {
				return nil, fail("decimal_places", "want an integer >= 0, got %q", has["decimal_places"].val)
			}
			f.DecimalPlaces = n
		}
		if f.MaxDigits == 0 || !flag("decimal_places") {
			return nil, fail("", "a decimal field needs max_digits and decimal_places")
		}
		if f.DecimalPlaces > f.MaxDigits {
			return nil, fail("decimal_places", "%d is more than max_digits (%d)", f.DecimalPlaces, f.MaxDigits)
		}
	}
	if isInt {
		f.Positive = flag("positive") || f.rep >= repUint
	}
	if flag("null") {
		nullable := f.ptr || f.isFK || f.rep == repJSON && nilable(t) || f.rep == repBytes
		if !nullable {
			return nil, fail("null", "needs a pointer type (*%s) so NULL can be told apart from the zero value", t)
		}
		f.Null = true
	}
	f.Blank = f.Blank || flag("blank")
	f.Unique = flag("unique") || f.OneToOne
	f.Index = f.Index || flag("index") || flag("db_index")
	f.JSON = f.rep == repJSON
	if o, ok := has["db_column"]; ok {
		if o.val == "" {
			return nil, fail("db_column", "empty column name")
		}
		f.Column = o.val
	}
	if o, ok := has["editable"]; ok {
		b, err := strconv.ParseBool(o.val)
		if err != nil {
			return nil, fail("editable", "want true or false, got %q", o.val)
		}
		f.Editable = b
	}
	f.HelpText = has["help_text"].val
	if o, ok := has["verbose_name"]; ok {
		f.VerboseName = o.val
	}
	if flag("primary_key") {
		switch {
		case f.ptr:
			return nil, fail("primary_key", "a primary key cannot be a pointer")
		case f.rep == repInt64:
			f.Kind = db.KindAuto
			f.Editable = false
			f.Blank = true
		case f.rep == repUUID:
			f.Blank = true
		case f.rep == repString && f.Format != "file" && f.Format != "image":
			// A natural key (Django's CharField(primary_key=True)): the
			// caller gives it, so it is editable and, unless tagged
			// blank, required by FullClean. MySQL cannot key a TEXT
			// column, hence the length.
			if f.Kind != db.KindChar {
				return nil, fail("primary_key", "a string primary key needs max_length (a TEXT column cannot be a key on every database)")
			}
		default:
			return nil, fail("primary_key", "a primary key must be int64 (auto-incrementing), orm.UUID or a string with max_length, not %s", sf.Type)
		}
		f.PrimaryKey, f.Unique = true, false
	}
	if f.isFK {
		o, ok := has["on_delete"]
		if !ok {
			return nil, fail("", "a ForeignKey needs on_delete (cascade, protect, restrict, set_null, set_default or do_nothing)")
		}
		switch od := OnDelete(o.val); od {
		case Cascade, Protect, Restrict, SetNull, SetDefault, DoNothing:
			f.OnDelete = od
		default:
			return nil, fail("on_delete", "unknown action %q (want cascade, protect, restrict, set_null, set_default or do_nothing)", o.val)
		}
		if f.OnDelete == SetNull && !f.Null {
			return nil, fail("on_delete", "set_null needs the null option")
		}
		f.RelatedName = has["related_name"].val
		f.VerboseName = verboseName(sf.Name)
	}
	if o, ok := has["choices"]; ok {
		cs, err := parseChoices(o.val)
		if err != nil {
			return nil, fail("choices", "%v", err)
		}
		for _, c := range cs {
			if _, err := f.parseLiteral(c.Value); err != nil {
				return nil, fail("choices", "value %q: %v", c.Value, err)
			}
		}
		f.Choices = cs
	}
	if o, ok := has["default"]; ok {
		if f.rep == repUUID && o.val == "uuid4" {
			f.DefaultUUID4, f.HasDefault = true, true
		} else {
			v, err := f.parseLiteral(o.val)
			if err != nil {
				return nil, fail("default", "%v", err)
			}
			if f.Choices != nil && !f.hasChoice(o.val) {
				return nil, fail("default", "%q is not one of the choices", o.val)
			}
			f.Default, f.HasDefault = v, true
		}
	}
	if f.MaxLength > 0 && f.HasDefault {
		if s, ok := f.Default.(string); ok && len([]rune(s)) > f.MaxLength {
			return nil, fail("default", "longer than max_length %d", f.MaxLength)
		}
	}
	return f, nil
}

func nilable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface:
		return true
	}
	return false
}

// repFor maps a Go type (pointer already removed) to its representation
// and default kind.
func repFor(t reflect.Type, jsonOpt bool) (rep, db.Kind) {
	if jsonOpt {
		return repJSON, db.KindJSON
	}
	switch t {
	case typeTime:
		return repTime, db.KindDateTime
	case typeDuration:
		return repDuration, db.KindDuration
	case typeDecimal:
		return repDecimal, db.KindDecimal
	case typeUUID:
		return repUUID, db.KindUUID
	case typeBytes:
		return repBytes, db.KindBinary
	}
	switch t.Kind() {
	case reflect.String:
		return repString, db.KindText
	case reflect.Bool:
		return repBool, db.KindBool
	case reflect.Int:
		if unsafe.Sizeof(int(0)) != 8 {
			return repInvalid, 0
		}
		return repInt, db.KindInt64
	case reflect.Int8:
		return repInt8, db.KindInt16
	case reflect.Int16:
		return repInt16, db.KindInt16
	case reflect.Int32:
		return repInt32, db.KindInt32
	case reflect.Int64:
		return repInt64, db.KindInt64
	case reflect.Uint:
		return repUint, db.KindInt64
	case reflect.Uint8:
		return repUint8, db.KindInt16
	case reflect.Uint16:
		return repUint16, db.KindInt32
	case reflect.Uint32:
		return repUint32, db.KindInt64
	case reflect.Uint64:
		return repUint64, db.KindInt64
	case reflect.Float32:
		return repFloat32, db.KindFloat64
	case reflect.Float64:
		return repFloat64, db.KindFloat64
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return repJSON, db.KindJSON
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Interface {
			return repJSON, db.KindJSON
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return repJSON, db.KindJSON
		}
	}
	return repInvalid, 0
}

// parseLiteral parses a default or choice value written in a tag into the
// field's base Go value.
func (f *FieldInfo) parseLiteral(s string) (any, error) {
	switch f.rep {
	case repString:
		return s, nil
	case repBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("want true or false, got %q", s)
		}
		return b, nil
	case repInt, repInt8, repInt16, repInt32, repInt64, repUint, repUint8, repUint16, repUint32, repUint64, repFK:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want an integer, got %q", s)
		}
		if f.Positive && n < 0 {
			return nil, fmt.Errorf("%d is negative", n)
		}
		return n, nil
	case repFloat32, repFloat64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("want a number, got %q", s)
		}
		return x, nil
	case repDecimal:
		return ParseDecimal(s)
	case repDuration:
		return time.ParseDuration(s)
	case repUUID:
		return ParseUUID(s)
	case repBytes:
		return []byte(s), nil
	case repJSON:
		if !json.Valid([]byte(s)) {
			return nil, fmt.Errorf("%q is not valid JSON", s)
		}
		return s, nil
	case repTime:
		return nil, fmt.Errorf("time fields take no default; use auto_now_add or auto_now")
	}
	return nil, fmt.Errorf("no literal form for %s", f.GoType)
}

func (f *FieldInfo) hasChoice(s string) bool {
	for _, c := range f.Choices {
		if c.Value == s {
			return true
		}
	}
	return false
}

// isZero reports whether the field of the struct at base holds its zero
// value (nil for pointers).
func (f *FieldInfo) isZero(base unsafe.Pointer) bool {
	p := f.at(base)
	if f.ptr {
		return *(*unsafe.Pointer)(p) == nil
	}
	switch f.rep {
	case repString:
		return *(*string)(p) == ""
	case repInt64, repUint64, repDuration, repInt, repUint:
		return *(*int64)(p) == 0
	case repBool:
		return !*(*bool)(p)
	case repTime:
		return (*(*time.Time)(p)).IsZero()
	case repUUID:
		return *(*UUID)(p) == UUID{}
	case repDecimal:
		return (*(*Decimal)(p)).s == ""
	case repFK:
		h := (*fkHeader)(p)
		return h.id == 0 && h.obj == nil
	}
	return reflect.NewAt(f.GoType, p).Elem().IsZero()
}

// applyDefaults sets the default of every field that has one: all of them
// when all is true, else only those still at their zero value.
func (m *ModelInfo) applyDefaults(base unsafe.Pointer, all bool) {
	for _, f := range m.Fields {
		if !f.HasDefault || (!all && !f.isZero(base)) {
			continue
		}
		if f.DefaultUUID4 {
			store(f.at(base), f.ptr, NewUUID())
			continue
		}
		v := f.Default
		if d, ok := v.(Decimal); ok {
			v = d.String()
		}
		// Defaults were checked at registration, so this cannot fail.
		_ = f.setConverted(f.at(base), v)
	}
}
