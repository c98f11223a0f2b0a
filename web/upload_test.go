package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// upPart is one part of a test body: a value, or a file when file is set.
type upPart struct {
	field, file, value string
	rawDisposition     string // overrides the Content-Disposition header
}

func buildMultipart(t testing.TB, parts ...upPart) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		switch {
		case p.rawDisposition != "":
			h.Set("Content-Disposition", p.rawDisposition)
		case p.file != "":
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.field, p.file))
			h.Set("Content-Type", "text/plain")
		default:
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.field))
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.value)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func uploadRequest(target, contentType string, body []byte) *http.Request {
	r := httptest.NewRequest("POST", target, bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	return r
}

// tempEntries lists what is left in dir.
func tempEntries(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func assertNoTempFiles(t testing.TB, dir string) {
	t.Helper()
	if left := tempEntries(t, dir); len(left) > 0 {
		t.Errorf("temp files left behind: %v", left)
	}
}

func content(t testing.TB, f *UploadedFile) string {
	t.Helper()
	b, err := f.bytesOf()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseMultipartValuesAndFiles(t *testing.T) {
	ct, body := buildMultipart(t,
		upPart{field: "title", value: "Hello"},
		upPart{field: "tag", value: "a"},
		upPart{field: "tag", value: "b"},
		upPart{field: "doc", file: "notes.txt", value: "some notes"},
		upPart{field: "doc", file: "more.txt", value: "more"},
	)
	r := uploadRequest("/?page=2&tag=q", ct, body)
	m, err := ParseMultipart(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Cleanup()
	if got := m.Value.Get("title"); got != "Hello" {
		t.Errorf("title = %q", got)
	}
	if got := m.Value["tag"]; len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("tag = %q", got)
	}
	docs := m.File["doc"]
	if len(docs) != 2 {
		t.Fatalf("doc files = %d", len(docs))
	}
	f := m.FormFile("doc")
	if f.Name != "notes.txt" || f.Field != "doc" || f.ContentType != "text/plain" || f.Size != 10 || !f.InMemory() || f.TempPath() != "" {
		t.Errorf("file = %+v", f)
	}
	if got := content(t, f); got != "some notes" {
		t.Errorf("content = %q", got)
	}
	if m.FormFile("missing") != nil {
		t.Error("FormFile(missing) != nil")
	}
	// ParseForm and the net/http accessors see the values without
	// reading the body again.
	form, err := ParseForm(r)
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("page") != "2" || len(form["tag"]) != 3 || r.FormValue("title") != "Hello" || r.PostFormValue("page") != "" {
		t.Errorf("form = %v", form)
	}
	if _, _, err := r.FormFile("doc"); !errors.Is(err, http.ErrMissingFile) {
		t.Errorf("r.FormFile: %v (want ErrMissingFile: uploads are read from the Multipart)", err)
	}

	// An empty file input is left out.
	ct2, body2 := buildMultipart(t, upPart{rawDisposition: `form-data; name="avatar"; filename=""`})
	m2, err := ParseMultipart(uploadRequest("/", ct2, body2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.File) != 0 || len(m2.Value) != 0 {
		t.Errorf("empty file input: %+v", m2)
	}
}

func TestParseMultipartNotMultipart(t *testing.T) {
	r := formRequest("POST", "/?x=1", "application/x-www-form-urlencoded", "a=1&b=2", nil)
	m, err := ParseMultipart(r, nil)
	if err != nil || m.Value.Get("a") != "1" || len(m.File) != 0 || r.FormValue("x") != "1" {
		t.Errorf("urlencoded: %v %+v", err, m)
	}
	r = formRequest("POST", "/", "application/json", "{}", nil)
	if _, err := ParseMultipart(r, nil); StatusOf(err) != 415 {
		t.Errorf("json: %v", err)
	}
	ct, body := buildMultipart(t, upPart{field: "a", file: "x.txt", value: "x"})
	r = uploadRequest("/?q=1", ct, body)
	r.Method = "GET"
	m, err = ParseMultipart(r, nil)
	if err != nil || len(m.File) != 0 || r.FormValue("q") != "1" {
		t.Errorf("GET: %v %+v", err, m)
	}
}

// repeatReader yields n bytes of a fixed pattern without holding them.
type repeatReader struct{ left int64 }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	r.left -= int64(len(p))
	return len(p), nil
}

// streamingRequest builds a request whose multipart body, holding one file
// of size bytes, is generated while it is read, so the test itself holds
// no copy of it.
func streamingRequest(t testing.TB, size int64) *http.Request {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("video", "big.bin")
		if err == nil {
			_, err = io.Copy(fw, &repeatReader{left: size})
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	r := httptest.NewRequest("POST", "/", pr)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.ContentLength = -1
	return r
}

func TestParseMultipartLargeFileStreamsToDisk(t *testing.T) {
	const size = 10 << 20
	dir := t.TempDir()
	r := streamingRequest(t, size)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m, err := ParseMultipart(r, &UploadOptions{TempDir: dir})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// The default budget keeps at most 2.5 MB in memory before spilling;
	// reading the whole file into memory would allocate at least 10 MB.
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d bytes while parsing a %d-byte upload", allocated, size)
	if allocated > 5<<20 {
		t.Errorf("parsing allocated %d bytes for a %d-byte file: it is not streamed", allocated, size)
	}
	f := m.FormFile("video")
	if f == nil || f.Size != size || f.InMemory() || f.TempPath() == "" {
		t.Fatalf("file = %+v", f)
	}
	if left := tempEntries(t, dir); len(left) != 1 {
		t.Errorf("temp dir holds %v, want one file", left)
	}
	info, err := os.Stat(f.TempPath())
	if err != nil || info.Size() != size || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("temp file: %v %v", info, err)
	}
	rd, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	got := sha256.New()
	io.Copy(got, rd)
	rd.Close()
	want := sha256.New()
	io.Copy(want, &repeatReader{left: size})
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Error("content on disk differs from the upload")
	}
	if err := m.Cleanup(); err != nil {
		t.Fatal(err)
	}
	assertNoTempFiles(t, dir)
	if _, err := f.Open(); !errors.Is(err, ErrUploadRemoved) {
		t.Errorf("Open after Cleanup: %v", err)
	}
	if err := m.Cleanup(); err != nil {
		t.Errorf("second Cleanup: %v", err)
	}

	// With every file on disk, memory stays flat whatever the file size.
	r = streamingRequest(t, size)
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err = ParseMultipart(r, &UploadOptions{TempDir: dir, MaxMemory: -1})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	m.Cleanup()
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("streaming to disk allocated %d bytes for a %d-byte file", allocated, size)
	}
	assertNoTempFiles(t, dir)
}

func TestParseMultipartMemoryBudgetIsPerRequest(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("x", 150<<10) // spans three chunks
	ct, body := buildMultipart(t,
		upPart{field: "a", file: "a.txt", value: big},
		upPart{field: "b", file: "b.txt", value: big},
		upPart{field: "c", file: "c.txt", value: "small"},
	)
	m, err := ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, MaxMemory: 200 << 10})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := m.FormFile("a"), m.FormFile("b"), m.FormFile("c")
	if !a.InMemory() || b.InMemory() || !c.InMemory() {
		t.Errorf("in memory: a=%v b=%v c=%v; want true false true", a.InMemory(), b.InMemory(), c.InMemory())
	}
	for _, f := range []*UploadedFile{a, b} {
		if content(t, f) != big {
			t.Errorf("%s: content differs", f.Field)
		}
	}
	// Seek and ReadAt across chunk boundaries in memory.
	rd, _ := a.Open()
	buf := make([]byte, 10)
	if n, err := rd.ReadAt(buf, uploadChunkSize-5); n != 10 || err != nil {
		t.Errorf("ReadAt across chunks: %d %v", n, err)
	}
	if pos, err := rd.Seek(-3, io.SeekEnd); err != nil || pos != int64(len(big))-3 {
		t.Errorf("Seek: %d %v", pos, err)
	}
	if rest, _ := io.ReadAll(rd); string(rest) != "xxx" {
		t.Errorf("read after Seek = %q", rest)
	}
	rd.Close()
	m.Cleanup()

	m, err = ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, MaxMemory: -1})
	if err != nil {
		t.Fatal(err)
	}
	if m.FormFile("c").InMemory() {
		t.Error("MaxMemory < 0 kept a file in memory")
	}
	m.Cleanup()
	assertNoTempFiles(t, dir)
}

