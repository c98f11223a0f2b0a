package templates

import (
	"errors"
	"html/template"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis ends truncated text, as in Django.
const ellipsis = "…"

// truncatewords keeps the first n words of v (words are separated by any
// white space, which the result collapses to single spaces) and appends
// " …" when it dropped any. n <= 0 gives "".
func truncatewords(n int, v any) string {
	if n <= 0 {
		return ""
	}
	words := strings.Fields(toString(v))
	if len(words) > n {
		return strings.Join(words[:n], " ") + " " + ellipsis
	}
	return strings.Join(words, " ")
}

// truncatechars shortens v to at most n characters, the last of which is
// "…" when it had to cut. Combining marks do not count as characters.
// n <= 0 gives "".
func truncatechars(n int, v any) string {
	if n <= 0 {
		return ""
	}
	s := toString(v)
	count, cut := 0, -1
	for i, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		count++
		if count == n && cut < 0 {
			cut = i // where the ellipsis goes if the text is too long
		}
		if count > n {
			return s[:cut] + ellipsis
		}
	}
	return s
}

// pluralize returns a plural suffix for a count: "s" unless the count is 1.
// Forms: pluralize n, pluralize n "es", pluralize n "y,ies" (singular and
// plural suffixes), and in pipelines {{.n | pluralize "es"}}: with two
// arguments the suffix is whichever one is a string that is not a number.
// The count may be a number, a string holding a number, or a slice, array,
// map or string whose length is counted. A count that is none of these, or
// a suffix with more than one comma, gives "".
func pluralize(args ...any) (string, error) {
	var n any
	suffix := "s"
	switch len(args) {
	case 1:
		n = args[0]
	case 2:
		var ok bool
		if n, suffix, ok = pluralArgs(args[0], args[1]); !ok {
			return "", errors.New("templates: pluralize: want a count and a suffix string, as in {{pluralize .n \"es\"}}")
		}
	default:
		return "", errors.New("templates: pluralize: want a count and an optional suffix, as in {{pluralize .n}} or {{.n | pluralize \"es\"}}")
	}
	singular, plural := "", suffix
	if strings.Contains(suffix, ",") {
		bits := strings.Split(suffix, ",")
		if len(bits) > 2 {
			return "", nil
		}
		singular, plural = bits[0], bits[1]
	}
	if s, ok := n.(string); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return "", nil
		}
		return pick(f == 1, singular, plural), nil
	}
	if f, ok := toFloat(n); ok {
		return pick(f == 1, singular, plural), nil
	}
	if l, ok := lenOf(n); ok {
		return pick(l == 1, singular, plural), nil
	}
	return "", nil
}

// pluralArgs tells the count from the suffix in pluralize's two-argument
// forms: the pipeline form puts a non-numeric string first.
func pluralArgs(a, b any) (n any, suffix string, ok bool) {
	as, aStr := a.(string)
	bs, bStr := b.(string)
	if aStr && !isNumber(as) && (!bStr || isNumber(bs)) {
		return b, as, true
	}
	if bStr {
		return a, bs, true
	}
	return nil, "", false
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// normalizeNewlines turns \r\n and lone \r into \n.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// escapeUnlessHTML HTML-escapes v unless it already is template.HTML, which
// the program has vouched for.
func escapeUnlessHTML(v any) string {
	if h, ok := v.(template.HTML); ok {
		return string(h)
	}
	return template.HTMLEscapeString(toString(v))
}

// linebreaksbr escapes v (unless it is template.HTML) and turns each line
// break into <br>.
func linebreaksbr(v any) template.HTML {
	s := normalizeNewlines(escapeUnlessHTML(v))
	return template.HTML(strings.ReplaceAll(s, "\n", "<br>"))
}

// linebreaks escapes v (unless it is template.HTML), wraps each paragraph
// (text separated by blank lines) in <p>...</p> and turns the remaining
// single line breaks into <br>. Empty input gives "".
func linebreaks(v any) template.HTML {
	s := normalizeNewlines(escapeUnlessHTML(v))
	if s == "" {
		return ""
	}
	var sb strings.Builder
	for i, para := range splitParagraphs(s) {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString("<p>")
		sb.WriteString(strings.ReplaceAll(para, "\n", "<br>"))
		sb.WriteString("</p>")
	}
	return template.HTML(sb.String())
}

// splitParagraphs splits s at every run of two or more newlines.
func splitParagraphs(s string) []string {
	var paras []string
	for {
		i := strings.Index(s, "\n\n")
		if i < 0 {
			return append(paras, s)
		}
		paras = append(paras, s[:i])
		j := i
		for j < len(s) && s[j] == '\n' {
			j++
		}
		s = s[j:]
	}
}

// slugify turns v into a URL slug: ASCII letters are lower-cased, ASCII
// letters, digits and underscores are kept, runs of white space and hyphens
// become one hyphen, and everything else is dropped, including non-ASCII
// letters ("Café" gives "caf"): Django first decomposes Unicode to strip
// accents, which needs tables the standard library does not have. Leading
// and trailing hyphens and underscores are removed.
func slugify(v any) string {
	s := toString(v)
	var sb strings.Builder
	sb.Grow(len(s))
	sep := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
			fallthrough
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			if sep && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sep = false
			sb.WriteRune(r)
		case r == '-' || unicode.IsSpace(r):
			sep = true
		}
	}
	return strings.Trim(sb.String(), "-_")
}

