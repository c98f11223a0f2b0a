package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
)

// csvContentType is RFC 4180's media type; the charset tells spreadsheet
// programs the cells are UTF-8.
const csvContentType = "text/csv; charset=utf-8"

// CSV writes rows as a complete CSV download (text/csv; charset=utf-8) with
// status 200 and "Content-Disposition: attachment" naming filename (RFC 6266;
// non-ASCII names are sent both as an ASCII fallback and as UTF-8, and any
// directory part is dropped). An empty filename sends "attachment" alone.
//
// The rows are encoded into memory first, so Content-Length is exact; use
// [NewCSVWriter] for exports too large to hold. Cells are written as given:
// a cell starting with "=", "+", "-" or "@" is a formula to spreadsheet
// programs, so prefix such cells (for example with "'") when they hold
// untrusted text. Errors: a [*CommittedError] when the client went away.
func CSV(w http.ResponseWriter, filename string, rows [][]string) error {
	buf := getBuffer()
	defer putBuffer(buf)
	cw := csv.NewWriter(buf)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("web: CSV: encoding rows: %w", err)
	}
	w.Header().Set("Content-Disposition", contentDisposition("attachment", filename))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return writeBody(w, http.StatusOK, csvContentType, true, buf.Bytes())
}

// CSVWriter streams a CSV download row by row, for exports too large to
// hold in memory. Create one with [NewCSVWriter]; it is not safe for
// concurrent use.
type CSVWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
	cw *csv.Writer
}

// NewCSVWriter sets the CSV download headers on w (as [CSV] does, without
// Content-Length) and returns a writer for its rows. The status line (200)
// goes out with the first bytes written. Call Flush when done and return
// its error from the view.
func NewCSVWriter(w http.ResponseWriter, filename string) *CSVWriter {
	h := w.Header()
	h.Set("Content-Type", csvContentType)
	h.Set("Content-Disposition", contentDisposition("attachment", filename))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	return &CSVWriter{w: w, rc: http.NewResponseController(w), cw: csv.NewWriter(w)}
}

// Write writes one row. Rows are buffered, so a failed write to the client
// may surface only on a later Write or on Flush, as a [*CommittedError].
func (c *CSVWriter) Write(row []string) error {
	return committed(c.cw.Write(row))
}

// Flush sends the buffered rows to the client and flushes the connection
// when the ResponseWriter supports it. It returns a [*CommittedError] when
// the client went away.
func (c *CSVWriter) Flush() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return committed(err)
	}
	if err := c.rc.Flush(); err != nil && !isNotSupported(err) {
		return committed(err)
	}
	return nil
}
