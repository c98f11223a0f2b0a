// Package validators checks the quality of a new password, with the rules,
// messages and help texts of Django's password validation.
//
//	err := validators.Validate(newPassword, validators.Attrs{
//		"username": "alice", "email": "alice@example.com",
//	})
//	for _, msg := range validators.Messages(err) {
//		form.AddError("password", msg)
//	}
//
// [Default] is Django's recommended set, run in order:
//
//   - [UserAttributeSimilarity]: not too close to the username, first and
//     last name or email (or their parts), by difflib's quick_ratio >= 0.7
//     ([QuickRatio]); "The password is too similar to the username.";
//   - [MinimumLength]: at least 8 characters; "This password is too short.
//     It must contain at least 8 characters.";
//   - [CommonPassword]: not in a list of common passwords; "This password is
//     too common.";
//   - [NumericPassword]: not only digits; "This password is entirely
//     numeric.".
//
// [List.Validate] runs every validator and returns all the reasons at once
// as [Errors]; each is an [*Error] with Django's code (CodeTooShort, ...),
// for callers that branch on the rule. [List.HelpTexts] gives the lines a
// password form shows under the field. A project builds its own [List]
// from these values or from any [Validator], and calls [List.CheckConfig]
// at start-up.
//
// # The common passwords list
//
// Django ships a list of 20,000 passwords from real leaks. Jazz ships its
// own, common_passwords.txt, written by gen_common.go (go generate): about
// 29,000 passwords built from the shapes that top every leaked list
// (popular words and names with the digits and symbols people append,
// keyboard walks, digit runs and repeats, years). It is a sound default,
// not a breach corpus; a project with a better list loads it with
// [ParsePasswordList] into [CommonPassword].Passwords.
//
// The verdicts, messages and help texts are checked against a real Django
// (testdata/django_validators.json, made by testdata/django_validators.py).
package validators
