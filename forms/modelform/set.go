package modelform

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strconv"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/formset"
	"github.com/jazzgo/jazz/orm"
)

// pkField is the hidden input that ties each initial form to its row, so a
// submission edits the rows it was rendered for whatever their order.
const pkField = "id"

// SetOptions configure a model formset: the options of each form and of
// the set.
type SetOptions struct {
	Form Options
	Set  formset.Options
}

// Set is a formset of ModelForms over existing objects (the initial
// forms) plus new ones (Django's modelformset_factory and
// inlineformset_factory). It embeds the formset, so IsValid, Forms,
// ManagementForm, Errors and NonFormErrors are there. It serves one
// request and is not safe for concurrent use.
type Set[T any] struct {
	*formset.Set[*Form[T]]
	info    *orm.ModelInfo
	objs    []*T
	byPK    map[int64]*T
	newObj  func() *T
	data    url.Values
	initial int
}

// NewSet makes a formset editing the objects of qs (loaded now, on ctx)
// followed by Set.Extra empty forms for new objects.
func NewSet[T any](ctx context.Context, qs orm.QuerySet[T], opts SetOptions) (*Set[T], error) {
	return newSet(ctx, qs, opts, func() *T { return orm.Info[T]().New().(*T) })
}

// Inline makes a formset over the children of parent: the C objects whose
// foreign key fk (a query or Go name) points at parent, which must be
// saved. The key is left out of the forms and set on new children.
func Inline[P, C any](ctx context.Context, parent *P, fk string, opts SetOptions) (*Set[C], error) {
	cinfo, pinfo := orm.Info[C](), orm.Info[P]()
	if cinfo == nil || pinfo == nil {
		return nil, fmt.Errorf("modelform: inline %s of %s: %w", reflect.TypeFor[C](), reflect.TypeFor[P](), orm.ErrNotRegistered)
	}
	mf, ok := cinfo.Field(fk)
	if !ok || !mf.IsRelation() || mf.RelatedModel != pinfo {
		return nil, fmt.Errorf("modelform: inline: %s has no foreign key %q to %s", cinfo.Label, fk, pinfo.Label)
	}
	parentPK := reflect.ValueOf(parent).Elem().FieldByName(pinfo.PK.Name).Int()
	if parentPK == 0 {
		return nil, fmt.Errorf("modelform: inline %s: the parent %s is not saved", cinfo.Label, pinfo.Label)
	}
	opts.Form.Exclude = append(append([]string(nil), opts.Form.Exclude...), mf.QueryName)
	qs := orm.NewManager[C]().Filter(mf.QueryName, parentPK).OrderBy("pk")
	return newSet(ctx, qs, opts, func() *C {
		c := cinfo.New().(*C)
		reflect.ValueOf(c).Elem().FieldByName(mf.Name).Addr().Interface().(interface{ SetID(int64) }).SetID(parentPK)
		return c
	})
}

func newSet[T any](ctx context.Context, qs orm.QuerySet[T], opts SetOptions, newObj func() *T) (*Set[T], error) {
	info := orm.Info[T]()
	if info == nil {
		return nil, fmt.Errorf("modelform: %s: %w", reflect.TypeFor[T](), orm.ErrNotRegistered)
	}
	objs, err := qs.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("modelform: formset of %s: %w", info.Label, err)
	}
	s := &Set[T]{info: info, objs: objs, newObj: newObj, byPK: make(map[int64]*T, len(objs)), initial: len(objs)}
	for _, o := range objs {
		s.byPK[reflect.ValueOf(o).Elem().FieldByName(info.PK.Name).Int()] = o
	}
	build := func(i int, extra []forms.Field) (*Form[T], error) {
		obj, err := s.instance(i)
		if err != nil {
			return nil, err
		}
		fo := opts.Form
		idf := &forms.Int{Base: forms.Base{Name: pkField, Widget: forms.HiddenInput()}}
		fo.ExtraFields = append(append(append([]forms.Field(nil), fo.ExtraFields...), idf), extra...)
		f, err := New(ctx, obj, fo)
		if err != nil {
			return nil, err
		}
		if obj != nil && f.pk() > 0 && i < s.initialCount() {
			f.Form.Initial[pkField] = f.pk()
		}
		return f, nil
	}
	s.Set = formset.Of(build, func(f *Form[T]) *forms.Form { return f.Form }, make([]map[string]any, len(objs)), opts.Set)
	return s, nil
}

func (s *Set[T]) initialCount() int { return s.Set.InitialCount() }

// instance picks the object of form i: for an initial form of a
// submission, the row named by its hidden key (which must be one the set
// loaded); otherwise the i-th loaded object, or a new one.
func (s *Set[T]) instance(i int) (*T, error) {
	if s.data == nil {
		if i < len(s.objs) {
			return s.objs[i], nil
		}
		return s.newObj(), nil
	}
	if i >= s.initialCount() {
		return s.newObj(), nil
	}
	raw := s.data.Get(s.Prefix() + "-" + strconv.Itoa(i) + "-" + pkField)
	pk, err := strconv.ParseInt(raw, 10, 64)
	obj, ok := s.byPK[pk]
	if err != nil || !ok {
		return nil, fmt.Errorf("modelform: %s: form %d names no object of the set (%q)", s.info.Label, i, raw)
	}
	return obj, nil
}

// Bind attaches the submission and forgets earlier validation.
func (s *Set[T]) Bind(data url.Values, files forms.Files) *Set[T] {
	if data == nil {
		data = url.Values{}
	}
	s.data = data
	s.Set.Bind(data, files)
	return s
}

// Objects returns the objects the set loaded; the caller must not modify
// the slice.
func (s *Set[T]) Objects() []*T { return s.objs }

// Save writes a valid set in one transaction: it deletes the objects of
// forms ticked for deletion, updates the changed initial forms and
// creates the filled-in extra forms (many-to-many links included). It
// returns the saved and the deleted objects.
func (s *Set[T]) Save(ctx context.Context) (saved, deleted []*T, err error) {
	if !s.IsValid() {
		return nil, nil, fmt.Errorf("modelform: formset of %s: Save called on a set that is not valid", s.info.Label)
	}
	initial := s.initialCount()
	err = db.Atomic(ctx, func(ctx context.Context) error {
		for i, f := range s.Forms() {
			switch {
			case s.ShouldDelete(i):
				if i < initial {
					if _, err := orm.Delete(ctx, f.Instance()); err != nil {
						return fmt.Errorf("modelform: deleting %s: %w", s.info.Label, err)
					}
					deleted = append(deleted, f.Instance())
				}
			case !f.HasChanged():
				// An untouched form: nothing to write.
			default:
				obj, err := f.Save(ctx)
				if err != nil {
					return err
				}
				saved = append(saved, obj)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return saved, deleted, nil
}
