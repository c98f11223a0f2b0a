package csrf

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
)

// Funcs returns the template functions for CSRF tokens, to add to the
// template engine's Funcs:
//
//	csrf_input REQ   the hidden form field, as Django's {% csrf_token %}:
//	                 <input type="hidden" name="csrfmiddlewaretoken" value="...">
//	csrf_token REQ   the bare token, for a meta tag or JavaScript
//
// REQ is the *http.Request, which Jazz templates find as .request; the dot
// itself (a map holding "request") is accepted too, so {{csrf_input .}}
// works in a page. Each call masks the secret afresh and makes the
// response send the cookie (see [Token]). fieldName is the form field the
// middleware reads; "" means "csrfmiddlewaretoken". Outside the middleware,
// or given anything else, both return an error naming the problem, so a
// form that could never post is caught when it renders.
func Funcs(fieldName string) template.FuncMap {
	if fieldName == "" {
		fieldName = DefaultFieldName
	}
	return template.FuncMap{
		"csrf_input": func(v any) (template.HTML, error) {
			tok, err := tokenFor(v)
			if err != nil {
				return "", err
			}
			return Input(fieldName, tok), nil
		},
		"csrf_token": tokenFor,
	}
}

// Input renders the hidden input carrying token under the field name.
// Both are HTML-escaped (a token is alphanumeric, a field name may not be).
func Input(fieldName, token string) template.HTML {
	return template.HTML(`<input type="hidden" name="` + template.HTMLEscapeString(fieldName) +
		`" value="` + template.HTMLEscapeString(token) + `">`)
}

func tokenFor(v any) (string, error) {
	var r *http.Request
	switch x := v.(type) {
	case *http.Request:
		r = x
	case map[string]any:
		r, _ = x["request"].(*http.Request)
	}
	if r == nil {
		return "", fmt.Errorf("csrf: csrf_input/csrf_token want the request (.request), got %T", v)
	}
	if stateOf(r) == nil {
		return "", fmt.Errorf("csrf: no CSRF middleware on this request; add csrf.Middleware to the project's middleware")
	}
	return Token(r), nil
}

// ContextProcessor adds "csrf_token" to every template's dot, as Django's
// csrf context processor does. The value is lazy: the token is made (and
// the cookie marked to be sent) only when a template prints it, so pages
// without forms leave the cookie alone. It prints as the token in HTML and
// as a JSON string in JavaScript contexts, and is the same token however
// many times one page prints it.
func ContextProcessor(r *http.Request) map[string]any {
	if stateOf(r) == nil {
		return nil
	}
	return map[string]any{"csrf_token": &LazyToken{r: r}}
}

// LazyToken is a token made on first use; see [ContextProcessor]. It is
// not safe for concurrent use, like the request it belongs to.
type LazyToken struct {
	r   *http.Request
	tok string
}

// String returns the token, making it on the first call.
func (t *LazyToken) String() string {
	if t.tok == "" {
		t.tok = Token(t.r)
	}
	return t.tok
}

// MarshalJSON writes the token as a JSON string, which is how
// html/template prints it inside <script>.
func (t *LazyToken) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }
