package paginator

// Page is one page of a [Paginator]. Number is 1-based. ObjectList is left
// for the caller to fill with the page's objects (views put the rows of the
// page there), so templates can write {{range .page_obj.ObjectList}} as in
// Django.
type Page struct {
	// Number is the page number, from 1.
	Number int
	// Paginator is the paginator the page belongs to.
	Paginator *Paginator
	// ObjectList holds the page's objects when the caller set it; nil
	// otherwise.
	ObjectList any

	offset, len int
}

// Offset returns the index (from 0) of the page's first object in the
// whole list: the OFFSET of the page's query.
func (p *Page) Offset() int { return p.offset }

// Len returns the number of objects on the page: the LIMIT of the page's
// query. It is 0 only for the empty first page of an empty list.
func (p *Page) Len() int { return p.len }

// HasNext reports whether a page follows this one.
func (p *Page) HasNext() bool { return p.Number < p.Paginator.NumPages() }

// HasPrevious reports whether a page precedes this one.
func (p *Page) HasPrevious() bool { return p.Number > 1 }

// HasOtherPages reports whether the list has more than this page, that is
// whether pagination links are worth showing.
func (p *Page) HasOtherPages() bool { return p.HasNext() || p.HasPrevious() }

// NextPageNumber returns Number+1, or 0 when there is no next page (where
// Django raises EmptyPage; a template cannot handle an error, so test
// HasNext first).
func (p *Page) NextPageNumber() int {
	if !p.HasNext() {
		return 0
	}
	return p.Number + 1
}

// PreviousPageNumber returns Number-1, or 0 on the first page.
func (p *Page) PreviousPageNumber() int {
	if !p.HasPrevious() {
		return 0
	}
	return p.Number - 1
}

// StartIndex returns the 1-based position of the page's first object in
// the whole list ("showing 11-20 of 42"), or 0 when the list is empty.
func (p *Page) StartIndex() int {
	if p.Paginator.count() == 0 {
		return 0
	}
	return p.offset + 1
}

// EndIndex returns the 1-based position of the page's last object, or 0
// when the list is empty.
func (p *Page) EndIndex() int {
	return p.offset + p.len
}

// ElidedPageRange is [Paginator.ElidedPageRange] around this page with
// Django's defaults: 3 pages on each side, 2 at each end.
func (p *Page) ElidedPageRange() []Number {
	return p.Paginator.ElidedPageRange(p.Number, 3, 2)
}

// Slice returns the part of items that page shows, for lists held in
// memory; the result shares items' backing array. A page of another length
// than items' (a paginator built for a different count) is clamped to items.
func Slice[T any](page *Page, items []T) []T {
	lo := min(page.offset, len(items))
	hi := min(page.offset+page.len, len(items))
	return items[lo:hi:hi]
}
