package modelform

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"reflect"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/storage"
)

// Options choose and adjust the fields of a ModelForm. Every name is a
// field's query name ("created_at", "author") or its Go name.
type Options struct {
	// Fields lists the model fields to offer, in this order; nil means
	// every editable field in declaration order.
	Fields []string
	// Exclude removes fields from the list.
	Exclude []string
	// Labels, HelpTexts and Widgets override the defaults derived from
	// the model (verbose_name, help_text, the field type's widget).
	Labels    map[string]string
	HelpTexts map[string]string
	Widgets   map[string]*forms.Widget
	// Sources override the objects offered by a relation field; the
	// default is every row of the target model (see QuerySource).
	Sources map[string]Source
	// Prefix namespaces the input names, as forms.Form.Prefix.
	Prefix string
	// StoreFile saves an upload of a File or Image field and returns the
	// name to keep in the model. Nil saves it in the storage of the
	// context (storage.FromContext: the project's MediaRoot) under the
	// field's upload_to directory with a safe name, as Django's FileField
	// does.
	StoreFile func(ctx context.Context, field string, u forms.Upload) (string, error)
	// ExtraFields are appended after the model's fields; the form cleans
	// them but never copies them into the object (a formset's DELETE and
	// ORDER, a "confirm password" box).
	ExtraFields []forms.Field
}

// Form edits one model object of type T: a forms.Form whose fields come
// from the model's metadata, plus the object (the instance) it fills and
// saves. A Form serves one request and is not safe for concurrent use.
type Form[T any] struct {
	*forms.Form
	info     *orm.ModelInfo
	instance *T
	ctx      context.Context
	opts     Options
	// model holds the model field behind each form field, in form order.
	model map[string]*orm.FieldInfo

	modelChecked bool
	m2mPending   map[*orm.FieldInfo][]int64
}

// New builds the form for T. instance is the object to edit (Update) or a
// new object with some fields already set (say, the author); nil means a
// new object with the model's defaults. ctx must carry the database (the
// request's context): New loads the choices of relation fields from it,
// IsValid checks uniqueness on it. The error reports an unregistered model,
// an unknown field name in opts, or a failed query.
func New[T any](ctx context.Context, instance *T, opts Options) (*Form[T], error) {
	info := orm.Info[T]()
	if info == nil {
		return nil, fmt.Errorf("modelform: %s: %w", reflect.TypeFor[T](), orm.ErrNotRegistered)
	}
	if instance == nil {
		instance = info.New().(*T)
	}
	f := &Form[T]{info: info, instance: instance, ctx: ctx, opts: opts, model: map[string]*orm.FieldInfo{}}
	// An unsaved object offers only the fields set on it; its zero values
	// are not initial data, so an untouched extra form stays unchanged.
	isNew := f.pk() == 0
	chosen, err := selectFields(info, opts)
	if err != nil {
		return nil, err
	}
	fields := make([]forms.Field, 0, len(chosen))
	initial := map[string]any{}
	for _, mf := range chosen {
		fd, err := f.formField(ctx, mf)
		if err != nil {
			return nil, err
		}
		b := fd.Common()
		if l, ok := lookup(opts.Labels, mf); ok {
			b.Label = l
		}
		if h, ok := lookup(opts.HelpTexts, mf); ok {
			b.HelpText = h
		}
		if w, ok := lookup(opts.Widgets, mf); ok {
			b.Widget = w
		}
		fields = append(fields, fd)
		f.model[mf.QueryName] = mf
		if v, ok, err := f.initialOf(ctx, mf, isNew); err != nil {
			return nil, err
		} else if ok {
			initial[mf.QueryName] = v
		}
	}
	f.Form = forms.New(append(fields, opts.ExtraFields...)...)
	f.Form.Prefix = opts.Prefix
	f.Form.Initial = initial
	return f, nil
}

// lookup finds an option by query name or Go name.
func lookup[V any](m map[string]V, mf *orm.FieldInfo) (V, bool) {
	if v, ok := m[mf.QueryName]; ok {
		return v, true
	}
	v, ok := m[mf.Name]
	return v, ok
}

