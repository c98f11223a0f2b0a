package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type order struct {
	Customer string `json:"customer"`
	Items    []struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	} `json:"items"`
}

func jsonRequest(ct, body string, site *Site) *http.Request {
	r := httptest.NewRequest("POST", "/api", strings.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	if site != nil {
		r = WithSite(r, site)
	}
	return r
}

func TestDecodeJSON(t *testing.T) {
	for _, ct := range []string{"application/json", "application/json; charset=UTF-8", "application/merge-patch+json"} {
		var o order
		err := DecodeJSON(jsonRequest(ct, `{"customer":"Ann","items":[{"sku":"A1","qty":2}],"extra":true}`+"\n", nil), &o)
		if err != nil {
			t.Fatalf("%s: %v", ct, err)
		}
		if o.Customer != "Ann" || len(o.Items) != 1 || o.Items[0].Qty != 2 {
			t.Errorf("%s: decoded %+v", ct, o)
		}
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name, ct, body string
		site           *Site
		status         int
		msg            string // must appear in the client message
	}{
		{"no content type", "", `{}`, nil, 415, "send application/json"},
		{"form content type", "application/x-www-form-urlencoded", `{}`, nil, 415, "unsupported Content-Type"},
		{"latin1", "application/json; charset=latin1", `{}`, nil, 415, "charset"},
		{"bad content type", "application/json; =", `{}`, nil, 400, "Content-Type"},
		{"too large", "application/json", `{"customer":"` + strings.Repeat("x", 100) + `"}`, &Site{MaxBodyBytes: 50}, 413, "too large"},
		{"empty", "application/json", "", nil, 400, "empty"},
		{"whitespace", "application/json", " \n\t", nil, 400, "empty"},
		{"syntax", "application/json", "{\n  \"customer\": \"Ann\",\n  \"items\": [}\n}", nil, 400, "line 3, column 13"},
		{"truncated", "application/json", `{"customer": "Ann"`, nil, 400, "ends in the middle"},
		{"type mismatch", "application/json", `{"items":[{"sku":"A","qty":"two"}]}`, nil, 400, `field "items.qty": expected an integer, got string`},
		{"top-level mismatch", "application/json", `[1,2]`, nil, 400, "expected an object, got array"},
		{"trailing", "application/json", "{\"customer\":\"a\"}\n  {\"customer\":\"b\"}", nil, 400, "after the JSON value at line 2, column 3"},
		{"trailing bracket", "application/json", `{"customer":"a"}]`, nil, 400, "after the JSON value"},
	}
	for _, tt := range tests {
		var o order
		err := DecodeJSON(jsonRequest(tt.ct, tt.body, tt.site), &o)
		if StatusOf(err) != tt.status {
			t.Errorf("%s: err %v, status %d, want %d", tt.name, err, StatusOf(err), tt.status)
			continue
		}
		var he *HTTPError
		if !errors.As(err, &he) || !strings.Contains(he.Message, tt.msg) {
			t.Errorf("%s: client message %q, want it to contain %q", tt.name, he.Message, tt.msg)
		}
		if tt.status == 415 && !errors.Is(err, ErrUnsupportedMediaType) {
			t.Errorf("%s: 415 does not wrap ErrUnsupportedMediaType", tt.name)
		}
		if !strings.HasPrefix(errors.Unwrap(err).Error(), "web: DecodeJSON") {
			t.Errorf("%s: cause %q does not name web: DecodeJSON", tt.name, errors.Unwrap(err))
		}
	}
}

type weekday int

func (d *weekday) UnmarshalJSON(b []byte) error {
	if string(b) != `"mon"` {
		return errors.New("weekday must be \"mon\"")
	}
	*d = 1
	return nil
}

func TestDecodeJSONCustomUnmarshalerAndBadTarget(t *testing.T) {
	var v struct{ Day weekday }
	err := DecodeJSON(jsonRequest("application/json", `{"Day":"sun"}`, nil), &v)
	if StatusOf(err) != 400 || !strings.Contains(err.Error(), `weekday must be "mon"`) {
		t.Errorf("custom unmarshaler: %v", err)
	}
	var notPointer order
	err = DecodeJSON(jsonRequest("application/json", `{}`, nil), notPointer)
	if err == nil || StatusOf(err) != 500 || !strings.Contains(err.Error(), "non-nil pointer") {
		t.Errorf("non-pointer target: %v (status %d)", err, StatusOf(err))
	}
}

func TestLineColumn(t *testing.T) {
	data := []byte("ab\ncd\nef")
	for _, tc := range []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {8, 3, 3}, {99, 3, 3}, {-1, 1, 1}} {
		if l, c := lineColumn(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("lineColumn(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

// FuzzDecodeJSON checks that no body panics, every failure is a 4xx, and
// the body limit holds.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"customer":"a","items":[{"sku":"x","qty":1}]}`)
	f.Add(`{"items":[{"qty":"1"}]}`)
	f.Add(`{"customer":`)
	f.Add(`{} []`)
	f.Add("")
	f.Add("\xff\xfe")
	const limit = 512
	f.Fuzz(func(t *testing.T, body string) {
		var o order
		err := DecodeJSON(jsonRequest("application/json", body, &Site{MaxBodyBytes: limit}), &o)
		if err == nil {
			if len(body) > limit {
				t.Fatalf("%d-byte body accepted over the %d limit", len(body), limit)
			}
			return
		}
		if s := StatusOf(err); s < 400 || s > 499 {
			t.Fatalf("status %d for client input: %v", s, err)
		}
		if len(body) > limit && StatusOf(err) != 413 {
			t.Fatalf("oversized body gave %d: %v", StatusOf(err), err)
		}
	})
}
