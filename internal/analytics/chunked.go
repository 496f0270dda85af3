package analytics

// chunked is an append-only list kept in blocks: growing it never copies,
// so a big ledger allocates its records about once (a slice grown by
// append allocates several times its final size).
type chunked[T any] struct {
	blocks [][]T
	n      int
}

func (c *chunked[T]) add(v T) {
	if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == cap(c.blocks[len(c.blocks)-1]) {
		c.blocks = append(c.blocks, make([]T, 0, min(max(64, c.n), 1<<13)))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

// slice returns the items in one slice of their exact length, nil when
// there are none.
func (c *chunked[T]) slice() []T {
	if c.n == 0 {
		return nil
	}
	out := make([]T, 0, c.n)
	for _, b := range c.blocks {
		out = append(out, b...)
	}
	return out
}