// selectFields resolves Options.Fields and Exclude against the model.
func selectFields(info *orm.ModelInfo, opts Options) ([]*orm.FieldInfo, error) {
	find := func(name string) (*orm.FieldInfo, error) {
		if mf, ok := info.Field(name); ok {
			return mf, nil
		}
		for _, mf := range info.ManyToMany {
			if mf.QueryName == name || mf.Name == name {
				return mf, nil
			}
		}
		return nil, fmt.Errorf("modelform: %s has no field %q (fields: %v)", info.Label, name, info.FieldNames())
	}
	var out []*orm.FieldInfo
	if opts.Fields != nil {
		for _, name := range opts.Fields {
			mf, err := find(name)
			if err != nil {
				return nil, err
			}
			if !mf.Editable {
				return nil, fmt.Errorf("modelform: %s: field %q is not editable", info.Label, name)
			}
			out = append(out, mf)
		}
	} else {
		for _, mf := range info.Fields {
			if mf.Editable && !mf.PrimaryKey && mf.Kind != db.KindBinary {
				out = append(out, mf)
			}
		}
		for _, mf := range info.ManyToMany {
			if mf.Editable {
				out = append(out, mf)
			}
		}
	}
	for _, name := range opts.Exclude {
		mf, err := find(name)
		if err != nil {
			return nil, err
		}
		out = slices.DeleteFunc(out, func(x *orm.FieldInfo) bool { return x == mf })
	}
	return out, nil
}

// formField derives the form field of one model field.
func (f *Form[T]) formField(ctx context.Context, mf *orm.FieldInfo) (forms.Field, error) {
	base := forms.Base{
		Name:     mf.QueryName,
		Label:    capitalise(mf.VerboseName),
		HelpText: mf.HelpText,
		Required: !mf.Blank,
	}
	if mf.HasDefault && mf.Default != nil {
		base.Initial = initialValue(mf, mf.Default)
	}
	if mf.IsRelation() || mf.IsManyToMany() {
		src, ok := lookup(f.opts.Sources, mf)
		if !ok {
			if mf.RelatedModel == nil {
				return nil, fmt.Errorf("modelform: %s: the target of %s is not registered", f.info.Label, mf.QueryName)
			}
			src = tableSource(mf.RelatedModel)
		}
		opts, err := src(ctx)
		if err != nil {
			return nil, err
		}
		if mf.IsManyToMany() {
			base.Widget = forms.SelectMultiple()
			return &ModelMultipleChoice{Base: base, Options: opts}, nil
		}
		return &ModelChoice{Base: base, Options: opts}, nil
	}
	if mf.Choices != nil {
		options := make([]forms.Option, 0, len(mf.Choices)+1)
		if !mf.HasDefault || mf.Blank {
			options = append(options, forms.Option{Value: "", Label: "---------"})
		}
		for _, c := range mf.Choices {
			options = append(options, forms.Option{Value: c.Value, Label: c.Label})
		}
		return &forms.Choice{Base: base, Options: options}, nil
	}
	switch mf.Format {
	case "email":
		return &forms.Email{Base: base, MaxLength: mf.MaxLength}, nil
	case "url":
		return &forms.URL{Base: base, MaxLength: mf.MaxLength}, nil
	case "slug":
		return &forms.Slug{Base: base, MaxLength: mf.MaxLength}, nil
	case "file":
		return &forms.File{Base: base, MaxNameLength: mf.MaxLength}, nil
	case "image":
		return &forms.Image{File: forms.File{Base: base, MaxNameLength: mf.MaxLength}}, nil
	}
	switch mf.Kind {
	case db.KindChar:
		return &forms.Char{Base: base, MaxLength: mf.MaxLength}, nil
	case db.KindText:
		base.Widget = forms.Textarea()
		return &forms.Char{Base: base}, nil
	case db.KindBool:
		if mf.Null {
			return &forms.NullBool{Base: base}, nil
		}
		// An unticked box is false, never missing: Django's BooleanField.
		base.Required = false
		return &forms.Bool{Base: base}, nil
	case db.KindInt16, db.KindInt32, db.KindInt64, db.KindAuto:
		fd := &forms.Int{Base: base}
		if mf.Positive {
			fd.Min = forms.Ptr[int64](0)
		}
		return fd, nil
	case db.KindFloat64:
		return &forms.Float{Base: base}, nil
	case db.KindDecimal:
		return &forms.Decimal{Base: base, MaxDigits: mf.MaxDigits, DecimalPlaces: mf.DecimalPlaces}, nil
	case db.KindDate:
		return &forms.Date{Base: base}, nil
	case db.KindTime:
		return &forms.Time{Base: base}, nil
	case db.KindDateTime:
		return &forms.DateTime{Base: base}, nil
	case db.KindDuration:
		return &forms.Duration{Base: base}, nil
	case db.KindUUID:
		return &forms.UUID{Base: base}, nil
	case db.KindJSON:
		return &forms.JSON{Base: base}, nil
	}
	return nil, fmt.Errorf("modelform: %s: no form field for %s (kind %d); exclude it", f.info.Label, mf.QueryName, mf.Kind)
}

