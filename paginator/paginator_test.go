package paginator_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/jazzgo/jazz/paginator"
)

// The cases follow Django's tests/pagination: count, per page, orphans and
// allow_empty_first_page against the page count and range.
func TestNumPages(t *testing.T) {
	tests := []struct {
		count, perPage, orphans int
		rejectEmpty             bool
		pages                   int
	}{
		{10, 4, 0, false, 3},
		{10, 4, 1, false, 3},
		{10, 4, 2, false, 2},
		{10, 4, 5, false, 2},
		{10, 4, 6, false, 1},
		{10, 4, 0, true, 3},
		{10, 1, 0, false, 10},
		{10, 10, 0, false, 1},
		{10, 11, 0, false, 1},
		{1, 4, 0, false, 1},
		{1, 4, 1, false, 1},
		{1, 4, 2, false, 1},
		{0, 4, 0, false, 1},
		{0, 4, 0, true, 0},
		{0, 4, 1, true, 0},
		{0, 1, 5, false, 1},
		{-3, 4, 0, false, 1},
		{11, 10, 1, false, 1},
		{12, 10, 1, false, 2},
		{10, 0, 0, false, 0},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("count=%d,per=%d,orphans=%d,reject=%v", tt.count, tt.perPage, tt.orphans, tt.rejectEmpty)
		t.Run(name, func(t *testing.T) {
			p := &paginator.Paginator{Count: tt.count, PerPage: tt.perPage, Orphans: tt.orphans, RejectEmptyFirstPage: tt.rejectEmpty}
			if got := p.NumPages(); got != tt.pages {
				t.Errorf("NumPages = %d, want %d", got, tt.pages)
			}
			want := []int{}
			for i := 1; i <= tt.pages; i++ {
				want = append(want, i)
			}
			if got := p.PageRange(); !slices.Equal(got, want) {
				t.Errorf("PageRange = %v, want %v", got, want)
			}
		})
	}
}

func TestPageIndexes(t *testing.T) {
	tests := []struct {
		count, perPage, orphans int
		rejectEmpty             bool
		first, last             [2]int // start and end index of the first and last page
	}{
		{10, 1, 0, false, [2]int{1, 1}, [2]int{10, 10}},
		{10, 2, 0, false, [2]int{1, 2}, [2]int{9, 10}},
		{10, 3, 0, false, [2]int{1, 3}, [2]int{10, 10}},
		{10, 5, 0, false, [2]int{1, 5}, [2]int{6, 10}},
		{10, 3, 1, false, [2]int{1, 3}, [2]int{7, 10}},
		{10, 4, 2, false, [2]int{1, 4}, [2]int{5, 10}},
		{10, 4, 1, false, [2]int{1, 4}, [2]int{9, 10}},
		{1, 4, 0, false, [2]int{1, 1}, [2]int{1, 1}},
		{0, 4, 0, false, [2]int{0, 0}, [2]int{0, 0}},
	}
	for _, tt := range tests {
		p := &paginator.Paginator{Count: tt.count, PerPage: tt.perPage, Orphans: tt.orphans, RejectEmptyFirstPage: tt.rejectEmpty}
		first, err := p.Page(1)
		if err != nil {
			t.Fatalf("%+v: page 1: %v", tt, err)
		}
		last, err := p.Page(p.NumPages())
		if err != nil {
			t.Fatalf("%+v: last page: %v", tt, err)
		}
		if got := [2]int{first.StartIndex(), first.EndIndex()}; got != tt.first {
			t.Errorf("%+v: first page indexes %v, want %v", tt, got, tt.first)
		}
		if got := [2]int{last.StartIndex(), last.EndIndex()}; got != tt.last {
			t.Errorf("%+v: last page indexes %v, want %v", tt, got, tt.last)
		}
	}
}

func TestPageNavigation(t *testing.T) {
	p := paginator.New(9, 3)
	pg, err := p.Page(2)
	if err != nil {
		t.Fatal(err)
	}
	if !pg.HasNext() || !pg.HasPrevious() || !pg.HasOtherPages() {
		t.Errorf("page 2 of 3: next %v previous %v other %v", pg.HasNext(), pg.HasPrevious(), pg.HasOtherPages())
	}
	if pg.NextPageNumber() != 3 || pg.PreviousPageNumber() != 1 {
		t.Errorf("next %d previous %d, want 3 and 1", pg.NextPageNumber(), pg.PreviousPageNumber())
	}
	if pg.Offset() != 3 || pg.Len() != 3 {
		t.Errorf("offset %d len %d, want 3 and 3", pg.Offset(), pg.Len())
	}
	first, _ := p.Page(1)
	last, _ := p.Page(3)
	if first.HasPrevious() || first.PreviousPageNumber() != 0 {
		t.Error("the first page has a previous page")
	}
	if last.HasNext() || last.NextPageNumber() != 0 {
		t.Error("the last page has a next page")
	}
	single, _ := paginator.New(2, 5).Page(1)
	if single.HasOtherPages() {
		t.Error("a single page has other pages")
	}
	items := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}
	if got := paginator.Slice(pg, items); !slices.Equal(got, []string{"d", "e", "f"}) {
		t.Errorf("Slice = %v", got)
	}
	if got := paginator.Slice(last, items[:7]); !slices.Equal(got, []string{"g"}) {
		t.Errorf("Slice of a short list = %v", got)
	}
}

