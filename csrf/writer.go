package csrf

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter sends the CSRF cookie just before the response starts,
// which is the last moment a header can be added. It keeps Flush, Hijack,
// ReadFrom and Unwrap so that streaming and http.ResponseController work
// through it.
type responseWriter struct {
	http.ResponseWriter
	st *state
}

func (w *responseWriter) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.st.start()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	w.st.start()
	return w.ResponseWriter.Write(p)
}

// ReadFrom keeps sendfile available for file responses.
func (w *responseWriter) ReadFrom(src io.Reader) (int64, error) {
	w.st.start()
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, src)
}

type writerOnly struct{ io.Writer }

func (w *responseWriter) Flush() { _ = w.FlushError() }

// FlushError is preferred by http.ResponseController.
func (w *responseWriter) FlushError() error {
	w.st.start()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.st.start()
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
