package paginator

import "strconv"

// Number is an entry of an elided page range: a page number from 1, or
// [Ellipsis] for the gap between two runs of pages.
type Number int

// Ellipsis stands for the pages left out of an elided page range.
const Ellipsis Number = 0

// IsEllipsis reports whether n stands for left-out pages, so a template
// can print "…" instead of a link: {{if .IsEllipsis}}…{{else}}...{{end}}.
func (n Number) IsEllipsis() bool { return n == Ellipsis }

// String returns the page number as text, or "…" for [Ellipsis].
func (n Number) String() string {
	if n == Ellipsis {
		return "…"
	}
	return strconv.Itoa(int(n))
}

// ElidedPageRange returns the page numbers to show around page number for
// a list with many pages, as Django's get_elided_page_range: onEachSide
// pages either side of number, onEnds pages at each end, and [Ellipsis]
// for each gap. With few pages it is every page. A number out of range is
// clamped to the first or last page (a template has no way to handle an
// error); negative counts are treated as zero.
func (p *Paginator) ElidedPageRange(number, onEachSide, onEnds int) []Number {
	n := p.NumPages()
	number = min(max(number, 1), max(n, 1))
	onEachSide, onEnds = max(onEachSide, 0), max(onEnds, 0)
	var out []Number
	run := func(from, to int) { // inclusive
		for i := from; i <= to; i++ {
			out = append(out, Number(i))
		}
	}
	if n <= (onEachSide+onEnds)*2 {
		run(1, n)
		return out
	}
	if number > 1+onEachSide+onEnds+1 {
		run(1, onEnds)
		out = append(out, Ellipsis)
		run(number-onEachSide, number)
	} else {
		run(1, number)
	}
	if number < n-onEachSide-onEnds-1 {
		run(number+1, number+onEachSide)
		out = append(out, Ellipsis)
		run(n-onEnds+1, n)
	} else {
		run(number+1, n)
	}
	return out
}
