// Package commands holds the migration management commands:
// makemigrations, migrate, showmigrations, sqlmigrate and
// squashmigrations. The root jazz package installs them when a project
// has a database; see All.
package commands
