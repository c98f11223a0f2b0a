package articles

import (
	"slices"
	"time"
)

// Article is one published article.
type Article struct {
	Title     string
	Slug      string
	Author    string
	Published time.Time
	Summary   string
	Body      string
}

// Year is the article's publication year, the first part of its URL.
func (a Article) Year() int { return a.Published.Year() }

var all = []Article{
	{
		Title: "Hello, Jazz", Slug: "hello-jazz", Author: "The Jazz team",
		Published: time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC),
		Summary:   "Why a batteries-included framework for Go, and what comes in the box.",
		Body: "Jazz gives Go teams what Django gives Python teams: routing with reverse, templates with inheritance, " +
			"static files, signed cookies, security middleware, management commands and a test client, " +
			"all on plain net/http.\n\nEvery piece is an ordinary http.Handler or middleware, so anything from " +
			"the Go ecosystem mounts as it is.",
	},
	{
		Title: "Routing with converters", Slug: "routing-with-converters", Author: "The Jazz team",
		Published: time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC),
		Summary:   "URL patterns such as <int:year>/<slug:slug>/ and reversing them by name.",
		Body: "This page's own address is a pattern with two converters. Templates and views never build URLs " +
			"by hand: they reverse the route's name, so changing a pattern changes every link.",
	},
	{
		Title: "Static files that cache forever", Slug: "static-files", Author: "The Jazz team",
		Published: time.Date(2026, 11, 16, 8, 15, 0, 0, time.UTC),
		Summary:   "collectstatic, content-hashed names and immutable caching.",
		Body: "Run collectstatic and every file gets a name with its content hash; the static template function " +
			"then links the hashed names and the server marks them immutable for a year.",
	},
	{
		Title: "Signed cookies", Slug: "signed-cookies", Author: "The Jazz team",
		Published: time.Date(2025, 12, 1, 18, 45, 0, 0, time.UTC),
		Summary:   "The theme switch keeps its choice in a signed cookie a Django site could read.",
		Body:      "A signed cookie carries its value in clear with an HMAC; a tampered or expired value reads as absent.",
	},
}

// All returns every article, newest first. The caller may modify the
// returned slice.
func All() []Article {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b Article) int { return b.Published.Compare(a.Published) })
	return out
}

// Latest returns the n newest articles.
func Latest(n int) []Article {
	a := All()
	return a[:min(n, len(a))]
}

// Count returns the number of articles.
func Count() int { return len(all) }

// Find returns the article published in year with slug.
func Find(year int, slug string) (Article, bool) {
	for _, a := range all {
		if a.Slug == slug && a.Year() == year {
			return a, true
		}
	}
	return Article{}, false
}
