package views

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/tokens"
	jmail "github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/web"
)

// resetSessionKey is where the confirm view keeps the token between the
// link and the form, Django's INTERNAL_RESET_SESSION_TOKEN: the token
// leaves the URL (and so the Referer of anything the form page loads).
const resetSessionKey = "_password_reset_token"

// resetURLToken replaces the token in the URL once it is in the session,
// Django's PasswordResetConfirmView.reset_url_token.
const resetURLToken = "set-password"

// Templates of the reset mail, Django's names. The body template is plain
// text despite its extension, as in Django.
const (
	resetSubjectTemplate = "registration/password_reset_subject.txt"
	resetEmailTemplate   = "registration/password_reset_email.html"
)

// passwordReset is Django's PasswordResetView: it mails a one-time link to
// every active user with a usable password and the given address (case
// ignored), then redirects to the "done" page. The response is the same
// whether or not such a user exists, so the form cannot be used to find
// out who has an account; a failure to send is logged, not shown, for the
// same reason.
func (v *viewSet) passwordReset(w http.ResponseWriter, r *http.Request, p *page) error {
	if r.Method != http.MethodPost {
		return v.renderPasswordReset(w, r, p, newForm(nil))
	}
	values, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	f := newForm(values)
	f.required("email")
	email := f.Value("email")
	if !f.hasError("email") {
		if msg := checkEmail(email); msg != "" {
			f.addError("email", msg)
		}
	}
	if !f.Valid() {
		return v.renderPasswordReset(w, r, p, f)
	}
	mailer := jmail.FromContext(r.Context())
	if mailer == nil {
		// Checked before looking anyone up, so a misconfigured site fails
		// the same way for every address.
		return errors.New("authviews: no mailer on the request (is the view served by a jazz project?)")
	}
	if p.cfg.Tokens == nil {
		return errors.New("authviews: no reset token generator (set auth.Config.SecretKey or Tokens)")
	}
	users, err := auth.UsersOf(r.Context()).Find(r.Context(), "email__iexact", email, "is_active", true)
	if err != nil {
		return fmt.Errorf("authviews: looking up users by email: %w", err)
	}
	for _, a := range users {
		u := a.Base()
		if !u.HasUsablePassword() || !strings.EqualFold(u.Email, email) {
			continue
		}
		if err := v.sendResetMail(r, p, mailer, a); err != nil {
			logger := web.SiteOf(r).Logger
			if logger == nil {
				logger = slog.Default()
			}
			logger.ErrorContext(r.Context(), "authviews: failed to send password reset email",
				"user_id", u.ID, "error", err, "request_id", web.RequestID(r))
		}
	}
	return web.Redirect(w, r, p.links[NamePasswordResetDone])
}

func (v *viewSet) renderPasswordReset(w http.ResponseWriter, r *http.Request, p *page, f *Form) error {
	return web.Render(w, r, "registration/password_reset_form.html", p.data(map[string]any{"form": f}))
}

// sendResetMail renders and sends the reset mail of u. Its data are
// Django's: email, domain, site_name, uid, user, token, protocol, plus
// reset_path (the path of the link, under the views' mount point).
func (v *viewSet) sendResetMail(r *http.Request, p *page, mailer *jmail.Mailer, a auth.Account) error {
	u := a.Base()
	uid := encodeUID(u.ID)
	token := p.cfg.Tokens.Make(tokenUser(u))
	domain, protocol := v.opts.Domain, v.opts.Protocol
	if domain == "" {
		domain = r.Host
	}
	if protocol == "" {
		protocol = "http"
		if r.TLS != nil {
			protocol = "https"
		}
	}
	data := map[string]any{
		"email": u.Email, "domain": domain, "site_name": siteName(r, v.opts), "uid": uid, "user": u,
		"token": token, "protocol": protocol, "reset_path": p.prefix + "reset/" + uid + "/" + token + "/",
	}
	renderer := web.SiteOf(r).Renderer
	if renderer == nil {
		return web.ErrNoRenderer
	}
	render := func(name string) (string, error) {
		var buf bytes.Buffer
		if err := renderer.Render(&buf, r, name, "", data); err != nil {
			return "", fmt.Errorf("authviews: rendering %s: %w", name, err)
		}
		return buf.String(), nil
	}
	subject, err := render(resetSubjectTemplate)
	if err != nil {
		return err
	}
	body, err := render(resetEmailTemplate)
	if err != nil {
		return err
	}
	msg := &jmail.Message{
		From: v.opts.FromEmail,
		To:   []string{u.Email},
		// Templates are html/template, which escapes for HTML; the
		// subject and the body are plain text, so the escaping is undone
		// (as the project's MailTemplates does for .txt files). A subject
		// must be one line, whatever the template's line breaks.
		Subject: strings.Join(strings.Fields(html.UnescapeString(subject)), " "),
		Body:    html.UnescapeString(body),
	}
	if v.opts.HTMLEmailTemplate != "" {
		if msg.HTML, err = render(v.opts.HTMLEmailTemplate); err != nil {
			return err
		}
	}
	return mailer.Send(r.Context(), msg)
}

