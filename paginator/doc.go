// Package paginator splits a list into numbered pages, as Django's
// Paginator: page counts, page ranges, elided page ranges for long lists,
// orphans merged into the last page, and errors for page numbers that are
// not integers or out of range (which views turn into 404s).
//
//	p := paginator.New(count, 25)
//	page, err := p.ParseNumber(r.URL.Query().Get("page")) // or p.GetPage to never fail
//	rows, err := Posts.OrderBy("-created").Offset(int64(page.Offset())).Limit(int64(page.Len())).All(ctx)
//
// A [Paginator] works on a count, not on the objects, so it serves a
// database query (fetch [Page.Offset] and [Page.Len] rows) as well as a
// slice held in memory ([Slice]). It imports only the standard library.
package paginator
