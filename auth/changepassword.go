package auth

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/orm"
)

// changePassword is Django's manage.py changepassword:
//
//	changepassword [username]
//
// It works on the Config's user model (Config.Users). It asks for the
// new password twice (the Config's validators apply) and
// saves it, which ends the user's sessions. The username defaults to the
// operating system user ($USER). Three failed attempts abort.
type changePassword struct{}

func (*changePassword) Name() string { return "changepassword" }

func (*changePassword) Help() string { return "Change a user's password for django.contrib.auth." }

// ArgsUsage describes the positional argument.
func (*changePassword) ArgsUsage() string { return "[username]" }

func (*changePassword) SetFlags(*flag.FlagSet) {}

func (*changePassword) Run(ctx context.Context, o *manage.IO, args []string) error {
	if len(args) > 1 {
		return manage.Usagef("changepassword takes at most one argument, the username")
	}
	username := os.Getenv("USER")
	if len(args) == 1 {
		username = args[0]
	}
	if username == "" {
		return manage.Usagef("changepassword: give the username")
	}
	users := UsersOf(ctx)
	a, err := users.Get(ctx, "username", username)
	if errors.Is(err, orm.ErrDoesNotExist) {
		return fmt.Errorf("changepassword: user %q does not exist", username)
	}
	if err != nil {
		return fmt.Errorf("changepassword: %w", err)
	}
	u := a.Base()
	o.Printf("Changing password for user '%s'\n", u.Username)
	p := newPrompter(o)
	const maxTries = 3
	for try := 1; ; try++ {
		pw, err := p.ask("Password: ")
		if err != nil {
			return err
		}
		again, err := p.ask("Password (again): ")
		if err != nil {
			return err
		}
		switch {
		case pw != again:
			o.Errorf("Passwords do not match. Please try again.\n")
		default:
			if verr := u.ValidatePassword(ctx, pw); verr != nil {
				for _, m := range validatorMessages(verr) {
					o.Errorf("%s\n", m)
				}
				break
			}
			if err := u.SetPassword(ctx, pw); err != nil {
				return fmt.Errorf("changepassword: %w", err)
			}
			if err := users.Save(ctx, a, "password"); err != nil {
				return fmt.Errorf("changepassword: saving: %w", err)
			}
			o.Printf("Password changed successfully for user '%s'\n", u.Username)
			return nil
		}
		if try == maxTries {
			return fmt.Errorf("changepassword: aborting password change for user '%s' after %d attempts", u.Username, maxTries)
		}
	}
}
