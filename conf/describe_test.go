package conf

import (
	"strings"
	"testing"
	"time"
)

type dbConfig struct {
	Host     string
	Password string
	Token    Secret
}

type toggle int

func (t toggle) String() string { return [...]string{"default", "on", "off"}[t] }

type describeSettings struct {
	Embedded
	Debug              bool
	SecretKey          Secret
	SecretKeyFallbacks []Secret
	EmptyKey           Secret
	AllowedHosts       []string
	EmailHostPassword  string
	AWSAccessKeyID     string
	APIToken           string
	EmptyPassword      string
	DatabaseURL        string `env:"DATABASE_URL"`
	CacheURLs          []string
	ReadTimeout        time.Duration
	Port               int
	Ratio              float64
	AppendSlash        toggle
	LogLevels          map[string]string
	Headers            map[string]string
	Database           dbConfig
	DatabasePtr        *dbConfig
	NilPtr             *dbConfig
	Handler            func() `env:"-"`
	Any                any
	private            string
}

func TestDescribe(t *testing.T) {
	s := describeSettings{
		Embedded:           Embedded{EmbeddedName: "e"},
		Debug:              true,
		SecretKey:          "django-insecure-raw",
		SecretKeyFallbacks: []Secret{"old-raw"},
		AllowedHosts:       []string{"a.com", ".b.org"},
		EmailHostPassword:  "raw-pass",
		AWSAccessKeyID:     "raw-aws",
		APIToken:           "raw-token",
		DatabaseURL:        "postgres://user:raw-pw@db.internal:5432/site?sslmode=require&password=raw-q",
		CacheURLs:          []string{"redis://:raw-redis@cache:6379/0", "locmem://"},
		ReadTimeout:        90 * time.Second,
		Port:               8000,
		Ratio:              0.5,
		AppendSlash:        2,
		LogLevels:          map[string]string{"jazz.request": "warn", "jazz": "debug"},
		Headers:            map[string]string{"X-Api-Key": "raw-hdr", "Accept": "text/html"},
		Database:           dbConfig{Host: "h", Password: "raw-db", Token: "raw-tok"},
		DatabasePtr:        &dbConfig{Host: "p"},
		Handler:            func() {},
		Any:                42,
		private:            "raw-private",
	}
	got := map[string]Field{}
	var order []string
	for _, f := range Describe(&s) {
		got[f.Name] = f
		order = append(order, f.Name)
		if strings.Contains(f.Value, "raw") {
			t.Errorf("%s leaks a secret: %q", f.Name, f.Value)
		}
	}
	if strings.Join(order, ",") != "EmbeddedName,Debug,SecretKey,SecretKeyFallbacks,EmptyKey,AllowedHosts,EmailHostPassword,AWSAccessKeyID,APIToken,EmptyPassword,DatabaseURL,CacheURLs,ReadTimeout,Port,Ratio,AppendSlash,LogLevels,Headers,Database,DatabasePtr,NilPtr,Handler,Any" {
		t.Errorf("fields = %v", order)
	}
	for name, want := range map[string]Field{
		"EmbeddedName":       {Env: "JAZZ_EMBEDDED_NAME", Value: "e"},
		"Debug":              {Env: "JAZZ_DEBUG", Value: "true"},
		"SecretKey":          {Env: "JAZZ_SECRET_KEY", Value: Masked},
		"SecretKeyFallbacks": {Env: "JAZZ_SECRET_KEY_FALLBACKS", Value: Masked},
		"EmptyKey":           {Env: "JAZZ_EMPTY_KEY", Value: ""},
		"AllowedHosts":       {Env: "JAZZ_ALLOWED_HOSTS", Value: "a.com,.b.org"},
		"EmailHostPassword":  {Env: "JAZZ_EMAIL_HOST_PASSWORD", Value: Masked},
		"AWSAccessKeyID":     {Env: "JAZZ_AWS_ACCESS_KEY_ID", Value: Masked},
		"APIToken":           {Env: "JAZZ_API_TOKEN", Value: Masked},
		"EmptyPassword":      {Env: "JAZZ_EMPTY_PASSWORD", Value: ""},
		"DatabaseURL":        {Env: "DATABASE_URL", Value: "postgres://user:********@db.internal:5432/site?sslmode=require&password=********"},
		"CacheURLs":          {Env: "JAZZ_CACHE_URLS", Value: "redis://:********@cache:6379/0,locmem://"},
		"ReadTimeout":        {Env: "JAZZ_READ_TIMEOUT", Value: "1m30s"},
		"Port":               {Env: "JAZZ_PORT", Value: "8000"},
		"Ratio":              {Env: "JAZZ_RATIO", Value: "0.5"},
		"AppendSlash":        {Env: "JAZZ_APPEND_SLASH", Value: "off"},
		"LogLevels":          {Env: "JAZZ_LOG_LEVELS", Value: "jazz=debug,jazz.request=warn"},
		"Headers":            {Env: "JAZZ_HEADERS", Value: "Accept=text/html,X-Api-Key=********"},
		"Database":           {Env: "JAZZ_DATABASE", Value: "{Host:h Password:******** Token:********}"},
		"DatabasePtr":        {Env: "JAZZ_DATABASE_PTR", Value: "{Host:p Password: Token:}"},
		"NilPtr":             {Env: "JAZZ_NIL_PTR", Value: ""},
		"Handler":            {Env: "", Value: "<func()>"},
		"Any":                {Env: "JAZZ_ANY", Value: "42"},
	} {
		want.Name = name
		if got[name] != want {
			t.Errorf("%s = %+v, want %+v", name, got[name], want)
		}
	}
	if Describe(nil) != nil || Describe(3) != nil || Describe((*describeSettings)(nil)) != nil {
		t.Error("Describe of a non-struct must be nil")
	}
	if len(Describe(s)) != len(order) {
		t.Error("Describe of a struct value differs from a pointer")
	}
}

