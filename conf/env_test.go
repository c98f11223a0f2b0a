package conf

import (
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

type Embedded struct {
	EmbeddedName string
}

type allTypes struct {
	Embedded
	Debug              bool
	Name               string
	SecretKey          Secret
	SecretKeyFallbacks []Secret
	AllowedHosts       []string
	Port               int
	Small              int8
	Big                int64
	Count              uint
	Byte               uint8
	Ratio              float64
	ReadTimeout        time.Duration
	Ports              []int
	LogLevels          map[string]string
	Limits             map[string]int
	Addr               netip.Addr
	Prefixes           []netip.Prefix
	MaybeInt           *int
	Raw                []byte
	DatabaseURL        string `env:"DATABASE_URL"`
	Internal           string `env:"-"`
	Func               func() `env:"-"`
	unexported         string
}

func TestApplyEnvSetsEveryType(t *testing.T) {
	var s allTypes
	s.Internal = "keep"
	env := []string{
		"JAZZ_DEBUG=yes",
		"JAZZ_NAME= spaced name ",
		"JAZZ_SECRET_KEY=s3cret",
		"JAZZ_SECRET_KEY_FALLBACKS=old1, old2,,",
		"JAZZ_ALLOWED_HOSTS= example.com ,.example.org,, ",
		"JAZZ_PORT= 8000 ",
		"JAZZ_SMALL=-128",
		"JAZZ_BIG=9223372036854775807",
		"JAZZ_COUNT=42",
		"JAZZ_BYTE=255",
		"JAZZ_RATIO=0.25",
		"JAZZ_READ_TIMEOUT=1m30s",
		"JAZZ_PORTS=80, 443",
		"JAZZ_LOG_LEVELS=jazz.request=warn, jazz = debug",
		"JAZZ_LIMITS=a=1",
		"JAZZ_ADDR=127.0.0.1",
		"JAZZ_PREFIXES=10.0.0.0/8,192.168.0.0/16",
		"JAZZ_MAYBE_INT=7",
		"JAZZ_RAW=a,b",
		"JAZZ_EMBEDDED_NAME=inner",
		"DATABASE_URL=postgres://u:pw@h/db",
		"JAZZ_DEBUG=no", // later duplicates lose, as with os.Getenv
		"HOME=/root",
		"NOEQUALS",
	}
	if err := ApplyEnv(&s, env); err != nil {
		t.Fatal(err)
	}
	seven := 7
	want := allTypes{
		Embedded:           Embedded{EmbeddedName: "inner"},
		Debug:              true,
		Name:               " spaced name ",
		SecretKey:          "s3cret",
		SecretKeyFallbacks: []Secret{"old1", "old2"},
		AllowedHosts:       []string{"example.com", ".example.org"},
		Port:               8000,
		Small:              -128,
		Big:                1<<63 - 1,
		Count:              42,
		Byte:               255,
		Ratio:              0.25,
		ReadTimeout:        90 * time.Second,
		Ports:              []int{80, 443},
		LogLevels:          map[string]string{"jazz.request": "warn", "jazz": "debug"},
		Limits:             map[string]int{"a": 1},
		Addr:               netip.MustParseAddr("127.0.0.1"),
		Prefixes:           []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.0.0/16")},
		MaybeInt:           &seven,
		Raw:                []byte("a,b"),
		DatabaseURL:        "postgres://u:pw@h/db",
		Internal:           "keep",
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
}

func TestApplyEnvLeavesAbsentFieldsAlone(t *testing.T) {
	s := allTypes{Name: "orig", Port: 1, AllowedHosts: []string{"x"}}
	if err := ApplyEnv(&s, []string{"JAZZ_PORT=2"}); err != nil {
		t.Fatal(err)
	}
	if s.Name != "orig" || s.Port != 2 || len(s.AllowedHosts) != 1 {
		t.Errorf("got %+v", s)
	}
	// Present but empty: lists and strings become empty.
	if err := ApplyEnv(&s, []string{"JAZZ_NAME=", "JAZZ_ALLOWED_HOSTS="}); err != nil {
		t.Fatal(err)
	}
	if s.Name != "" || len(s.AllowedHosts) != 0 {
		t.Errorf("got %+v", s)
	}
}

func TestParseBoolAndDuration(t *testing.T) {
	for in, want := range map[string]bool{
		"1": true, "t": true, "TRUE": true, "True": true, "yes": true, "YES": true, "on": true, "On": true,
		"0": false, "f": false, "False": false, "no": false, "No": false, "off": false, "OFF": false,
	} {
		var s struct{ Debug bool }
		s.Debug = !want
		if err := ApplyEnv(&s, []string{"JAZZ_DEBUG=" + in}); err != nil || s.Debug != want {
			t.Errorf("JAZZ_DEBUG=%s: got %v, %v", in, s.Debug, err)
		}
	}
	for in, want := range map[string]time.Duration{
		"30s": 30 * time.Second, "250ms": 250 * time.Millisecond, "1h": time.Hour,
		"30": 30 * time.Second, "1.5": 1500 * time.Millisecond, "0": 0, "-1": -time.Second, " 10 ": 10 * time.Second,
	} {
		var s struct{ ReadTimeout time.Duration }
		if err := ApplyEnv(&s, []string{"JAZZ_READ_TIMEOUT=" + in}); err != nil || s.ReadTimeout != want {
			t.Errorf("JAZZ_READ_TIMEOUT=%s: got %v, %v", in, s.ReadTimeout, err)
		}
	}
}

func TestApplyEnvBadValues(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want string
	}{
		{"JAZZ_DEBUG=maybe", `conf: JAZZ_DEBUG="maybe": not a boolean (use true or false) for setting Debug`},
		{"JAZZ_DEBUG=", `conf: JAZZ_DEBUG="": not a boolean (use true or false) for setting Debug`},
		{"JAZZ_PORT=80a", `conf: JAZZ_PORT="80a": not an integer (use decimal digits, such as 30) for setting Port`},
		{"JAZZ_SMALL=128", `conf: JAZZ_SMALL="128": out of range (use an integer from -128 to 127) for setting Small`},
		{"JAZZ_BYTE=256", `conf: JAZZ_BYTE="256": out of range (use an integer from 0 to 255) for setting Byte`},
		{"JAZZ_COUNT=-1", `not a non-negative integer`},
		{"JAZZ_RATIO=half", `not a number`},
		{"JAZZ_READ_TIMEOUT=soon", `conf: JAZZ_READ_TIMEOUT="soon": not a duration (use Go syntax such as "30s" or "1m30s", or a number of seconds) for setting ReadTimeout`},
		{"JAZZ_READ_TIMEOUT=1e300", `not a duration`},
		{"JAZZ_PORTS=80,http", `conf: JAZZ_PORTS="80,http": item 2 ("http"): not an integer`},
		{"JAZZ_LOG_LEVELS=jazz", `item "jazz" is not key=value`},
		{"JAZZ_LIMITS=a=x", `value of "a": not an integer`},
		{"JAZZ_ADDR=not-an-ip", `conf: JAZZ_ADDR="not-an-ip": ParseAddr`},
		{"JAZZ_MAYBE_INT=x", `not an integer`},
	} {
		var s allTypes
		err := ApplyEnv(&s, []string{tc.env})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.env, err, tc.want)
			continue
		}
		var ee *EnvError
		if !errors.As(err, &ee) || ee.Field == "" || !strings.HasPrefix(tc.env, ee.Var+"=") {
			t.Errorf("%s: no EnvError naming the variable and field: %#v", tc.env, ee)
		}
	}
}

