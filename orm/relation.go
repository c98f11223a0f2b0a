package orm

import (
	"context"
	"reflect"
	"strconv"
	"unsafe"
)

// ForeignKey is a many-to-one relation to the model T (Django's
// ForeignKey). It stores the target's primary key (an int64 in this
// version of the ORM: targets must use the automatic key or an int64
// primary_key) and, once loaded, the target itself. The column is the
// field's name plus "_id" ("author_id").
//
//	Author orm.ForeignKey[User] `jazz:"on_delete=cascade,related_name=posts"`
//
// The zero value points at nothing; with the `null` option that is stored
// as NULL. A ForeignKey is a small value owned by its model instance: it
// is not safe for concurrent use while Get or Set run.
type ForeignKey[T any] struct {
	id  int64
	obj *T
}

// fkHeader mirrors the memory layout of every ForeignKey[T], so rows can be
// scanned into one through its offset without knowing T.
type fkHeader struct {
	id  int64
	obj unsafe.Pointer
}

// relation is implemented by every ForeignKey[T]; registration uses it to
// find the target type.
type relation interface{ relatedType() reflect.Type }

func (ForeignKey[T]) relatedType() reflect.Type { return reflect.TypeFor[T]() }

// ID returns the target's primary key, or 0 when the key is unset. When the
// target was given with Set before it was saved, ID reads its current key.
func (f ForeignKey[T]) ID() int64 {
	if f.id == 0 && f.obj != nil {
		if info := infoOf(reflect.TypeFor[T]()); info != nil {
			return pkInt(info, unsafe.Pointer(f.obj))
		}
	}
	return f.id
}

// SetID points the relation at the row with primary key id (0 clears it)
// and forgets a loaded target with another key.
func (f *ForeignKey[T]) SetID(id int64) {
	if f.id != id {
		f.obj = nil
	}
	f.id = id
}

// Set points the relation at obj (nil clears it) and caches obj, so Get
// and Loaded return it without a query. obj may still be unsaved: its key
// is read again when the owning model is saved.
func (f *ForeignKey[T]) Set(obj *T) {
	f.obj = obj
	f.id = 0
	if obj != nil {
		if info := infoOf(reflect.TypeFor[T]()); info != nil {
			f.id = pkInt(info, unsafe.Pointer(obj))
		}
	}
}

// Loaded returns the cached target, filled by Set, Get or SelectRelated;
// ok is false when it has not been loaded.
func (f ForeignKey[T]) Loaded() (obj *T, ok bool) { return f.obj, f.obj != nil }

// Get returns the target, loading it with one query the first time and
// caching it. It returns (nil, nil) when the key is unset (a null
// relation), and an error wrapping ErrDoesNotExist when the row is gone.
func (f *ForeignKey[T]) Get(ctx context.Context) (*T, error) {
	if f.obj != nil {
		return f.obj, nil
	}
	if f.id == 0 {
		return nil, nil
	}
	obj, err := NewManager[T]().Get(ctx, "pk", f.id)
	if err != nil {
		return nil, err
	}
	f.obj = obj
	return obj, nil
}

// IsZero reports whether the relation points at nothing.
func (f ForeignKey[T]) IsZero() bool { return f.id == 0 && f.obj == nil }

// MarshalJSON encodes the key (null when unset), as REST APIs show a
// relation by default.
func (f ForeignKey[T]) MarshalJSON() ([]byte, error) {
	if id := f.ID(); id != 0 {
		return strconv.AppendInt(nil, id, 10), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON accepts a key or null.
func (f *ForeignKey[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		f.SetID(0)
		return nil
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return err
	}
	f.SetID(id)
	return nil
}

// pkInt reads an int64 primary key from the struct at base.
func pkInt(info *ModelInfo, base unsafe.Pointer) int64 {
	if info.PK.rep != repInt64 {
		return 0
	}
	return *(*int64)(info.PK.at(base))
}
