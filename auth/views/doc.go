// Package views serves the account pages of the auth app under Django's
// paths, names and templates: log in, log out, password change, password
// reset by email, sign up and a profile page.
//
//	settings := jazz.Settings{
//		InstalledApps: []apps.App{dbstore.App, auth.App, views.App},
//		URLs: []urls.Pattern{
//			urls.Include("accounts/", views.URLs(views.Options{}), ""),
//		},
//		Middleware: append(jazz.DefaultMiddleware(), jazz.Use(auth.Middleware(authConfig))),
//	}
//
// # Pages
//
// [URLs] lists the routes and their names ("login", "logout",
// "password_change", "password_change_done", "password_reset",
// "password_reset_done", "password_reset_confirm",
// "password_reset_complete", as django.contrib.auth.urls, plus "signup"
// and "profile"). They find, create and save accounts of the auth
// Config's user model (auth.Config.Users, auth.User by default), so a
// project's own model gets the same pages. They behave as Django's
// class-based auth views:
//
//   - login takes "username" and "password", honours "next" only when
//     auth.SafeNext accepts it (same host, no scheme-relative or
//     javascript: tricks), cycles the session key, adds a success message,
//     and otherwise lands on auth.Config.LoginRedirectURL
//     ("/accounts/profile/"). Wrong credentials give Django's message; a
//     lockout by auth.Config.Throttle gives its own, with status 429.
//   - logout is POST only (Django 5): a GET is a 405, so no link or image
//     on another site can log a user out.
//   - password_change needs a login and the old password; the session
//     that changes the password stays logged in, every other session of
//     the user ends.
//   - password_reset mails a link to the active users with that address
//     and answers the same whether or not one exists. The link
//     reset/<uidb64>/<token>/ puts the token in the session and redirects
//     to reset/<uidb64>/set-password/, so the token does not stay in the
//     address bar or leak through Referer. Tokens come from auth/tokens,
//     are bound to the password hash and last login, and so work once.
//   - signup takes "username", "email", "password1" and "password2",
//     validates the password with auth.Config.Validators against the new
//     user's details, and logs the new user in.
//   - profile needs a login and shows the user.
//
// Every form is checked by the CSRF middleware; the templates include
// {{csrf_input .request}}. The pages are sent with never-cache headers.
//
// # Templates
//
// The templates carry Django's names under "registration/" and extend
// "base.html", filling its "title" and "content" blocks; the project
// provides base.html, and may override any page by a file of the same name
// in its TemplateDirs. Their data: "form" (a [Form]: Value, FieldErrors,
// NonFieldErrors), "next", "urls" (the paths of the pages, by route name,
// under the mount point: {{.urls.password_reset}}), "password_help" (the
// validators' help texts), "user" on the profile, "validlink" on the
// reset confirmation. The reset mail is rendered from
// registration/password_reset_subject.txt and
// registration/password_reset_email.html (plain text, as in Django) with
// Django's data: email, domain, site_name, uid, user, token, protocol, and
// reset_path.
package views