func TestInvalidPages(t *testing.T) {
	p := paginator.New(10, 4)
	tests := []struct {
		text string
		want error
	}{
		{"abc", paginator.ErrPageNotAnInteger},
		{"", paginator.ErrPageNotAnInteger},
		{"1.5", paginator.ErrPageNotAnInteger},
		{"1.0", paginator.ErrPageNotAnInteger},
		{"99999999999999999999999", paginator.ErrPageNotAnInteger},
		{"0", paginator.ErrEmptyPage},
		{"-1", paginator.ErrEmptyPage},
		{"4", paginator.ErrEmptyPage},
		{" 2 ", nil},
		{"3", nil},
	}
	for _, tt := range tests {
		_, err := p.ParseNumber(tt.text)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("ParseNumber(%q) = %v, want %v", tt.text, err, tt.want)
		}
		if tt.want != nil && !errors.Is(err, paginator.ErrInvalidPage) {
			t.Errorf("ParseNumber(%q) = %v, not an ErrInvalidPage", tt.text, err)
		}
	}
	// An empty list has one empty first page unless it is rejected.
	if _, err := paginator.New(0, 4).Page(1); err != nil {
		t.Errorf("page 1 of an empty list: %v", err)
	}
	if _, err := paginator.New(0, 4).Page(2); !errors.Is(err, paginator.ErrEmptyPage) {
		t.Errorf("page 2 of an empty list: %v", err)
	}
	reject := &paginator.Paginator{PerPage: 4, RejectEmptyFirstPage: true}
	if _, err := reject.Page(1); !errors.Is(err, paginator.ErrEmptyPage) {
		t.Errorf("page 1 of a rejected empty list: %v", err)
	}
	if _, err := paginator.New(10, 0).Page(1); err == nil || errors.Is(err, paginator.ErrInvalidPage) {
		t.Errorf("PerPage 0: %v, want a configuration error", err)
	}
}

func TestGetPage(t *testing.T) {
	p := paginator.New(10, 4)
	for text, want := range map[string]int{"2": 2, "abc": 1, "": 1, "0": 3, "-5": 3, "99": 3} {
		pg, err := p.GetPage(text)
		if err != nil || pg.Number != want {
			t.Errorf("GetPage(%q) = %v, %v; want page %d", text, pg, err, want)
		}
	}
	pg, err := paginator.New(0, 4).GetPage("7")
	if err != nil || pg.Number != 1 {
		t.Errorf("GetPage on an empty list = %v, %v; want page 1", pg, err)
	}
}

func TestElidedPageRange(t *testing.T) {
	E := paginator.Ellipsis
	tests := []struct {
		pages, number, onEachSide, onEnds int
		want                              []paginator.Number
	}{
		// Few pages: all of them.
		{10, 1, 3, 2, []paginator.Number{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{3, 2, 3, 2, []paginator.Number{1, 2, 3}},
		// Near the start: one gap before the end.
		{50, 1, 3, 2, []paginator.Number{1, 2, 3, 4, E, 49, 50}},
		{50, 6, 3, 2, []paginator.Number{1, 2, 3, 4, 5, 6, 7, 8, 9, E, 49, 50}},
		// In the middle: two gaps.
		// A gap of one page is not elided.
		{50, 7, 3, 2, []paginator.Number{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, E, 49, 50}},
		{50, 8, 3, 2, []paginator.Number{1, 2, E, 5, 6, 7, 8, 9, 10, 11, E, 49, 50}},
		{50, 25, 3, 2, []paginator.Number{1, 2, E, 22, 23, 24, 25, 26, 27, 28, E, 49, 50}},
		// Near the end.
		{50, 43, 3, 2, []paginator.Number{1, 2, E, 40, 41, 42, 43, 44, 45, 46, E, 49, 50}},
		{50, 44, 3, 2, []paginator.Number{1, 2, E, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50}},
		{50, 45, 3, 2, []paginator.Number{1, 2, E, 42, 43, 44, 45, 46, 47, 48, 49, 50}},
		{50, 50, 3, 2, []paginator.Number{1, 2, E, 47, 48, 49, 50}},
		// Other widths, and no ends at all.
		{50, 25, 1, 1, []paginator.Number{1, E, 24, 25, 26, E, 50}},
		{50, 25, 0, 0, []paginator.Number{E, 25, E}},
		{50, 25, 2, 0, []paginator.Number{E, 23, 24, 25, 26, 27, E}},
		// Out of range: clamped.
		{50, 99, 3, 2, []paginator.Number{1, 2, E, 47, 48, 49, 50}},
		{50, -1, 3, 2, []paginator.Number{1, 2, 3, 4, E, 49, 50}},
	}
	for _, tt := range tests {
		p := paginator.New(tt.pages*10, 10)
		got := p.ElidedPageRange(tt.number, tt.onEachSide, tt.onEnds)
		if !slices.Equal(got, tt.want) {
			t.Errorf("pages %d, page %d, %d/%d: got %v, want %v", tt.pages, tt.number, tt.onEachSide, tt.onEnds, got, tt.want)
		}
	}
	pg, _ := paginator.New(500, 10).Page(25)
	if got := fmt.Sprint(pg.ElidedPageRange()); got != "[1 2 … 22 23 24 25 26 27 28 … 49 50]" {
		t.Errorf("Page.ElidedPageRange prints %s", got)
	}
}