// passwordResetConfirm is Django's PasswordResetConfirmView. The link
// reset/<uidb64>/<token>/ is checked, the token moved into the session,
// and the browser redirected to reset/<uidb64>/set-password/, where the
// form is shown and posted. The token is bound to the password hash and
// the last login, so it works once: setting the password kills it. An
// invalid or used link shows the page with validlink false.
func (v *viewSet) passwordResetConfirm(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := userFromUID(r, r.PathValue("uidb64"))
	if err != nil {
		return err
	}
	if p.cfg.Tokens == nil {
		return errors.New("authviews: no reset token generator (set auth.Config.SecretKey or Tokens)")
	}
	sess := sessions.FromRequest(r)
	if sess == nil {
		return errors.New("authviews: password reset needs the session middleware")
	}
	token := r.PathValue("token")
	if u != nil && token != resetURLToken {
		if p.cfg.Tokens.Check(tokenUser(u.Base()), token) {
			sess.Set(resetSessionKey, token)
			return web.Redirect(w, r, "../"+resetURLToken+"/")
		}
	}
	if u != nil && token == resetURLToken {
		if st, _ := sess.GetString(resetSessionKey); st != "" && p.cfg.Tokens.Check(tokenUser(u.Base()), st) {
			return v.setPassword(w, r, p, u)
		}
	}
	return web.Render(w, r, "registration/password_reset_confirm.html", p.data(map[string]any{"validlink": false}))
}

// setPassword shows and processes the new-password form of a valid link.
func (v *viewSet) setPassword(w http.ResponseWriter, r *http.Request, p *page, a auth.Account) error {
	u := a.Base()
	f := newForm(nil)
	ctx := r.Context()
	if r.Method == http.MethodPost {
		values, err := web.ParseForm(r)
		if err != nil {
			return err
		}
		f = newForm(values)
		f.required("new_password1", "new_password2")
		checkNewPassword(f, "new_password1", "new_password2", func(pw string) error { return u.ValidatePassword(ctx, pw) })
		if f.Valid() {
			if err := u.SetPassword(ctx, f.raw("new_password1")); err != nil {
				return err
			}
			if err := auth.UsersOf(ctx).Save(ctx, a, "password"); err != nil {
				return err
			}
			sessions.FromRequest(r).Delete(resetSessionKey)
			if v.opts.PostResetLogin {
				if err := auth.Login(w, r, a); err != nil {
					return err
				}
			}
			return web.Redirect(w, r, p.links[NamePasswordResetComplete])
		}
	}
	return web.Render(w, r, "registration/password_reset_confirm.html", p.data(map[string]any{
		"validlink": true, "form": f, "form_user": u, "password_help": p.cfg.Validators.HelpTexts(),
	}))
}

// encodeUID is Django's urlsafe_base64_encode(force_bytes(pk)): the
// decimal id in URL-safe base64 without padding, so links made by a Django
// site sharing the users work here and back.
func encodeUID(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

// userFromUID returns the user a uidb64 names, or nil for a malformed
// value or a user that does not exist (an invalid link, not an error).
func userFromUID(r *http.Request, uidb64 string) (auth.Account, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(uidb64, "="))
	if err != nil {
		return nil, nil
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	u, err := auth.GetAccount(r.Context(), id)
	if err != nil {
		return nil, fmt.Errorf("authviews: password reset: %w", err)
	}
	return u, nil
}

// tokenUser is the state of u a reset token is bound to.
func tokenUser(u *auth.AbstractUser) tokens.User {
	tu := tokens.User{PK: strconv.FormatInt(u.ID, 10), Password: u.Password, Email: u.Email}
	if u.LastLogin != nil {
		tu.LastLogin = *u.LastLogin
	}
	return tu
}

// checkEmail returns Django's message for s when it is not one plain
// address (no display name, a domain with a dot, or "localhost" as
// Django's EmailValidator allows), or "".
func checkEmail(s string) string {
	if len(s) > 254 {
		return fmt.Sprintf(msgEmailTooLong, len(s))
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return msgEmailInvalid
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return msgEmailInvalid
	}
	if domain := s[at+1:]; domain != "localhost" && (!strings.Contains(domain, ".") || strings.HasSuffix(domain, ".")) {
		return msgEmailInvalid
	}
	return ""
}

// siteName is the site's name for pages and mail: Options.SiteName, the
// Domain override, or the request's host.
func siteName(r *http.Request, opts Options) string {
	switch {
	case opts.SiteName != "":
		return opts.SiteName
	case opts.Domain != "":
		return opts.Domain
	}
	return r.Host
}