func TestParseMultipartLimits(t *testing.T) {
	dir := t.TempDir()
	manyFiles := func(n int) []upPart {
		var ps []upPart
		for i := range n {
			ps = append(ps, upPart{field: "f", file: fmt.Sprintf("%d.txt", i), value: "content"})
		}
		return ps
	}
	manyFields := func(n int) []upPart {
		var ps []upPart
		for i := range n {
			ps = append(ps, upPart{field: fmt.Sprint("v", i), value: "1"})
		}
		return ps
	}
	onDisk := &UploadOptions{TempDir: dir, MaxMemory: -1}
	tests := []struct {
		name   string
		parts  []upPart
		opts   *UploadOptions
		site   *Site
		status int
		is     error
	}{
		{"100 files", manyFiles(100), onDisk, nil, 200, nil},
		{"101 files", manyFiles(101), onDisk, nil, 400, ErrTooManyFiles},
		{"custom file limit", manyFiles(3), &UploadOptions{TempDir: dir, MaxFiles: 2}, nil, 400, ErrTooManyFiles},
		{"no file limit", manyFiles(150), &UploadOptions{TempDir: dir, MaxFiles: -1}, nil, 200, nil},
		{"too many fields", manyFields(4), nil, &Site{MaxFormFields: 3}, 400, ErrTooManyFields},
		{"field limit option", manyFields(4), &UploadOptions{MaxFields: 2}, nil, 400, ErrTooManyFields},
		{"value over MaxFieldBytes", []upPart{{field: "a", value: strings.Repeat("x", 11)}}, &UploadOptions{MaxFieldBytes: 10}, nil, 413, nil},
		{"value at MaxFieldBytes", []upPart{{field: "a", value: strings.Repeat("x", 10)}}, &UploadOptions{MaxFieldBytes: 10}, nil, 200, nil},
		{"data over site limit", []upPart{{field: "a", value: strings.Repeat("x", 60)}, {field: "b", value: strings.Repeat("x", 60)}}, nil, &Site{MaxBodyBytes: 100}, 413, nil},
		{"files do not count as data", []upPart{{field: "a", file: "a", value: strings.Repeat("x", 500)}}, nil, &Site{MaxBodyBytes: 100}, 200, nil},
		{"file over MaxFileBytes", []upPart{{field: "a", file: "a", value: strings.Repeat("x", 101)}}, &UploadOptions{TempDir: dir, MaxFileBytes: 100, MaxMemory: -1}, nil, 413, nil},
		{"body over MaxBodyBytes", []upPart{{field: "a", file: "a", value: strings.Repeat("x", 2000)}}, &UploadOptions{TempDir: dir, MaxBodyBytes: 1000, MaxMemory: -1}, nil, 413, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := buildMultipart(t, tt.parts...)
			for _, chunked := range []bool{false, true} {
				r := uploadRequest("/", ct, body)
				if chunked {
					r.ContentLength = -1 // no early Content-Length check
				}
				if tt.site != nil {
					r = WithSite(r, tt.site)
				}
				m, err := ParseMultipart(r, tt.opts)
				if got := StatusOf(err); got != tt.status {
					t.Fatalf("chunked=%v: status %d, want %d (err %v)", chunked, got, tt.status, err)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("err = %v, want %v", err, tt.is)
				}
				if err != nil {
					var he *HTTPError
					if !errors.As(err, &he) || he.Message == "" {
						t.Errorf("error without a client message: %v", err)
					}
				}
				m.Cleanup()
				assertNoTempFiles(t, dir)
			}
		})
	}
}

