package cache

import (
	"context"
	"time"
)

// Dummy is a backend that stores nothing, for development and for
// switching caching off without changing code: Get always misses, Set and
// Delete succeed without effect, Add reports true (as if it stored the
// value), Touch reports false and Incr returns [ErrNotFound]. It is safe
// for concurrent use.
type Dummy struct{}

var (
	_ Backend     = Dummy{}
	_ Incrementer = Dummy{}
	_ Toucher     = Dummy{}
)

// NewDummy returns a backend that stores nothing.
func NewDummy() Dummy { return Dummy{} }

// Get implements [Backend]: always a miss.
func (Dummy) Get(context.Context, string) ([]byte, bool, error) { return nil, false, nil }

// Set implements [Backend]: nothing is stored.
func (Dummy) Set(context.Context, string, []byte, time.Duration) error { return nil }

// Add implements [Backend]: it reports true and stores nothing.
func (Dummy) Add(context.Context, string, []byte, time.Duration) (bool, error) { return true, nil }

// Delete implements [Backend]: there was nothing to delete.
func (Dummy) Delete(context.Context, string) (bool, error) { return false, nil }

// Clear implements [Backend].
func (Dummy) Clear(context.Context, string) error { return nil }

// Close implements [Backend].
func (Dummy) Close() error { return nil }

// Incr implements [Incrementer]: every key is missing.
func (Dummy) Incr(context.Context, string, int64) (int64, error) { return 0, ErrNotFound }

// Touch implements [Toucher]: every key is missing.
func (Dummy) Touch(context.Context, string, time.Duration) (bool, error) { return false, nil }
