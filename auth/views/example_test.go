package views_test

import (
	"fmt"

	"github.com/jazzgo/jazz/auth/views"
)

// The routes a project mounts under "accounts/", with the names Django's
// auth URLconf gives them.
func ExampleURLs() {
	for _, p := range views.URLs(views.Options{}) {
		fmt.Printf("%-26s %s\n", p.Route(), p.Name())
	}
	// Output:
	// login/                     login
	// logout/                    logout
	// password_change/           password_change
	// password_change/done/      password_change_done
	// password_reset/            password_reset
	// password_reset/done/       password_reset_done
	// reset/done/                password_reset_complete
	// reset/<uidb64>/<token>/    password_reset_confirm
	// signup/                    signup
	// profile/                   profile
}
