package analytics

// clientHours is one client's time entries in W (the metrics spec "Maintenance
// load", with time entries): the seconds worked, and whether it has any
// entry at all (a zero-length one included).
type clientHours struct {
	has     bool
	seconds int64
}

func (c *clientHours) add(seconds int64) {
	c.has = true
	c.seconds += seconds
}
