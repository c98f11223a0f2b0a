package messages

import (
	"html/template"
	"strconv"
	"strings"
)

// Level ranks a message, as Django's message levels do. Any integer is a
// level; the five below are the ones Django defines, with the same numbers,
// so values stored by either framework mean the same thing to the other.
type Level int

// The levels Django defines. Their tags (see [Message.LevelTag]) are
// "debug", "info", "success", "warning" and "error".
const (
	LevelDebug   Level = 10
	LevelInfo    Level = 20
	LevelSuccess Level = 25
	LevelWarning Level = 30
	LevelError   Level = 40
)

// defaultTags are Django's DEFAULT_TAGS.
var defaultTags = map[Level]string{
	LevelDebug:   "debug",
	LevelInfo:    "info",
	LevelSuccess: "success",
	LevelWarning: "warning",
	LevelError:   "error",
}

// DefaultLevels maps Django's level names to levels; [ContextProcessor]
// puts it in every template as DEFAULT_MESSAGE_LEVELS, so a template can
// compare {{if eq .Level $.DEFAULT_MESSAGE_LEVELS.ERROR}}. It must not be
// modified.
var DefaultLevels = map[string]Level{
	"DEBUG":   LevelDebug,
	"INFO":    LevelInfo,
	"SUCCESS": LevelSuccess,
	"WARNING": LevelWarning,
	"ERROR":   LevelError,
}

// String returns the level's Django name ("INFO") or its number.
func (l Level) String() string {
	if t, ok := defaultTags[l]; ok {
		return strings.ToUpper(t)
	}
	return strconv.Itoa(int(l))
}

// Message is one message waiting to be shown. Messages are values: the
// slices [Get] returns belong to the caller.
type Message struct {
	// Level ranks the message; see [Level].
	Level Level
	// Text is what the user reads. Templates escape it, unless Safe.
	Text string
	// ExtraTags are space-separated CSS classes (or any words) added in
	// front of the level's tag by [Message.Tags].
	ExtraTags string
	// Safe marks Text as trusted HTML (Django's mark_safe): [Message.HTML]
	// then returns it unescaped. Only [AddHTML] sets it; never set it on
	// text that contains user input.
	Safe bool

	// tag is the level's tag under the middleware's Options.Tags, filled
	// when the message is added or loaded; empty means the default tags.
	tag string
}

// LevelTag returns the tag of the message's level: "info", "error"..., or
// the one Options.Tags gives it, or "" for a level without a tag.
func (m Message) LevelTag() string {
	if m.tag != "" {
		return m.tag
	}
	return defaultTags[m.Level]
}

// Tags returns ExtraTags and LevelTag joined by a space (either may be
// missing), ready for a class attribute: "fade success".
func (m Message) Tags() string {
	lt := m.LevelTag()
	switch {
	case m.ExtraTags == "":
		return lt
	case lt == "":
		return m.ExtraTags
	}
	return m.ExtraTags + " " + lt
}

// String returns Text, so {{.}} in a text template prints the message.
func (m Message) String() string { return m.Text }

// HTML returns Text for an HTML page: escaped, or as it is when Safe. In
// html/template, {{.HTML}} shows a safe message's markup and escapes any
// other, where {{.Text}} always escapes.
func (m Message) HTML() template.HTML {
	if m.Safe {
		return template.HTML(m.Text)
	}
	return template.HTML(template.HTMLEscapeString(m.Text))
}
