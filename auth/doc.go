// Package auth is Jazz's authentication and permissions app, Django's
// django.contrib.auth: users, groups and permissions in Django's tables,
// logging in and out through the session, and wrappers that guard views.
//
//	p, err := jazz.New(jazz.Settings{
//		InstalledApps: []apps.App{dbstore.App, auth.App},
//		Middleware: append(jazz.DefaultMiddleware(),
//			jazz.Use(auth.Middleware(auth.Config{SecretKey: secret}))),
//		URLs: []urls.Pattern{
//			urls.Path("accounts/profile/", auth.LoginRequired(profile), "profile"),
//		},
//	})
//
//	// in a login view:
//	u, err := auth.Authenticate(r, username, password) // ErrInvalidCredentials, ErrThrottled
//	if err == nil {
//		err = auth.Login(w, r, u)
//	}
//
//	// anywhere after the middleware:
//	if u := auth.CurrentUser(r); u.IsAuthenticated() { ... }
//
// # Models and tables
//
// [User], [Group] and [Permission] live in Django's tables (auth_user,
// auth_group, auth_permission, and the link tables auth_user_groups,
// auth_user_user_permissions and auth_group_permissions) with Django's
// columns, made by the app's migrations, so a Jazz site can share its
// users with a Django site. The one difference: a permission names its
// model with a string, ContentType "blog.post", where Django points at
// its content types table. After every migrate the app creates the add,
// change, delete and view permissions of every registered model that
// lacks them ("Can add post", codename "add_post"), as Django's
// post_migrate handler.
//
// # Passwords
//
// Passwords are hashed by the Config's [hashers.List] (Django's formats;
// PBKDF2-SHA256 by default). A successful check with an outdated
// algorithm or cost saves a new hash ([User.CheckPassword]). New
// passwords are judged by the Config's [validators.List]
// ([AbstractUser.ValidatePassword]); SetPassword does not validate.
//
// # Sessions
//
// [Login] writes Django's session keys: "_auth_user_id" (the id as a
// string), "_auth_user_backend" (ModelBackend is
// "django.contrib.auth.backends.ModelBackend") and "_auth_user_hash", an
// HMAC-SHA256 of the password hash under the secret key with Django's key
// salt. It changes the session key first, so a key planted before the
// login is useless, and rotates the CSRF secret. [CurrentUser] loads the
// user lazily and ends the session when the hash no longer matches, so
// changing a password logs out every other session;
// [UpdateSessionAuthHash] keeps the current one. A hash made with one of
// SecretKeyFallbacks is accepted and renewed, so rotating the key does not
// log anyone out.
//
// # Guarding views
//
// [LoginRequired], [PermissionRequired], [UserPassesTest] and
// [StaffRequired] wrap an http.Handler. Anonymous visitors are sent to
// Config.LoginURL with "next" set to the page; a logged-in user who lacks
// the right gets 403 rather than a login page it cannot get past. A
// login view checks "next" with [SafeNext] before redirecting to it.
//
// # Throttling
//
// Config.Throttle (beyond Django's core) locks out a username, and a
// client address, for LockFor after MaxFailures failed logins within
// Window; counters live in Config.Cache (default: the project's cache).
// Authenticate returns [ErrThrottled] without trying the password while
// locked. Behind a proxy, make sure r.RemoteAddr is the client's
// address (the proxy header middleware), or every client shares one
// counter.
//
// # Commands
//
// createsuperuser (interactive, or --noinput with --username, --email and
// the password in JAZZ_SUPERUSER_PASSWORD) and changepassword.
//
// # Custom user models
//
// [AbstractUser] holds the fields and the logic that does not depend on
// the table: SetPassword, SetUnusablePassword, HasUsablePassword,
// ValidatePassword, SessionAuthHash, HasPerm, HasPerms, GetAllPermissions
// and FullName. A project that needs more on its users embeds it in a
// model of its own app and names that model in Config.Users, as Django's
// AUTH_USER_MODEL:
//
//	type Member struct {
//		auth.AbstractUser
//		Phone string `jazz:"max_length=20,blank"`
//	}
//
//	cfg := auth.Config{SecretKey: secret, Users: auth.Model[accounts.Member]()}
//
// The model gets every auth column and its own link tables
// (accounts_member_groups, ...); its app registers it and makes its
// migrations. Choose the model once, before the first migrate, as in
// Django: the accounts live in its table, and auth_user stays empty.
//
// Everything that finds, creates or saves users then goes through the
// [UserModel]: [Authenticate], [Login], [Logout], [ModelBackend],
// [CreateAccount], [GetAccount], [CheckPassword], the createsuperuser and
// changepassword commands, the guards ([LoginRequired] and friends) and
// the pages of auth/views. They traffic in [Account], an interface every
// model embedding AbstractUser satisfies: a.Base() gives the auth fields
// and methods, a type assertion the model's own fields:
//
//	if m, ok := auth.CurrentAccount(r).(*accounts.Member); ok {
//		phone = m.Phone
//	}
//
// [CurrentUser], [LoadUser], [CreateUser], [CreateSuperuser], [GetUser]
// and the [Users] manager are auth.User's and stay as they were for the
// default model; with another model, CurrentUser is always nil and
// CreateUser returns [ErrNotUserModel], so code meant to work with any
// model uses CurrentAccount and CreateAccount. A [Backend] returns
// accounts of the Config's model (see [UsersOf]). The session keys are
// Django's whatever the model: the id, the backend and the hash.
//
// The Config reaches requests through [Middleware] and commands through
// [WithConfig]; both must carry the same Users.
package auth
