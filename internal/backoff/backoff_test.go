package backoff

import (
	"testing"
	"time"
)

func TestDelay(t *testing.T) {
	t.Parallel()
	cases := []struct {
		initial, max time.Duration
		n            int
		want         time.Duration
	}{
		{time.Minute, 6 * time.Hour, 1, time.Minute},
		{time.Minute, 6 * time.Hour, 2, 2 * time.Minute},
		{time.Minute, 6 * time.Hour, 4, 8 * time.Minute},
		{time.Minute, 6 * time.Hour, 9, 256 * time.Minute},
		{time.Minute, 6 * time.Hour, 10, 6 * time.Hour}, // 512m is past the cap
		{time.Minute, 6 * time.Hour, 1000, 6 * time.Hour},
		{time.Minute, time.Hour, 7, time.Hour}, // 64m capped at 60m
		{time.Hour, time.Hour, 3, time.Hour},
		{10 * time.Second, time.Hour, 0, 10 * time.Second}, // n below 1 is the first wait
		{time.Duration(1 << 62), time.Duration(1<<63 - 1), 5, time.Duration(1<<63 - 1)},
	}
	for _, c := range cases {
		if got := Delay(c.initial, c.max, c.n); got != c.want {
			t.Errorf("Delay(%s, %s, %d) = %s, want %s", c.initial, c.max, c.n, got, c.want)
		}
	}
}
