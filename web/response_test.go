package web

import (
	"html/template"
	"net/http/httptest"
	"testing"
)

func TestText(t *testing.T) {
	w := httptest.NewRecorder()
	if err := Text(w, 418, "<tea>"); err != nil {
		t.Fatal(err)
	}
	if w.Code != 418 || w.Body.String() != "<tea>" {
		t.Errorf("got %d %q", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if err := Text(httptest.NewRecorder(), 204, "x"); err == nil {
		t.Error("Text with 204 succeeded")
	}
}

func TestHTMLAcceptsStringAndTemplateHTML(t *testing.T) {
	w := httptest.NewRecorder()
	if err := HTML(w, 200, template.HTML("<p>hi</p>")); err != nil {
		t.Fatal(err)
	}
	if w.Body.String() != "<p>hi</p>" || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %q %q", w.Header().Get("Content-Type"), w.Body)
	}
	w = httptest.NewRecorder()
	if err := HTML(w, 404, "<p>gone</p>"); err != nil || w.Code != 404 || w.Header().Get("Content-Length") != "11" {
		t.Errorf("string body: err=%v code=%d len=%q", err, w.Code, w.Header().Get("Content-Length"))
	}
}

func TestNoContent(t *testing.T) {
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "application/json")
	if err := NoContent(w); err != nil {
		t.Fatal(err)
	}
	if w.Code != 204 || w.Header().Get("Content-Type") != "" || w.Body.Len() != 0 {
		t.Errorf("got %d %v %q", w.Code, w.Header(), w.Body)
	}
}
