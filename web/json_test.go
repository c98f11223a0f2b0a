package web

import (
	"encoding/json"
	"errors"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	w := httptest.NewRecorder()
	err := JSON(w, 201, map[string]any{"html": "<b>&</b>", "n": 1})
	if err != nil {
		t.Fatal(err)
	}
	if w.Code != 201 {
		t.Errorf("status = %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("nosniff missing")
	}
	if got, want := w.Body.String(), `{"html":"<b>&</b>","n":1}`+"\n"; got != want {
		t.Errorf("body = %q, want %q (no HTML escaping)", got, want)
	}
	if w.Header().Get("Content-Length") != "26" {
		t.Errorf("Content-Length = %q", w.Header().Get("Content-Length"))
	}
}

func TestJSONOverridesEarlierContentType(t *testing.T) {
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "text/html")
	if err := JSON(w, 200, nil); err != nil {
		t.Fatal(err)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" || w.Body.String() != "null\n" {
		t.Errorf("got %q %q", ct, w.Body)
	}
}

func TestJSONEncodingErrorWritesNothing(t *testing.T) {
	w := httptest.NewRecorder()
	err := JSON(w, 200, map[string]float64{"x": math.NaN()})
	if err == nil || !strings.HasPrefix(err.Error(), "web: JSON") {
		t.Fatalf("err = %v, want an encoding error", err)
	}
	if StatusOf(err) != 500 {
		t.Errorf("StatusOf = %d", StatusOf(err))
	}
	if w.Body.Len() != 0 || len(w.Header()) != 0 {
		t.Errorf("wrote %q / %v before failing", w.Body, w.Header())
	}
}

func TestJSONRejectsBodylessStatus(t *testing.T) {
	for _, status := range []int{0, 100, 204, 304, 1000} {
		w := httptest.NewRecorder()
		if err := JSON(w, status, 1); err == nil {
			t.Errorf("JSON(status %d) succeeded", status)
		}
		if w.Body.Len() != 0 {
			t.Errorf("status %d: wrote %q", status, w.Body)
		}
	}
}

func TestJSONClientGone(t *testing.T) {
	err := JSON(newBroken(), 200, []int{1})
	var ce *CommittedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrClientGone) {
		t.Errorf("err = %v, want *CommittedError wrapping ErrClientGone", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	type item struct {
		Name string `json:"name"`
		Tags []string
	}
	w := httptest.NewRecorder()
	in := item{Name: "a \u2028 b", Tags: []string{"x"}}
	if err := JSON(w, 200, in); err != nil {
		t.Fatal(err)
	}
	var out item
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Name != in.Name || len(out.Tags) != 1 {
		t.Errorf("round trip = %+v", out)
	}
}

func BenchmarkJSON(b *testing.B) {
	type post struct {
		ID     int      `json:"id"`
		Title  string   `json:"title"`
		Author string   `json:"author"`
		Tags   []string `json:"tags"`
	}
	v := post{ID: 42, Title: "Hello, Jazz", Author: "ella", Tags: []string{"go", "web"}}
	w := newNullWriter()
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		if err := JSON(w, 200, v); err != nil {
			b.Fatal(err)
		}
	}
}
