package messages

import (
	"testing"
)

// FuzzDecodeList feeds arbitrary text to the message-list decoder, which
// reads session values as they are: it must never panic, and what it
// accepts must survive a round trip.
func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{
		`[]`,
		`[["__json_message", 0, 20, "hi"]]`,
		`[["__json_message",1,40,"<b>x</b>","a b"],"__messagesnotfinished__"]`,
		`[["__json_message",0,2e400,"x"]]`,
		`[["__json_message",true,20,"x",null]]`,
		`["__messagesnotfinished__"]`,
		`[["__json_message",0,20,"\ud83d\ude00\u007f"]] trailing`,
		`{"a":1}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		msgs, marker, err := decodeList([]byte(s))
		if err != nil {
			return
		}
		for _, compact := range []bool{true, false} {
			back, m2, err := decodeList(appendList(nil, msgs, marker, compact))
			if err != nil || m2 != marker || len(back) != len(msgs) {
				t.Fatalf("round trip of %q: %v %v %d", s, err, m2, len(back))
			}
			for i := range back {
				if back[i] != msgs[i] {
					t.Fatalf("round trip of %q: %+v became %+v", s, msgs[i], back[i])
				}
			}
		}
	})
}

// FuzzDecodeCookie feeds arbitrary cookie values to the verifier: none may
// panic, and none without a valid signature may be accepted.
func FuzzDecodeCookie(f *testing.F) {
	c, err := Options{SecretKey: testKey, now: fixedNow}.compile()
	if err != nil {
		f.Fatal(err)
	}
	good := c.encodeCookie([]Message{{Level: LevelInfo, Text: "Saved."}}, false)
	f.Add(good)
	f.Add(good[:len(good)-1] + "x")
	f.Add(`[["__json_message",0,20,"old format"]]:1r31eq:hOJ5BLcZQLbr0vl_o-t6BLfnyDtsi29xHbb2-3TFyVg`)
	f.Add(".eJx:1r31eq:")
	f.Fuzz(func(t *testing.T, v string) {
		msgs, _, err := c.decodeCookie(v)
		if err == nil && v != good && len(msgs) > 0 {
			// Accepting means the signature verified: re-signing the same
			// payload must give back v's signature part.
			if _, lerr := c.legacy.Unsign(v, 0); lerr != nil {
				t.Fatalf("accepted %q without a valid signature", v)
			}
		}
	})
}
