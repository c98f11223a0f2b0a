package messages

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
)

var (
	// ErrNotInstalled is returned by [Add] for a request that did not go
	// through [Middleware].
	ErrNotInstalled = errors.New("messages: no message middleware on this request; add messages.Middleware to the middleware list")
	// ErrCommitted is returned by [Add] once the response has started: the
	// messages were already saved, so a new one would be lost. Add
	// messages before writing the response (before Redirect or Render).
	ErrCommitted = errors.New("messages: the response has started, so the message cannot be stored; add messages before writing the response")
)

// Add queues a message for the user: it is shown by the next page that
// reads messages, in this request or a later one (after a redirect), then
// it is gone. Extra tags are joined by spaces (see [Message.Tags]).
//
// As in Django, an empty text and a level below the minimum (see
// [SetLevel]) are ignored without error. The error is [ErrNotInstalled]
// without the middleware and [ErrCommitted] once the response has started;
// a view that adds messages only for information may ignore it. Safe for
// concurrent use.
func Add(r *http.Request, level Level, text string, extraTags ...string) error {
	return add(r, Message{Level: level, Text: text, ExtraTags: strings.Join(extraTags, " ")})
}

// AddHTML is [Add] for trusted markup: the message is shown unescaped by
// {{.HTML}} (Django's mark_safe). Never pass it text that holds user input.
func AddHTML(r *http.Request, level Level, html template.HTML, extraTags ...string) error {
	return add(r, Message{Level: level, Text: string(html), ExtraTags: strings.Join(extraTags, " "), Safe: true})
}

func add(r *http.Request, m Message) error {
	s := stateOf(r)
	if s == nil {
		return ErrNotInstalled
	}
	if m.Text == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Level < s.minLevel() {
		return nil
	}
	if s.committed {
		return ErrCommitted
	}
	s.cfg.tag(&m)
	s.added = true
	s.queued = append(s.queued, m)
	return nil
}

// Debug adds a message at LevelDebug, which the default minimum level
// (Info) drops; see [Add].
func Debug(r *http.Request, text string, extraTags ...string) error {
	return Add(r, LevelDebug, text, extraTags...)
}

// Info adds a message at LevelInfo; see [Add].
func Info(r *http.Request, text string, extraTags ...string) error {
	return Add(r, LevelInfo, text, extraTags...)
}

// Success adds a message at LevelSuccess; see [Add].
func Success(r *http.Request, text string, extraTags ...string) error {
	return Add(r, LevelSuccess, text, extraTags...)
}

// Warning adds a message at LevelWarning; see [Add].
func Warning(r *http.Request, text string, extraTags ...string) error {
	return Add(r, LevelWarning, text, extraTags...)
}

// Error adds a message at LevelError; see [Add].
func Error(r *http.Request, text string, extraTags ...string) error {
	return Add(r, LevelError, text, extraTags...)
}

// Get returns the request's messages, oldest first: those stored by
// earlier requests, then those added in this one. Reading them marks them
// shown, so they are not kept for the next request (a message added after
// this call is). Without the middleware it returns nil. The slice belongs
// to the caller.
func Get(r *http.Request) []Message {
	s := stateOf(r)
	if s == nil {
		return nil
	}
	return s.all()
}

// MinLevel returns the lowest level [Add] records for r: the one given to
// [SetLevel], else Options.MinLevel. Without the middleware it is
// LevelInfo, Django's default.
func MinLevel(r *http.Request) Level {
	s := stateOf(r)
	if s == nil {
		return LevelInfo
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minLevel()
}

// SetLevel changes the lowest level [Add] records for the rest of r (not
// for later requests), as Django's set_level does. It returns
// ErrNotInstalled without the middleware.
func SetLevel(r *http.Request, level Level) error {
	s := stateOf(r)
	if s == nil {
		return ErrNotInstalled
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.level, s.levelSet = level, true
	return nil
}

func (s *state) minLevel() Level {
	if s.levelSet {
		return s.level
	}
	return s.cfg.minLevel
}

// List is the request's messages as templates see them. Nothing is read
// until a method is called, so a page that does not show messages leaves
// them for the next one. The zero List (a request without the middleware)
// has no messages.
type List struct{ s *state }

// All returns the messages and marks them shown, like [Get]:
// {{range .messages.All}}.
func (l List) All() []Message {
	if l.s == nil {
		return nil
	}
	return l.s.all()
}

// Len returns how many messages there are without marking them shown
// (Django's length filter on messages): {{if .messages.Len}}.
func (l List) Len() int {
	if l.s == nil {
		return 0
	}
	return l.s.count()
}

// ContextProcessor gives templates "messages", the request's [List], and
// "DEFAULT_MESSAGE_LEVELS", [DefaultLevels], as Django's messages context
// processor does. It fits templates.ContextProcessor (and so the
// ContextProcessors setting) and is safe for concurrent use. A base
// template shows them as Bootstrap alerts with:
//
//	{{range .messages.All}}
//	  <div class="alert alert-{{.LevelTag}} {{.ExtraTags}}" role="alert">{{.HTML}}</div>
//	{{end}}
//
// (with Options.Tags {LevelError: "danger"}, since Bootstrap has no
// alert-error).
func ContextProcessor(r *http.Request) map[string]any {
	return map[string]any{
		"messages":               List{stateOf(r)},
		"DEFAULT_MESSAGE_LEVELS": DefaultLevels,
	}
}
