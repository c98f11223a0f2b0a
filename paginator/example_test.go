package paginator_test

import (
	"fmt"

	"github.com/jazzgo/jazz/paginator"
)

func Example() {
	items := []string{"a", "b", "c", "d", "e", "f", "g"}
	p := &paginator.Paginator{Count: len(items), PerPage: 3, Orphans: 1}
	for _, n := range p.PageRange() {
		page, _ := p.Page(n)
		fmt.Println(page.Number, paginator.Slice(page, items), page.HasNext())
	}
	// Output:
	// 1 [a b c] true
	// 2 [d e f g] false
}

func ExamplePaginator_ElidedPageRange() {
	p := paginator.New(1000, 10) // 100 pages
	fmt.Println(p.ElidedPageRange(50, 2, 1))
	// Output: [1 … 48 49 50 51 52 … 100]
}
