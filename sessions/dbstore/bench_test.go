package dbstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/sessions"
)

// BenchmarkLoadSave is one request that reads its session and saves it
// changed, on each database.
func BenchmarkLoadSave(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			migrated(b, d)
			s := newStore(b, d, nil)
			ctx := context.Background()
			key := "benchmark0000000000000000000000"
			exp := time.Now().Add(time.Hour)
			if err := s.Save(ctx, key, sessions.Data{"visits": 0.0, "user": "42"}, exp, true); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				data, err := s.Load(ctx, key)
				if err != nil {
					b.Fatal(err)
				}
				data["visits"] = float64(i)
				if err := s.Save(ctx, key, data, exp, false); err != nil {
					b.Fatal(fmt.Errorf("save %d: %w", i, err))
				}
			}
		})
	}
}
