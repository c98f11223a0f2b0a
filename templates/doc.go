// Package templates renders html/template pages with Django-style
// inheritance, a project-then-apps lookup, and Django's common filters.
//
//	engine, err := templates.New(templates.Options{
//		Dirs: []fs.FS{os.DirFS("templates")},   // the project's, searched first
//		Apps: registry.All(),                     // then apps that implement Provider
//	})
//	...
//	site := &web.Site{Renderer: engine}         // web.Render now uses it
//
// # Inheritance
//
// A template may begin with {{extends "base.html"}}; only white space and
// comments may come before it. It then overrides the blocks of its parent
// by defining them, with {{define "name"}}...{{end}} or
// {{block "name" .}}...{{end}}:
//
//	base.html:       <title>{{block "title" .}}My site{{end}}</title>
//	                 <main>{{block "content" .}}{{end}}</main>
//	blog/base.html:  {{extends "base.html"}}
//	                 {{define "content"}}<div class="blog">{{block "post" .}}{{end}}</div>{{end}}
//	blog/post.html:  {{extends "blog/base.html"}}
//	                 {{define "title"}}{{.post.Title}} | {{template "super:title" .}}{{end}}
//	                 {{define "post"}}<h1>{{.post.Title}}</h1>{{end}}
//
// Chains may be of any depth. Each level may override the blocks of any
// ancestor and declare new blocks for its own children; the most derived
// definition of a block wins everywhere it is used. As in Django, content
// of a child outside its blocks is ignored, and an override may be empty to
// blank a block out.
//
// {{template "super:NAME" .}} inside an override renders the parent's
// version of block NAME (Django's {{ block.super }}); it may be chained
// through several levels. "super:" block names are reserved.
//
// Unlike plain Go templates, a block a base uses must be declared in that
// base (or an ancestor) with {{block "content" .}}{{end}}; a bare
// {{template "content" .}} naming no block of the chain is read as a file
// name (see below) and is an error at New if no such file exists.
//
// # Inclusion
//
// {{template "partials/nav.html" .}} includes another template by file
// name, whenever the name is not a block of the current chain. The included
// file may itself extend a base; its blocks are its own and are not
// overridden by the including page (Django's {{% include %}}). Recursive
// inclusion (a comment including itself for replies) works. Use the dict
// function to pass several values: {{template "card.html" dict "post" .p "compact" true}}.
//
// # Lookup and building
//
// A name such as "blog/post_list.html" is a slash-separated path, looked up
// in each of Options.Dirs in order, then in the Templates() of each app in
// Options.Apps that implements [Provider], in order; the first match wins,
// so a project overrides an app's template by providing a file of the same
// name. Every regular file is a template, except files and directories
// whose names start with a dot.
//
// [New] parses every file once, reports all problems at once (syntax errors
// with file:line, unknown parents, extends cycles, unknown {{template}}
// names), and builds each template into its own html/template set holding
// only the files it uses, resolved into one tree per block; pages share
// nothing, so an override in one page cannot leak into another. Render then
// executes without locks and without parsing. With Options.Debug, Render
// re-reads the files a page was built from and rebuilds it when one
// changed, so edits show without a restart.
//
// # Data
//
// The dot of every template is a map[string]any: "request" (the
// *http.Request), then the keys of Options.ContextProcessors (the project
// adds debug, STATIC_URL, MEDIA_URL...), then the view's data when it is a
// map[string]any such as web.Context; later keys win. Data of any other
// type is available as .data. Included templates receive whatever their
// {{template}} action passes, usually the same dot.
//
// # Partials
//
// Render with a non-empty block executes only that block, as the page
// defines it after overrides: web.RenderBlock(w, r, "blog/post.html",
// "comments", data) for an htmx-style update.
//
// # Functions and filters
//
// In a pipeline the piped value is passed as the last argument, so every
// filter takes its options first: {{.post.Body | truncatewords 30}} calls
// truncatewords(30, .post.Body). All filters accept nil (a missing key)
// and return their empty result for it. Project functions given in
// Options.Funcs are added last and may replace these.
//
//	date FORMAT T          {{.created | date "N j, Y"}} -> Oct. 3, 2003
//	time FORMAT T          {{.created | time "H:i"}} -> 15:05
//	timesince [REF] T      {{.created | timesince}} -> 4 days, 6 hours
//	timeuntil [REF] T      {{.deadline | timeuntil}} -> 2 weeks
//	truncatewords N S      {{.body | truncatewords 3}} -> one two three …
//	truncatechars N S      {{.title | truncatechars 8}} -> Jazz is…
//	pluralize N [SUFFIX]   item{{pluralize .n}}, box{{pluralize .n "es"}}, cherr{{.n | pluralize "y,ies"}}
//	linebreaksbr S         {{.text | linebreaksbr}} -> a<br>b
//	linebreaks S           {{.text | linebreaks}} -> <p>a<br>b</p>\n\n<p>c</p>
//	default D V            {{.name | default "anonymous"}}
//	default_if_none D V    {{.count | default_if_none 0}}
//	yesno CHOICES V        {{.active | yesno "on,off,unknown"}}
//	filesizeformat N       {{.size | filesizeformat}} -> 1.5 KB
//	slugify S              {{.title | slugify}} -> hello-jazz-world
//	floatformat [P] X      {{.price | floatformat 2}} -> 9.50
//	join SEP LIST          {{.tags | join ", "}} -> go, web
//	length V               {{.items | length}} -> 3
//	upper, lower S         {{.code | upper}} -> ABC
//	title S                {{.name | title}} -> They're Bill's Friends
//	capfirst S             {{.name | capfirst}} -> Élan vital
//	urlencode [SAFE] S     <a href="/search?q={{.q | urlencode}}">
//	add ARG V              {{.n | add 1}} -> 4
//	first, last V          {{.items | first}}
//	wordcount S            {{.body | wordcount}} -> 42
//	striptags S            {{.html | striptags}}
//	dict K V ...           {{template "card.html" dict "post" .p}}
//
// Details, where they differ from or refine Django:
//
//   - date and time take a time.Time or *time.Time; anything else, and the
//     zero time, give "". The format letters are Django's: d j D l N n m M
//     F E b y Y o H G h g i s u A a P f e T O Z c r U w W z t L I S, and a
//     backslash makes the next character literal. An empty format means
//     "N j, Y" for date and "P" for time; time rejects date letters.
//   - timesince and timeuntil show up to two adjacent units from years to
//     minutes, joined to their numbers by a non-breaking space as in
//     Django; {{.a | timesince .b}} measures from .a to .b.
//   - truncatewords collapses white space; truncatechars counts runes (not
//     combining marks) and includes the "…" in the limit.
//   - pluralize also accepts pipeline order ({{.n | pluralize "es"}}): of two
//     arguments, the suffix is the string that is not a number.
//   - linebreaks and linebreaksbr escape their input first and return
//     template.HTML; input that already is template.HTML is not escaped again.
//   - default replaces false values (nil, false, 0, "", empty collections,
//     the zero time.Time); default_if_none replaces only nil values.
//   - yesno's nil case is the third choice, or the second when there are
//     two; fewer than two choices is an error.
//   - filesizeformat is 1024-based with one decimal and a non-breaking space
//     before the unit ("1.0\u00a0KB"), as Django.
//   - slugify keeps ASCII letters, digits and underscores, lower-cased;
//     runs of spaces and hyphens become one hyphen; everything else,
//     non-ASCII letters included, is dropped ("Café" -> "caf"), because
//     Django's accent stripping needs Unicode decomposition tables the
//     standard library lacks.
//   - floatformat follows Django: default -1 (one decimal, none for whole
//     numbers), P decimals, -P decimals only when needed, "0" for a whole
//     number; rounding is half away from zero on the decimal form, and a
//     "g" suffix groups thousands with commas.
//   - urlencode leaves "/" unencoded unless SAFE says otherwise, and returns
//     a template.URL (so html/template does not encode it twice in an href)
//     except when the result contains ":", which html/template then vets.
//   - add sums integers (and integer strings) as int64, sums as float64 when
//     either value is a float (Django would truncate), and concatenates
//     strings or slices of one type; anything else gives "".
//   - first and last take slices, arrays and strings; length counts runes of
//     strings and elements of collections.
//   - striptags removes tag-like text for display. Its result is still
//     escaped by html/template; it is not a sanitiser.
//
// There is no safe filter. html/template escapes every value for the
// context it appears in, and trusting markup is a decision that belongs in
// reviewed Go code, where a template.HTML conversion is explicit and easy
// to find, not in a template, where one filter would silently turn off the
// escaping for whatever data reaches it.
package templates
