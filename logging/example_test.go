package logging_test

import (
	"errors"
	"log/slog"
	"os"

	"github.com/jazzgo/jazz/logging"
)

// withoutTime drops the time from records so the example output is stable.
func withoutTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func ExampleNamed() {
	out := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: withoutTime, Level: slog.LevelDebug})
	root, closer, err := logging.New(logging.Config{
		Level:    "info",
		Output:   "discard",           // the main output is not shown here;
		Handlers: []slog.Handler{out}, // this extra handler prints to stdout
		Levels:   map[string]string{"jazz": "warn", "jazz.db": "debug"},
	})
	if err != nil {
		panic(err)
	}
	defer closer.Close()

	requests := logging.Named(root, "jazz.request") // inherits "jazz": warn
	db := logging.Named(root, "jazz.db")            // its own level: debug

	requests.Info("GET /") // below warn: dropped
	requests.Warn("slow request", "ms", 950)
	db.Debug("query", "sql", "SELECT 1")
	root.Info("started")
	// Output:
	// level=WARN msg="slow request" logger=jazz.request ms=950
	// level=DEBUG msg=query logger=jazz.db sql="SELECT 1"
	// level=INFO msg=started
}

func ExampleNew_errors() {
	_, _, err := logging.New(logging.Config{Level: "loud", Format: "xml"})
	os.Stdout.WriteString(err.Error() + "\n")
	// Output:
	// logging: LogLevel (JAZZ_LOG_LEVEL) is "loud"; use debug, info, warn or error
	// logging: LogFormat (JAZZ_LOG_FORMAT) is "xml"; use text or json
}

func ExampleStack() {
	out := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(g []string, a slog.Attr) slog.Attr {
		if a.Key == logging.StackKey {
			return slog.Bool("has_stack", a.Value.String() != "")
		}
		return withoutTime(g, a)
	}})
	logger := slog.New(out)
	err := logging.WithStack(errors.New("card declined")) // records where it was made
	logger.Error("payment failed", "error", err, logging.Stack(err))
	// Output:
	// {"level":"ERROR","msg":"payment failed","error":"card declined","has_stack":true}
}
