package formset

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/jazzgo/jazz/forms"
)

// Names of the management form's inputs and of the per-form fields, as
// Django spells them, so templates and JavaScript written for Django
// formsets work unchanged.
const (
	TotalForms   = "TOTAL_FORMS"
	InitialForms = "INITIAL_FORMS"
	MinNumForms  = "MIN_NUM_FORMS"
	MaxNumForms  = "MAX_NUM_FORMS"
	DeleteField  = "DELETE"
	OrderField   = "ORDER"
)

// DefaultMaxNum is the MaxNum used when Options.MaxNum is 0; it also bounds
// how many forms a submission may ask for beyond MaxNum, so a forged
// TOTAL_FORMS cannot make the server build millions of forms.
const DefaultMaxNum = 1000

// Options configure a formset.
type Options struct {
	// Prefix namespaces every input ("form-0-title", "form-TOTAL_FORMS");
	// "" means "form".
	Prefix string
	// Extra is the number of empty forms shown after the initial ones.
	Extra int
	// MinNum and MaxNum bound the number of forms shown; MaxNum 0 means
	// DefaultMaxNum. ValidateMin and ValidateMax also enforce them on
	// submission ("too_few_forms", "too_many_forms"), counting the forms
	// that are not deleted and, for extra forms, were filled in.
	MinNum, MaxNum           int
	ValidateMin, ValidateMax bool
	// CanDelete adds a DELETE checkbox to every form; CanOrder an ORDER
	// number.
	CanDelete, CanOrder bool
	// Clean validates the whole set once every form is valid; its error
	// becomes a non-form error.
	Clean func(s *Set[*forms.Form]) error
}

// Member is what a formset holds: a *forms.Form or a form embedding one,
// such as a ModelForm, whose IsValid adds its own checks.
type Member interface {
	IsValid() bool
}

// Build makes the i-th form of a set. extra holds the fields the set adds
// (DELETE, ORDER); the form must include them after its own fields. The
// set sets the form's Prefix and Initial.
type Build[F Member] func(i int, extra []forms.Field) (F, error)

// Set is a list of forms of one kind edited together, with Django's
// management form. A Set serves one request and is not safe for concurrent
// use.
type Set[F Member] struct {
	opts    Options
	build   Build[F]
	base    func(F) *forms.Form
	clean   func() error
	initial []map[string]any

	forms         []F
	initErr       error
	data          url.Values
	files         forms.Files
	bound         bool
	validated     bool
	nonFormErrors forms.ErrorList
}

// New makes a formset of plain forms: fields returns a fresh list of the
// fields of one form (fields are shared configuration, so it may return
// the same values every time). initial holds the initial data of the
// first forms, one map each.
func New(fields func() []forms.Field, initial []map[string]any, opts Options) *Set[*forms.Form] {
	s := Of(func(i int, extra []forms.Field) (*forms.Form, error) {
		return forms.New(append(fields(), extra...)...), nil
	}, func(f *forms.Form) *forms.Form { return f }, initial, opts)
	if opts.Clean != nil {
		s.clean = func() error { return opts.Clean(s) }
	}
	return s
}

// Of makes a formset of any form type: build makes each form and base
// returns the forms.Form inside it (the embedded field of a ModelForm).
// Options.Clean is ignored (it is typed for plain forms); use SetClean.
func Of[F Member](build Build[F], base func(F) *forms.Form, initial []map[string]any, opts Options) *Set[F] {
	if opts.Prefix == "" {
		opts.Prefix = "form"
	}
	if opts.MaxNum <= 0 {
		opts.MaxNum = DefaultMaxNum
	}
	return &Set[F]{opts: opts, build: build, base: base, initial: initial}
}

// SetClean sets the whole-set validation hook of a set made with Of.
func (s *Set[F]) SetClean(fn func() error) { s.clean = fn }

// Prefix is the prefix of the management form's inputs.
func (s *Set[F]) Prefix() string { return s.opts.Prefix }

// Bind attaches the submission; the forms are rebuilt from TOTAL_FORMS.
func (s *Set[F]) Bind(data url.Values, files forms.Files) *Set[F] {
	if data == nil {
		data = url.Values{}
	}
	s.data, s.files, s.bound = data, files, true
	s.forms, s.initErr, s.validated, s.nonFormErrors = nil, nil, false, nil
	return s
}

// IsBound reports whether Bind was called.
func (s *Set[F]) IsBound() bool { return s.bound }

func (s *Set[F]) mgmtName(n string) string { return s.opts.Prefix + "-" + n }