// capitalise upper-cases the first letter of a verbose name, as Django's
// model form labels do.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// initialValue turns a model value into what the form field formats.
func initialValue(mf *orm.FieldInfo, v any) any {
	switch x := v.(type) {
	case orm.Decimal:
		return x.String()
	case orm.UUID:
		if x.IsZero() {
			return nil
		}
		return x.String()
	case orm.File:
		return string(x)
	case orm.Image:
		return string(x)
	case time.Time:
		if x.IsZero() {
			return nil
		}
	}
	if mf.Kind == db.KindDecimal || mf.Kind == db.KindUUID {
		if s, ok := v.(fmt.Stringer); ok {
			return s.String()
		}
	}
	return v
}

// initialOf reads the instance's value of mf for the form's initial data.
// A new object contributes only the fields set before New (non-zero);
// defaults come from the field's own Initial.
func (f *Form[T]) initialOf(ctx context.Context, mf *orm.FieldInfo, isNew bool) (any, bool, error) {
	fv := reflect.ValueOf(f.instance).Elem().FieldByName(mf.Name)
	if mf.IsManyToMany() {
		if isNew || f.pk() == 0 {
			return nil, false, nil
		}
		m, ok := fv.Addr().Interface().(interface {
			IDs(context.Context) ([]int64, error)
		})
		if !ok {
			return nil, false, nil
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, false, fmt.Errorf("modelform: initial %s: %w", mf, err)
		}
		return ids, true, nil
	}
	if isNew && fv.IsZero() {
		return nil, false, nil
	}
	if mf.IsRelation() {
		id := fv.Interface().(interface{ ID() int64 }).ID()
		if id == 0 {
			return nil, true, nil
		}
		return id, true, nil
	}
	if fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return nil, true, nil
		}
		fv = fv.Elem()
	}
	return initialValue(mf, fv.Interface()), true, nil
}

// pk is the instance's primary key (0 before it is saved).
func (f *Form[T]) pk() int64 {
	v := reflect.ValueOf(f.instance).Elem().FieldByName(f.info.PK.Name)
	switch v.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16:
		return v.Int()
	}
	if !v.IsZero() {
		return -1 // a non-integer key that is set
	}
	return 0
}

// Instance returns the object the form edits: the one given to New, or the
// new one it made. IsValid fills it from the cleaned data; Save stores it.
func (f *Form[T]) Instance() *T { return f.instance }

// Bind attaches submitted data and files and forgets earlier validation.
func (f *Form[T]) Bind(data url.Values, files forms.Files) *Form[T] {
	f.Form.Bind(data, files)
	f.modelChecked, f.m2mPending = false, nil
	return f
}

