package validators

import (
	"errors"
	"fmt"
	"strings"
)

// Attrs is the personal information of the user whose password is being
// set, by field name ("username", "first_name", "last_name", "email", or a
// custom user model's own fields). A nil or empty Attrs skips the checks
// that need a user, as Django does for a user not yet created.
type Attrs map[string]string

// Validator judges one quality of a password. Validate returns nil when
// the password passes, and otherwise an error, normally an [*Error] with
// Django's code and message. Implementations must be safe for concurrent
// use.
type Validator interface {
	Validate(password string, user Attrs) error
	// HelpText tells the user what the rule asks, for a form's help line.
	HelpText() string
}

// Configured is an optional interface for a validator whose options can
// be wrong. [List.CheckConfig] calls it, so that a bad setting stops the
// start of a project rather than the first sign-up.
type Configured interface {
	CheckConfig() error
}

// Codes of the errors the validators of this package return; the same as
// Django's ValidationError codes.
const (
	CodeTooShort        = "password_too_short"
	CodeTooSimilar      = "password_too_similar"
	CodeTooCommon       = "password_too_common"
	CodeEntirelyNumeric = "password_entirely_numeric"
)

// Error is one reason a password was refused.
type Error struct {
	// Code names the rule that failed, one of the Code constants for the
	// validators here; callers branch on it.
	Code string
	// Message is Django's message, ready to show to the user.
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errors is every reason a password was refused, in the order of the
// validators. [List.Validate] returns one; errors.As finds each [*Error].
type Errors []error

// Error returns the messages, one a line.
func (e Errors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the individual errors.
func (e Errors) Unwrap() []error { return e }

// Messages returns the messages of err, one per reason, for a form: the
// elements of an [Errors], or err's own message. It returns nil for nil.
func Messages(err error) []string {
	if err == nil {
		return nil
	}
	var errs Errors
	if errors.As(err, &errs) {
		out := make([]string, len(errs))
		for i, e := range errs {
			out[i] = e.Error()
		}
		return out
	}
	return []string{err.Error()}
}

// List is a project's password rules (Django's AUTH_PASSWORD_VALIDATORS),
// run in order.
type List []Validator

// Default returns Django's recommended validators, in the order of its
// project template: [UserAttributeSimilarity], [MinimumLength] (8),
// [CommonPassword] (the list shipped with Jazz) and [NumericPassword].
func Default() List {
	return List{UserAttributeSimilarity{}, MinimumLength{}, CommonPassword{}, NumericPassword{}}
}

// Validate runs every validator and returns nil if the password passes
// them all, or else an [Errors] with every reason, so that the user sees
// them all at once.
func (l List) Validate(password string, user Attrs) error {
	var errs Errors
	for _, v := range l {
		if err := v.Validate(password, user); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// HelpTexts returns the help text of every validator, in order.
func (l List) HelpTexts() []string {
	out := make([]string, 0, len(l))
	for _, v := range l {
		out = append(out, v.HelpText())
	}
	return out
}

// CheckConfig reports the first misconfigured validator of the list, for
// a check at start-up.
func (l List) CheckConfig() error {
	for i, v := range l {
		if v == nil {
			return fmt.Errorf("validators: validator %d of PasswordValidators is nil", i)
		}
		if c, ok := v.(Configured); ok {
			if err := c.CheckConfig(); err != nil {
				return fmt.Errorf("validators: validator %d (%T): %w", i, v, err)
			}
		}
	}
	return nil
}

// Validate runs the [Default] validators. See [List.Validate].
func Validate(password string, user Attrs) error { return Default().Validate(password, user) }

// HelpTexts returns the help texts of the [Default] validators.
func HelpTexts() []string { return Default().HelpTexts() }
