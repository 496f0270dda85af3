package store

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"
)

func TestRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	t0 := testNow
	r1, err := l.StartRun(ctx, "2025-02", "schedule", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.FinishRun(ctx, r1.ID, RunFailed, nil, "smtp: connection refused", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	done, err := l.MonthDone(ctx, "2025-02")
	if err != nil || done {
		t.Errorf("after a failed run: MonthDone got %v, %v; want false", done, err)
	}
	r2, err := l.StartRun(ctx, "2025-02", "catch-up", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{"reports/2025-02.pdf", "reports/2025-02.json"}
	if err := l.FinishRun(ctx, r2.ID, RunDone, outs, "", t0.Add(time.Hour+time.Minute)); err != nil {
		t.Fatal(err)
	}
	r3, err := l.StartRun(ctx, "2025-03", "manual", t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		month string
		want  bool
	}{{"2025-02", true}, {"2025-03", false}, {"2025-01", false}} {
		got, err := l.MonthDone(ctx, tc.month)
		if err != nil || got != tc.want {
			t.Errorf("MonthDone(%s): got %v, %v; want %v", tc.month, got, err, tc.want)
		}
	}
	runs, err := l.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Each run records the process that ran it: this one.
	host, _ := os.Hostname()
	pid := os.Getpid()
	want := []Run{
		{ID: r3.ID, Month: "2025-03", Trigger: "manual", Status: RunRunning, Started: t0.Add(2 * time.Hour), Outputs: []string{}, Attempt: 1, Host: host, PID: pid},
		{ID: r2.ID, Month: "2025-02", Trigger: "catch-up", Status: RunDone, Started: t0.Add(time.Hour), Finished: t0.Add(time.Hour + time.Minute), Outputs: outs, Attempt: 2, Host: host, PID: pid},
		{ID: r1.ID, Month: "2025-02", Trigger: "schedule", Status: RunFailed, Started: t0, Finished: t0.Add(time.Minute), Outputs: []string{}, Error: "smtp: connection refused", Attempt: 1, Host: host, PID: pid},
	}
	if !reflect.DeepEqual(runs, want) {
		t.Errorf("runs:\n got %+v\nwant %+v", runs, want)
	}
	if got, _ := l.Runs(ctx, 1); len(got) != 1 || got[0].ID != r3.ID {
		t.Errorf("Runs(1): got %+v, want only run %d", got, r3.ID)
	}
	if err := l.FinishRun(ctx, 999, RunDone, nil, "", t0); !errors.Is(err, ErrNoRun) {
		t.Errorf("finish unknown run: got %v, want ErrNoRun", err)
	}
	if err := l.FinishRun(ctx, r3.ID, "maybe", nil, "", t0); err == nil {
		t.Errorf("finish with status maybe: got no error")
	}
	if _, err := l.StartRun(ctx, "2025-13", "manual", t0); err == nil {
		t.Errorf("start run of month 2025-13: got no error")
	}
}

func TestDeliveries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	t0 := testNow
	a, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", MessagePath: "outbox/1.eml", Created: t0})
	if err != nil {
		t.Fatal(err)
	}
	want := Delivery{ID: a.ID, Month: "2025-02", Recipient: "boss@example.com", Status: DeliveryPending, MessagePath: "outbox/1.eml",
		Created: t0, Updated: t0, Generation: 1}
	if a != want {
		t.Errorf("added: got %+v, want %+v", a, want)
	}
	if _, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", Created: t0}); !errors.Is(err, ErrDeliveryExists) {
		t.Errorf("second add while pending: got %v, want ErrDeliveryExists", err)
	}
	// A failed attempt, then a failure for good: a new delivery may start.
	a.Status, a.Attempts, a.LastError, a.Updated, a.NextAttempt = DeliveryFailed, 3, "535 auth failed", t0.Add(time.Hour), t0.Add(2*time.Hour)
	if err := l.UpdateDelivery(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, ok, err := l.Delivery(ctx, "2025-02", "boss@example.com")
	if err != nil || !ok || got != a {
		t.Errorf("after update: got %+v, %v, %v; want %+v", got, ok, err, a)
	}
	b, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", Created: t0.Add(3 * time.Hour)})
	if err != nil {
		t.Fatalf("add after failure: %v", err)
	}
	if b.Generation != 2 {
		t.Errorf("add after failure: generation %d, want 2", b.Generation)
	}
	b.Status, b.Attempts, b.MessageID, b.Sent, b.Updated = DeliverySent, 1, "<r1@clientrisk>", t0.Add(4*time.Hour), t0.Add(4*time.Hour)
	if err := l.UpdateDelivery(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", Created: t0}); !errors.Is(err, ErrDeliveryExists) {
		t.Errorf("add after sent: got %v, want ErrDeliveryExists", err)
	}
	c, err := l.AddDeliveryForced(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", Created: t0.Add(5 * time.Hour)})
	if err != nil || c.Generation != 3 {
		t.Errorf("forced add: got generation %d, %v; want 3", c.Generation, err)
	}
	other, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "ops@example.com", Created: t0})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		statuses []string
		want     []int64
	}{
		{nil, []int64{a.ID, b.ID, c.ID, other.ID}},
		{[]string{DeliveryPending}, []int64{c.ID, other.ID}},
		{[]string{DeliveryFailed, DeliverySent}, []int64{a.ID, b.ID}},
		{[]string{DeliverySending}, nil},
	}
	for _, tc := range tests {
		ds, err := l.Deliveries(ctx, tc.statuses...)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, d := range ds {
			ids = append(ids, d.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("Deliveries(%v): got ids %v, want %v", tc.statuses, ids, tc.want)
		}
	}
	if got, ok, _ := l.Delivery(ctx, "2025-02", "boss@example.com"); !ok || got.ID != c.ID {
		t.Errorf("latest delivery: got %+v, want id %d", got, c.ID)
	}
	if _, ok, err := l.Delivery(ctx, "2025-01", "boss@example.com"); ok || err != nil {
		t.Errorf("delivery of a month never sent: got ok %v, err %v; want false, nil", ok, err)
	}
	if err := l.UpdateDelivery(ctx, Delivery{ID: 999, Status: DeliverySent}); !errors.Is(err, ErrNoDelivery) {
		t.Errorf("update unknown delivery: got %v, want ErrNoDelivery", err)
	}
}

