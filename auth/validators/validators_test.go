package validators_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/auth/validators"
)

// djangoValidators mirrors testdata/django_validators.json, made by a real
// Django (testdata/django_validators.py).
type verdict *struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type djangoValidators struct {
	HelpTexts       map[string]string `json:"help_texts"`
	SimilarityCases []struct {
		User     map[string]string  `json:"user"`
		Password string             `json:"password"`
		Verdicts map[string]verdict `json:"verdicts"`
	} `json:"similarity_cases"`
	SingleCases []struct {
		Password    string  `json:"password"`
		MinLength8  verdict `json:"min_length_8"`
		MinLength1  verdict `json:"min_length_1"`
		MinLength12 verdict `json:"min_length_12"`
		Numeric     verdict `json:"numeric"`
	} `json:"single_cases"`
	QuickRatio []struct {
		A, B  string
		Ratio float64
	} `json:"quick_ratio"`
}

func loadDjango(t *testing.T) djangoValidators {
	t.Helper()
	b, err := os.ReadFile("testdata/django_validators.json")
	if err != nil {
		t.Fatal(err)
	}
	var d djangoValidators
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.SimilarityCases) == 0 || len(d.SingleCases) == 0 {
		t.Fatal("no cases")
	}
	return d
}

// same compares a Go validation result with a Django verdict.
func same(t *testing.T, what string, err error, want verdict) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: got %v, Django accepts", what, err)
		}
		return
	}
	var e *validators.Error
	if !errors.As(err, &e) || e.Code != want.Code || e.Message != want.Message {
		t.Errorf("%s: got %v, want Django's %s %q", what, err, want.Code, want.Message)
	}
}

func TestDjangoSimilarity(t *testing.T) {
	d := loadDjango(t)
	vs := map[string]validators.Validator{
		"similarity":                   validators.UserAttributeSimilarity{},
		"similarity_0.5_username_only": validators.UserAttributeSimilarity{Attributes: []string{"username"}, MaxSimilarity: 0.5},
		"similarity_1.0":               validators.UserAttributeSimilarity{MaxSimilarity: 1.0},
	}
	for _, c := range d.SimilarityCases {
		for name, want := range c.Verdicts {
			v, ok := vs[name]
			if !ok {
				t.Fatalf("unknown validator %q", name)
			}
			same(t, name+" "+c.User["username"]+" / "+c.Password, v.Validate(c.Password, c.User), want)
		}
	}
}

func TestDjangoSingle(t *testing.T) {
	d := loadDjango(t)
	for _, c := range d.SingleCases {
		same(t, "min 8 / "+c.Password, validators.MinimumLength{}.Validate(c.Password, nil), c.MinLength8)
		same(t, "min 1 / "+c.Password, validators.MinimumLength{Min: 1}.Validate(c.Password, nil), c.MinLength1)
		same(t, "min 12 / "+c.Password, validators.MinimumLength{Min: 12}.Validate(c.Password, nil), c.MinLength12)
		same(t, "numeric / "+c.Password, validators.NumericPassword{}.Validate(c.Password, nil), c.Numeric)
	}
	want := map[string]string{
		"min_length_8": validators.MinimumLength{}.HelpText(),
		"min_length_1": validators.MinimumLength{Min: 1}.HelpText(),
		"similarity":   validators.UserAttributeSimilarity{}.HelpText(),
		"numeric":      validators.NumericPassword{}.HelpText(),
	}
	for k, got := range want {
		if got != d.HelpTexts[k] {
			t.Errorf("help text %s = %q, want Django's %q", k, got, d.HelpTexts[k])
		}
	}
}

func TestDjangoQuickRatio(t *testing.T) {
	d := loadDjango(t)
	for _, c := range d.QuickRatio {
		if got := validators.QuickRatio([]rune(c.A), []rune(c.B)); math.Abs(got-c.Ratio) > 1e-12 {
			t.Errorf("QuickRatio(%q, %q) = %v, want %v", c.A, c.B, got, c.Ratio)
		}
	}
}

