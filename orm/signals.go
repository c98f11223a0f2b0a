package orm

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// SaveEvent describes a save to pre_save and post_save receivers.
type SaveEvent struct {
	// Created is true in post_save when the save inserted a new row. In
	// pre_save it is true for Create and for a Save of an object whose
	// automatic key is zero (a Save that finds its row missing inserts
	// too, which only post_save can tell).
	Created bool
	// UpdateFields are the fields Save was given, nil for all.
	UpdateFields []string
}

// M2MAction is the stage of a many-to-many change, as Django names it.
type M2MAction string

// The m2m_changed actions.
const (
	PreAdd     M2MAction = "pre_add"
	PostAdd    M2MAction = "post_add"
	PreRemove  M2MAction = "pre_remove"
	PostRemove M2MAction = "post_remove"
	PreClear   M2MAction = "pre_clear"
	PostClear  M2MAction = "post_clear"
)

// M2MEvent describes a change of a ManyToMany field to m2m_changed
// receivers.
type M2MEvent struct {
	Action M2MAction
	// Field is the ManyToMany field that changed.
	Field *FieldInfo
	// PKs are the keys of the targets added or removed: for add, only
	// those not linked before; nil for clear.
	PKs []int64
}

// receivers holds the signal receivers of one model type. Slices are
// replaced, never appended in place, so a sender may read them without a
// lock after loading the pointer.
type receivers struct {
	preSave, postSave     []func(context.Context, unsafe.Pointer, SaveEvent) error
	preDelete, postDelete []func(context.Context, unsafe.Pointer) error
	m2m                   []func(context.Context, unsafe.Pointer, M2MEvent) error
}

// signalRegistry is filled at start-up by the On... functions, then only
// read. count lets writes skip the lookup while nothing is registered.
var signalRegistry struct {
	mu     sync.RWMutex
	byType map[reflect.Type]*receivers
	count  atomic.Int32
}

func connect[T any](edit func(r *receivers)) {
	t := reflect.TypeFor[T]()
	signalRegistry.mu.Lock()
	defer signalRegistry.mu.Unlock()
	if signalRegistry.byType == nil {
		signalRegistry.byType = map[reflect.Type]*receivers{}
	}
	r := &receivers{}
	if old := signalRegistry.byType[t]; old != nil {
		*r = *old
	}
	edit(r)
	signalRegistry.byType[t] = r
	signalRegistry.count.Add(1)
}

func receiversOf(t reflect.Type) *receivers {
	if signalRegistry.count.Load() == 0 {
		return nil
	}
	signalRegistry.mu.RLock()
	r := signalRegistry.byType[t]
	signalRegistry.mu.RUnlock()
	return r
}

// OnPreSave registers fn to run before every Create and Save of a T, in
// the same transaction as the write; an error from fn aborts the write
// and is returned (wrapped) by Create or Save. Receivers run in the order
// they were registered. Register receivers at start-up (in init or an
// app's Ready); registering is safe for concurrent use but is not meant
// for request time. Bulk operations (BulkCreate, QuerySet.Update) send no
// signals, as in Django.
func OnPreSave[T any](fn func(ctx context.Context, obj *T, e SaveEvent) error) {
	connect[T](func(r *receivers) {
		r.preSave = append(slices.Clip(r.preSave), func(ctx context.Context, p unsafe.Pointer, e SaveEvent) error {
			return fn(ctx, (*T)(p), e)
		})
	})
}

// OnPostSave registers fn to run after every Create and Save of a T, in
// the same transaction: an error rolls the write back. e.Created tells an
// insert from an update. See OnPreSave.
func OnPostSave[T any](fn func(ctx context.Context, obj *T, e SaveEvent) error) {
	connect[T](func(r *receivers) {
		r.postSave = append(slices.Clip(r.postSave), func(ctx context.Context, p unsafe.Pointer, e SaveEvent) error {
			return fn(ctx, (*T)(p), e)
		})
	})
}

// OnPreDelete registers fn to run before each T is deleted by
// Manager.Delete, QuerySet.Delete or Delete, cascades included, in the
// deleting transaction; an error aborts the whole delete. See OnPreSave.
func OnPreDelete[T any](fn func(ctx context.Context, obj *T) error) {
	connect[T](func(r *receivers) {
		r.preDelete = append(slices.Clip(r.preDelete), func(ctx context.Context, p unsafe.Pointer) error {
			return fn(ctx, (*T)(p))
		})
	})
}

