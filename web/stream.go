package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Stream sends a 200 response whose body is produced over time by produce,
// for long downloads, server-sent events (contentType
// "text/event-stream") or progress output. An empty contentType means
// "application/octet-stream".
//
// produce writes to its io.Writer and calls flush to push what it wrote to
// the client now. Once the client goes away (the request's context is
// done), every Write and flush returns an error wrapping [ErrClientGone],
// so a producer that checks errors stops promptly; a long wait inside
// produce should also select on r.Context().Done(). When the ResponseWriter
// cannot flush, flush is a no-op and the body is delivered when produce
// returns.
//
// The headers and status are sent (and flushed) before produce runs, so
// produce cannot change them: set extra headers on w before calling Stream.
// Content-Length is removed, "Cache-Control: no-cache" is set unless already
// present, and "X-Accel-Buffering: no" asks a fronting nginx not to buffer.
// A non-nil error from produce is returned as a [*CommittedError], which
// [Error] logs without writing anything more. Stream must not be called
// concurrently on the same response, and produce must not use the writer
// after returning.
func Stream(w http.ResponseWriter, r *http.Request, contentType string, produce func(w io.Writer, flush func() error) error) error {
	if produce == nil {
		return fmt.Errorf("web: Stream: nil produce function (pass a func that writes the body)")
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Del("Content-Length")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Accel-Buffering", "no")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	sw := &streamWriter{ctx: r.Context(), w: w, rc: http.NewResponseController(w)}
	w.WriteHeader(http.StatusOK)
	// The first flush sends the headers at once, so a client (an
	// EventSource) knows the stream is open before the first event.
	if err := sw.flush(); err != nil {
		return &CommittedError{Err: err}
	}
	if err := produce(sw, sw.flush); err != nil {
		return &CommittedError{Err: fmt.Errorf("web: Stream: %w", err)}
	}
	return nil
}

type streamWriter struct {
	ctx context.Context
	w   http.ResponseWriter
	rc  *http.ResponseController
}

func (s *streamWriter) Write(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrClientGone, err)
	}
	n, err := s.w.Write(p)
	if err != nil {
		return n, fmt.Errorf("%w: %w", ErrClientGone, err)
	}
	return n, nil
}

func (s *streamWriter) flush() error {
	if err := s.ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrClientGone, err)
	}
	if err := s.rc.Flush(); err != nil && !isNotSupported(err) {
		return fmt.Errorf("%w: %w", ErrClientGone, err)
	}
	return nil
}
