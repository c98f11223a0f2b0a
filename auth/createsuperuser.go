package auth

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/jazzgo/jazz/auth/validators"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/manage"
)

// PasswordEnv is the environment variable createsuperuser --noinput reads
// the password from (Django's DJANGO_SUPERUSER_PASSWORD).
const PasswordEnv = "JAZZ_SUPERUSER_PASSWORD"

// createSuperuser is Django's manage.py createsuperuser:
//
//	createsuperuser [--username U] [--email E] [--noinput]
//
// It creates an account of the Config's user model (Config.Users); the
// model's own fields keep their zero values or defaults.
// Interactively it asks for what the flags do not give, then for the
// password twice; the Config's validators apply, and a weak password can
// be kept only by answering yes. With --noinput, --username is required,
// the password comes from JAZZ_SUPERUSER_PASSWORD (validated; absent
// means an unusable password) and nothing is asked. The password is
// echoed when typed on a terminal: type it where nobody watches, or use
// --noinput with the environment variable.
type createSuperuser struct {
	username, email string
	noinput         bool
}

func (*createSuperuser) Name() string { return "createsuperuser" }

func (*createSuperuser) Help() string { return "Used to create a superuser." }

func (c *createSuperuser) SetFlags(fs *flag.FlagSet) {
	c.username, c.email, c.noinput = "", "", false
	fs.StringVar(&c.username, "username", "", "Specifies the login for the superuser.")
	fs.StringVar(&c.email, "email", "", "Specifies the email for the superuser.")
	fs.BoolVar(&c.noinput, "noinput", false, "Do not prompt for input: --username is required and the password comes from "+PasswordEnv+".")
	fs.BoolVar(&c.noinput, "no-input", false, "Same as --noinput.")
}

func (c *createSuperuser) Run(ctx context.Context, o *manage.IO, args []string) error {
	if len(args) > 0 {
		return manage.Usagef("createsuperuser takes no arguments")
	}
	if db.FromContext(ctx) == nil {
		return errors.New("createsuperuser: no database is configured")
	}
	if c.noinput || !o.Interactive {
		return c.runNoInput(ctx, o)
	}
	p := newPrompter(o)
	username := strings.TrimSpace(c.username)
	for {
		if username == "" {
			a, err := p.ask("Username: ")
			if err != nil {
				return err
			}
			username = strings.TrimSpace(a)
			if username == "" {
				o.Errorf("Error: This field cannot be blank.\n")
				continue
			}
		}
		taken, err := usernameTaken(ctx, username)
		if err != nil {
			return fmt.Errorf("createsuperuser: %w", err)
		}
		if !taken {
			break
		}
		o.Errorf("Error: That username is already taken.\n")
		username = ""
	}
	email := c.email
	if email == "" {
		a, err := p.ask("Email address: ")
		if err != nil {
			return err
		}
		email = strings.TrimSpace(a)
	}
	attrs := validators.Attrs{"username": username, "email": email}
	password, err := askPassword(ctx, o, p, attrs, true)
	if err != nil {
		return err
	}
	if _, err := CreateAccount(ctx, username, email, password, MakeSuperuser); err != nil {
		return fmt.Errorf("createsuperuser: %w", err)
	}
	o.Printf("Superuser created successfully.\n")
	return nil
}

func (c *createSuperuser) runNoInput(ctx context.Context, o *manage.IO) error {
	username := strings.TrimSpace(c.username)
	if username == "" {
		return errors.New("createsuperuser: you must use --username with --noinput")
	}
	taken, err := usernameTaken(ctx, username)
	if err != nil {
		return fmt.Errorf("createsuperuser: %w", err)
	}
	if taken {
		return fmt.Errorf("createsuperuser: the username %q is already taken", username)
	}
	password := os.Getenv(PasswordEnv)
	if password != "" {
		attrs := validators.Attrs{"username": username, "email": c.email}
		if err := ConfigFrom(ctx).Validators.Validate(password, attrs); err != nil {
			return fmt.Errorf("createsuperuser: the password in %s is refused: %s", PasswordEnv, strings.Join(validators.Messages(err), " "))
		}
	}
	if _, err := CreateAccount(ctx, username, c.email, password, MakeSuperuser); err != nil {
		return fmt.Errorf("createsuperuser: %w", err)
	}
	o.Printf("Superuser created successfully.\n")
	return nil
}

// askPassword asks for a new password twice until both agree and it is
// not blank. When the validators refuse it, bypass offers to keep it
// anyway (createsuperuser); otherwise it asks again.
func askPassword(ctx context.Context, o *manage.IO, p *prompter, attrs validators.Attrs, bypass bool) (string, error) {
	for {
		pw, err := p.ask("Password: ")
		if err != nil {
			return "", err
		}
		again, err := p.ask("Password (again): ")
		if err != nil {
			return "", err
		}
		if pw != again {
			o.Errorf("Error: Your passwords didn't match.\n")
			continue
		}
		if strings.TrimSpace(pw) == "" {
			o.Errorf("Error: Blank passwords aren't allowed.\n")
			continue
		}
		verr := ConfigFrom(ctx).Validators.Validate(pw, attrs)
		if verr == nil {
			return pw, nil
		}
		o.Errorf("%s\n", strings.Join(validators.Messages(verr), "\n"))
		if !bypass {
			continue
		}
		a, err := p.ask("Bypass password validation and create user anyway? [y/N]: ")
		if err != nil {
			return "", err
		}
		if strings.EqualFold(strings.TrimSpace(a), "y") {
			return pw, nil
		}
	}
}

// usernameTaken reports whether an account of the Config's user model has
// username.
func usernameTaken(ctx context.Context, username string) (bool, error) {
	found, err := UsersOf(ctx).Find(ctx, "username", username)
	return len(found) > 0, err
}
