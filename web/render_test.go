package web

import (
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRenderStatus(t *testing.T) {
	rnd := &fakeRenderer{pages: map[string]func(io.Writer, any) error{
		"page.html": func(w io.Writer, data any) error {
			_, err := fmt.Fprintf(w, "<p>%v</p>", data.(Context)["x"])
			return err
		},
		"broken.html": func(w io.Writer, data any) error {
			io.WriteString(w, "half a page")
			return errors.New("no such field")
		},
	}}
	r := withSite(httptest.NewRequest("GET", "/", nil), &Site{Renderer: rnd})

	w := httptest.NewRecorder()
	if err := RenderStatus(w, r, 201, "page.html", "row", Context{"x": 7}); err != nil {
		t.Fatal(err)
	}
	if w.Code != 201 || w.Body.String() != "<p>7</p>" || w.Header().Get("Content-Length") != "8" {
		t.Errorf("got %d %q", w.Code, w.Body)
	}
	if rnd.calls[0] != "page.html#row" {
		t.Errorf("renderer called with %q", rnd.calls[0])
	}

	w = httptest.NewRecorder()
	err := Render(w, r, "broken.html", nil)
	if err == nil || !strings.Contains(err.Error(), `"broken.html"`) || w.Body.Len() != 0 {
		t.Errorf("broken template: err=%v body=%q; want error naming the template and nothing written", err, w.Body)
	}

	if err := Render(newBroken(), r, "page.html", Context{}); !errors.Is(err, ErrClientGone) {
		t.Errorf("write failure: err = %v, want ErrClientGone", err)
	}
}

func TestRenderWithoutRenderer(t *testing.T) {
	err := Render(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), "x.html", nil)
	if !errors.Is(err, ErrNoRenderer) {
		t.Errorf("err = %v", err)
	}
}