func TestParseMultipartMalformed(t *testing.T) {
	const ct = "multipart/form-data; boundary=XX"
	okPart := "--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	tests := map[string]struct{ ct, body string }{
		"garbage":            {ct, "not multipart at all"},
		"no boundary":        {"multipart/form-data", okPart + "--XX--\r\n"},
		"bad content type":   {"multipart/form-data; boundary", okPart},
		"truncated":          {ct, okPart + "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhalf a fi"},
		"no name":            {ct, "--XX\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XX--\r\n"},
		"not form-data":      {ct, "--XX\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XX--\r\n"},
		"no disposition":     {ct, "--XX\r\nContent-Type: text/plain\r\n\r\n1\r\n--XX--\r\n"},
		"bad disposition":    {ct, "--XX\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XX--\r\n"},
		"empty body":         {ct, ""},
		"missing final line": {ct, okPart},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			r := uploadRequest("/", tt.ct, []byte(tt.body))
			_, err := ParseMultipart(r, &UploadOptions{TempDir: dir, MaxMemory: -1})
			if StatusOf(err) != 400 {
				t.Errorf("status %d, want 400 (err %v)", StatusOf(err), err)
			}
			assertNoTempFiles(t, dir)
		})
	}
}

func TestParseMultipartSanitisesNames(t *testing.T) {
	ct, body := buildMultipart(t,
		upPart{field: "a", file: "../../etc/passwd", value: "x"},
		upPart{rawDisposition: `form-data; name="b"; filename*=UTF-8''evil%00name%0A.txt`, value: "x"},
		upPart{rawDisposition: `form-data; name="c"; filename*=UTF-8''C%3A%5CUsers%5Cann%5Cphoto.jpg`, value: "x"},
		upPart{rawDisposition: `form-data; name="d"; filename=".."`, value: "x"},
	)
	m, err := ParseMultipart(uploadRequest("/", ct, body), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"a": {"passwd", "../../etc/passwd"},
		"b": {"evilname.txt", "evil\x00name\n.txt"},
		"c": {"photo.jpg", `C:\Users\ann\photo.jpg`},
		"d": {"file", ".."},
	}
	for field, w := range want {
		f := m.FormFile(field)
		if f == nil {
			t.Errorf("%s: no file", field)
			continue
		}
		if f.Name != w[0] || f.RawName != w[1] {
			t.Errorf("%s: Name %q RawName %q, want %q %q", field, f.Name, f.RawName, w[0], w[1])
		}
	}
}

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("é", 200) + ".jpeg" // 405 bytes
	tests := []struct{ in, want string }{
		{"photo.jpg", "photo.jpg"},
		{"../../etc/passwd", "passwd"},
		{`..\..\boot.ini`, "boot.ini"},
		{"/abs/path/", "file"},
		{"a\x00b\nc\r\td.txt", "abcd.txt"},
		{"\x1b[31mred.txt", "[31mred.txt"},
		{"gpj\u202e.exe", "gpj.exe"},
		{".htaccess", "htaccess"},
		{"...", "file"},
		{"  spaced name.txt  ", "spaced name.txt"},
		{`a<b>c:d"e|f?g*h.txt`, "a_b_c_d_e_f_g_h.txt"},
		{"bad\xffutf8.txt", "badutf8.txt"},
		{"", "file"},
		{"日本語.txt", "日本語.txt"},
		{long, strings.Repeat("é", 125) + ".jpeg"},
		{strings.Repeat("a", 300), strings.Repeat("a", 255)},
	}
	for _, tt := range tests {
		got := SanitizeFilename(tt.in)
		if got != tt.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) > maxFilenameBytes {
			t.Errorf("SanitizeFilename(%q) is %d bytes", tt.in, len(got))
		}
	}
}