func TestDescribeRoundTripsThroughApplyEnv(t *testing.T) {
	type settings struct {
		AllowedHosts []string
		LogLevels    map[string]string
		ReadTimeout  time.Duration
		Port         int
		Debug        bool
	}
	in := settings{[]string{"a", "b"}, map[string]string{"x": "1", "y": "2"}, 1500 * time.Millisecond, 80, true}
	var env []string
	for _, f := range Describe(in) {
		env = append(env, f.Env+"="+f.Value)
	}
	var out settings
	if err := ApplyEnv(&out, env); err != nil {
		t.Fatal(err)
	}
	if out.Port != 80 || !out.Debug || out.ReadTimeout != in.ReadTimeout || len(out.AllowedHosts) != 2 || out.LogLevels["y"] != "2" {
		t.Errorf("round trip = %+v", out)
	}
}

func TestDescribeSurvivesPanickingStringer(t *testing.T) {
	s := struct{ Mode toggle }{Mode: 9}
	f := Describe(s)
	if len(f) != 1 || !strings.Contains(f[0].Value, "panic") {
		t.Errorf("got %+v", f)
	}
}

func TestLooksSecret(t *testing.T) {
	for name, want := range map[string]bool{
		"SecretKey": true, "secret_key": true, "EmailHostPassword": true, "DBPass": true, "GitHubToken": true,
		"SignatureHeader": true, "APIBase": true, "AuthUserModel": true, "GoogleCredentials": true, "SentryDSN": true,
		"Debug": false, "AllowedHosts": false, "StaticURL": false, "LogLevel": false, "DatabaseURL": false,
	} {
		if got := LooksSecret(name); got != want {
			t.Errorf("LooksSecret(%q) = %v", name, got)
		}
	}
}

func TestMaskURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "",
		"plain text":                          "plain text",
		"sqlite:///var/db.sqlite3":            "sqlite:///var/db.sqlite3",
		"postgres://u:pw@h/db":                "postgres://u:********@h/db",
		"postgres://u@h/db":                   "postgres://u@h/db",
		"postgres://h:5432/db":                "postgres://h:5432/db",
		"redis://:pw@h:6379/0":                "redis://:********@h:6379/0",
		"smtp://me:p@ss:w0rd@mail:587?tls=1":  "smtp://me:********@mail:587?tls=1",
		"mysql://u:pw@h?x=1&password=p&y=2#f": "mysql://u:********@h?x=1&password=********&y=2#f",
		"https://h/p?api_key=abc&q=go":        "https://h/p?api_key=********&q=go",
		"https://h/p?token=":                  "https://h/p?token=",
		"a://u:one@h1, b://u:two@h2":          "a://u:********@h1, b://u:********@h2",
		"memcached://h1:11211,h2:11211":       "memcached://h1:11211,h2:11211",
		"smtps://u:pw@h":                      "smtps://u:********@h",
		"see http://u:pw@h for details":       "see http://u:********@h for details",
		"://":                                 "://",
		"x://@":                               "x://@",
		"x://:@":                              "x://:********@",
	} {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}
