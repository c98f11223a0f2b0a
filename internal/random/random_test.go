package random

import (
	"strings"
	"testing"
)

func TestStringUsesTheWholeAlphabetEvenly(t *testing.T) {
	const n = 62 * 2000
	s := String(n, Alnum)
	if len(s) != n {
		t.Fatalf("len = %d", len(s))
	}
	counts := map[rune]int{}
	for _, c := range s {
		if !strings.ContainsRune(Alnum, c) {
			t.Fatalf("character %q outside the alphabet", c)
		}
		counts[c]++
	}
	// 2000 expected per character; a biased draw (modulo without
	// rejection) gives the first eight about 2060 and the rest about 1990.
	// Six standard deviations either side keeps the test from flaking.
	for _, c := range Alnum {
		if got := counts[c]; got < 2000-270 || got > 2000+270 {
			t.Errorf("%q drawn %d times, want about 2000", c, got)
		}
	}
	if String(32, LowerAlnum) == String(32, LowerAlnum) {
		t.Error("two draws are equal")
	}
}
