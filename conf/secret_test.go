package conf

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const raw = "hunter2-very-secret"

type holder struct {
	Key  Secret
	Keys []Secret
	Map  map[string]Secret
	Ptr  *Secret
}

type xmlHolder struct{ Key Secret }

func TestSecretNeverPrints(t *testing.T) {
	s := Secret(raw)
	h := holder{Key: s, Keys: []Secret{s, ""}, Map: map[string]Secret{"a": s}, Ptr: &s}
	outputs := map[string]string{}
	for _, f := range []string{"%v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-12v", "%#v", "%+v", "%T"} {
		outputs["fmt "+f] = fmt.Sprintf(f, s)
		outputs["fmt struct "+f] = fmt.Sprintf(f, h)
	}
	outputs["Sprint"] = fmt.Sprint(s, h)
	outputs["Sprintln"] = fmt.Sprintln(s)
	outputs["String"] = s.String()
	outputs["GoString"] = s.GoString()
	outputs["error"] = fmt.Errorf("connecting with %v", s).Error()
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs["json"] = string(js)
	x, err := xml.Marshal(xmlHolder{Key: s})
	if err != nil {
		t.Fatal(err)
	}
	outputs["xml"] = string(x)
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("m", "key", s, "h", h)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "key", s, "h", h)
	outputs["slog"] = buf.String()
	for name, out := range outputs {
		if strings.Contains(out, raw) || strings.Contains(out, fmt.Sprintf("%x", raw)) {
			t.Errorf("%s leaked the secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["slog"], `key=********`) || !strings.Contains(outputs["slog"], `"key":"********"`) {
		t.Errorf("slog output lacks the mask: %s", outputs["slog"])
	}
	if got := string(js); got != `{"Key":"********","Keys":["********",""],"Map":{"a":"********"},"Ptr":"********"}` {
		t.Errorf("json = %s", got)
	}
	for f, want := range map[string]string{
		"%v": "********", "%q": `"********"`, "%10s": "  ********", "%#v": `conf.Secret("********")`,
		"%d": "********", "%x": fmt.Sprintf("%x", Masked),
	} {
		if got := fmt.Sprintf(f, s); got != want {
			t.Errorf("Sprintf(%s) = %q, want %q", f, got, want)
		}
	}
	if s.Reveal() != raw {
		t.Errorf("Reveal = %q", s.Reveal())
	}
}

func TestEmptySecretPrintsEmpty(t *testing.T) {
	var s Secret
	if s.String() != "" || fmt.Sprint(s) != "" || s.IsSet() {
		t.Errorf("empty secret printed %q", s.String())
	}
	if b, _ := json.Marshal(s); string(b) != `""` {
		t.Errorf("json = %s", b)
	}
	if b, _ := s.MarshalText(); len(b) != 0 {
		t.Errorf("text = %q", b)
	}
	if v := s.LogValue(); v.String() != "" {
		t.Errorf("LogValue = %q", v)
	}
	if !Secret("x").IsSet() {
		t.Error("IsSet false for a set secret")
	}
}
