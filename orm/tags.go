package orm

import (
	"fmt"
	"sort"
	"strings"
)

// tagOption is one option of a `jazz:"..."` tag.
type tagOption struct {
	key, val string
	hasVal   bool
}

// parseTag splits a jazz tag into options.
//
// The quoting rule: options are separated by commas; an option is a key or
// key=value. A value that contains a comma, an "=" or a leading or
// trailing space is written in single quotes, and a single quote inside a
// quoted value is doubled:
//
//	`jazz:"help_text='Shown in the admin, below the field',default='it''s'"`
func parseTag(tag string) ([]tagOption, error) {
	var opts []tagOption
	i := 0
	for i < len(tag) {
		// key
		j := i
		for j < len(tag) && tag[j] != ',' && tag[j] != '=' {
			j++
		}
		o := tagOption{key: strings.TrimSpace(tag[i:j])}
		i = j
		if i < len(tag) && tag[i] == '=' {
			i++
			o.hasVal = true
			for i < len(tag) && tag[i] == ' ' {
				i++
			}
			if i < len(tag) && tag[i] == '\'' {
				var b strings.Builder
				i++
				closed := false
				for i < len(tag) {
					if tag[i] == '\'' {
						if i+1 < len(tag) && tag[i+1] == '\'' {
							b.WriteByte('\'')
							i += 2
							continue
						}
						i++
						closed = true
						break
					}
					b.WriteByte(tag[i])
					i++
				}
				if !closed {
					return nil, fmt.Errorf("option %q: unterminated quoted value (close it with ')", o.key)
				}
				o.val = b.String()
				for i < len(tag) && tag[i] == ' ' {
					i++
				}
				if i < len(tag) && tag[i] != ',' {
					return nil, fmt.Errorf("option %q: unexpected text after the quoted value", o.key)
				}
			} else {
				j := i
				for j < len(tag) && tag[j] != ',' {
					j++
				}
				o.val = strings.TrimSpace(tag[i:j])
				if strings.Contains(o.val, "=") {
					return nil, fmt.Errorf("option %q: value %q contains '='; put it in single quotes", o.key, o.val)
				}
				i = j
			}
		}
		if o.key == "" {
			if !o.hasVal && i < len(tag) && tag[i] == ',' {
				return nil, fmt.Errorf("empty option (stray comma?)")
			}
			if o.hasVal {
				return nil, fmt.Errorf("value without an option name")
			}
		} else {
			opts = append(opts, o)
		}
		if i < len(tag) && tag[i] == ',' {
			i++
			if i == len(tag) {
				return nil, fmt.Errorf("empty option (trailing comma)")
			}
		}
	}
	return opts, nil
}

// optionSpec describes the options the tag understands: whether each takes
// a value.
var optionSpec = map[string]bool{ // name -> takes a value
	"max_length": true, "null": false, "blank": false, "default": true, "choices": true,
	"unique": false, "index": false, "db_index": false, "db_column": true, "editable": true,
	"help_text": true, "verbose_name": true, "auto_now": false, "auto_now_add": false,
	"primary_key": false, "max_digits": true, "decimal_places": true, "on_delete": true,
	"related_name": true, "json": false, "date": false, "time": false, "email": false,
	"url": false, "slug": false, "ip": false, "positive": false, "through": true,
	"upload_to": true,
}

func optionNames() []string {
	names := make([]string, 0, len(optionSpec))
	for k := range optionSpec {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// parseChoices parses "v:Label|v2:Label2". A choice without a label uses
// its value as the label.
func parseChoices(s string) ([]Choice, error) {
	if s == "" {
		return nil, fmt.Errorf("empty choices (write choices=value:Label|value2:Label2)")
	}
	var out []Choice
	seen := map[string]bool{}
	for _, part := range strings.Split(s, "|") {
		v, l, ok := strings.Cut(part, ":")
		v = strings.TrimSpace(v)
		if !ok {
			l = v
		}
		if v == "" {
			return nil, fmt.Errorf("empty choice value in %q", s)
		}
		if seen[v] {
			return nil, fmt.Errorf("duplicate choice value %q", v)
		}
		seen[v] = true
		out = append(out, Choice{Value: v, Label: strings.TrimSpace(l)})
	}
	return out, nil
}

// snakeCase turns a Go name into the Django-style name: "CreatedAt" ->
// "created_at", "UserID" -> "user_id", "HTTPServer" -> "http_server".
func snakeCase(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				prev := s[i-1]
				nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
				if prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9' || (prev >= 'A' && prev <= 'Z' && nextLower) {
					b.WriteByte('_')
				}
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// verboseName splits a Go name into lower-case words: "BlogPost" -> "blog post".
func verboseName(s string) string { return strings.ReplaceAll(snakeCase(s), "_", " ") }
