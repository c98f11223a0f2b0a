package paginator

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalidPage is the parent of every page-number error: errors.Is(err,
// ErrInvalidPage) holds for both [ErrPageNotAnInteger] and [ErrEmptyPage].
// Views turn it into a 404.
var ErrInvalidPage = errors.New("paginator: invalid page")

// ErrPageNotAnInteger is returned (wrapped) for a page number that is not
// a decimal integer ("abc", "1.5", "").
var ErrPageNotAnInteger = fmt.Errorf("%w: the page number is not an integer", ErrInvalidPage)

// ErrEmptyPage is returned (wrapped) for a page number below 1 or past the
// last page.
var ErrEmptyPage = fmt.Errorf("%w: the page contains no results", ErrInvalidPage)

// Paginator splits Count objects into pages of PerPage, as Django's
// Paginator does. It works on a count rather than on the objects, so the
// same paginator serves a database query (fetch [Page.Offset] and
// [Page.Len] rows) and an in-memory slice ([Slice]).
//
// A Paginator is a plain value: fill its fields, then call its methods. It
// is safe for concurrent use as long as nobody changes the fields.
type Paginator struct {
	// Count is the total number of objects. A negative count is treated
	// as zero.
	Count int
	// PerPage is the maximum number of objects on a page. It must be at
	// least 1: [Paginator.Page] and [Paginator.ValidateNumber] return an
	// error otherwise, and NumPages reports 0.
	PerPage int
	// Orphans is the number of objects the last page may hold in addition
	// to PerPage, to avoid a last page with very few objects: with
	// PerPage 10 and Orphans 3, 23 objects make two pages (10 and 13).
	Orphans int
	// RejectEmptyFirstPage makes page 1 invalid when Count is zero (Django's
	// allow_empty_first_page=False). By default an empty list still has one
	// (empty) page, so an empty listing renders instead of 404ing.
	RejectEmptyFirstPage bool
}

// New returns a Paginator for count objects, perPage per page.
func New(count, perPage int) *Paginator {
	return &Paginator{Count: count, PerPage: perPage}
}

func (p *Paginator) count() int { return max(p.Count, 0) }

// NumPages returns the number of pages: at least 1 unless Count is zero
// and RejectEmptyFirstPage is set (or PerPage is below 1), then 0.
func (p *Paginator) NumPages() int {
	if p.PerPage < 1 {
		return 0
	}
	c := p.count()
	if c == 0 && p.RejectEmptyFirstPage {
		return 0
	}
	hits := max(1, c-max(p.Orphans, 0))
	return (hits + p.PerPage - 1) / p.PerPage
}

// PageRange returns the page numbers 1..NumPages, for templates. The
// caller owns the slice.
func (p *Paginator) PageRange() []int {
	n := p.NumPages()
	r := make([]int, n)
	for i := range r {
		r[i] = i + 1
	}
	return r
}

// ValidateNumber checks that n is a page of this paginator and returns it.
// The error wraps [ErrEmptyPage] for a number below 1 or past the last page
// (page 1 of an empty list is valid unless RejectEmptyFirstPage is set).
func (p *Paginator) ValidateNumber(n int) (int, error) {
	if p.PerPage < 1 {
		return 0, fmt.Errorf("paginator: PerPage is %d; it must be at least 1", p.PerPage)
	}
	if n < 1 {
		return 0, fmt.Errorf("%w: page %d is less than 1", ErrEmptyPage, n)
	}
	if n > p.NumPages() {
		if n == 1 && !p.RejectEmptyFirstPage {
			return n, nil
		}
		return 0, fmt.Errorf("%w: page %d is past the last page (%d)", ErrEmptyPage, n, p.NumPages())
	}
	return n, nil
}

// ParseNumber parses a page number given as text (a query parameter) and
// validates it. Surrounding spaces are ignored. The error wraps
// [ErrPageNotAnInteger] for text that is not a decimal integer, and
// [ErrEmptyPage] for a number out of range.
func (p *Paginator) ParseNumber(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		if len(s) > 20 {
			s = s[:20] + "..."
		}
		return 0, fmt.Errorf("%w: %q", ErrPageNotAnInteger, s)
	}
	return p.ValidateNumber(n)
}

// Page returns page n, or an error wrapping [ErrEmptyPage] when n is out
// of range (see [Paginator.ValidateNumber]).
func (p *Paginator) Page(n int) (*Page, error) {
	n, err := p.ValidateNumber(n)
	if err != nil {
		return nil, err
	}
	c := p.count()
	bottom := min((n-1)*p.PerPage, c)
	top := bottom + p.PerPage
	if top+max(p.Orphans, 0) >= c {
		top = c
	}
	return &Page{Number: n, Paginator: p, offset: bottom, len: top - bottom}, nil
}

// GetPage is the lenient form of [Paginator.Page] for text from a request
// (Django's get_page): text that is not an integer gives the first page, a
// number out of range the last page. It returns an error only when PerPage
// is below 1.
func (p *Paginator) GetPage(s string) (*Page, error) {
	n, err := p.ParseNumber(s)
	switch {
	case errors.Is(err, ErrPageNotAnInteger):
		n = 1
	case errors.Is(err, ErrEmptyPage):
		n = max(p.NumPages(), 1)
	case err != nil:
		return nil, err
	}
	return p.Page(n)
}
