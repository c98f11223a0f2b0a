package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// records parses JSON log lines.
func records(t *testing.T, b *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func msgs(recs []map[string]any) string {
	var out []string
	for _, r := range recs {
		out = append(out, r["msg"].(string))
	}
	return strings.Join(out, ",")
}

func TestNewDefaultsToTextAtInfo(t *testing.T) {
	var buf bytes.Buffer
	l, c, err := New(Config{Writer: &buf})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	l.Debug("hidden")
	l.Info("shown", "n", 1)
	out := buf.String()
	if strings.Contains(out, "hidden") || !strings.Contains(out, "level=INFO msg=shown n=1") {
		t.Errorf("output %q", out)
	}
}

func TestJSONAndPerNameLevels(t *testing.T) {
	var buf bytes.Buffer
	root, _, err := New(Config{
		Level: "WARN", Format: "json", Writer: &buf,
		Levels: map[string]string{"jazz": "error", "jazz.request": "debug", "blog": "info"},
	})
	if err != nil {
		t.Fatal(err)
	}
	loggers := map[string]*slog.Logger{
		"root":            root,
		"jazz":            Named(root, "jazz"),
		"jazz.request":    Named(root, "jazz.request"),
		"jazz.request.ws": Named(root, "jazz.request.ws"),
		"jazz.db":         Named(root, "jazz.db"),
		"jazzy":           Named(root, "jazzy"),
		"blog.feeds":      Named(root, "blog.feeds"),
	}
	for _, name := range []string{"root", "jazz", "jazz.request", "jazz.request.ws", "jazz.db", "jazzy", "blog.feeds"} {
		l := loggers[name]
		l.Debug(name + ":debug")
		l.Info(name + ":info")
		l.Warn(name + ":warn")
		l.Error(name + ":error")
	}
	recs := records(t, &buf)
	want := "root:warn,root:error," +
		"jazz:error," +
		"jazz.request:debug,jazz.request:info,jazz.request:warn,jazz.request:error," +
		"jazz.request.ws:debug,jazz.request.ws:info,jazz.request.ws:warn,jazz.request.ws:error," +
		"jazz.db:error," +
		"jazzy:warn,jazzy:error," +
		"blog.feeds:info,blog.feeds:warn,blog.feeds:error"
	if got := msgs(recs); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, r := range recs {
		name, _, _ := strings.Cut(r["msg"].(string), ":")
		logger, has := r[LoggerKey]
		if name == "root" && has {
			t.Errorf("root record has a logger attribute: %v", r)
		}
		if name != "root" && logger != name {
			t.Errorf("record %v: logger = %v", r["msg"], logger)
		}
	}
}

func TestNamedIsAbsoluteAndKeepsAttrs(t *testing.T) {
	var buf bytes.Buffer
	root, _, _ := New(Config{Format: "json", Writer: &buf, Levels: map[string]string{"b": "error"}})
	a := Named(root, "a").With("req", "r1")
	b := Named(a, "b")
	a.Info("from a")
	b.Info("dropped: b is error-level")
	b.Error("from b")
	Named(b, "").Info("unnamed again")
	recs := records(t, &buf)
	if msgs(recs) != "from a,from b,unnamed again" {
		t.Fatalf("got %s", msgs(recs))
	}
	if recs[0][LoggerKey] != "a" || recs[0]["req"] != "r1" || recs[1][LoggerKey] != "b" || recs[1]["req"] != "r1" {
		t.Errorf("records %v", recs)
	}
	if strings.Count(buf.String(), `"logger"`) != 2 {
		t.Errorf("duplicate logger attributes: %s", buf.String())
	}
	if _, has := recs[2][LoggerKey]; has {
		t.Errorf("Named(\"\") kept a name: %v", recs[2])
	}
}

func TestNamedOnForeignLogger(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, nil))
	Named(l, "x").Info("hi")
	if recs := records(t, &buf); len(recs) != 1 || recs[0][LoggerKey] != "x" {
		t.Errorf("records %v", recs)
	}
	if Named(nil, "y") == nil {
		t.Error("Named(nil) returned nil")
	}
}