// recordingHandler implements every hook and records the calls.
type recordingHandler struct {
	mu     sync.Mutex
	calls  []string
	bytes  int64
	skip   string // a file name to skip in StartFile
	failAt int64  // fail ReceiveChunk once this many bytes arrived
}

func (h *recordingHandler) log(s string) {
	h.mu.Lock()
	h.calls = append(h.calls, s)
	h.mu.Unlock()
}

func (h *recordingHandler) StartFile(ctx context.Context, f *UploadedFile) error {
	h.log("start " + f.Name)
	if f.Name == h.skip {
		return ErrSkipFile
	}
	return nil
}

func (h *recordingHandler) ReceiveChunk(ctx context.Context, f *UploadedFile, chunk []byte) error {
	h.mu.Lock()
	h.bytes += int64(len(chunk))
	over := h.failAt > 0 && h.bytes >= h.failAt
	h.mu.Unlock()
	if over {
		return TooLarge("upload quota exceeded")
	}
	return nil
}

func (h *recordingHandler) FinishFile(ctx context.Context, f *UploadedFile) error {
	h.log(fmt.Sprintf("finish %s %d", f.Name, f.Size))
	return nil
}

func (h *recordingHandler) FinishUpload(ctx context.Context, m *Multipart) error {
	h.log(fmt.Sprintf("done %d", len(m.File)))
	return nil
}

var (
	_ UploadHandler      = (*recordingHandler)(nil)
	_ UploadFileStarter  = (*recordingHandler)(nil)
	_ UploadFileFinisher = (*recordingHandler)(nil)
	_ UploadFinisher     = (*recordingHandler)(nil)
)

func TestUploadHandlers(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("z", 200<<10)
	ct, body := buildMultipart(t,
		upPart{field: "a", file: "a.txt", value: big},
		upPart{field: "b", file: "skip.txt", value: "dropped"},
		upPart{field: "c", file: "c.txt", value: "c"},
	)
	h := &recordingHandler{skip: "skip.txt"}
	var progress []int64
	prog := UploadHandlerFunc(func(ctx context.Context, f *UploadedFile, chunk []byte) error {
		progress = append(progress, f.Size)
		return nil
	})
	m, err := ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, Handlers: []UploadHandler{h, prog}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Cleanup()
	want := []string{"start a.txt", fmt.Sprintf("finish a.txt %d", len(big)), "start skip.txt", "start c.txt", "finish c.txt 1", "done 2"}
	if strings.Join(h.calls, "|") != strings.Join(want, "|") {
		t.Errorf("calls = %q, want %q", h.calls, want)
	}
	if h.bytes != int64(len(big))+1 {
		t.Errorf("handler saw %d bytes", h.bytes)
	}
	if len(progress) != 5 || progress[3] != int64(len(big)) {
		t.Errorf("progress = %v", progress)
	}
	if m.FormFile("b") != nil {
		t.Error("skipped file kept")
	}

	// A handler's error stops the parse, keeps its status and leaves no
	// temp file behind.
	h = &recordingHandler{failAt: 150 << 10}
	_, err = ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, MaxMemory: -1, Handlers: []UploadHandler{h}})
	if StatusOf(err) != 413 || !strings.Contains(err.Error(), "ReceiveChunk") {
		t.Errorf("handler error: %v", err)
	}
	assertNoTempFiles(t, dir)
}

func TestParseMultipartHandlerPanicLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	ct, body := buildMultipart(t,
		upPart{field: "a", file: "a.txt", value: "first"},
		upPart{field: "b", file: "b.txt", value: strings.Repeat("x", 3*uploadChunkSize)},
	)
	// The panic comes on b's second chunk, once b has a temp file.
	h := UploadHandlerFunc(func(ctx context.Context, f *UploadedFile, chunk []byte) error {
		if f.Field == "b" && f.Size > uploadChunkSize {
			panic("handler bug")
		}
		return nil
	})
	func() {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, MaxMemory: -1, Handlers: []UploadHandler{h}})
	}()
	assertNoTempFiles(t, dir)
}

func TestUploadsMiddlewareRemovesTempFiles(t *testing.T) {
	dir := t.TempDir()
	ct, body := buildMultipart(t, upPart{field: "f", file: "a.txt", value: strings.Repeat("x", 1000)})
	opts := UploadOptions{TempDir: dir, MaxMemory: -1}
	var seenPath string
	view := func(outcome string) http.Handler {
		return HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			m, err := ParseMultipart(r, nil)
			if err != nil {
				return err
			}
			again, err := ParseMultipart(r, nil)
			if err != nil || again != m {
				t.Errorf("second ParseMultipart: %v, same=%v", err, again == m)
			}
			f := m.FormFile("f")
			seenPath = f.TempPath()
			if _, err := os.Stat(seenPath); err != nil {
				t.Errorf("temp file missing during the view: %v", err)
			}
			switch outcome {
			case "error":
				return errors.New("view failed")
			case "panic":
				panic("view panicked")
			}
			return Text(w, http.StatusOK, "ok")
		})
	}
	for _, outcome := range []string{"ok", "error", "panic"} {
		t.Run(outcome, func(t *testing.T) {
			seenPath = ""
			h := Uploads(opts)(view(outcome))
			w := httptest.NewRecorder()
			r := WithSite(uploadRequest("/", ct, body), &Site{Logger: discardLogger()})
			func() {
				defer func() {
					p := recover()
					if (p != nil) != (outcome == "panic") {
						t.Errorf("recovered %v", p)
					}
				}()
				h.ServeHTTP(w, r)
			}()
			if seenPath == "" {
				t.Fatal("view did not run")
			}
			assertNoTempFiles(t, dir)
		})
	}
}

// bytesOf returns the whole content of f.
func (f *UploadedFile) bytesOf() ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(r)
	return b.Bytes(), err
}

// exeRefuser drops executables once they are complete.
type exeRefuser struct{}

func (exeRefuser) ReceiveChunk(context.Context, *UploadedFile, []byte) error { return nil }

func (exeRefuser) FinishFile(ctx context.Context, f *UploadedFile) error {
	if strings.HasSuffix(f.Name, ".exe") {
		return ErrSkipFile
	}
	return nil
}

func TestUploadHandlerFinishFileSkips(t *testing.T) {
	dir := t.TempDir()
	ct, body := buildMultipart(t,
		upPart{field: "f", file: "ok.txt", value: "fine"},
		upPart{field: "f", file: "setup.exe", value: "MZ"},
		upPart{field: "g", file: "tool.exe", value: "MZ"},
	)
	m, err := ParseMultipart(uploadRequest("/", ct, body), &UploadOptions{TempDir: dir, MaxMemory: -1, Handlers: []UploadHandler{exeRefuser{}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.File["f"]) != 1 || m.FormFile("f").Name != "ok.txt" || m.File["g"] != nil {
		t.Errorf("files = %v", m.File)
	}
	if left := tempEntries(t, dir); len(left) != 1 {
		t.Errorf("temp files = %v, want only ok.txt's", left)
	}
	m.Cleanup()
	assertNoTempFiles(t, dir)
}
