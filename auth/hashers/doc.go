// Package hashers stores and checks passwords in Django's formats, so that a
// Jazz site can share its user table with a Django site, in both
// directions.
//
//	encoded, err := hashers.Make("correct horse battery staple") // store this
//	ok, needsUpgrade, err := hashers.Check(submitted, encoded)
//	if ok && needsUpgrade {
//		encoded, err = hashers.Make(submitted) // and store it again
//	}
//
// # Formats
//
// An encoded password is "<algorithm>$<fields>", as Django writes it:
//
//   - pbkdf2_sha256$<iterations>$<salt>$<base64 hash>: [PBKDF2SHA256], the
//     default, at Django 6.1's [DefaultPBKDF2Iterations] (1,500,000);
//   - argon2$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>: [Argon2];
//   - bcrypt_sha256$$2b$<cost>$<salt+hash>: [BCryptSHA256];
//   - scrypt$<N>$<salt>$<r>$<p>$<hash>: [Scrypt];
//   - verify-only, for databases that come from older Django sites:
//     [PBKDF2SHA1], plain [BCrypt], salted [MD5] and [SHA1], [UnsaltedMD5]
//     and [UnsaltedSHA1];
//   - "!" followed by 40 random characters: an unusable password
//     ([MakeUnusable], [IsUsable]), which never verifies.
//
// Every format but scrypt is checked against the vectors a real Django made
// (shared/interop/django/passwords.json; Django 3.2 had no scrypt hasher,
// so scrypt is checked against values computed by its recipe), and hashes
// Jazz makes were checked with Django's own check_password.
//
// Tests that create users should not pay for the default cost: give them a
// list such as hashers.New(hashers.PBKDF2SHA256{Iterations: 1000}).
//
// # Choosing hashers
//
// A [List] is Django's PASSWORD_HASHERS: the first, preferred hasher (an
// [Encoder]) makes new hashes and all of them verify. [Default] is Django's
// default list; [New] builds another from values, and [FromNames] from
// algorithm names or Django class paths, for a setting. [List.Check] says
// when a stored hash should be replaced (needsUpgrade): its algorithm is
// not the preferred one, or the preferred hasher's cost or salt size has
// changed ([Encoder.MustUpdate]). Remove a hasher from the list only when
// no stored hash uses it any more.
//
// # Errors
//
// Check never accepts a malformed or unknown value. Where Django returns
// False (unknown algorithm) Check returns an error wrapping
// [ErrUnknownAlgorithm]; where Django raises (a known prefix with a broken
// body) it returns a [*FormatError] wrapping [ErrMalformed]. In both cases
// ok is false; the error is for logs. Errors never repeat the stored value.
//
// # Timing
//
// Comparisons are constant-time. Two more leaks are closed as Django closes
// them: a failed check against a cheaper hash of the preferred algorithm
// runs the missing work ([Hardener]), and a login for a username that
// matches no user should call [SimulateCheck], so that neither tells an
// attacker which accounts exist.
//
// # Writing a hasher
//
// Implement [Hasher] (Algorithm and Verify) to accept a format, and
// [Encoder] as well to make new hashes with it. Hashers must be safe for
// concurrent use; the ones here are small value types whose zero value
// means Django's default parameters.
package hashers