// management reads TOTAL_FORMS and INITIAL_FORMS from the submission.
func (s *Set[F]) management() (total, initial int, ok bool) {
	t, err1 := strconv.Atoi(s.data.Get(s.mgmtName(TotalForms)))
	i, err2 := strconv.Atoi(s.data.Get(s.mgmtName(InitialForms)))
	if err1 != nil || err2 != nil || t < 0 || i < 0 {
		return 0, 0, false
	}
	return t, i, true
}

// counts returns how many forms to build and how many are initial.
func (s *Set[F]) counts() (total, initial int) {
	if s.bound {
		t, i, ok := s.management()
		if !ok {
			return 0, 0
		}
		// Never build more than MaxNum + DefaultMaxNum forms, whatever
		// the client claims.
		return min(t, s.opts.MaxNum+DefaultMaxNum), min(i, t)
	}
	initial = len(s.initial)
	total = initial + s.opts.Extra
	total = max(total, s.opts.MinNum)
	if total > s.opts.MaxNum && s.opts.MaxNum >= initial {
		total = s.opts.MaxNum
	}
	return max(total, initial), initial
}

// InitialCount is the number of forms that edit existing data.
func (s *Set[F]) InitialCount() int { _, i := s.counts(); return i }

// Forms builds (once) and returns the forms, prefixed "<prefix>-<i>".
// When a Build function fails the set has no forms and the failure is a
// non-form error of a bound set (Init returns it).
func (s *Set[F]) Forms() []F {
	_ = s.Init()
	return s.forms
}

// Init builds the forms and returns the Build error, if any; Forms calls
// it. A failed build is not retried until Bind.
func (s *Set[F]) Init() error {
	if s.forms != nil || s.initErr != nil {
		return s.initErr
	}
	total, _ := s.counts()
	var extra []forms.Field
	if s.opts.CanDelete {
		extra = append(extra, &forms.Bool{Base: forms.Base{Name: DeleteField, Label: "Delete"}})
	}
	if s.opts.CanOrder {
		extra = append(extra, &forms.Int{Base: forms.Base{Name: OrderField, Label: "Order"}})
	}
	out := make([]F, 0, total)
	for i := range total {
		f, err := s.build(i, slices.Clone(extra))
		if err != nil {
			s.initErr = fmt.Errorf("formset: form %d: %w", i, err)
			return s.initErr
		}
		b := s.base(f)
		b.Prefix = s.opts.Prefix + "-" + strconv.Itoa(i)
		if i < len(s.initial) && s.initial[i] != nil {
			if b.Initial == nil {
				b.Initial = map[string]any{}
			}
			for k, v := range s.initial[i] {
				b.Initial[k] = v
			}
		}
		if s.bound {
			b.Bind(s.data, s.files)
		}
		out = append(out, f)
	}
	s.forms = out
	return nil
}

// ManagementForm is the hidden form carrying TOTAL_FORMS, INITIAL_FORMS,
// MIN_NUM_FORMS and MAX_NUM_FORMS; render it inside the <form> element.
func (s *Set[F]) ManagementForm() *forms.Form {
	total, initial := s.counts()
	if s.bound {
		total = len(s.Forms())
	}
	hidden := func(name string) forms.Field {
		return &forms.Int{Base: forms.Base{Name: name, Widget: forms.HiddenInput(), Required: true}}
	}
	m := forms.New(hidden(TotalForms), hidden(InitialForms), hidden(MinNumForms), hidden(MaxNumForms))
	m.Prefix = s.opts.Prefix
	m.Initial = map[string]any{TotalForms: int64(total), InitialForms: int64(initial),
		MinNumForms: int64(s.opts.MinNum), MaxNumForms: int64(s.opts.MaxNum)}
	return m
}

// ShouldDelete reports whether form i is ticked for deletion.
func (s *Set[F]) ShouldDelete(i int) bool {
	if !s.opts.CanDelete || !s.bound {
		return false
	}
	v, ok := forms.Get[bool](s.base(s.Forms()[i]), DeleteField)
	if !ok {
		// An invalid form still counts as deleted when its box is ticked.
		f := s.base(s.Forms()[i])
		raw := s.data.Get(f.HTMLName(DeleteField))
		return raw != "" && raw != "false" && raw != "0"
	}
	return v
}

// skipped reports whether form i is ignored: deleted, or an extra form
// left empty (Django's empty_permitted).
func (s *Set[F]) skipped(i int) bool {
	if s.ShouldDelete(i) {
		return true
	}
	return i >= s.InitialCount() && !s.base(s.Forms()[i]).HasChanged()
}

