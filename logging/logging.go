package logging

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/conf"
)

// LoggerKey is the attribute that carries a named logger's name.
const LoggerKey = "logger"

// Config says where logs go and how much is logged. The zero value logs
// at info level, as text, to standard error. Its fields follow the
// project settings LogLevel, LogFormat, LogOutput and LogLevels.
type Config struct {
	// Level is the minimum level of loggers with no level of their own:
	// "debug", "info" (default), "warn" (or "warning") or "error", in any
	// case. slog's forms with an offset ("INFO+2") are accepted too.
	Level string
	// Format is "text" (default, logfmt-like key=value) or "json" (one
	// object per line, for log collectors).
	Format string
	// Output is "stderr" (default), "stdout", "discard", or the path of a
	// file opened for appending (created with mode 0644). It is ignored
	// when Writer is set.
	Output string
	// Writer, when not nil, receives the log lines instead of Output. The
	// caller keeps ownership: the io.Closer returned by New does not close
	// it. Writes are serialised by the handler.
	Writer io.Writer
	// Levels sets the level of named loggers (see [Named]), keyed by name:
	// {"jazz.request": "warn", "jazz.db": "debug"}. A name's level also
	// applies to the names below it: "jazz" covers "jazz.request" unless
	// "jazz.request" has its own.
	Levels map[string]string
	// Handlers receive every record that passes the logger's level, in
	// addition to the main output, each subject to its own Enabled: the
	// hook for the admin-email handler and for shipping logs elsewhere.
	// Nil entries are ignored.
	Handlers []slog.Handler
}

// New builds the project's root logger from cfg. It returns, besides the
// logger, a Closer that closes the log file when Output is a path (and
// does nothing otherwise); call it at shutdown.
//
// Every setting is checked before anything is opened, and every problem
// is reported (joined with errors.Join), each naming the setting and its
// environment variable, for example
//
//	logging: LogLevel (JAZZ_LOG_LEVEL) is "loud"; use debug, info, warn or error
//
// The logger and its derived loggers are safe for concurrent use.
func New(cfg Config) (*slog.Logger, io.Closer, error) {
	var errs []error
	root, err := ParseLevel(cfg.Level)
	if err != nil {
		errs = append(errs, settingError("LogLevel", "", cfg.Level, err))
	}
	byName := make(map[string]slog.Level, len(cfg.Levels))
	names := make([]string, 0, len(cfg.Levels))
	for name := range cfg.Levels {
		names = append(names, name)
	}
	slices.Sort(names) // report in a stable order
	for _, name := range names {
		lv, err := ParseLevel(cfg.Levels[name])
		if err == nil && strings.TrimSpace(cfg.Levels[name]) == "" {
			err = errors.New("give a level: debug, info, warn or error")
		}
		if err != nil {
			errs = append(errs, settingError("LogLevels", name, cfg.Levels[name], err))
			continue
		}
		byName[name] = lv
	}
	format := strings.ToLower(strings.TrimSpace(cfg.Format))
	switch format {
	case "", "text", "json":
	default:
		errs = append(errs, settingError("LogFormat", "", cfg.Format, errors.New("use text or json")))
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}

	w, closer, err := openOutput(cfg)
	if err != nil {
		return nil, nil, err
	}
	// The output handler accepts every level: filtering happens in front
	// of it, per logger name, so that a name set to debug gets through
	// even when the root level is info.
	opts := &slog.HandlerOptions{Level: slog.Level(math.MinInt32)}
	var out slog.Handler
	if format == "json" {
		out = slog.NewJSONHandler(w, opts)
	} else {
		out = slog.NewTextHandler(w, opts)
	}
	inner := Tee(append([]slog.Handler{out}, cfg.Handlers...)...)
	lv := &levels{root: root, byName: byName}
	return slog.New(&handler{levels: lv, min: root, unnamed: inner, inner: inner}), closer, nil
}

func settingError(setting, key, value string, err error) error {
	name := setting
	if key != "" {
		name += fmt.Sprintf("[%q]", key)
	}
	return fmt.Errorf("logging: %s (%s) is %q; %w", name, conf.EnvName(setting), value, err)
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

func openOutput(cfg Config) (io.Writer, io.Closer, error) {
	if cfg.Writer != nil {
		return cfg.Writer, nopCloser{}, nil
	}
	switch strings.TrimSpace(cfg.Output) {
	case "", "stderr":
		return os.Stderr, nopCloser{}, nil
	case "stdout":
		return os.Stdout, nopCloser{}, nil
	case "discard":
		return io.Discard, nopCloser{}, nil
	}
	f, err := os.OpenFile(cfg.Output, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("logging: LogOutput (%s): %w; use stderr, stdout, discard or the path of a writable file", conf.EnvName("LogOutput"), err)
	}
	return f, f, nil
}

// ParseLevel reads a level name: "debug", "info", "warn", "warning" or
// "error" in any case, or slog's syntax with an offset ("INFO+2",
// "ERROR-1"). The empty string means info. Any other value is an error
// that lists the names.
func ParseLevel(s string) (slog.Level, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return slog.LevelInfo, nil
	case "warning":
		return slog.LevelWarn, nil
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(s)); err != nil {
		return 0, errors.New("use debug, info, warn or error")
	}
	return lv, nil
}