// upper returns v in upper case.
func upper(v any) string { return strings.ToUpper(toString(v)) }

// lower returns v in lower case.
func lower(v any) string { return strings.ToLower(toString(v)) }

// capfirst upper-cases the first character of v.
func capfirst(v any) string {
	s := toString(v)
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// title upper-cases the first letter of every word and lower-cases the
// rest, where a word is a run of letters; as in Django, a letter right
// after a digit ("1st") or after an apostrophe inside a word ("they're")
// stays lower-case.
func title(v any) string {
	s := toString(v)
	out := make([]rune, 0, len(s))
	prevLetter := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if prevLetter {
				r = unicode.ToLower(r)
			} else {
				r = unicode.ToUpper(r)
				if n := len(out); n > 0 && unicode.IsDigit(out[n-1]) && r >= 'A' && r <= 'Z' ||
					n > 1 && out[n-1] == '\'' && out[n-2] >= 'a' && out[n-2] <= 'z' && r >= 'A' && r <= 'Z' {
					r = unicode.ToLower(r)
				}
			}
			prevLetter = true
		} else {
			prevLetter = false
		}
		out = append(out, r)
	}
	return string(out)
}

// wordcount returns the number of white-space separated words in v.
func wordcount(v any) int { return len(strings.Fields(toString(v))) }

// striptags removes everything that looks like an HTML tag or comment from
// v. The result is plain text, still escaped by html/template where it is
// used: striptags is for presentation, never a sanitiser.
func striptags(v any) string {
	s := toString(v)
	for {
		t := stripOnce(s)
		if t == s {
			return s
		}
		s = t // "<<b>i>" leaves "<i>" after one pass
	}
}

func stripOnce(s string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			sb.WriteString(s)
			return sb.String()
		}
		c := s[i+1]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
			sb.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			sb.WriteString(s)
			return sb.String()
		}
		sb.WriteString(s[:i])
		s = s[i+j+1:]
	}
}

// urlencode percent-encodes v for use in a URL: every byte except ASCII
// letters, digits, "_.-~" and the characters of safe (default "/") is
// encoded. Forms: {{urlencode .q}}, {{.q | urlencode}}, and
// {{.q | urlencode ""}} to encode "/" too.
//
// The result is a template.URL when it contains no ":" (so html/template
// does not encode it a second time inside an href), and a plain string
// otherwise, so that html/template still vets any URL scheme.
func urlencode(args ...any) (any, error) {
	safe := "/"
	var v any
	switch len(args) {
	case 1:
		v = args[0]
	case 2:
		s, ok := args[0].(string)
		if !ok {
			return nil, errors.New("templates: urlencode: the safe characters must be a string, as in {{.q | urlencode \"\"}}")
		}
		safe, v = s, args[1]
	default:
		return nil, errors.New("templates: urlencode: want a value and optional safe characters")
	}
	s := toString(v)
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '.' || c == '-' || c == '~' || c < utf8.RuneSelf && strings.IndexByte(safe, c) >= 0 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte(hex[c>>4])
		sb.WriteByte(hex[c&15])
	}
	out := sb.String()
	if strings.Contains(out, ":") {
		return out, nil
	}
	return template.URL(out), nil
}
