package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"sync"
)

// uploadChunkSize is how much of a file is read, handed to the handlers and
// stored at a time (Django reads 64 KiB chunks too). Memory-held files are
// kept as a list of chunks of exactly this size, so growing one never
// copies what was already read.
const uploadChunkSize = 64 << 10

var chunkPool = sync.Pool{New: func() any { b := make([]byte, uploadChunkSize); return &b }}

// multipartParser reads one request's parts with NextPart, so that nothing
// is buffered beyond one chunk unless the memory budget allows it.
type multipartParser struct {
	ctx      context.Context
	opts     *UploadOptions
	lim      uploadLimits
	body     *limitedBody
	mr       *multipart.Reader
	fields   formParser
	files    int
	m        *Multipart
	memLeft  int64 // file bytes that may still be kept in memory
	dataLeft int64 // plain-value bytes still allowed; -1: no limit
}

// run reads every part. On any error, or a panic in a handler, it removes
// the temp files it made, so a failed parse leaves nothing behind.
func (p *multipartParser) run() (err error) {
	ok := false
	defer func() {
		if !ok {
			p.m.Cleanup()
		}
	}()
	for {
		part, err := p.mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.readError(err)
		}
		err = p.readPart(part)
		part.Close()
		if err != nil {
			return err
		}
	}
	if err := p.finishUpload(); err != nil {
		return err
	}
	ok = true
	return nil
}

func (p *multipartParser) readError(err error) error {
	if p.body.tooBig(err) {
		return tooLargeUpload("request body", p.lim.maxBody, "UploadOptions.MaxBodyBytes")
	}
	return requestError(http.StatusBadRequest, "malformed multipart body",
		fmt.Errorf("web: ParseMultipart: reading multipart/form-data: %w", err))
}

func (p *multipartParser) readPart(part *multipart.Part) error {
	disposition, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil || disposition != "form-data" {
		return requestError(http.StatusBadRequest, "multipart part with a malformed Content-Disposition",
			fmt.Errorf("web: ParseMultipart: part Content-Disposition %q is not a valid form-data disposition: %v",
				truncateField(part.Header.Get("Content-Disposition")), err))
	}
	name := params["name"]
	if name == "" {
		return requestError(http.StatusBadRequest, "multipart part without a field name",
			errors.New("web: ParseMultipart: a multipart part has no name in its Content-Disposition"))
	}
	filename, isFile := params["filename"]
	if !isFile {
		return p.readValue(part, name)
	}
	p.files++
	if p.lim.maxFiles >= 0 && p.files > p.lim.maxFiles {
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("too many files (the limit is %d)", p.lim.maxFiles),
			fmt.Errorf("web: ParseMultipart: more than %d files: %w", p.lim.maxFiles, ErrTooManyFiles))
	}
	if filename == "" {
		// A file input left empty: browsers still send the part.
		return p.discard(part)
	}
	return p.readFile(part, name, filename)
}

func (p *multipartParser) readValue(part *multipart.Part, name string) error {
	if err := p.fields.addField(); err != nil {
		return err
	}
	limit, setting := p.dataLeft, "UploadOptions.MaxDataBytes"
	if p.lim.maxField >= 0 && (limit < 0 || p.lim.maxField < limit) {
		limit, setting = p.lim.maxField, "UploadOptions.MaxFieldBytes"
	}
	buf := getBuffer()
	defer putBuffer(buf)
	var src io.Reader = part
	if limit >= 0 {
		src = io.LimitReader(part, limit+1)
	}
	if _, err := buf.ReadFrom(src); err != nil {
		return p.readError(err)
	}
	if limit >= 0 && int64(buf.Len()) > limit {
		what := "form value"
		if setting == "UploadOptions.MaxDataBytes" {
			what = "form data"
		}
		return tooLargeUpload(what, limit, setting)
	}
	if p.dataLeft >= 0 {
		p.dataLeft -= int64(buf.Len())
	}
	p.m.Value[name] = append(p.m.Value[name], buf.String())
	return nil
}

func (p *multipartParser) discard(part *multipart.Part) error {
	if _, err := io.Copy(io.Discard, part); err != nil {
		return p.readError(err)
	}
	return nil
}