func TestApplyEnvUnsupportedType(t *testing.T) {
	var s struct{ Callback func() }
	err := ApplyEnv(&s, []string{"JAZZ_CALLBACK=x"})
	if err == nil || !strings.Contains(err.Error(), `a func() cannot be set from the environment`) {
		t.Fatalf("err = %v", err)
	}
}

func TestApplyEnvMasksSecretValuesInErrors(t *testing.T) {
	type secretInt struct {
		APIPort   int
		TokenTTL  time.Duration
		SecretKey Secret
	}
	var s secretInt
	err := ApplyEnv(&s, []string{"JAZZ_API_PORT=hunter2", "JAZZ_TOKEN_TTL=hunter3"})
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), "hunter") || !strings.Contains(err.Error(), `JAZZ_API_PORT="********"`) {
		t.Errorf("err = %v", err)
	}
}

func TestApplyEnvCollectsAllErrors(t *testing.T) {
	var s allTypes
	s.Port = 5
	err := ApplyEnv(&s, []string{"JAZZ_DEBUG=maybe", "JAZZ_PORT=6", "JAZZ_RATIO=x", "JAZZ_DEBGU=1", "JAZZ_ALOWED_HOSTS=x"})
	if err == nil {
		t.Fatal("no error")
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("not a joined error: %T", err)
	}
	var vars []string
	for _, e := range joined.Unwrap() {
		vars = append(vars, e.(*EnvError).Var)
	}
	// Field order first, then unknown variables sorted by name.
	if got := strings.Join(vars, ","); got != "JAZZ_DEBUG,JAZZ_RATIO,JAZZ_ALOWED_HOSTS,JAZZ_DEBGU" {
		t.Errorf("errors for %s", got)
	}
	if s.Port != 6 {
		t.Errorf("good values must be applied despite bad ones; Port = %d", s.Port)
	}
}

