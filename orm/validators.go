package orm

import (
	"context"
	"errors"
)

// Validator checks one field's value (Django's validators=[...]): it
// returns nil, or an error whose message is shown for the field. Return a
// *ValidationError to give a stable code; any other error gets the code
// "invalid". v is the field's Go value (a string, an int64 for integer
// fields, a time.Time...) as FullClean reads it; nil for NULL.
type Validator func(v any) error

// FieldValidators is implemented by models with validators of their own on
// some fields, which struct tags cannot carry:
//
//	func (*Post) Validators() map[string][]orm.Validator {
//		return map[string][]orm.Validator{"title": {noShouting}}
//	}
//
// Keys are field names (query or Go names). FullClean runs them after the
// built-in checks of the field pass.
type FieldValidators interface {
	Validators() map[string][]Validator
}

// Cleaner is implemented by models with rules across fields (Django's
// Model.clean): FullClean calls Clean after the field checks and reports
// its error under NonFieldErrors, or under the fields of a
// ValidationErrors it returns.
type Cleaner interface {
	Clean(ctx context.Context) error
}

// Error returns the message, so a *ValidationError can be returned by a
// Validator or a Clean method.
func (e *ValidationError) Error() string { return e.Message }

// addError records err for field: a ValidationErrors is merged, a
// *ValidationError keeps its code, anything else is "invalid".
func (e ValidationErrors) addError(field string, err error) {
	var ve ValidationErrors
	if errors.As(err, &ve) {
		for k, list := range ve {
			e[k] = append(e[k], list...)
		}
		return
	}
	var one *ValidationError
	if errors.As(err, &one) {
		e[field] = append(e[field], *one)
		return
	}
	e[field] = append(e[field], ValidationError{Code: "invalid", Message: err.Error()})
}
