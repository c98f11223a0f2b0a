package checks

import (
	"strings"
	"testing"
)

func TestLevelStringAndParse(t *testing.T) {
	for _, tc := range []struct {
		l    Level
		name string
	}{{Debug, "DEBUG"}, {Info, "INFO"}, {Warning, "WARNING"}, {Error, "ERROR"}, {Critical, "CRITICAL"}} {
		if tc.l.String() != tc.name {
			t.Errorf("%d.String() = %q", int(tc.l), tc.l.String())
		}
		for _, in := range []string{tc.name, strings.ToLower(tc.name)} {
			if got, err := ParseLevel(in); err != nil || got != tc.l {
				t.Errorf("ParseLevel(%q) = %v, %v", in, got, err)
			}
		}
	}
	if Level(35).String() != "Level(35)" {
		t.Errorf("odd level = %q", Level(35).String())
	}
	if _, err := ParseLevel("FATAL"); err == nil || !strings.Contains(err.Error(), "use CRITICAL, ERROR, WARNING, INFO or DEBUG") {
		t.Errorf("ParseLevel(FATAL) err = %v", err)
	}
	if Debug >= Info || Info >= Warning || Warning >= Error || Error >= Critical || int(Error) != 40 {
		t.Error("levels out of order")
	}
}

func TestMessageString(t *testing.T) {
	for _, tc := range []struct {
		m    Message
		want string
	}{
		{Message{Level: Warning, ID: "security.W004", Msg: "You have not set a value for the SECURE_HSTS_SECONDS setting."},
			"?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting."},
		{Message{Level: Error, ID: "urls.E004", Msg: "Bad pattern.", Hint: "Use a string.", Obj: "blog:detail"},
			"blog:detail: (urls.E004) Bad pattern.\n\tHINT: Use a string."},
		{Message{Msg: "No id."}, "?: No id."},
	} {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestFailedAndSilence(t *testing.T) {
	msgs := []Message{{Level: Warning, ID: "a.W001"}, {Level: Info, ID: "a.I001"}, {Level: Error, ID: "a.E001"}}
	if !Failed(msgs, Error) || !Failed(msgs, Warning) || Failed(msgs, Critical) || Failed(nil, Debug) {
		t.Error("Failed gives the wrong answer")
	}
	kept, n := Silence(msgs, []string{"a.E001", "x.W009"})
	if n != 1 || len(kept) != 2 || Failed(kept, Error) {
		t.Errorf("Silence = %v, %d", kept, n)
	}
	if len(msgs) != 3 || msgs[2].ID != "a.E001" {
		t.Error("Silence modified its input")
	}
	if (Message{Level: Error}).IsSerious(Error) != true || (Message{Level: Warning}).IsSerious(Error) {
		t.Error("IsSerious wrong")
	}
}
