// Package textdist measures how far apart two strings are, for the "did
// you mean ...?" hints Jazz gives on a mistyped setting, command or route
// name.
package textdist

// Levenshtein returns the number of single-byte insertions, deletions and
// substitutions that turn a into b. It works on bytes, which is what the
// ASCII identifiers it compares need.
func Levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
