package articles

import (
	"context"
	"slices"
	"sync/atomic"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/orm"
)

// YearCount is how many articles a year has.
type YearCount struct {
	Year  int
	Count int
}

// countsKey is the low-level cache key of CountsByYear's result.
const countsKey = "articles:counts-by-year"

// CountsByYear returns the number of articles per year, newest year first.
// It is the site's example of low-level caching: the result is computed
// once and kept in the project's cache until an article is saved or
// deleted (see init), so every list page after the first reads it from
// the cache.
func CountsByYear(ctx context.Context) ([]YearCount, error) {
	c := cache.FromContext(ctx)
	if c == nil {
		return countByYear(ctx)
	}
	var out []YearCount
	err := c.GetOrSet(ctx, countsKey, &out, cache.Forever, func(ctx context.Context) (any, error) {
		return countByYear(ctx)
	})
	return out, err
}

func init() {
	orm.OnPostSave[Article](func(ctx context.Context, _ *Article, _ orm.SaveEvent) error {
		return InvalidateCounts(ctx)
	})
	orm.OnPostDelete[Article](func(ctx context.Context, _ *Article) error {
		return InvalidateCounts(ctx)
	})
}

// InvalidateCounts drops the cached counts, for code that changes articles.
func InvalidateCounts(ctx context.Context) error {
	if c := cache.FromContext(ctx); c != nil {
		_, err := c.Delete(ctx, countsKey)
		return err
	}
	return nil
}

// computations counts how often the counts were computed, so the tests
// can prove the cache is used.
var computations atomic.Int64

// Computations reports how many times the counts have been computed.
func Computations() int64 { return computations.Load() }

func countByYear(ctx context.Context) ([]YearCount, error) {
	computations.Add(1)
	byYear := map[int]int{}
	for a, err := range Articles.All().Only("published").Iter(ctx) {
		if err != nil {
			return nil, err
		}
		byYear[a.Year()]++
	}
	var out []YearCount
	for y, n := range byYear {
		out = append(out, YearCount{y, n})
	}
	slices.SortFunc(out, func(a, b YearCount) int { return b.Year - a.Year })
	return out, nil
}
