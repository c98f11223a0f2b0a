// Package apps defines what an installed application is and keeps the
// ordered registry of a project's applications.
//
// An app is anything with a Label. What an app contributes (models,
// templates, static files, commands, checks, admin registrations) is
// discovered by the package that consumes it, through a small interface
// declared there and a type assertion at start-up:
//
//	type App struct{ apps.Base }
//
//	func (*App) Templates() fs.FS { return templatesFS } // templates.Provider
//	func (*App) Static() fs.FS    { return staticFS }    // static.Provider
//
//	var Blog = &App{apps.Base{Name: "blog", Verbose: "Blog"}}
//
// The order of the registry is the order of the project's InstalledApps:
// template and static lookups try apps in that order, and [Readier] hooks
// run in that order.
package apps
