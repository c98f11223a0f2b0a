package hashers

import (
	"errors"
	"fmt"
	"strings"
)

// List is a project's choice of hashers, Django's PASSWORD_HASHERS: the
// first (preferred) one makes every new hash, and every one of them is
// accepted when checking. Moving a new hasher to the front upgrades stored
// hashes one login at a time; removing a hasher locks out the users whose
// hashes still use it, so keep the old ones listed.
//
// A List is immutable once made and safe for concurrent use.
type List struct {
	preferred Encoder
	hashers   []Hasher
	byName    map[string]Hasher
}

// New returns a List whose preferred hasher is preferred, followed by
// others. It fails when an algorithm name is empty, contains "$" or
// appears twice, or when a hasher is nil: a configuration mistake to report
// at start-up.
func New(preferred Encoder, others ...Hasher) (*List, error) {
	if preferred == nil {
		return nil, errors.New("hashers: the preferred hasher is nil; give an Encoder such as hashers.PBKDF2SHA256{}")
	}
	l := &List{preferred: preferred, byName: make(map[string]Hasher, 1+len(others))}
	for i, h := range append([]Hasher{preferred}, others...) {
		if h == nil {
			return nil, fmt.Errorf("hashers: hasher %d of the list is nil", i)
		}
		name := h.Algorithm()
		if name == "" || strings.Contains(name, "$") {
			return nil, fmt.Errorf("hashers: hasher %d (%T) has the algorithm name %q; a name must be non-empty and must not contain \"$\"", i, h, name)
		}
		if _, dup := l.byName[name]; dup {
			return nil, fmt.Errorf("hashers: algorithm %q is listed twice; keep one hasher per algorithm", name)
		}
		l.byName[name] = h
		l.hashers = append(l.hashers, h)
	}
	return l, nil
}

// Preferred returns the hasher that makes new hashes.
func (l *List) Preferred() Encoder { return l.preferred }

// Hashers returns the hashers, preferred first. The slice is a copy the
// caller owns.
func (l *List) Hashers() []Hasher { return append([]Hasher(nil), l.hashers...) }

// Make hashes password with the preferred hasher and a fresh salt: the
// value to store in the user's password column. Every string is a
// password, the empty one included; to store "no password", use
// [MakeUnusable].
func (l *List) Make(password string) (string, error) {
	encoded, err := l.preferred.Encode(password)
	if err != nil {
		return "", fmt.Errorf("hashers: %s: %w", l.preferred.Algorithm(), err)
	}
	return encoded, nil
}

// Identify returns the hasher of the list that encoded names. It returns
// an error wrapping [ErrUnknownAlgorithm] when none does (including for
// "" and for unusable values).
func (l *List) Identify(encoded string) (Hasher, error) {
	if !IsUsable(encoded) {
		return nil, fmt.Errorf("%w: the password is unusable (it starts with %q)", ErrUnknownAlgorithm, UnusablePrefix)
	}
	if h, ok := l.byName[algorithmOf(encoded)]; ok {
		return h, nil
	}
	// The name is left out on purpose: a value with no known prefix may be
	// a plain-text password stored by mistake.
	return nil, fmt.Errorf("%w; list the hasher that made it (PASSWORD_HASHERS) to accept such passwords", ErrUnknownAlgorithm)
}

// Check reports whether password matches encoded, in constant time, and
// whether the stored value should be replaced by Make(password) because
// the preferred hasher or its cost has changed (needsUpgrade is only ever
// true when ok is).
//
// It never accepts an unusable value, an empty stored value, an algorithm
// the list lacks or a malformed hash. For the last two err says why (it
// wraps [ErrUnknownAlgorithm] or [ErrMalformed]); ok is false whenever err
// is non-nil. A wrong password is ok=false with a nil error.
func (l *List) Check(password, encoded string) (ok, needsUpgrade bool, err error) {
	if !IsUsable(encoded) {
		return false, false, nil
	}
	h, err := l.Identify(encoded)
	if err != nil {
		return false, false, err
	}
	hasherChanged := h.Algorithm() != l.preferred.Algorithm()
	mustUpdate := hasherChanged || l.preferred.MustUpdate(encoded)
	ok, err = h.Verify(password, encoded)
	if err != nil {
		return false, false, err
	}
	if !ok && !hasherChanged && mustUpdate {
		if hd, isHardener := h.(Hardener); isHardener {
			hd.HardenRuntime(password, encoded)
		}
	}
	return ok, ok && mustUpdate, nil
}

// MustUpdate reports whether encoded would be re-hashed at the next
// successful login: its hasher is not the preferred one, or the preferred
// one now uses other parameters. Unusable values report false (there is
// nothing to re-hash); unknown or malformed ones report true.
func (l *List) MustUpdate(encoded string) bool {
	if !IsUsable(encoded) {
		return false
	}
	h, err := l.Identify(encoded)
	if err != nil {
		return true
	}
	return h.Algorithm() != l.preferred.Algorithm() || l.preferred.MustUpdate(encoded)
}

// SimulateCheck spends the time of one password check with the preferred
// hasher and discards the result. An authentication backend calls it when
// the username matches no user, so that "no such user" and "wrong
// password" take the same time and a login form cannot be used to find out
// which accounts exist (Django's ModelBackend does the same).
func (l *List) SimulateCheck(password string) {
	_, _ = l.preferred.Encode(password)
}