func TestExtraHandlers(t *testing.T) {
	var main, errorsOnly, everything bytes.Buffer
	root, _, err := New(Config{
		Format: "json", Writer: &main, Level: "info",
		Levels: map[string]string{"noisy": "error"},
		Handlers: []slog.Handler{
			slog.NewJSONHandler(&errorsOnly, &slog.HandlerOptions{Level: slog.LevelError}),
			nil,
			slog.NewJSONHandler(&everything, &slog.HandlerOptions{Level: slog.LevelDebug}),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	root.Debug("debug")
	root.Info("info")
	root.Error("boom", "k", "v")
	Named(root, "noisy").Warn("noisy warn")
	if got := msgs(records(t, &main)); got != "info,boom" {
		t.Errorf("main got %s", got)
	}
	if got := msgs(records(t, &errorsOnly)); got != "boom" {
		t.Errorf("errors-only got %s", got)
	}
	// The extra handler accepts debug, but the logger's level comes first.
	if got := msgs(records(t, &everything)); got != "info,boom" {
		t.Errorf("everything got %s", got)
	}
}

func TestNewErrorsNameTheSetting(t *testing.T) {
	_, _, err := New(Config{Level: "loud", Format: "xml", Levels: map[string]string{"jazz.request": "chatty", "ok": "warn", "empty": ""}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`logging: LogLevel (JAZZ_LOG_LEVEL) is "loud"; use debug, info, warn or error`,
		`logging: LogFormat (JAZZ_LOG_FORMAT) is "xml"; use text or json`,
		`logging: LogLevels["jazz.request"] (JAZZ_LOG_LEVELS) is "chatty"; use debug, info, warn or error`,
		`logging: LogLevels["empty"] (JAZZ_LOG_LEVELS) is ""; give a level`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), `"ok"`) {
		t.Errorf("a good entry was reported: %v", err)
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{
		"": slog.LevelInfo, "debug": slog.LevelDebug, "DEBUG": slog.LevelDebug, "Info": slog.LevelInfo,
		"warn": slog.LevelWarn, "warning": slog.LevelWarn, "WARNING": slog.LevelWarn, " error ": slog.LevelError,
		"INFO+2": slog.LevelInfo + 2, "error-1": slog.LevelError - 1,
	} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"loud", "critical", "5"} {
		if _, err := ParseLevel(in); err == nil {
			t.Errorf("ParseLevel(%q) accepted", in)
		}
	}
}

func TestFileOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.log")
	if err := os.WriteFile(path, []byte("existing line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		l, c, err := New(Config{Output: path})
		if err != nil {
			t.Fatal(err)
		}
		l.Info("run", "i", i)
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[0] != "existing line" || !strings.HasSuffix(lines[1], "msg=run i=0") || !strings.HasSuffix(lines[2], "msg=run i=1") {
		t.Errorf("file content %q", b)
	}

	fresh := filepath.Join(t.TempDir(), "new.log")
	_, c, err := New(Config{Output: fresh})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if fi, err := os.Stat(fresh); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm()&^0o644 != 0) {
		t.Errorf("new log file: %v, %v", fi.Mode(), err)
	}

	_, _, err = New(Config{Output: filepath.Join(t.TempDir(), "missing", "dir", "x.log")})
	if err == nil || !strings.Contains(err.Error(), "logging: LogOutput (JAZZ_LOG_OUTPUT)") {
		t.Errorf("err = %v", err)
	}
}

func TestStandardOutputs(t *testing.T) {
	for _, out := range []string{"", "stderr", "stdout", "discard"} {
		l, c, err := New(Config{Output: out, Level: "error"})
		if err != nil || l == nil {
			t.Fatalf("%q: %v", out, err)
		}
		if err := c.Close(); err != nil {
			t.Errorf("%q: Close = %v", out, err)
		}
	}
	// Closing must not close the process's streams.
	if _, err := os.Stderr.Stat(); err != nil {
		t.Errorf("stderr was closed: %v", err)
	}
}

func TestEnabledDoesNotAllocate(t *testing.T) {
	root, _, _ := New(Config{Writer: &bytes.Buffer{}, Levels: map[string]string{"jazz": "warn"}})
	named := Named(root, "jazz.request")
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		if named.Enabled(ctx, slog.LevelInfo) {
			panic("info enabled on a warn logger")
		}
		named.Info("dropped", "n", 1)
	})
	if allocs != 0 {
		t.Errorf("a disabled log call allocates %v times", allocs)
	}
}

type countHandler struct {
	n   *int
	min slog.Level
	err error
}

func (h countHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min }
func (h countHandler) Handle(_ context.Context, r slog.Record) error {
	*h.n++
	r.AddAttrs(slog.String("added", "x")) // must not leak to other handlers
	return h.err
}
func (h countHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countHandler) WithGroup(string) slog.Handler      { return h }

func TestTee(t *testing.T) {
	if Tee() != slog.DiscardHandler || Tee(nil) != slog.DiscardHandler {
		t.Error("an empty tee should discard")
	}
	var one int
	h := countHandler{n: &one}
	if Tee(nil, h) != slog.Handler(h) {
		t.Error("a tee of one handler should be that handler")
	}

	var a, b int
	var buf bytes.Buffer
	e1, e2 := errors.New("a failed"), errors.New("b failed")
	th := Tee(countHandler{n: &a, err: e1}, countHandler{n: &b, min: slog.LevelError, err: e2}, slog.NewJSONHandler(&buf, nil))
	if !th.Enabled(context.Background(), slog.LevelInfo) || th.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("Enabled must be true when any handler is")
	}
	l := slog.New(th).With("w", 1).WithGroup("g")
	l.Info("info", "k", "v")
	if a != 1 || b != 0 {
		t.Errorf("counts a=%d b=%d", a, b)
	}
	if strings.Contains(buf.String(), "added") || !strings.Contains(buf.String(), `"w":1,"g":{"k":"v"}`) {
		t.Errorf("json %s", buf.String())
	}
	err := th.Handle(context.Background(), slog.NewRecord(timeZero, slog.LevelError, "e", 0))
	if !errors.Is(err, e1) || !errors.Is(err, e2) || a != 2 || b != 1 {
		t.Errorf("err %v, a=%d b=%d", err, a, b)
	}
}
