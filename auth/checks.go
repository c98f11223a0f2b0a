package auth

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/orm"
)

// Checks implements checks.Provider: Django's auth.E011 and auth.E012,
// the default permissions of every model must fit their columns, or
// PostMigrate would fail after migrate.
func (*app) Checks() []checks.Check {
	return []checks.Check{{
		Name: "auth.checkPermissionLengths",
		Tags: []string{"models"},
		Func: func(context.Context) []checks.Message { return checkPermissionLengths(orm.Models()) },
	}}
}

func checkPermissionLengths(models []*orm.ModelInfo) []checks.Message {
	var out []checks.Message
	for _, m := range models {
		if m.AutoCreated {
			continue
		}
		name := m.Meta.VerboseName
		if n := len("Can change ") + len(name); n > 255 {
			out = append(out, checks.Message{Level: checks.Error, ID: "auth.E011", Obj: m.Label,
				Msg: fmt.Sprintf("The verbose_name of model '%s' must be at most %d characters for its builtin permission names to be at most 255 characters.", m.Label, 255-len("Can change ")),
			})
		}
		if n := len("change_") + len(m.Name); n > 100 {
			out = append(out, checks.Message{Level: checks.Error, ID: "auth.E012", Obj: m.Label,
				Msg: fmt.Sprintf("The name of model '%s' must be at most %d characters for its builtin permission codenames to be at most 100 characters.", m.Label, 100-len("change_")),
			})
		}
	}
	return out
}
