package checks

import (
	"errors"
	"strings"
	"testing"
)

func TestReportNoIssues(t *testing.T) {
	var b strings.Builder
	if err := Report(&b, nil, 2); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "System check identified no issues (2 silenced).\n" {
		t.Errorf("got %q", got)
	}
}

func TestReportLayout(t *testing.T) {
	msgs := []Message{
		{Level: Warning, ID: "security.W004", Msg: "You have not set a value for the SECURE_HSTS_SECONDS setting.", Hint: "Set it."},
		{Level: Error, ID: "urls.E002", Msg: "Second."},
		{Level: Debug, ID: "x.D001", Msg: "Debugging."},
		{Level: Error, ID: "auth.E003", Msg: "First.", Obj: "auth.User"},
		{Level: Critical, ID: "db.C001", Msg: "Down."},
		{Level: 35, ID: "odd.W001", Msg: "Between warning and error."},
		{Level: Info, ID: "i.I001", Msg: "Note."},
	}
	var b strings.Builder
	if err := Report(&b, msgs, 1); err != nil {
		t.Fatal(err)
	}
	want := `System check identified some issues:

CRITICALS:
?: (db.C001) Down.

ERRORS:
?: (urls.E002) Second.
auth.User: (auth.E003) First.

WARNINGS:
?: (odd.W001) Between warning and error.
?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.
	HINT: Set it.

INFOS:
?: (i.I001) Note.

DEBUGS:
?: (x.D001) Debugging.

System check identified 7 issues (1 silenced).
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	b.Reset()
	Report(&b, msgs[:1], 0)
	if !strings.HasSuffix(b.String(), "\n\nSystem check identified 1 issue (0 silenced).\n") {
		t.Errorf("single issue: %q", b.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestReportReturnsWriteError(t *testing.T) {
	if err := Report(failWriter{}, nil, 0); err == nil {
		t.Error("write error lost")
	}
}
