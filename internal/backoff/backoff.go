// Package backoff is the one exponential back-off of clientrisk, shared by
// the scheduler's retries of a failed month and the mail outbox's retries
// of a failed delivery. It imports nothing, so the stand-alone packages may
// use it.
package backoff

import "time"

// Delay is the wait after the n-th failed attempt (1-based): initial
// doubled n-1 times, never more than max. The doubling stops as soon as
// it would pass max, so a large n cannot overflow.
func Delay(initial, max time.Duration, n int) time.Duration {
	d := initial
	for i := 1; i < n; i++ {
		if d >= max/2 {
			return max
		}
		d *= 2
	}
	return min(d, max)
}
