package web

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFileAndAttachment(t *testing.T) {
	mod := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("GET", "/dl", nil)

	w := httptest.NewRecorder()
	if err := File(w, r, "docs/notes.txt", strings.NewReader("hello world"), mod); err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Body.String() != "hello world" {
		t.Errorf("got %d %q", w.Code, w.Body)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `inline; filename="notes.txt"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if w.Header().Get("Last-Modified") != mod.Format(http.TimeFormat) {
		t.Errorf("Last-Modified = %q", w.Header().Get("Last-Modified"))
	}

	w = httptest.NewRecorder()
	if err := Attachment(w, r, "notes.txt", strings.NewReader("hello world"), mod); err != nil {
		t.Fatal(err)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="notes.txt"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
}

func TestFileRangeAndConditional(t *testing.T) {
	mod := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("GET", "/dl", nil)
	r.Header.Set("Range", "bytes=6-10")
	w := httptest.NewRecorder()
	if err := File(w, r, "a.txt", strings.NewReader("hello world"), mod); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusPartialContent || w.Body.String() != "world" {
		t.Errorf("range: got %d %q", w.Code, w.Body)
	}

	r = httptest.NewRequest("GET", "/dl", nil)
	r.Header.Set("If-Modified-Since", mod.Format(http.TimeFormat))
	w = httptest.NewRecorder()
	if err := File(w, r, "a.txt", strings.NewReader("hello world"), mod); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("conditional: got %d %q", w.Code, w.Body)
	}
}

type unseekable struct{ io.Reader }

func (unseekable) Seek(int64, int) (int64, error) { return 0, errors.New("cannot seek a pipe") }

func TestFileErrorsBeforeWriting(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	if err := File(w, r, "x", nil, time.Time{}); err == nil {
		t.Error("nil content accepted")
	}
	err := Attachment(w, r, "x.bin", unseekable{strings.NewReader("x")}, time.Time{})
	if err == nil || !strings.Contains(err.Error(), "cannot seek") {
		t.Errorf("unseekable: err = %v", err)
	}
	if w.Body.Len() != 0 || w.Header().Get("Content-Disposition") != "" {
		t.Errorf("wrote before failing: %q %v", w.Body, w.Header())
	}
}
