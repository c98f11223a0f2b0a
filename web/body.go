package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// bodyLimit returns the body cap for s: the default for zero, -1 (no
// limit) for any negative value.
func (s *Site) bodyLimit() int64 {
	switch {
	case s.MaxBodyBytes == 0:
		return DefaultMaxBodyBytes
	case s.MaxBodyBytes < 0:
		return -1
	}
	return s.MaxBodyBytes
}

// fieldLimit returns the form-field cap for s: the default for zero, -1 (no
// limit) for any negative value.
func (s *Site) fieldLimit() int {
	switch {
	case s.MaxFormFields == 0:
		return DefaultMaxFormFields
	case s.MaxFormFields < 0:
		return -1
	}
	return s.MaxFormFields
}

// requestError builds the error a body parser returns: status and a short
// message that is safe to show the client, with the detailed cause (which
// names the function and the fix) kept for logs and the debug page.
func requestError(status int, message string, cause error) *HTTPError {
	return &HTTPError{Status: status, Message: message, Err: cause}
}

func tooLargeError(op string, limit int64) *HTTPError {
	return requestError(http.StatusRequestEntityTooLarge, "request body too large",
		fmt.Errorf("web: %s: request body exceeds the %d-byte limit (raise Site.MaxBodyBytes if such bodies are expected): %w",
			op, limit, &http.MaxBytesError{Limit: limit}))
}

// limitedBody caps reads from a request body and remembers when the cap was
// hit, because parsers such as mime/multipart report a truncated body as
// their own syntax error rather than passing the read error on.
type limitedBody struct {
	r        io.Reader
	left     int64 // bytes still allowed; unused when unlimited
	limited  bool
	exceeded bool
}

func newLimitedBody(r io.Reader, limit int64) *limitedBody {
	return &limitedBody{r: r, left: limit, limited: limit >= 0}
}

var errBodyLimit = errors.New("web: request body limit reached")

func (l *limitedBody) Read(p []byte) (int, error) {
	if !l.limited {
		return l.r.Read(p)
	}
	if l.left <= 0 {
		// Read one more byte to tell "exactly at the limit" from "over it".
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.exceeded = true
			return 0, errBodyLimit
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// tooBig reports whether err (from reading through l) means the body was
// over the limit, whether l saw it or an outer http.MaxBytesReader did.
func (l *limitedBody) tooBig(err error) bool {
	var mb *http.MaxBytesError
	return l.exceeded || errors.Is(err, errBodyLimit) || errors.As(err, &mb)
}

// readBody reads r's whole body, at most limit bytes (negative: no limit),
// into buf. A Content-Length over the limit fails before anything is read.
func readBody(r *http.Request, op string, limit int64, buf *bytes.Buffer) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	if limit >= 0 && r.ContentLength > limit {
		return tooLargeError(op, limit)
	}
	lb := newLimitedBody(r.Body, limit)
	if _, err := buf.ReadFrom(lb); err != nil {
		if lb.tooBig(err) {
			return tooLargeError(op, limit)
		}
		return requestError(http.StatusBadRequest, "could not read the request body",
			fmt.Errorf("web: %s: reading the request body: %w", op, err))
	}
	return nil
}