func TestCommonPassword(t *testing.T) {
	if n := validators.BuiltinPasswordCount(); n < 10000 {
		t.Errorf("the shipped list has %d passwords, want at least 10000", n)
	}
	for _, pw := range []string{"password", "Password1", "  PASSWORD  ", "qwerty123", "123456", "letmein!", "iloveyou", "dragon2024", "1q2w3e4r"} {
		err := validators.CommonPassword{}.Validate(pw, nil)
		var e *validators.Error
		if !errors.As(err, &e) || e.Code != validators.CodeTooCommon || e.Message != "This password is too common." {
			t.Errorf("CommonPassword(%q) = %v, want too common", pw, err)
		}
	}
	for _, pw := range []string{"correct horse battery staple", "vN3#kq!Zr8", "jazz-framework-rocks"} {
		if err := (validators.CommonPassword{}).Validate(pw, nil); err != nil {
			t.Errorf("CommonPassword(%q) = %v, want accepted", pw, err)
		}
	}
	own, err := validators.ParsePasswordList(strings.NewReader("Hunter2\n\n  swordfish \n"))
	if err != nil {
		t.Fatal(err)
	}
	v := validators.CommonPassword{Passwords: own}
	if v.Validate("HUNTER2", nil) == nil || v.Validate("swordfish", nil) == nil || v.Validate("password", nil) != nil {
		t.Error("a custom list is not used as given")
	}
}

// The shipped file is what gen_common.go writes: sorted, lowercase,
// trimmed, no duplicates.
func TestCommonPasswordsFile(t *testing.T) {
	b, err := os.ReadFile("common_passwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, l := range lines {
		if l == "" || l != strings.ToLower(strings.TrimSpace(l)) {
			t.Fatalf("line %d %q is not a trimmed lowercase password", i+1, l)
		}
		if i > 0 && lines[i-1] >= l {
			t.Fatalf("line %d %q is out of order or repeated; run go generate", i+1, l)
		}
	}
}

func TestListValidate(t *testing.T) {
	user := validators.Attrs{"username": "sarah", "email": "sarah@example.com"}
	err := validators.Validate("sarah", user)
	var codes []string
	for _, e := range err.(validators.Errors) {
		codes = append(codes, e.(*validators.Error).Code)
	}
	if got := strings.Join(codes, ","); got != "password_too_similar,password_too_short,password_too_common" {
		t.Errorf("codes = %s", got)
	}
	msgs := validators.Messages(err)
	if len(msgs) != 3 || msgs[0] != "The password is too similar to the username." ||
		msgs[1] != "This password is too short. It must contain at least 8 characters." {
		t.Errorf("Messages = %q", msgs)
	}
	if err := validators.Validate("12345678901234", nil); len(validators.Messages(err)) != 1 ||
		validators.Messages(err)[0] != "This password is entirely numeric." {
		t.Errorf("numeric: %v", err)
	}
	if err := validators.Validate("correct horse battery staple", user); err != nil {
		t.Errorf("a good password was refused: %v", err)
	}
	if validators.Messages(nil) != nil {
		t.Error("Messages(nil) != nil")
	}
	if got := validators.HelpTexts(); len(got) != 4 || got[1] != "Your password must contain at least 8 characters." {
		t.Errorf("HelpTexts = %q", got)
	}
}

func TestCheckConfig(t *testing.T) {
	if err := validators.Default().CheckConfig(); err != nil {
		t.Errorf("Default: %v", err)
	}
	for _, l := range []validators.List{
		{validators.UserAttributeSimilarity{MaxSimilarity: 0.05}},
		{validators.MinimumLength{Min: -1}},
		{nil},
	} {
		if err := l.CheckConfig(); err == nil {
			t.Errorf("CheckConfig(%#v) = nil", l)
		}
	}
}

func TestVerboseNames(t *testing.T) {
	v := validators.UserAttributeSimilarity{Attributes: []string{"nickname", "email"}, VerboseNames: map[string]string{"nickname": "nick name"}}
	for pw, want := range map[string]string{
		"zed_the_great": "The password is too similar to the nick name.",
		"zed@mail.test": "The password is too similar to the email address.",
	} {
		err := v.Validate(pw, validators.Attrs{"nickname": "zed_the_great", "email": "zed@mail.test"})
		if err == nil || err.Error() != want {
			t.Errorf("Validate(%q) = %v, want %q", pw, err, want)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	user := validators.Attrs{"username": "alice", "first_name": "Alice", "last_name": "Smith", "email": "alice.smith@example.com"}
	validators.BuiltinPasswordCount() // load the list outside the loop
	for b.Loop() {
		_ = validators.Validate("correct horse battery staple", user)
	}
}
