package conf_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/jazzgo/jazz/conf"
)

type Settings struct {
	Debug             bool
	SecretKey         conf.Secret
	AllowedHosts      []string
	SecureHSTSSeconds int
	ReadTimeout       time.Duration
	DatabaseURL       string `env:"DATABASE_URL"`
}

func ExampleApplyEnv() {
	s := Settings{AllowedHosts: []string{"localhost"}}
	env := []string{ // os.Environ() in a real program
		"JAZZ_DEBUG=off",
		"JAZZ_ALLOWED_HOSTS=example.com, www.example.com",
		"JAZZ_SECURE_HSTS_SECONDS=3600",
		"JAZZ_READ_TIMEOUT=30", // a bare number means seconds
		"DATABASE_URL=postgres://site:pw@db/site",
	}
	if err := conf.ApplyEnv(&s, env); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Debug, s.AllowedHosts, s.SecureHSTSSeconds, s.ReadTimeout)
	// Output: false [example.com www.example.com] 3600 30s
}

func ExampleApplyEnv_errors() {
	var s Settings
	err := conf.ApplyEnv(&s, []string{"JAZZ_DEBUG=maybe", "JAZZ_ALLOWED_HOST=example.com"})
	fmt.Println(err)
	var ee *conf.EnvError
	if errors.As(err, &ee) {
		fmt.Println("first bad variable:", ee.Var)
	}
	// Output:
	// conf: JAZZ_DEBUG="maybe": not a boolean (use true or false) for setting Debug
	// conf: JAZZ_ALLOWED_HOST: no setting reads this variable; did you mean JAZZ_ALLOWED_HOSTS? (rename or unset it)
	// first bad variable: JAZZ_DEBUG
}

func ExampleSecret() {
	key := conf.Secret("django-insecure-abc123")
	fmt.Println(key, fmt.Sprintf("%q %#v", key, key))
	b, _ := json.Marshal(map[string]any{"key": key})
	fmt.Println(string(b))
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("signing", "key", key)
	fmt.Println(len(key.Reveal()))
	// Output:
	// ******** "********" conf.Secret("********")
	// {"key":"********"}
	// level=INFO msg=signing key=********
	// 22
}

func ExampleDescribe() {
	s := Settings{
		SecretKey:   "abc",
		DatabaseURL: "postgres://site:pw@db/site",
		ReadTimeout: time.Minute,
	}
	for _, f := range conf.Describe(s) {
		fmt.Printf("%-18s %-25s %q\n", f.Name, f.Env, f.Value)
	}
	// Output:
	// Debug              JAZZ_DEBUG                "false"
	// SecretKey          JAZZ_SECRET_KEY           "********"
	// AllowedHosts       JAZZ_ALLOWED_HOSTS        ""
	// SecureHSTSSeconds  JAZZ_SECURE_HSTS_SECONDS  "0"
	// ReadTimeout        JAZZ_READ_TIMEOUT         "1m0s"
	// DatabaseURL        DATABASE_URL              "postgres://site:********@db/site"
}

func ExampleEnvName() {
	for _, f := range []string{"StaticRoot", "SecureHSTSSeconds", "CSRFTrustedOrigins", "EmailUseTLS"} {
		fmt.Println(conf.EnvName(f))
	}
	// Output:
	// JAZZ_STATIC_ROOT
	// JAZZ_SECURE_HSTS_SECONDS
	// JAZZ_CSRF_TRUSTED_ORIGINS
	// JAZZ_EMAIL_USE_TLS
}
