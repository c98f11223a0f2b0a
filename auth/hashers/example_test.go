package hashers_test

import (
	"fmt"

	"github.com/jazzgo/jazz/auth/hashers"
)

// A login checks the stored hash and, when the project's preferred hasher
// or its cost has changed since the hash was made, stores a new one.
func Example() {
	// A hash Django 3.2 made, with fewer iterations than today's default.
	stored := "pbkdf2_sha256$260000$JazzInteropSalt0123456$IsEgPKxxNX1d4xnLNjUhuDgYU0fFiT5pTzQfpUE96EY="

	ok, needsUpgrade, err := hashers.Check("password", stored)
	fmt.Println(ok, needsUpgrade, err)
	if ok && needsUpgrade {
		stored, _ = hashers.Make("password") // save this in the user row
	}
	ok, needsUpgrade, _ = hashers.Check("password", stored)
	fmt.Println(ok, needsUpgrade)
	// Output:
	// true true <nil>
	// true false
}

// A project chooses its hashers, preferred first; the others still verify
// existing hashes, which are upgraded as their owners log in.
func ExampleNew() {
	list, err := hashers.New(
		hashers.Argon2{Time: 1, Memory: 8 * 1024, Threads: 1},
		hashers.PBKDF2SHA256{}, hashers.MD5{},
	)
	if err != nil {
		panic(err)
	}
	ok, needsUpgrade, _ := list.Check("password", "md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22")
	fmt.Println(ok, needsUpgrade)
	// Output: true true
}

// An account that must not log in with a password stores an unusable
// value, which no password matches.
func ExampleMakeUnusable() {
	stored := hashers.MakeUnusable()
	ok, _, _ := hashers.Check("", stored)
	fmt.Println(len(stored), hashers.IsUsable(stored), ok)
	// Output: 41 false false
}

// When the username matches no user, spend the time of a real check so the
// response time does not reveal which accounts exist.
func ExampleSimulateCheck() {
	users := map[string]string{} // username -> encoded password
	login := func(username, password string) bool {
		encoded, found := users[username]
		if !found {
			hashers.SimulateCheck(password)
			return false
		}
		ok, _, _ := hashers.Check(password, encoded)
		return ok
	}
	fmt.Println(login("mallory", "guess"))
	// Output: false
}