// IsValid cleans the form, then fills the instance from the cleaned data
// and runs the model's validation (orm's FullClean: lengths, choices,
// uniqueness, the model's Clean). Model errors join the form errors, on
// their field or, for several fields together, as non-field errors;
// errors on fields the form does not show are dropped, as Django does,
// since the form cannot fix them (the code that sets those fields owns
// them). Later calls return the same answer until Bind.
func (f *Form[T]) IsValid() bool {
	if !f.Form.IsValid() {
		return false
	}
	if f.modelChecked {
		return true
	}
	f.modelChecked = true
	if err := f.fill(); err != nil {
		f.AddError("", err)
		return false
	}
	err := f.info.FullClean(f.ctx, f.instance)
	var verrs orm.ValidationErrors
	switch {
	case err == nil:
		return true
	case errors.As(err, &verrs):
		for name, list := range verrs {
			key := name
			if name == orm.NonFieldErrors {
				key = ""
			} else if mf, ok := f.info.Field(name); ok {
				if _, shown := f.model[mf.QueryName]; !shown {
					continue
				}
				key = mf.QueryName
			}
			for _, e := range list {
				f.AddError(key, forms.Errorf(e.Code, e.Message))
			}
		}
	default:
		f.AddError("", fmt.Errorf("modelform: validating %s: %w", f.info.Label, err))
	}
	return len(f.Form.Errors()) == 0
}

// Errors returns the form and model errors by field name (see
// forms.Form.Errors); it validates first.
func (f *Form[T]) Errors() map[string]forms.ErrorList {
	if f.IsBound() {
		f.IsValid()
	}
	return f.Form.Errors()
}

// fill copies the cleaned data into the instance. Uploads are not stored
// yet (Save does it); many-to-many keys wait for the row.
func (f *Form[T]) fill() error {
	obj := reflect.ValueOf(f.instance).Elem()
	cleaned := f.Cleaned()
	f.m2mPending = map[*orm.FieldInfo][]int64{}
	for _, fd := range f.Fields() {
		name := fd.Common().Name
		mf := f.model[name]
		if mf == nil {
			continue // an extra field
		}
		v := cleaned[name]
		fv := obj.FieldByName(mf.Name)
		switch {
		case mf.IsManyToMany():
			ids, _ := v.([]int64)
			f.m2mPending[mf] = ids
			continue
		case mf.IsRelation():
			id, _ := v.(int64)
			fv.Addr().Interface().(interface{ SetID(int64) }).SetID(id)
			continue
		case mf.Format == "file" || mf.Format == "image":
			if _, isUpload := v.(forms.Upload); isUpload {
				continue // stored by Save
			}
			s, _ := v.(string)
			fv.SetString(s)
			continue
		}
		if err := assign(fv, v); err != nil {
			return fmt.Errorf("modelform: field %s: %w", mf, err)
		}
	}
	return nil
}

// assign stores a cleaned value into a model field.
func assign(fv reflect.Value, v any) error {
	if fv.Kind() == reflect.Pointer {
		if v == nil {
			fv.SetZero()
			return nil
		}
		p := reflect.New(fv.Type().Elem())
		if err := assign(p.Elem(), v); err != nil {
			return err
		}
		fv.Set(p)
		return nil
	}
	if v == nil {
		fv.SetZero()
		return nil
	}
	switch fv.Interface().(type) {
	case orm.Decimal:
		s, _ := v.(string)
		d, err := orm.ParseDecimal(s)
		if err != nil {
			return err
		}
		fv.Set(reflect.ValueOf(d))
		return nil
	case orm.UUID:
		s, _ := v.(string)
		u, err := orm.ParseUUID(s)
		if err != nil {
			return err
		}
		fv.Set(reflect.ValueOf(u))
		return nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Type().AssignableTo(fv.Type()):
		fv.Set(rv)
	case rv.CanInt() && fv.CanInt():
		if fv.OverflowInt(rv.Int()) {
			return fmt.Errorf("%d is out of range", rv.Int())
		}
		fv.SetInt(rv.Int())
	case rv.CanInt() && fv.CanUint():
		if rv.Int() < 0 || fv.OverflowUint(uint64(rv.Int())) {
			return fmt.Errorf("%d is out of range", rv.Int())
		}
		fv.SetUint(uint64(rv.Int()))
	case rv.CanFloat() && fv.CanFloat():
		fv.SetFloat(rv.Float())
	case rv.Type().ConvertibleTo(fv.Type()):
		fv.Set(rv.Convert(fv.Type()))
	default:
		return fmt.Errorf("cannot store %T in %s", v, fv.Type())
	}
	return nil
}

