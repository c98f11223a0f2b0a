package auth_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/manage"
)

// run runs an auth command with stdin in, and returns the exit code and
// what it wrote.
func (s *site) run(interactive bool, in string, args ...string) (int, string, string) {
	s.t.Helper()
	var out, errOut bytes.Buffer
	cmds := auth.App.(manage.Provider).Commands()
	code := manage.Main(s.ctx, "manage", cmds, args, &manage.IO{Stdin: strings.NewReader(in), Stdout: &out, Stderr: &errOut, Interactive: interactive})
	return code, out.String(), errOut.String()
}

func TestCreateSuperuser(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect, testConfig(t))
		s.user("taken", "s3cret-Pass", nil)

		// Interactive: a taken name, mismatched and weak passwords, then
		// a good one.
		in := "taken\nroot\nroot@Example.COM\nabc\nabd\n12345678\n12345678\nn\ncorrect-Horse-42\ncorrect-Horse-42\n"
		code, out, errOut := s.run(true, in, "createsuperuser")
		if code != 0 {
			t.Fatalf("exit %d: %s %s", code, out, errOut)
		}
		for _, want := range []string{"That username is already taken.", "Your passwords didn't match.", "This password is too common.", "This password is entirely numeric."} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
		if !strings.Contains(out, "Superuser created successfully.") {
			t.Errorf("stdout: %s", out)
		}
		u, err := auth.Users.Get(s.ctx, "username", "root")
		if err != nil || !u.IsSuperuser || !u.IsStaff || u.Email != "root@example.com" {
			t.Fatalf("root = %+v, %v", u, err)
		}
		if ok, _ := u.CheckPassword(s.ctx, "correct-Horse-42"); !ok {
			t.Fatal("the typed password does not check")
		}

		// --noinput: the password from the environment, validated.
		t.Setenv(auth.PasswordEnv, "password")
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput", "--username", "ops"); code != 1 || !strings.Contains(errOut, "too common") {
			t.Fatalf("weak env password: exit %d, %s", code, errOut)
		}
		t.Setenv(auth.PasswordEnv, "an0ther-Good-one")
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.com"); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		ops, _ := auth.Users.Get(s.ctx, "username", "ops")
		if ok, _ := ops.CheckPassword(s.ctx, "an0ther-Good-one"); !ok || !ops.IsSuperuser {
			t.Fatal("ops not created with the environment's password")
		}
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput"); code != 1 || !strings.Contains(errOut, "--username") {
			t.Fatalf("no username: exit %d, %s", code, errOut)
		}
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput", "--username", "ops"); code != 1 || !strings.Contains(errOut, "already taken") {
			t.Fatalf("taken username: exit %d, %s", code, errOut)
		}
	})
}

func TestChangePassword(t *testing.T) {
	s := newSite(t, "sqlite", testConfig(t))
	s.user("jane", "s3cret-Pass", nil)
	c := s.client()
	login(c, "jane", "s3cret-Pass").AssertStatus(200)

	code, out, errOut := s.run(true, "a\nb\nshort\nshort\nnew-Secret-99\nnew-Secret-99\n", "changepassword", "jane")
	if code != 0 || !strings.Contains(out, "Password changed successfully for user 'jane'") ||
		!strings.Contains(errOut, "Passwords do not match") || !strings.Contains(errOut, "too short") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	// The password change ended the browser session.
	c.Get("/whoami/").AssertContains("anonymous")
	login(c, "jane", "new-Secret-99").AssertStatus(200)

	code, _, errOut = s.run(true, "a\nb\nc\nd\ne\nf\n", "changepassword", "jane")
	if code != 1 || !strings.Contains(errOut, "after 3 attempts") {
		t.Fatalf("three mismatches: exit %d, %s", code, errOut)
	}
	if code, _, errOut := s.run(true, "", "changepassword", "nobody"); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("unknown user: exit %d, %s", code, errOut)
	}
}
