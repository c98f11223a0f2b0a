package manage

import (
	"context"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/checks"
)

func checkRegistry() *checks.Registry {
	r := checks.New()
	r.Register(
		checks.Check{Name: "urls", Tags: []string{"urls"}, Func: func(context.Context) []checks.Message {
			return []checks.Message{{Level: checks.Warning, ID: "urls.W001", Msg: "Pattern starts with a slash."}}
		}},
		checks.Check{Name: "hsts", Tags: []string{"security"}, Deploy: true, Func: func(context.Context) []checks.Message {
			return []checks.Message{{Level: checks.Error, ID: "security.E100", Msg: "Insecure."}}
		}},
		checks.Check{Name: "models", Tags: []string{"models"}, Func: func(context.Context) []checks.Message { return nil }},
	)
	return r
}

func TestCheckCommand(t *testing.T) {
	for _, tc := range []struct {
		name     string
		silenced []string
		args     []string
		code     int
		stdout   string
		stderr   string
	}{
		{"warnings go to stderr and pass", nil, nil, 0, "",
			"System check identified some issues:\n\nWARNINGS:\n?: (urls.W001) Pattern starts with a slash.\n\nSystem check identified 1 issue (0 silenced).\n"},
		{"clean run on stdout", nil, []string{"--tag", "models"}, 0,
			"System check identified no issues (0 silenced).\n", ""},
		{"silenced", []string{"urls.W001"}, nil, 0,
			"System check identified no issues (1 silenced).\n", ""},
		{"fail level warning", nil, []string{"--fail-level", "warning"}, 1, "",
			"SystemCheckError: System check identified some issues:\n\nWARNINGS:\n?: (urls.W001) Pattern starts with a slash.\n\nSystem check identified 1 issue (0 silenced).\n"},
		{"deploy fails at error", nil, []string{"--deploy"}, 1, "",
			"SystemCheckError: System check identified some issues:\n\nERRORS:\n?: (security.E100) Insecure.\n\nWARNINGS:\n?: (urls.W001) Pattern starts with a slash.\n\nSystem check identified 2 issues (0 silenced).\n"},
		{"deploy with critical fail level passes", nil, []string{"--deploy", "--fail-level=CRITICAL", "-t", "security"}, 0, "",
			"System check identified some issues:\n\nERRORS:\n?: (security.E100) Insecure.\n\nSystem check identified 1 issue (0 silenced).\n"},
		{"repeated tags", nil, []string{"-t", "urls", "--tag", "models"}, 0, "",
			"System check identified some issues:\n\nWARNINGS:\n?: (urls.W001) Pattern starts with a slash.\n\nSystem check identified 1 issue (0 silenced).\n"},
		{"list tags", nil, []string{"--list-tags"}, 0, "models\nurls\n", ""},
		{"list tags with deploy", nil, []string{"--list-tags", "--deploy"}, 0, "models\nsecurity\nurls\n", ""},
		{"unknown tag", nil, []string{"--tag", "security"}, 1, "",
			"CommandError: there is no system check with the \"security\" tag (check --list-tags lists them)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := call([]Command{CheckCommand(checkRegistry(), tc.silenced)}, append([]string{"check"}, tc.args...)...)
			if code != tc.code || out != tc.stdout || errOut != tc.stderr {
				t.Errorf("code %d (want %d)\nstdout %q\nwant   %q\nstderr %q\nwant   %q", code, tc.code, out, tc.stdout, errOut, tc.stderr)
			}
		})
	}
}

func TestCheckCommandUsageErrors(t *testing.T) {
	cmd := CheckCommand(nil, nil)
	code, _, errOut := call([]Command{cmd}, "check", "--fail-level", "FATAL")
	if code != 2 || !strings.Contains(errOut, `invalid value "FATAL" for flag -fail-level: use CRITICAL, ERROR, WARNING, INFO or DEBUG`) {
		t.Errorf("bad level: code %d, stderr %q", code, errOut)
	}
	code, _, errOut = call([]Command{cmd}, "check", "blog")
	if code != 2 || !strings.Contains(errOut, `check takes no arguments, got "blog"`) {
		t.Errorf("positional: code %d, stderr %q", code, errOut)
	}
	// A nil registry has no checks.
	code, out, _ := call([]Command{cmd}, "check")
	if code != 0 || out != "System check identified no issues (0 silenced).\n" {
		t.Errorf("nil registry: code %d, stdout %q", code, out)
	}
}

func TestCheckCommandFlagsResetBetweenRuns(t *testing.T) {
	cmd := CheckCommand(checkRegistry(), nil)
	if code, _, _ := call([]Command{cmd}, "check", "--fail-level", "WARNING", "-t", "urls"); code != 1 {
		t.Fatalf("first run: code %d", code)
	}
	code, _, errOut := call([]Command{cmd}, "check")
	if code != 0 || !strings.Contains(errOut, "1 issue") {
		t.Errorf("second run kept the first run's flags: code %d, stderr %q", code, errOut)
	}
}

func TestCheckCommandHelp(t *testing.T) {
	code, out, _ := call([]Command{CheckCommand(nil, nil)}, "help", "check")
	want := `usage: mysite check [-h] [options]

Checks the entire project for potential problems.

options:
  -h, --help            show this help message and exit
  --deploy              Check deployment settings.
  --fail-level LEVEL    Message level that will cause the command to exit with a non-zero status:
                        CRITICAL, ERROR, WARNING, INFO or DEBUG. (default ERROR)
  --list-tags           List available tags.
  -t, --tag TAG         Run only checks labeled with the given tag; repeat it for several.
`
	if code != 0 || out != want {
		t.Errorf("code %d, help:\n%s", code, out)
	}
}
