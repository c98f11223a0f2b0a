package validators

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:generate go run gen_common.go

// commonPasswordsText is the list shipped with Jazz, one lowercase password
// a line. It is written by gen_common.go (go generate): Jazz's own list of
// frequent password shapes (common words and names with the suffixes
// people add, keyboard walks, digit runs, years), not a copy of Django's.
//
//go:embed common_passwords.txt
var commonPasswordsText string

// builtin is parsed once, on first use, and never changed afterwards.
var builtin = sync.OnceValue(func() map[string]struct{} {
	set, _ := ParsePasswordList(strings.NewReader(commonPasswordsText))
	return set
})

// CommonPassword refuses passwords found in a list of common passwords
// (Django's CommonPasswordValidator). The password is lowercased and
// trimmed of surrounding white space before the lookup, so the list must
// hold lowercase entries.
type CommonPassword struct {
	// Passwords replaces the list shipped with Jazz when non-nil; build
	// it with ParsePasswordList. It is read, never written, by Validate.
	Passwords map[string]struct{}
}

// ParsePasswordList reads a list of passwords, one a line, as Django reads
// its common-passwords file: each line trimmed, empty lines ignored, and
// lowercased here so that any list works.
func ParsePasswordList(r io.Reader) (map[string]struct{}, error) {
	set := make(map[string]struct{})
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if p := strings.ToLower(strings.TrimSpace(sc.Text())); p != "" {
			set[p] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("validators: reading the password list: %w", err)
	}
	return set, nil
}

// BuiltinPasswordCount returns the number of passwords in the list
// shipped with Jazz.
func BuiltinPasswordCount() int { return len(builtin()) }

// Validate returns an [*Error] with code CodeTooCommon when the password
// is in the list.
func (v CommonPassword) Validate(password string, _ Attrs) error {
	set := v.Passwords
	if set == nil {
		set = builtin()
	}
	if _, found := set[strings.TrimSpace(strings.ToLower(password))]; found {
		return &Error{Code: CodeTooCommon, Message: "This password is too common."}
	}
	return nil
}

// HelpText says a password can't be a common one.
func (CommonPassword) HelpText() string { return "Your password can’t be a commonly used password." }
