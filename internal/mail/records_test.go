package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
)

// fakeRecords keeps delivery records in memory, with the ledger's rules
// (latest generation per month and recipient; a new one only when it
// failed, unless forced). With a path it persists every change to a JSON
// file, written atomically, so that a second process can take over.
type fakeRecords struct {
	mu   sync.Mutex
	path string
	recs []Record
}

func newFakeRecords(path string) (*fakeRecords, error) {
	f := &fakeRecords{path: path}
	if path == "" {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &f.recs); err != nil {
		return nil, fmt.Errorf("records file %s: %w", path, err)
	}
	return f, nil
}

func (f *fakeRecords) saveLocked() error {
	if f.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(f.recs, "", "  ")
	if err != nil {
		return err
	}
	tmp := f.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, f.path)
}

func (f *fakeRecords) AddDelivery(ctx context.Context, r Record) (Record, error) {
	return f.add(ctx, r, false)
}

func (f *fakeRecords) AddDeliveryForced(ctx context.Context, r Record) (Record, error) {
	return f.add(ctx, r, true)
}

func (f *fakeRecords) add(ctx context.Context, r Record, force bool) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, err
	}
	if r.Month == "" || r.Recipient == "" || r.Created.IsZero() {
		return Record{}, fmt.Errorf("add delivery: month, recipient and creation time are required")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	gen, latest := 0, ""
	for _, old := range f.recs {
		if old.Month == r.Month && old.Recipient == r.Recipient && old.Generation > gen {
			gen, latest = old.Generation, old.Status
		}
	}
	if gen > 0 && latest != StatusFailed && !force {
		return Record{}, fmt.Errorf("add delivery of %s to %s: %w (status %s)", r.Month, r.Recipient, ErrExists, latest)
	}
	if r.Status == "" {
		r.Status = StatusPending
	}
	r.Generation = gen + 1
	r.ID = int64(len(f.recs) + 1)
	f.recs = append(f.recs, r)
	if err := f.saveLocked(); err != nil {
		f.recs = f.recs[:len(f.recs)-1]
		return Record{}, err
	}
	return r, nil
}

func (f *fakeRecords) UpdateDelivery(ctx context.Context, r Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.recs {
		if f.recs[i].ID != r.ID {
			continue
		}
		old := f.recs[i]
		// Month, recipient, generation and creation do not change.
		r.Month, r.Recipient, r.Generation, r.Created = old.Month, old.Recipient, old.Generation, old.Created
		f.recs[i] = r
		if err := f.saveLocked(); err != nil {
			f.recs[i] = old
			return err
		}
		return nil
	}
	return fmt.Errorf("update delivery %d: no such delivery", r.ID)
}

func (f *fakeRecords) ReplaceQueued(ctx context.Context, r Record) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.recs {
		if f.recs[i].ID != r.ID {
			continue
		}
		if f.recs[i].Status != StatusPending {
			return false, nil
		}
		old := f.recs[i]
		f.recs[i].MessageID, f.recs[i].MessagePath, f.recs[i].NextAttempt, f.recs[i].Updated = r.MessageID, r.MessagePath, r.NextAttempt, r.Updated
		if err := f.saveLocked(); err != nil {
			f.recs[i] = old
			return false, err
		}
		return true, nil
	}
	return false, fmt.Errorf("replace queued delivery %d: no such delivery", r.ID)
}

func (f *fakeRecords) Deliveries(ctx context.Context, statuses ...string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Record
	for _, r := range f.recs {
		if len(statuses) == 0 || slices.Contains(statuses, r.Status) {
			out = append(out, r)
		}
	}
	return out, nil
}

// all returns a copy of every record, oldest first.
func (f *fakeRecords) all() []Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Record(nil), f.recs...)
}

// testClock is the only faked thing: a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{t: t} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
