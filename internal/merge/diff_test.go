package merge

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// apply rebuilds b from a and the hunks of diff(a, b).
func apply(tb testing.TB, a, b []int, hs []hunk) []int {
	tb.Helper()
	var out []int
	pos := 0
	for _, h := range hs {
		require.GreaterOrEqual(tb, h.A0, pos, "hunks out of order: %v", hs)
		out = append(out, a[pos:h.A0]...)
		out = append(out, b[h.B0:h.B1]...)
		pos = h.A1
	}
	out = append(out, a[pos:]...)
	return out
}

// lcsLen is the textbook dynamic-programming longest common subsequence.
func lcsLen(a, b []int) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestDiffValidAndMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // G404: reproducible test input.
	for n := range 3000 {
		a := randSeq(rng, rng.IntN(12), 1+n%4)
		b := randSeq(rng, rng.IntN(12), 1+n%4)
		hs := diff(a, b)
		edits := 0
		for i, h := range hs {
			edits += h.A1 - h.A0 + h.B1 - h.B0
			require.False(t, h.A0 == h.A1 && h.B0 == h.B1, "empty hunk %v", h)
			if i > 0 {
				require.Greater(t, h.A0, hs[i-1].A1, "%v %v: %v", a, b, hs)
				require.Equal(t, h.A0-hs[i-1].A1, h.B0-hs[i-1].B1, "%v %v: %v", a, b, hs)
			}
		}
		got := apply(t, a, b, hs)
		require.True(t, slices.Equal(b, got), "a=%v b=%v hunks=%v gave %v", a, b, hs, got)
		require.Equal(t, len(a)+len(b)-2*lcsLen(a, b), edits, "a=%v b=%v hunks=%v not minimal", a, b, hs)
	}
}

func randSeq(rng *rand.Rand, n, alphabet int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = rng.IntN(alphabet)
	}
	return s
}