// TestFailRunsLeftRunning: serve's own triggers left running by another
// serve are failed whatever their host; other triggers, this process's
// own runs and finished runs are left alone.
func TestFailRunsLeftRunning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	insert := func(trigger, status string) int64 {
		t.Helper()
		res, err := l.db.Exec(`INSERT INTO report_runs (month, run_trigger, status, started, attempt, host, pid)
			VALUES ('2025-06', ?, ?, ?, 1, 'old-container-3f2a', 1)`, trigger, status, formatTime(testNow))
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	left := insert("schedule", RunRunning)
	dropped := insert("drop", RunRunning)
	manual := insert("manual", RunRunning)
	done := insert("schedule", RunDone)
	own, err := l.StartRun(ctx, "2025-07", "catch-up", testNow)
	if err != nil {
		t.Fatal(err)
	}
	at := testNow.Add(time.Hour)
	n, err := l.FailRunsLeftRunning(ctx, at, "schedule", "catch-up", "drop")
	if err != nil || n != 2 {
		t.Fatalf("FailRunsLeftRunning: %d, %v; want 2", n, err)
	}
	runs, err := l.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]Run{}
	for _, r := range runs {
		byID[r.ID] = r
	}
	const why = "interrupted: the clientrisk serve that ran it (pid 1 on old-container-3f2a) ended before the run finished"
	for _, id := range []int64{left, dropped} {
		if r := byID[id]; r.Status != RunFailed || r.Error != why || !r.Finished.Equal(at) {
			t.Errorf("run %d (%s): got %s %q finished %s; want failed %q at %s", id, r.Trigger, r.Status, r.Error, r.Finished, why, at)
		}
	}
	for id, want := range map[int64]string{manual: RunRunning, done: RunDone, own.ID: RunRunning} {
		if r := byID[id]; r.Status != want || r.Error != "" {
			t.Errorf("run %d (%s): got %s %q; want %s, untouched", id, r.Trigger, r.Status, r.Error, want)
		}
	}
}

// TestReplaceQueued: a pending delivery takes a new message; one that a
// sender has taken (sending) or sent keeps its own.
func TestReplaceQueued(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	t0 := testNow
	d, err := l.AddDelivery(ctx, Delivery{Month: "2025-02", Recipient: "boss@example.com", MessageID: "<old@x>", MessagePath: "outbox/old.eml", Created: t0})
	if err != nil {
		t.Fatal(err)
	}
	d.MessageID, d.MessagePath, d.Updated, d.NextAttempt = "<new@x>", "outbox/new.eml", t0.Add(time.Hour), t0.Add(time.Hour)
	if ok, err := l.ReplaceQueued(ctx, d); err != nil || !ok {
		t.Fatalf("replace a pending delivery: %v, %v; want true", ok, err)
	}
	got, _, err := l.Delivery(ctx, "2025-02", "boss@example.com")
	if err != nil || got.MessageID != "<new@x>" || got.MessagePath != "outbox/new.eml" || got.Status != "pending" || !got.NextAttempt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after replacing: %+v, %v; want the new message, still pending, next attempt t0+1h", got, err)
	}
	got.Status = "sending"
	if err := l.UpdateDelivery(ctx, got); err != nil {
		t.Fatal(err)
	}
	got.MessageID = "<newer@x>"
	if ok, err := l.ReplaceQueued(ctx, got); err != nil || ok {
		t.Fatalf("replace a delivery being sent: %v, %v; want false", ok, err)
	}
	if after, _, _ := l.Delivery(ctx, "2025-02", "boss@example.com"); after.MessageID != "<new@x>" {
		t.Errorf("a delivery being sent got message %s, want it to keep <new@x>", after.MessageID)
	}
}
