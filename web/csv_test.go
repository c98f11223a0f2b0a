package web

import (
	"encoding/csv"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	w := httptest.NewRecorder()
	rows := [][]string{{"name", "note"}, {"Ann", `says "hi", twice`}, {"Bo", "line\nbreak"}}
	if err := CSV(w, "people.csv", rows); err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("got %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="people.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	got, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1][1] != `says "hi", twice` || got[2][1] != "line\nbreak" {
		t.Errorf("round trip = %q", got)
	}
}

func TestCSVWriterStreams(t *testing.T) {
	w := httptest.NewRecorder()
	cw := NewCSVWriter(w, "big €.csv")
	for _, row := range [][]string{{"a", "b"}, {"1", "2"}} {
		if err := cw.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	if w.Body.String() != "a,b\n1,2\n" || !w.Flushed {
		t.Errorf("body %q flushed=%v", w.Body, w.Flushed)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''big%20%E2%82%AC.csv") {
		t.Errorf("Content-Disposition = %q", cd)
	}
}

func TestCSVWriterClientGone(t *testing.T) {
	cw := NewCSVWriter(newBroken(), "x.csv")
	cw.Write([]string{"a"})
	if err := cw.Flush(); !errors.Is(err, ErrClientGone) {
		t.Errorf("Flush err = %v, want ErrClientGone", err)
	}
}