// IsValid validates the management form, every form that is not deleted
// nor an untouched extra form, the MinNum/MaxNum bounds and the set's
// Clean hook. Later calls return the same answer until Bind.
func (s *Set[F]) IsValid() bool {
	if !s.bound {
		return false
	}
	s.fullClean()
	if len(s.nonFormErrors) > 0 {
		return false
	}
	ok := true
	for i, f := range s.Forms() {
		if s.skipped(i) {
			continue
		}
		if !f.IsValid() {
			ok = false
		}
	}
	return ok
}

func (s *Set[F]) fullClean() {
	if s.validated {
		return
	}
	s.validated = true
	if _, _, ok := s.management(); !ok {
		s.nonFormErrors = append(s.nonFormErrors, forms.Errorf("missing_management_form",
			"ManagementForm data is missing or has been tampered with. Missing fields: {fields}.",
			"fields", s.mgmtName(TotalForms)+", "+s.mgmtName(InitialForms)))
		return
	}
	if err := s.Init(); err != nil {
		s.nonFormErrors = append(s.nonFormErrors, forms.Errorf("invalid", err.Error()))
		return
	}
	total, _, _ := s.management()
	count := 0
	for i := range s.forms {
		if !s.skipped(i) {
			count++
		}
	}
	if s.opts.ValidateMax && (count > s.opts.MaxNum || total > s.opts.MaxNum+DefaultMaxNum) {
		s.nonFormErrors = append(s.nonFormErrors, forms.Errorf("too_many_forms",
			"Please submit at most {max} forms.", "max", s.opts.MaxNum))
	}
	if s.opts.ValidateMin && count < s.opts.MinNum {
		s.nonFormErrors = append(s.nonFormErrors, forms.Errorf("too_few_forms",
			"Please submit at least {min} forms.", "min", s.opts.MinNum))
	}
	if len(s.nonFormErrors) > 0 || s.clean == nil {
		return
	}
	for i, f := range s.forms {
		if !s.skipped(i) && !f.IsValid() {
			return // the set hook sees only valid forms, as in Django
		}
	}
	if err := s.clean(); err != nil {
		s.nonFormErrors = append(s.nonFormErrors, asErrors(err)...)
	}
}

func asErrors(err error) forms.ErrorList {
	switch e := err.(type) {
	case *forms.Error:
		return forms.ErrorList{e}
	case forms.ErrorList:
		return e
	}
	return forms.ErrorList{forms.Errorf("invalid", err.Error())}
}

// NonFormErrors returns the errors of the set as a whole: the management
// form, the form count bounds, the Clean hook.
func (s *Set[F]) NonFormErrors() forms.ErrorList {
	if s.bound {
		s.fullClean()
	}
	return s.nonFormErrors
}

// Errors returns each form's errors, in form order (nil for a valid or
// skipped form).
func (s *Set[F]) Errors() []map[string]forms.ErrorList {
	if !s.bound {
		return nil
	}
	s.IsValid()
	out := make([]map[string]forms.ErrorList, len(s.Forms()))
	for i, f := range s.Forms() {
		if !s.skipped(i) {
			out[i] = s.base(f).Errors()
		}
	}
	return out
}

// Cleaned returns the cleaned data of the forms kept (neither deleted nor
// untouched extra forms), in form order; DELETE and ORDER are included.
func (s *Set[F]) Cleaned() []map[string]any {
	var out []map[string]any
	for i, f := range s.Forms() {
		if !s.skipped(i) {
			out = append(out, s.base(f).Cleaned())
		}
	}
	return out
}

// Deleted returns the forms ticked for deletion.
func (s *Set[F]) Deleted() []F {
	var out []F
	for i, f := range s.Forms() {
		if s.ShouldDelete(i) {
			out = append(out, f)
		}
	}
	return out
}

// Ordered returns the kept forms sorted by their ORDER value (forms with
// none last, in submission order), for a set with CanOrder.
func (s *Set[F]) Ordered() []F {
	type item struct {
		f   F
		ord int64
		has bool
		i   int
	}
	var items []item
	for i, f := range s.Forms() {
		if s.skipped(i) {
			continue
		}
		o, ok := forms.Get[int64](s.base(f), OrderField)
		items = append(items, item{f, o, ok, i})
	}
	slices.SortStableFunc(items, func(a, b item) int {
		switch {
		case a.has && b.has:
			return cmp.Compare(a.ord, b.ord)
		case a.has:
			return -1
		case b.has:
			return 1
		}
		return a.i - b.i
	})
	out := make([]F, len(items))
	for i, it := range items {
		out[i] = it.f
	}
	return out
}

// Kept returns the forms that are neither deleted nor untouched extra
// forms, in order, with their index.
func (s *Set[F]) Kept() (idx []int, fs []F) {
	for i, f := range s.Forms() {
		if !s.skipped(i) {
			idx, fs = append(idx, i), append(fs, f)
		}
	}
	return idx, fs
}
