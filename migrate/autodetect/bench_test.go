package autodetect_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
)

// bigState is 50 models of 10 fields each, a foreign key in every model
// after the first: the size the makemigrations benchmark in bench/ uses.
func bigState(b *testing.B) *migrate.State {
	b.Helper()
	m := &migrate.Migration{App: "shop", Name: "0001_initial"}
	for i := 1; i <= 50; i++ {
		fields := []migrate.Field{
			{Name: "id", Type: migrate.Auto, PrimaryKey: true},
			{Name: "name", Type: migrate.Char, MaxLength: 100},
			{Name: "slug", Type: migrate.Char, MaxLength: 100, Unique: true},
			{Name: "body", Type: migrate.Text},
			{Name: "count", Type: migrate.BigInt, Default: int64(0)},
			{Name: "price", Type: migrate.Float, Default: 0.0},
			{Name: "active", Type: migrate.Bool, Default: true},
			{Name: "created", Type: migrate.DateTime},
			{Name: "note", Type: migrate.Char, MaxLength: 200, Null: true},
		}
		if i > 1 {
			fields = append(fields, migrate.Field{Name: "parent", Type: migrate.ForeignKey, To: fmt.Sprintf("shop.Model%d", i-1), Index: true})
		} else {
			fields = append(fields, migrate.Field{Name: "code", Type: migrate.Char, MaxLength: 20, Index: true})
		}
		m.Operations = append(m.Operations, migrate.CreateModel{Name: fmt.Sprintf("Model%d", i), Fields: fields})
	}
	s := migrate.NewState()
	if err := m.Apply(s); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkDetectNoChanges is the comparison makemigrations makes on a
// project of 50 models / 500 fields whose migrations are up to date.
func BenchmarkDetectNoChanges(b *testing.B) {
	old := bigState(b)
	live := old.Clone()
	q := autodetect.NonInteractive(io.Discard, &autodetect.Answers{})
	opts := autodetect.Options{Leaves: map[string]string{"shop": "0001_initial"}, Highest: map[string]int{"shop": 1}}
	for b.Loop() {
		ch, err := autodetect.Detect(old, live, q, opts)
		if err != nil || len(ch) != 0 {
			b.Fatalf("changes %v, err %v", ch, err)
		}
	}
}