// OnPostDelete registers fn to run after each T was deleted, in the
// deleting transaction (an error rolls the delete back). The object still
// holds its key when fn runs. See OnPreDelete.
func OnPostDelete[T any](fn func(ctx context.Context, obj *T) error) {
	connect[T](func(r *receivers) {
		r.postDelete = append(slices.Clip(r.postDelete), func(ctx context.Context, p unsafe.Pointer) error {
			return fn(ctx, (*T)(p))
		})
	})
}

// OnM2MChanged registers fn to run around every Add, Remove, Clear and
// Set of a ManyToMany field declared on T (obj is the object the field
// belongs to), in the same transaction: an error from a pre_ action
// aborts the change. Set sends remove then add events. See OnPreSave.
func OnM2MChanged[T any](fn func(ctx context.Context, obj *T, e M2MEvent) error) {
	connect[T](func(r *receivers) {
		r.m2m = append(slices.Clip(r.m2m), func(ctx context.Context, p unsafe.Pointer, e M2MEvent) error {
			return fn(ctx, (*T)(p), e)
		})
	})
}

func hasDeleteReceivers(info *ModelInfo) bool {
	r := receiversOf(info.Type)
	return r != nil && (len(r.preDelete) > 0 || len(r.postDelete) > 0)
}

// sendDelete runs the pre_delete (pre) or post_delete receivers of m.
func sendDelete(ctx context.Context, m *ModelInfo, obj unsafe.Pointer, pre bool) error {
	r := receiversOf(m.Type)
	if r == nil {
		return nil
	}
	fns, name := r.postDelete, "post_delete"
	if pre {
		fns, name = r.preDelete, "pre_delete"
	}
	for _, fn := range fns {
		if err := fn(ctx, obj); err != nil {
			return fmt.Errorf("orm: %s receiver of %s: %w", name, m.Label, err)
		}
	}
	return nil
}

// sendM2M runs the m2m_changed receivers of the model owning f.
func sendM2M(ctx context.Context, f *FieldInfo, owner unsafe.Pointer, e M2MEvent) error {
	r := receiversOf(f.Model.Type)
	if r == nil {
		return nil
	}
	for _, fn := range r.m2m {
		if err := fn(ctx, owner, e); err != nil {
			return fmt.Errorf("orm: m2m_changed (%s) receiver of %s.%s: %w", e.Action, f.Model.Label, f.Name, err)
		}
	}
	return nil
}

// saveObject is Create (insert) and Save: the write with its save
// signals, in one transaction when there are receivers.
func saveObject(ctx context.Context, info *ModelInfo, base unsafe.Pointer, fields []string, insertOnly bool) error {
	write := func(ctx context.Context) (bool, error) {
		conn, err := querier(ctx)
		if err != nil {
			return false, err
		}
		var created bool
		if insertOnly {
			created, err = true, insert(ctx, conn, info, base)
		} else {
			created, err = saveRow(ctx, conn, info, base, fields)
		}
		if err == nil {
			bindM2M(info, base) // m2m.go: the object's ManyToMany fields now know it
		}
		return created, err
	}
	r := receiversOf(info.Type)
	if r == nil || len(r.preSave) == 0 && len(r.postSave) == 0 {
		_, err := write(ctx)
		return err
	}
	wasNew := info.autoPK(base)
	err := db.Atomic(ctx, func(ctx context.Context) error {
		ev := SaveEvent{Created: insertOnly || wasNew, UpdateFields: fields}
		for _, fn := range r.preSave {
			if err := fn(ctx, base, ev); err != nil {
				return fmt.Errorf("orm: pre_save receiver of %s: %w", info.Label, err)
			}
		}
		created, err := write(ctx)
		if err != nil {
			return err
		}
		ev.Created = created
		for _, fn := range r.postSave {
			if err := fn(ctx, base, ev); err != nil {
				return fmt.Errorf("orm: post_save receiver of %s: %w", info.Label, err)
			}
		}
		return nil
	})
	if err != nil && wasNew {
		*(*int64)(info.PK.at(base)) = 0 // the insert was rolled back
	}
	return err
}
