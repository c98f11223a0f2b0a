package db

import "errors"

// Sentinel errors for what a failed statement means. Errors returned by
// [DB] and [Tx] wrap them around the driver's error, so both
// errors.Is(err, db.ErrUniqueViolation) and errors.As(err, &pgErr) work.
var (
	// ErrUniqueViolation: a UNIQUE or PRIMARY KEY constraint was violated.
	ErrUniqueViolation = errors.New("db: unique constraint violated")
	// ErrForeignKey: a FOREIGN KEY constraint was violated (a missing
	// target row, or a row still referenced).
	ErrForeignKey = errors.New("db: foreign key constraint violated")
	// ErrNotNull: NULL was written to a NOT NULL column.
	ErrNotNull = errors.New("db: not-null constraint violated")
	// ErrCheck: a CHECK constraint was violated.
	ErrCheck = errors.New("db: check constraint violated")
	// ErrRetryable: a deadlock, serialization failure, lock timeout or
	// busy database; running the whole transaction again may succeed.
	ErrRetryable = errors.New("db: retryable error (deadlock, serialization failure or lock timeout); run the transaction again")
	// ErrNoDatabase: the context carries no database; attach one with
	// [WithDB].
	ErrNoDatabase = errors.New("db: no database in context (attach one with db.WithDB)")
)

// Error is a driver error together with what it means (one of the
// sentinels above, in Kind). It unwraps to both.
type Error struct {
	Kind error
	Err  error
}

// Error returns the kind's message followed by the driver's.
func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Err.Error() }

// Unwrap returns the kind and the driver error, so errors.Is and
// errors.As reach either.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// ClassifyError wraps err in an [*Error] when d.Classify recognises it,
// and returns it unchanged otherwise (nil included, and errors that are
// already classified). Errors from [DB] and [Tx] methods are classified
// already; use it for the error of a [sql.Row]'s Scan. A nil d returns err.
func ClassifyError(d Dialect, err error) error {
	if err == nil || d == nil {
		return err
	}
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	if kind := d.Classify(err); kind != nil {
		return &Error{Kind: kind, Err: err}
	}
	return err
}
