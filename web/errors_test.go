package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 200},
		{"plain", errors.New("boom"), 500},
		{"not found", NotFound("no %s", "post"), 404},
		{"wrapped forbidden", fmt.Errorf("view: %w", Forbidden("no")), 403},
		{"max bytes", fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10}), 413},
		{"too many fields bare", ErrTooManyFields, 400},
		{"unsupported media", UnsupportedMediaType("xml"), 415},
		{"sentinel", ErrUnsupportedMediaType, 415},
		{"bogus 200 status", &HTTPError{Status: 200}, 500},
		{"bogus 0 status", &HTTPError{}, 500},
		{"method not allowed", MethodNotAllowed("GET"), 405},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("%s: StatusOf = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestHTTPErrorIsMatchesStatus(t *testing.T) {
	err := fmt.Errorf("x: %w", NotFound("no post %q", "a"))
	if !errors.Is(err, ErrNotFound) {
		t.Error("errors.Is(NotFound(...), ErrNotFound) = false")
	}
	if errors.Is(err, ErrForbidden) {
		t.Error("a 404 matched ErrForbidden")
	}
	if got := NotFound("no post").Error(); got != "404 Not Found: no post" {
		t.Errorf("Error() = %q", got)
	}
}

func TestCommittedError(t *testing.T) {
	err := committed(errBrokenPipe)
	var ce *CommittedError
	if !errors.As(err, &ce) {
		t.Fatalf("committed() = %T, want *CommittedError", err)
	}
	if !errors.Is(err, ErrClientGone) || !errors.Is(err, errBrokenPipe) {
		t.Errorf("committed error %v lost its causes", err)
	}
	if committed(nil) != nil {
		t.Error("committed(nil) != nil")
	}
	if !clientGone(&CommittedError{Err: context.Canceled}) {
		t.Error("context.Canceled not treated as client gone")
	}
	if clientGone(&CommittedError{Err: errors.New("db down")}) {
		t.Error("a server failure treated as client gone")
	}
}
