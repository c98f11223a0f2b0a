package validators_test

import (
	"errors"
	"fmt"

	"github.com/jazzgo/jazz/auth/validators"
)

func Example() {
	user := validators.Attrs{"username": "alice", "email": "alice@example.com"}

	err := validators.Validate("alice1", user)
	for _, msg := range validators.Messages(err) {
		fmt.Println(msg)
	}
	fmt.Println(validators.Validate("correct horse battery staple", user))
	// Output:
	// The password is too similar to the username.
	// This password is too short. It must contain at least 8 characters.
	// <nil>
}

// A project picks its own rules; callers can branch on an error's code.
func ExampleList() {
	rules := validators.List{
		validators.MinimumLength{Min: 12},
		validators.NumericPassword{},
	}
	if err := rules.CheckConfig(); err != nil {
		panic(err) // at start-up
	}
	err := rules.Validate("123456789", nil)
	var e *validators.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
	}
	fmt.Println(rules.HelpTexts()[0])
	// Output:
	// password_too_short
	// Your password must contain at least 12 characters.
}
