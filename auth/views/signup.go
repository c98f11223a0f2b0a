package views

import (
	"errors"
	"fmt"
	"net/http"
	"unicode"
	"unicode/utf8"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/validators"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/web"
)

// signup makes an account from a username, an email address and a
// password typed twice (Django's UserCreationForm, with the email
// required so that the account can reset its password), checks the
// password with the Config's validators against the new user's details,
// logs the new user in and redirects as a login does.
func (v *viewSet) signup(w http.ResponseWriter, r *http.Request, p *page) error {
	if r.Method != http.MethodPost {
		return v.renderSignup(w, r, p, newForm(nil))
	}
	values, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	f := newForm(values)
	f.required("username", "email", "password1", "password2")
	username, email := f.Value("username"), auth.NormalizeEmail(f.Value("email"))
	ctx := r.Context()
	if !f.hasError("username") {
		if msg := checkUsername(username); msg != "" {
			f.addError("username", msg)
		} else if found, err := auth.UsersOf(ctx).Find(ctx, "username__iexact", username); err != nil {
			return fmt.Errorf("authviews: signup: %w", err)
		} else if len(found) > 0 {
			// Case is ignored here, as Django 4.2+ does, so that "Ann" and
			// "ann" cannot be told apart by a user only by their case.
			f.addError("username", msgUsernameTaken)
		}
	}
	if !f.hasError("email") {
		if msg := checkEmail(email); msg != "" {
			f.addError("email", msg)
		}
	}
	attrs := validators.Attrs{"username": username, "email": email}
	checkNewPassword(f, "password1", "password2", func(pw string) error { return p.cfg.Validators.Validate(pw, attrs) })
	if !f.Valid() {
		return v.renderSignup(w, r, p, f)
	}
	u, err := auth.CreateAccount(ctx, username, email, f.raw("password1"), nil)
	if errors.Is(err, db.ErrUniqueViolation) {
		// Another request took the name since the check above.
		f.addError("username", msgUsernameTaken)
		return v.renderSignup(w, r, p, f)
	}
	if err != nil {
		return err
	}
	if err := auth.Login(w, r, u); err != nil {
		return err
	}
	_ = messages.Success(r, "Welcome, "+u.Base().Username+". Your account has been created.")
	return redirectNext(w, r, p.cfg.LoginRedirectURL)
}

func (v *viewSet) renderSignup(w http.ResponseWriter, r *http.Request, p *page, f *Form) error {
	n := r.PostFormValue("next")
	if n == "" {
		n = r.URL.Query().Get("next")
	}
	if _, ok := auth.SafeNext(r, n); !ok {
		n = ""
	}
	return web.Render(w, r, "registration/signup.html", p.data(map[string]any{
		"form": f, "next": n, "password_help": p.cfg.Validators.HelpTexts(),
	}))
}

// checkUsername applies Django's UnicodeUsernameValidator and the
// 150-character limit, returning the message or "".
func checkUsername(s string) string {
	if n := utf8.RuneCountInString(s); n > 150 {
		return fmt.Sprintf(msgUsernameTooLong, n)
	}
	for _, c := range s {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && !unicode.Is(unicode.Mn, c) &&
			c != '.' && c != '@' && c != '+' && c != '-' {
			return msgUsernameInvalid
		}
	}
	return ""
}
