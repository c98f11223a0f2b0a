package messages

import (
	"html/template"
	"net/http"
	"testing"
)

func TestMessageTags(t *testing.T) {
	cases := []struct {
		m              Message
		levelTag, tags string
		html           template.HTML
	}{
		{Message{Level: LevelInfo, Text: "a < b"}, "info", "info", "a &lt; b"},
		{Message{Level: LevelError, Text: "x", ExtraTags: "fade big"}, "error", "fade big error", "x"},
		{Message{Level: 55, Text: "x", ExtraTags: "custom"}, "", "custom", "x"},
		{Message{Level: 55, Text: "x"}, "", "", "x"},
		{Message{Level: LevelSuccess, Text: "<b>ok</b>", Safe: true}, "success", "success", "<b>ok</b>"},
	}
	for _, c := range cases {
		if got := c.m.LevelTag(); got != c.levelTag {
			t.Errorf("%+v LevelTag = %q, want %q", c.m, got, c.levelTag)
		}
		if got := c.m.Tags(); got != c.tags {
			t.Errorf("%+v Tags = %q, want %q", c.m, got, c.tags)
		}
		if got := c.m.HTML(); got != c.html {
			t.Errorf("%+v HTML = %q, want %q", c.m, got, c.html)
		}
		if c.m.String() != c.m.Text {
			t.Errorf("String = %q", c.m.String())
		}
	}
	if LevelWarning.String() != "WARNING" || Level(7).String() != "7" {
		t.Errorf("Level.String: %s %s", LevelWarning, Level(7))
	}
}

func TestCustomTags(t *testing.T) {
	c, err := Options{SecretKey: testKey, Tags: map[Level]string{LevelError: "danger", 55: "critical"}}.compile()
	if err != nil {
		t.Fatal(err)
	}
	for level, want := range map[Level]string{LevelError: "danger", 55: "critical", LevelInfo: "info"} {
		m := Message{Level: level}
		c.tag(&m)
		if m.LevelTag() != want {
			t.Errorf("level %d: tag %q, want %q", level, m.LevelTag(), want)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := map[string]Options{
		"no key":          {},
		"no key cookie":   {Storage: StorageCookie},
		"unknown storage": {Storage: "database", SecretKey: "k"},
		"session no func": {Storage: StorageSession},
		"tiny cookie":     {SecretKey: "k", MaxCookieSize: 100},
		"empty fallback":  {SecretKey: "k", SecretKeyFallbacks: []string{""}},
	}
	for name, o := range bad {
		if err := o.Validate(); err == nil {
			t.Errorf("%s: Validate accepted %+v", name, o)
		}
	}
	good := []Options{
		{SecretKey: "k"},
		{Storage: StorageCookie, SecretKey: "k", MaxCookieSize: MinCookieSize},
		{Storage: StorageSession, Session: func(*http.Request) Session { return nil }},
	}
	for _, o := range good {
		if err := o.Validate(); err != nil {
			t.Errorf("Validate(%+v): %v", o, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Middleware did not panic on invalid options")
		}
	}()
	Middleware(Options{})
}
