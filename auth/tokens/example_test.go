package tokens_test

import (
	"fmt"
	"time"

	"github.com/jazzgo/jazz/auth/tokens"
)

func Example() {
	g, err := tokens.New(tokens.Options{Secret: "the project's SecretKey"})
	if err != nil {
		panic(err)
	}
	user := tokens.User{
		PK:        "42",
		Password:  "pbkdf2_sha256$1500000$...", // the stored hash
		LastLogin: time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC),
		Email:     "alice@example.com",
	}
	token := g.Make(user)
	fmt.Println(g.Check(user, token))

	// The reset sets a new password: the same link no longer works.
	user.Password = "pbkdf2_sha256$1500000$...new hash..."
	fmt.Println(g.Check(user, token))
	// Output:
	// true
	// false
}
