package orm

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDoesNotExist is returned (wrapped) by Get, First and Last when no row
// matches. Test for it with errors.Is.
var ErrDoesNotExist = errors.New("orm: object does not exist")

// ErrMultipleObjectsReturned is returned (wrapped) by Get when more than
// one row matches.
var ErrMultipleObjectsReturned = errors.New("orm: get returned more than one object")

// ErrNoDatabase is returned by every I/O method when ctx carries no
// database (see db.WithDB).
var ErrNoDatabase = errors.New("orm: no database in context (use db.WithDB, or run inside a Jazz project)")

// ErrNotRegistered is returned (wrapped) when a model is used before it
// was registered with Register or RegisterApps.
var ErrNotRegistered = errors.New("orm: model is not registered")

// ErrNoKey is returned (wrapped) by Create, Save and BulkCreate for an
// object whose primary key is not automatic (a string, or an orm.UUID
// without default=uuid4) and is still zero: the database would keep "" or
// the zero UUID as a real key, so the ORM refuses instead.
var ErrNoKey = errors.New("orm: the primary key is not set")

// FieldError reports a field name, lookup or option that the model's
// metadata does not know. Model is the model's label ("blog.Post"), Name
// the offending name as the caller wrote it, and Valid the names that
// would have been accepted, for the message.
type FieldError struct {
	Model string
	// Name is the unknown field path or lookup, as written by the caller.
	Name string
	// Kind is what was looked up: "field", "lookup" or "option".
	Kind string
	// Field is the field the lookup was applied to, for Kind "lookup".
	Field string
	// Valid lists the accepted names.
	Valid []string
	// Reason, when set, replaces the generic "has no ..." wording.
	Reason string
}

// Error names the model and the unknown name, and lists the valid ones.
func (e *FieldError) Error() string {
	var b strings.Builder
	switch {
	case e.Reason != "":
		fmt.Fprintf(&b, "orm: %s: %q: %s", e.Model, e.Name, e.Reason)
	case e.Kind == "lookup":
		fmt.Fprintf(&b, "orm: unknown lookup %q on %s.%s", e.Name, e.Model, e.Field)
	default:
		fmt.Fprintf(&b, "orm: %s has no %s %q", e.Model, cmpOr(e.Kind, "field"), e.Name)
	}
	if len(e.Valid) > 0 {
		plural := "fields"
		if e.Kind == "lookup" {
			plural = "lookups"
		}
		fmt.Fprintf(&b, " (%s: %s)", plural, strings.Join(e.Valid, ", "))
	}
	return b.String()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// notFound wraps ErrDoesNotExist with the model name, as Django's
// Post.DoesNotExist does.
func notFound(info *ModelInfo) error {
	return fmt.Errorf("%w: %s matching query does not exist", ErrDoesNotExist, info.Name)
}