func TestApplyEnvUnknownVariables(t *testing.T) {
	type settings struct {
		Debug              bool
		AllowedHosts       []string
		SecretKey          Secret
		CSRFTrustedOrigins []string
		InstalledApps      []any `env:"-"`
	}
	for _, tc := range []struct {
		name string
		env  []string
		opts []Option
		want string // "" means no error
	}{
		{"typo", []string{"JAZZ_DEBGU=1"}, nil, "conf: JAZZ_DEBGU: no setting reads this variable; did you mean JAZZ_DEBUG? (rename or unset it)"},
		{"missing s", []string{"JAZZ_ALLOWED_HOST=x"}, nil, "did you mean JAZZ_ALLOWED_HOSTS?"},
		{"missing word", []string{"JAZZ_SECRET=x"}, nil, "did you mean JAZZ_SECRET_KEY?"},
		{"missing word in acronym", []string{"JAZZ_CSRF_ORIGINS=x"}, nil, "did you mean JAZZ_CSRF_TRUSTED_ORIGINS?"},
		{"nothing close", []string{"JAZZ_FROBNICATE_WIDGETS=1"}, nil, "conf: JAZZ_FROBNICATE_WIDGETS: no setting reads this variable and no setting has a similar name"},
		{"skipped field", []string{"JAZZ_INSTALLED_APPS=blog"}, nil, "setting InstalledApps cannot be set from the environment"},
		{"test vars", []string{"JAZZ_TEST_POSTGRES=x", "JAZZ_REQUIRE_SERVICES=1"}, nil, ""},
		{"other prefixes", []string{"DEBUG=1", "JAZZDEBUG=1", "PATH=/bin"}, nil, ""},
		{"ignored exact", []string{"JAZZ_HOME=/srv"}, []Option{Ignore("JAZZ_HOME")}, ""},
		{"ignored prefix", []string{"JAZZ_MYSITE_COLOR=red", "JAZZ_MYSITE_X=1"}, []Option{Ignore("JAZZ_OTHER"), Ignore("JAZZ_MYSITE_*")}, ""},
		{"ignore is exact", []string{"JAZZ_HOMES=/srv"}, []Option{Ignore("JAZZ_HOME")}, "JAZZ_HOMES"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s settings
			err := ApplyEnv(&s, tc.env, tc.opts...)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			case tc.want != "" && !errors.Is(err, ErrUnknownVar):
				t.Fatalf("err %v does not match ErrUnknownVar", err)
			}
		})
	}
}

func TestApplyEnvRejectsBadTargets(t *testing.T) {
	var s struct{ A int }
	var nilPtr *struct{ A int }
	n := 3
	for _, dst := range []any{nil, s, nilPtr, &n} {
		if err := ApplyEnv(dst, nil); err == nil || !strings.Contains(err.Error(), "needs a non-nil pointer to a settings struct") {
			t.Errorf("ApplyEnv(%T) = %v", dst, err)
		}
	}
	var dup struct {
		A string `env:"SAME"`
		B string `env:"SAME"`
	}
	err := ApplyEnv(&dup, []string{"SAME=x"})
	if err == nil || !strings.Contains(err.Error(), "fields A and B both read SAME") {
		t.Errorf("dup: %v", err)
	}
	if dup.A != "" {
		t.Error("dst touched despite a structural error")
	}
}

// tagged checks that an env tag replaces the JAZZ_ name entirely, so the
// JAZZ_ form of the name becomes unknown.
func TestApplyEnvTagReplacesName(t *testing.T) {
	var s struct {
		DatabaseURL string `env:"DATABASE_URL"`
	}
	if err := ApplyEnv(&s, []string{"DATABASE_URL=sqlite:///x.db"}); err != nil || s.DatabaseURL != "sqlite:///x.db" {
		t.Fatalf("got %q, %v", s.DatabaseURL, err)
	}
	err := ApplyEnv(&s, []string{"JAZZ_DATABASE_URL=sqlite:///y.db"})
	if err == nil || !strings.Contains(err.Error(), "JAZZ_DATABASE_URL") {
		t.Fatalf("err = %v", err)
	}
}
