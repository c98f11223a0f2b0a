package views

import (
	"net/http"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/validators"
	"github.com/jazzgo/jazz/web"
)

// passwordChange is Django's PasswordChangeView (the route wraps it in
// auth.LoginRequired): the old password, then the new one twice, checked
// by the Config's validators. The session that made the change stays
// logged in (auth.UpdateSessionAuthHash); every other session of the user
// ends, because its stored hash no longer matches.
func (v *viewSet) passwordChange(w http.ResponseWriter, r *http.Request, p *page) error {
	a := auth.CurrentAccount(r)
	if a == nil {
		return web.Forbidden("auth: password change needs a logged-in user")
	}
	if r.Method != http.MethodPost {
		return v.renderPasswordChange(w, r, p, newForm(nil))
	}
	values, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	f := newForm(values)
	f.required("old_password", "new_password1", "new_password2")
	ctx := r.Context()
	u := a.Base()
	if !f.hasError("old_password") {
		ok, err := auth.CheckPassword(ctx, a, f.raw("old_password"))
		if err != nil {
			return err
		}
		if !ok {
			f.addError("old_password", msgPasswordIncorrect)
		}
	}
	checkNewPassword(f, "new_password1", "new_password2", func(pw string) error { return u.ValidatePassword(ctx, pw) })
	if !f.Valid() {
		return v.renderPasswordChange(w, r, p, f)
	}
	if err := u.SetPassword(ctx, f.raw("new_password1")); err != nil {
		return err
	}
	if err := auth.UsersOf(ctx).Save(ctx, a, "password"); err != nil {
		return err
	}
	if err := auth.UpdateSessionAuthHash(r, a); err != nil {
		return err
	}
	return web.Redirect(w, r, p.links[NamePasswordChangeDone])
}

func (v *viewSet) renderPasswordChange(w http.ResponseWriter, r *http.Request, p *page, f *Form) error {
	return web.Render(w, r, "registration/password_change_form.html", p.data(map[string]any{
		"form": f, "password_help": p.cfg.Validators.HelpTexts(),
	}))
}

func (v *viewSet) passwordChangeDone(w http.ResponseWriter, r *http.Request, p *page) error {
	return web.Render(w, r, "registration/password_change_done.html", p.data(nil))
}

// checkNewPassword checks a password typed twice, as Django's
// SetPasswordMixin: the two must match, then validate runs on the second,
// and its complaints go under the second field.
func checkNewPassword(f *Form, field1, field2 string, validate func(string) error) {
	if f.hasError(field1) || f.hasError(field2) {
		return
	}
	pw1, pw2 := f.raw(field1), f.raw(field2)
	if pw1 != pw2 {
		f.addError(field2, msgPasswordMismatch)
		return
	}
	for _, m := range validators.Messages(validate(pw2)) {
		f.addError(field2, m)
	}
}