// readFile streams one file part into memory or a temp file, running the
// handlers on each chunk.
func (p *multipartParser) readFile(part *multipart.Part, field, rawName string) error {
	f := &UploadedFile{
		Field:       field,
		Name:        SanitizeFilename(rawName),
		RawName:     rawName,
		ContentType: partContentType(part.Header.Get("Content-Type")),
		Header:      part.Header,
	}
	skip, err := p.startFile(f)
	if err != nil {
		return err
	}
	if skip {
		return p.discard(part)
	}
	bp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bp)
	chunk := *bp
	var out *os.File
	// abort closes the temp file before removing it: Windows cannot remove
	// an open file.
	abort := func() {
		if out != nil {
			out.Close()
			out = nil
		}
		f.remove()
	}
	done := false
	defer func() {
		// Also runs when a handler panics, before the file is in p.m.
		if !done {
			abort()
		}
	}()
	for {
		n, rerr := fillChunk(part, chunk)
		if n > 0 {
			f.Size += int64(n)
			if p.lim.maxFile >= 0 && f.Size > p.lim.maxFile {
				abort()
				return tooLargeUpload("uploaded file", p.lim.maxFile, "UploadOptions.MaxFileBytes")
			}
			skip, err := p.receive(f, chunk[:n])
			if err != nil {
				abort()
				return err
			}
			if skip {
				abort()
				return p.discard(part)
			}
			if out == nil && f.Size <= p.memLeft {
				f.chunks = append(f.chunks, append([]byte(nil), chunk[:n]...))
			} else {
				if out == nil {
					if out, err = p.spill(f); err != nil {
						return err
					}
				}
				if _, err := out.Write(chunk[:n]); err != nil {
					abort()
					return fmt.Errorf("web: ParseMultipart: writing the temp file for %q: %w", truncateField(f.Name), err)
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			abort()
			return p.readError(rerr)
		}
	}
	if out != nil {
		err := out.Close()
		out = nil
		if err != nil {
			return fmt.Errorf("web: ParseMultipart: closing the temp file for %q: %w", truncateField(f.Name), err)
		}
	} else {
		p.memLeft -= f.Size
	}
	// Registered before the handlers run, so Cleanup covers it whatever
	// they do.
	p.m.File[field] = append(p.m.File[field], f)
	done = true
	return p.finishFile(f)
}

// spill moves f's in-memory chunks to a new temp file and returns it open
// for the rest of the part.
func (p *multipartParser) spill(f *UploadedFile) (*os.File, error) {
	out, err := os.CreateTemp(p.opts.tempDir(), "jazz-upload-*")
	if err != nil {
		return nil, fmt.Errorf("web: ParseMultipart: creating a temp file for an upload (check FileUploadTempDir / UploadOptions.TempDir): %w", err)
	}
	f.path = out.Name()
	for _, c := range f.chunks {
		if _, err := out.Write(c); err != nil {
			out.Close()
			f.remove()
			return nil, fmt.Errorf("web: ParseMultipart: writing the temp file for %q: %w", truncateField(f.Name), err)
		}
	}
	f.chunks = nil
	return out, nil
}

// partContentType keeps a part's Content-Type only when it parses, so a
// hostile header cannot carry odd bytes into the application.
func partContentType(ct string) string {
	if ct == "" {
		return "application/octet-stream"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "application/octet-stream"
	}
	return mime.FormatMediaType(mt, params)
}

// startFile runs the handlers' StartFile hooks; skip reports ErrSkipFile.
func (p *multipartParser) startFile(f *UploadedFile) (skip bool, err error) {
	for _, h := range p.opts.Handlers {
		if s, ok := h.(UploadFileStarter); ok {
			if err := s.StartFile(p.ctx, f); err != nil {
				return handlerResult("StartFile", err)
			}
		}
	}
	return false, nil
}

func (p *multipartParser) receive(f *UploadedFile, chunk []byte) (skip bool, err error) {
	for _, h := range p.opts.Handlers {
		if err := h.ReceiveChunk(p.ctx, f, chunk); err != nil {
			return handlerResult("ReceiveChunk", err)
		}
	}
	return false, nil
}

func (p *multipartParser) finishFile(f *UploadedFile) error {
	for _, h := range p.opts.Handlers {
		if c, ok := h.(UploadFileFinisher); ok {
			if err := c.FinishFile(p.ctx, f); err != nil {
				if errors.Is(err, ErrSkipFile) {
					p.dropLast(f)
					return nil
				}
				return fmt.Errorf("web: ParseMultipart: upload handler FinishFile: %w", err)
			}
		}
	}
	return nil
}

// dropLast removes f, just appended, from the result.
func (p *multipartParser) dropLast(f *UploadedFile) {
	fs := p.m.File[f.Field]
	p.m.File[f.Field] = fs[:len(fs)-1]
	if len(fs) == 1 {
		delete(p.m.File, f.Field)
	}
	f.remove()
}

func (p *multipartParser) finishUpload() error {
	for _, h := range p.opts.Handlers {
		if c, ok := h.(UploadFinisher); ok {
			if err := c.FinishUpload(p.ctx, p.m); err != nil {
				return fmt.Errorf("web: ParseMultipart: upload handler FinishUpload: %w", err)
			}
		}
	}
	return nil
}

func handlerResult(hook string, err error) (bool, error) {
	if errors.Is(err, ErrSkipFile) {
		return true, nil
	}
	return false, fmt.Errorf("web: ParseMultipart: upload handler %s: %w", hook, err)
}

// fillChunk reads until chunk is full or the part ends. Unlike io.ReadFull
// it returns io.EOF only for a clean end of the part, so a truncated body
// (which the part reports as io.ErrUnexpectedEOF) is not mistaken for one.
func fillChunk(r io.Reader, chunk []byte) (int, error) {
	n := 0
	for n < len(chunk) {
		m, err := r.Read(chunk[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
