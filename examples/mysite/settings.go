package main

import (
	"embed"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	authviews "github.com/jazzgo/jazz/auth/views"
	"github.com/jazzgo/jazz/examples/mysite/articles"
	"github.com/jazzgo/jazz/examples/mysite/posts"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/web"
)

//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Settings returns the site's settings. Anything scalar can be overridden
// from the environment (JAZZ_DEBUG=true, JAZZ_ALLOWED_HOSTS=example.com,
// JAZZ_SECRET_KEY=..., JAZZ_STATIC_ROOT=...); see the README.
func Settings() jazz.Settings {
	return jazz.Settings{
		Name: "mysite",
		// Production behaviour by default: custom error pages, no technical
		// details. JAZZ_DEBUG=true shows the debug page.
		Debug: false,
		// A development key: check --deploy flags it. Set JAZZ_SECRET_KEY in
		// production.
		SecretKey:    "jazz-insecure-mysite-development-key-change-me-0123456789abcdef",
		AllowedHosts: []string{"localhost", "127.0.0.1", "[::1]"},
		InstalledApps: []apps.App{
			// Sessions live in the database (the sessions app's table);
			// JAZZ_SESSION_ENGINE=cache, cached_db, file or signed_cookies
			// switches engines.
			dbstore.App,
			// Users, groups and permissions, and their pages under
			// /accounts/ (Django's names).
			auth.App,
			authviews.App,
			articles.App,
			posts.App,
		},
		// Uploaded files (post covers); served by the site itself only with
		// JAZZ_DEBUG=true, by the web server in production.
		MediaRoot: siteFile("media"),
		// Five failed logins for a username or from an address lock it
		// out for 15 minutes.
		LoginThrottleFailures: 5,
		// Bootstrap names its red alert "danger".
		MessageTags:  map[string]string{"error": "danger"},
		URLs:         urlpatterns(),
		TemplateDirs: []fs.FS{sub(templateFiles, "templates")},
		StaticDirs:   []fs.FS{sub(staticFiles, "static")},
		StaticRoot:   siteFile("staticfiles"),
		// SQLite by default (the file appears on the first run, with demo
		// articles); DATABASE_URL=postgres://... or mysql://... for a server.
		DatabaseURL:       "sqlite:///" + siteFile("mysite.db"),
		ContextProcessors: []templates.ContextProcessor{themeProcessor},
		ShutdownTimeout:   20 * time.Second,
		// Mail goes to the console unless EMAIL_URL says otherwise
		// (smtp://user:pass@host:587?tls=starttls).
		DefaultFromEmail: "mysite <noreply@mysite.example>",
		Managers:         []string{"mysite managers <managers@mysite.example>"},
		Admins:           []string{"mysite admins <admins@mysite.example>"},
		// Error reports go to the admins (on the console by default).
		MailAdminsOnError: true,
	}
}

// themeProcessor puts the visitor's theme, kept in a signed cookie, into
// every template's context.
func themeProcessor(r *http.Request) map[string]any {
	return map[string]any{"theme": theme(r)}
}

func theme(r *http.Request) string {
	if v, ok := web.SignedCookie(r, themeCookie, themeSalt, themeMaxAge); ok && validTheme(v) {
		return v
	}
	return "light"
}

// siteFile places the site's files in examples/mysite when the site runs
// from the repository's root (go run ./examples/mysite), and in the
// working directory otherwise (a built binary elsewhere).
func siteFile(name string) string {
	if fi, err := os.Stat("examples/mysite"); err == nil && fi.IsDir() {
		return filepath.Join("examples/mysite", name)
	}
	return name
}

func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return s
}
