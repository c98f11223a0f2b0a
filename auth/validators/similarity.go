package validators

import (
	"fmt"
	"strings"
	"unicode"
)

// DefaultUserAttributes are the fields [UserAttributeSimilarity] compares
// when none are given, as in Django.
var DefaultUserAttributes = []string{"username", "first_name", "last_name", "email"}

// defaultVerboseNames are the verbose names of Django's User fields, which
// the message uses ("...too similar to the email address.").
var defaultVerboseNames = map[string]string{
	"username":   "username",
	"first_name": "first name",
	"last_name":  "last name",
	"email":      "email address",
}

// UserAttributeSimilarity refuses a password too similar to the user's
// own information (Django's UserAttributeSimilarityValidator). Each
// attribute is compared whole and in parts split at every run of
// non-word characters, so "alice.smith@example.com" also guards "alice",
// "smith", "example" and "com". Similarity is difflib's quick_ratio of
// the lowercased texts: twice the number of characters they share
// (counted with multiplicity, ignoring order) over their total length.
// Parts much shorter than the password are skipped, as Django skips them.
type UserAttributeSimilarity struct {
	// Attributes are the fields to compare, in order; nil means
	// DefaultUserAttributes. Fields missing from the Attrs are skipped.
	Attributes []string
	// VerboseNames names fields in the message; a field missing here uses
	// Django's User verbose name, or else the field name itself.
	VerboseNames map[string]string
	// MaxSimilarity is the ratio from which a password is refused; 0
	// means 0.7. It must be at least 0.1.
	MaxSimilarity float64
}

func (v UserAttributeSimilarity) max() float64 {
	if v.MaxSimilarity == 0 {
		return 0.7
	}
	return v.MaxSimilarity
}

// CheckConfig refuses a MaxSimilarity below 0.1, as Django does: lower
// values would refuse nearly every password.
func (v UserAttributeSimilarity) CheckConfig() error {
	if v.MaxSimilarity != 0 && v.MaxSimilarity < 0.1 {
		return fmt.Errorf("MaxSimilarity must be at least 0.1 (got %v)", v.MaxSimilarity)
	}
	return nil
}

// Validate returns an [*Error] with code CodeTooSimilar naming the first
// attribute the password resembles.
func (v UserAttributeSimilarity) Validate(password string, user Attrs) error {
	if len(user) == 0 {
		return nil
	}
	maxSim := v.max()
	attrs := v.Attributes
	if attrs == nil {
		attrs = DefaultUserAttributes
	}
	pw := []rune(strings.ToLower(password))
	for _, name := range attrs {
		value := user[name]
		if value == "" {
			continue
		}
		lower := strings.ToLower(value)
		parts := append(splitNonWord(lower), lower)
		for _, part := range parts {
			p := []rune(part)
			if exceedsLengthRatio(len(pw), len(p), maxSim) {
				continue
			}
			if QuickRatio(pw, p) >= maxSim {
				return &Error{Code: CodeTooSimilar, Message: fmt.Sprintf("The password is too similar to the %s.", v.verboseName(name))}
			}
		}
	}
	return nil
}

func (v UserAttributeSimilarity) verboseName(field string) string {
	if n, ok := v.VerboseNames[field]; ok {
		return n
	}
	if n, ok := defaultVerboseNames[field]; ok {
		return n
	}
	return field
}

// HelpText says a password can't resemble personal information.
func (UserAttributeSimilarity) HelpText() string {
	return "Your password can’t be too similar to your other personal information."
}

// exceedsLengthRatio is Django's shortcut: when the password is at least
// ten times longer than the value and the value is shorter than
// maxSim/2 of it, the ratio cannot reach maxSim, so the comparison is
// skipped.
func exceedsLengthRatio(pwLen, valueLen int, maxSim float64) bool {
	return pwLen >= 10*valueLen && float64(valueLen) < maxSim/2*float64(pwLen)
}

// splitNonWord splits s at every run of non-word characters, like
// Python's re.split(r"\W+", s): a leading or trailing separator gives an
// empty first or last part, which is kept.
func splitNonWord(s string) []string {
	var parts []string
	start, inSep := 0, false
	for i, r := range s {
		word := r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
		switch {
		case !word && !inSep:
			parts = append(parts, s[start:i])
			inSep = true
		case word && inSep:
			start, inSep = i, false
		}
	}
	if inSep {
		parts = append(parts, "")
	} else {
		parts = append(parts, s[start:])
	}
	return parts
}

// QuickRatio is Python's difflib.SequenceMatcher(a=a, b=b).quick_ratio():
// 2*M/T, where M counts the characters a and b have in common (each
// occurrence matched at most once, order ignored) and T is their total
// length; 1.0 when both are empty. It is an upper bound of the
// SequenceMatcher ratio and is what Django compares with MaxSimilarity.
func QuickRatio(a, b []rune) float64 {
	total := len(a) + len(b)
	if total == 0 {
		return 1
	}
	avail := make(map[rune]int, len(b))
	for _, r := range b {
		avail[r]++
	}
	matches := 0
	for _, r := range a {
		if avail[r] > 0 {
			avail[r]--
			matches++
		}
	}
	return 2 * float64(matches) / float64(total)
}
