package gen

// rng is SplitMix64. It is used instead of math/rand so that the output
// depends on nothing but this file: the same seed gives the same bytes with
// every Go version.
type rng struct{ s uint64 }

// newRNG derives an independent stream from the seed and a key, so that
// each file's content depends only on (seed, what, cycle, team) and not on
// the order files are written in.
func newRNG(seed int64, keys ...int) *rng {
	r := &rng{s: uint64(seed)}
	for _, k := range keys {
		r.s ^= uint64(k) + 0x632be59bd9b4e019
		r.next()
	}
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n). The modulo bias is irrelevant here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// between returns a number in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }
