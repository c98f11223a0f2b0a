package orm_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

type Event struct {
	orm.Model
	Name  string `jazz:"max_length=50"`
	Seats int32
	Free  int32
}

func (*Event) Validators() map[string][]orm.Validator {
	return map[string][]orm.Validator{
		"name": {func(v any) error {
			if s := v.(string); s != "" && s == strings.ToUpper(s) {
				return &orm.ValidationError{Code: "shouting", Message: "Please do not write the name in capitals."}
			}
			return nil
		}},
		"Seats": {func(v any) error {
			if v.(int64) > 500 {
				return errors.New("At most 500 seats.")
			}
			return nil
		}},
	}
}

func (e *Event) Clean(context.Context) error {
	if e.Free > e.Seats {
		return errors.New("More free seats than seats.")
	}
	return nil
}

func TestCustomValidatorsAndClean(t *testing.T) {
	if err := orm.Register("events", (*Event)(nil)); err != nil {
		t.Fatal(err)
	}
	ctx := db.WithDB(context.Background(), dbtest.Open(t, "sqlite"))
	if err := orm.CreateTables(ctx, (*Event)(nil)); err != nil {
		t.Fatal(err)
	}
	if err := orm.FullClean(ctx, &Event{Name: "Jazz night", Seats: 100, Free: 10}); err != nil {
		t.Fatalf("a valid event failed: %v", err)
	}
	err := orm.FullClean(ctx, &Event{Name: "JAZZ NIGHT", Seats: 900, Free: 901})
	var ve orm.ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("FullClean = %v", err)
	}
	if !ve.Has("name", "shouting") || !ve.Has("seats", "invalid") || !ve.Has(orm.NonFieldErrors, "invalid") {
		t.Fatalf("errors = %v", ve)
	}
	if msgs := ve.Messages("seats"); len(msgs) != 1 || msgs[0] != "At most 500 seats." {
		t.Fatalf("seats messages = %q", msgs)
	}
	// A field that fails its built-in checks does not also run its
	// validators: one message is enough.
	err = orm.FullClean(ctx, &Event{Name: strings.Repeat("A", 60), Seats: 1})
	if !errors.As(err, &ve) || ve.Has("name", "shouting") || !ve.Has("name", "max_length") {
		t.Fatalf("max_length and validator: %v", err)
	}
}
