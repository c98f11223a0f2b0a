// Package testapp is an app for the tests of the migration commands: its
// Go package path is known, so a test can build a throw-away module
// around it and check where makemigrations writes.
package testapp

import (
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/orm"
)

// Author is a model.
type Author struct {
	orm.Model
	Name string `jazz:"max_length=100"`
}

// Post is a model with a relation.
type Post struct {
	orm.Model
	Title  string                 `jazz:"max_length=200"`
	Slug   string                 `jazz:"max_length=50,default=draft"`
	Author orm.ForeignKey[Author] `jazz:"on_delete=cascade"`
}

// App has models and no migrations.
type App struct{ apps.Base }

// Models returns the app's models.
func (*App) Models() []any { return []any{(*Author)(nil), (*Post)(nil)} }

// WithMigrations is App with the migrations a test gives it.
type WithMigrations struct {
	App
	List []*migrate.Migration
}

// Migrations returns List.
func (a *WithMigrations) Migrations() []*migrate.Migration { return a.List }
