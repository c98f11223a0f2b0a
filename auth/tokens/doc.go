// Package tokens makes and checks password reset tokens in the format of
// Django's PasswordResetTokenGenerator, so that reset links made by a
// Django site work on a Jazz site sharing its users and secret, and the
// other way round.
//
//	g, err := tokens.New(tokens.Options{Secret: secretKey})
//	token := g.Make(user)      // put it in the emailed link
//	ok := g.Check(user, token) // when the link is followed
//
// A token is "<timestamp>-<mac>": the seconds since 2001-01-01 in base 36,
// then 32 hex digits of an HMAC-SHA256 over the user's primary key,
// password hash, last login time (whole seconds, UTC), the timestamp and
// the email. There is nothing to store: a token is valid while the user's
// state is unchanged and its age is at most the timeout (three days by
// default; Django's PASSWORD_RESET_TIMEOUT). Setting the new password
// changes the hash and logging in changes the last login, so a token works
// once. Older secrets (SecretFallbacks) keep tokens valid across a key
// rotation.
//
// Two Django details are kept on purpose: a token dated in the future is
// accepted, and the age may equal the timeout. Django counts timestamps in
// the server's local time; Jazz uses UTC, which agrees with a Django site
// whose TIME_ZONE is "UTC" (on another zone, tokens still check, but
// expire early or late by the zone offset). The SHA-1 tokens of Django 3.1
// and 3.2's transition setting are not accepted.
//
// testdata/django_tokens.json holds tokens and verdicts made by a real
// Django (testdata/django_tokens.py), which the tests reproduce.
package tokens
