package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/jazzgo/jazz/orm"
)

// DefaultPermissions are the actions every model gets a permission for,
// Django's Meta.default_permissions.
var DefaultPermissions = []string{"add", "change", "delete", "view"}

// ContentTypeOf is the ContentType string of a model: "blog.post".
func ContentTypeOf(m *orm.ModelInfo) string {
	return m.App + "." + strings.ToLower(m.Name)
}

// PostMigrate implements migrate.PostMigrator: it creates the add,
// change, delete and view permissions ("Can add post") of every
// registered model that lacks them, as Django's create_permissions after
// migrate. It only adds: permissions of removed models stay, as in Django.
// Running it again changes nothing.
func (*app) PostMigrate(ctx context.Context) error {
	return CreatePermissions(ctx, orm.Models()...)
}

// CreatePermissions creates the default permissions of models that are
// missing from the table; PostMigrate calls it for every registered model.
// Auto-created through models get none.
func CreatePermissions(ctx context.Context, models ...*orm.ModelInfo) error {
	existing, err := Permissions.All().ValuesList(ctx, "content_type", "codename")
	if err != nil {
		return fmt.Errorf("auth: creating permissions: reading the existing ones: %w", err)
	}
	have := make(map[string]bool, len(existing))
	for _, row := range existing {
		have[fmt.Sprint(row[0])+"."+fmt.Sprint(row[1])] = true
	}
	var missing []*Permission
	for _, m := range models {
		if m == nil || m.AutoCreated {
			continue
		}
		ct := ContentTypeOf(m)
		name := m.Meta.VerboseName
		if name == "" {
			name = strings.ToLower(m.Name)
		}
		model := strings.ToLower(m.Name)
		for _, action := range DefaultPermissions {
			codename := action + "_" + model
			if have[ct+"."+codename] {
				continue
			}
			have[ct+"."+codename] = true
			missing = append(missing, &Permission{Name: "Can " + action + " " + name, ContentType: ct, Codename: codename})
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := Permissions.BulkCreate(ctx, missing); err != nil {
		return fmt.Errorf("auth: creating %d permissions: %w", len(missing), err)
	}
	return nil
}
