// Package testenv holds helpers for Jazz's own tests; it is not for users
// and its API may change at any time.
//
// [DjangoVectors] loads the test vectors that a real Django made, so that
// packages such as signing, sessions, auth and csrf can prove they are
// byte-compatible with a Django site running beside a Jazz one.
package testenv
