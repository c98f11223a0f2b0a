package migrations

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jazzgo/jazz/examples/mysite/articles/fixtures"
	"github.com/jazzgo/jazz/migrate"
)

// loadDemo fills a new database with the demo articles, as Django's
// documentation suggests for initial data: a data migration, written
// against the models as they are at this point of the history (rows as
// maps), so it keeps working when the structs change later. Rows get new
// keys from the database; relations are mapped from the fixture's keys.
func loadDemo(ctx context.Context, h *migrate.History) error {
	var objs []struct {
		Model  string                     `json:"model"`
		PK     int64                      `json:"pk"`
		Fields map[string]json.RawMessage `json:"fields"`
	}
	if err := json.Unmarshal(fixtures.Demo, &objs); err != nil {
		return fmt.Errorf("demo fixture: %w", err)
	}
	ids := map[string]map[int64]int64{} // model -> fixture key -> new key
	for _, o := range objs {
		model := h.Model(o.Model)
		row := migrate.Row{}
		for name, raw := range o.Fields {
			f := model.State().Field(name)
			if f == nil {
				return fmt.Errorf("demo fixture: %s has no field %s", o.Model, name)
			}
			v, err := demoValue(f, raw, ids)
			if err != nil {
				return fmt.Errorf("demo fixture: %s.%s: %w", o.Model, name, err)
			}
			row[name] = v
		}
		id, err := model.InsertReturningID(ctx, row)
		if err != nil {
			return err
		}
		label := strings.ToLower(o.Model)
		if ids[label] == nil {
			ids[label] = map[int64]int64{}
		}
		ids[label][o.PK] = id
	}
	return nil
}

// demoValue decodes one fixture value for field f; relations are mapped
// to the keys their targets got.
func demoValue(f *migrate.Field, raw json.RawMessage, ids map[string]map[int64]int64) (any, error) {
	switch f.Type {
	case migrate.ForeignKey, migrate.OneToOne:
		var pk int64
		if err := json.Unmarshal(raw, &pk); err != nil {
			return nil, err
		}
		id, ok := ids[strings.ToLower(f.To)][pk]
		if !ok {
			return nil, fmt.Errorf("%s %d comes later in the fixture or is missing", f.To, pk)
		}
		return id, nil
	case migrate.DateTime:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return time.Parse(time.RFC3339, s)
	}
	var v any
	err := json.Unmarshal(raw, &v)
	return v, err
}

// removeDemo deletes every article, tag and category, links and comments
// first.
func removeDemo(ctx context.Context, h *migrate.History) error {
	for _, label := range []string{"articles.Comment", "articles.ArticleTag", "articles.Article", "articles.Tag", "articles.Category"} {
		if err := h.Model(label).DeleteAll(ctx); err != nil {
			return err
		}
	}
	return nil
}

var _ = all.Add(&migrate.Migration{
	Name: "0002_demo_articles",
	Dependencies: []migrate.Key{
		{App: "articles", Name: "0001_initial"},
	},
	Operations: []migrate.Operation{
		migrate.RunGo{Forward: loadDemo, Backward: removeDemo, Description: "Load the demo articles"},
	},
})