// Save stores a valid form's object, inserting it when it has no key and
// updating it otherwise, then its many-to-many links, all in one
// transaction; it returns the instance. Calling Save on a form that is not
// valid is an error.
func (f *Form[T]) Save(ctx context.Context) (*T, error) {
	var out *T
	err := db.Atomic(ctx, func(ctx context.Context) error {
		obj, err := f.SaveNoCommit(ctx)
		if err != nil {
			return err
		}
		if err := orm.NewManager[T]().Save(ctx, obj); err != nil {
			return fmt.Errorf("modelform: saving %s: %w", f.info.Label, err)
		}
		out = obj
		return f.SaveM2M(ctx)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveNoCommit prepares the instance for saving without writing its row
// (Django's save(commit=False)): it stores uploaded files and returns the
// filled instance, so the caller can set more fields before saving it
// with its own Manager and then calling SaveM2M.
func (f *Form[T]) SaveNoCommit(ctx context.Context) (*T, error) {
	if !f.IsValid() {
		return nil, fmt.Errorf("modelform: %s: Save called on a form that is not valid", f.info.Label)
	}
	obj := reflect.ValueOf(f.instance).Elem()
	for name, v := range f.Cleaned() {
		u, ok := v.(forms.Upload)
		if !ok {
			continue
		}
		mf := f.model[name]
		store := f.opts.StoreFile
		if store == nil {
			store = func(ctx context.Context, _ string, u forms.Upload) (string, error) { return storeInMedia(ctx, mf, u) }
		}
		stored, err := store(ctx, name, u)
		if err != nil {
			return nil, fmt.Errorf("modelform: storing %s: %w", mf, err)
		}
		obj.FieldByName(mf.Name).SetString(stored)
	}
	return f.instance, nil
}

// SaveM2M writes the many-to-many links chosen in the form; the instance
// must have been saved. Save calls it; call it after SaveNoCommit.
func (f *Form[T]) SaveM2M(ctx context.Context) error {
	obj := reflect.ValueOf(f.instance).Elem()
	for mf, ids := range f.m2mPending {
		if mf.RelatedModel == nil {
			return fmt.Errorf("modelform: %s: target not registered", mf)
		}
		m := obj.FieldByName(mf.Name).Addr()
		set := m.MethodByName("Set")
		elem := mf.RelatedModel.Type
		targets := reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(elem)), len(ids), len(ids))
		for i, id := range ids {
			t := reflect.New(elem)
			t.Elem().FieldByName(mf.RelatedModel.PK.Name).SetInt(id)
			targets.Index(i).Set(t)
		}
		res := set.CallSlice([]reflect.Value{reflect.ValueOf(ctx), targets})
		if err, _ := res[0].Interface().(error); err != nil {
			return fmt.Errorf("modelform: saving %s: %w", mf, err)
		}
	}
	return nil
}

// storeInMedia is the default StoreFile: the upload goes to the media
// storage of ctx, under the field's upload_to, with a safe name; the
// storage makes it unique.
func storeInMedia(ctx context.Context, mf *orm.FieldInfo, u forms.Upload) (string, error) {
	media := storage.FromContext(ctx)
	if media == nil {
		return "", fmt.Errorf("no media storage in the context (set MediaRoot, or Options.StoreFile)")
	}
	rc, err := u.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	return media.Save(ctx, path.Join(mf.UploadTo, storage.SafeName(u.Name())), rc)
}
