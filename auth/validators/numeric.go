package validators

import "unicode"

// NumericPassword refuses passwords made only of digits (Django's
// NumericPasswordValidator; any Unicode decimal digit counts, as with
// Python's str.isdigit for the common cases). The empty password is not
// "entirely numeric"; MinimumLength refuses it.
type NumericPassword struct{}

// Validate returns an [*Error] with code CodeEntirelyNumeric when every
// character is a digit.
func (NumericPassword) Validate(password string, _ Attrs) error {
	if password == "" {
		return nil
	}
	for _, r := range password {
		if !unicode.IsDigit(r) {
			return nil
		}
	}
	return &Error{Code: CodeEntirelyNumeric, Message: "This password is entirely numeric."}
}

// HelpText says a password can't be all digits.
func (NumericPassword) HelpText() string { return "Your password can’t be entirely numeric." }
