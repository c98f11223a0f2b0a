package validators

import (
	"fmt"
	"unicode/utf8"
)

// MinimumLength refuses passwords shorter than Min characters (Unicode
// code points, as Python counts them), Django's MinimumLengthValidator.
type MinimumLength struct {
	// Min is the least number of characters; 0 means 8.
	Min int
}

func (v MinimumLength) min() int {
	if v.Min > 0 {
		return v.Min
	}
	return 8
}

// Validate returns an [*Error] with code CodeTooShort when the password is
// too short.
func (v MinimumLength) Validate(password string, _ Attrs) error {
	n := v.min()
	if utf8.RuneCountInString(password) >= n {
		return nil
	}
	return &Error{Code: CodeTooShort, Message: fmt.Sprintf(
		"This password is too short. It must contain at least %d %s.", n, plural(n, "character", "characters"))}
}

// HelpText says how long a password must be.
func (v MinimumLength) HelpText() string {
	n := v.min()
	return fmt.Sprintf("Your password must contain at least %d %s.", n, plural(n, "character", "characters"))
}

// CheckConfig refuses a negative minimum.
func (v MinimumLength) CheckConfig() error {
	if v.Min < 0 {
		return fmt.Errorf("the minimum length is negative (%d)", v.Min)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
