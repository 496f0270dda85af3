package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clientrisk/clientrisk/internal/dropfolder"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/schedule"
	"github.com/clientrisk/clientrisk/internal/store"
	"github.com/jonboulle/clockwork"
)

func (m *Main) runStatus(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "status", "--config F", `
Prints the last report runs, the next scheduled run, how many files wait in
the drop folder's inbox, processing and failed folders, and the outbox. It
only reads (the ledger and the folders), so it works while serve runs.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("status takes no arguments, got %q", pos)
	}
	_, p, err := m.setup(&common, *cfgPath, false)
	if err != nil {
		return err
	}
	w := m.Stdout
	loc := p.Config.Timezone
	// status only reads: a ledger that is not there is said so, not made.
	var l *store.Ledger
	if _, err := os.Stat(p.Config.Ledger); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(w, "ledger: %s does not exist yet (nothing imported: 'clientrisk import', 'report' or 'serve' makes it)\n", p.Config.Ledger)
	} else {
		if l, err = p.OpenLedger(); err != nil {
			return err
		}
		defer l.Close()
		fmt.Fprintf(w, "ledger: %s\n", l.Path())
	}
	opts := p.ScheduleOptions()
	// The next run is computed from Main.Now, not the machine's clock: a
	// clock stopped at that instant answers the one question status asks.
	opts.Clock = clockwork.NewFakeClockAt(m.Now())
	sched, err := schedule.New(opts, func(context.Context, invoice.Month, string) error { return nil },
		func(context.Context, invoice.Month) (bool, error) { return false, nil }, nil)
	if err == nil {
		if next, err := sched.NextRun(); err == nil {
			fmt.Fprintf(w, "next scheduled run: %s (cron %q, %s), for %s\n", next.Format("2006-01-02 15:04 MST"),
				p.Config.Schedule.Cron, loc, schedule.ReportMonth(next, loc))
		}
	}
	var runs []store.Run
	if l != nil {
		if runs, err = l.Runs(ctx, 10); err != nil {
			return err
		}
	}
	if len(runs) == 0 {
		fmt.Fprintln(w, "report runs: none yet")
	} else {
		fmt.Fprintln(w, "last report runs:")
		tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "  month\ttrigger\tstatus\tstarted\tfinished\terror\t")
		for _, r := range runs {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t\n", r.Month, r.Trigger, r.Status, fmtTime(r.Started, loc), fmtTime(r.Finished, loc), short(r.Error, 160))
		}
		tw.Flush()
	}
	counts, err := dropfolder.FolderCounts(p.DropOptions())
	if err != nil {
		fmt.Fprintf(w, "drop folder: %v\n", err)
	} else {
		fmt.Fprintf(w, "drop folder %s: inbox %d, processing %d, failed %d\n", p.Config.DropFolder.Inbox, counts.Inbox, counts.Processing, counts.Failed)
	}
	var dels []store.Delivery
	if l != nil {
		if dels, err = l.Deliveries(ctx); err != nil {
			return err
		}
	}
	if len(dels) == 0 {
		fmt.Fprintln(w, "outbox: empty")
		return nil
	}
	fmt.Fprintln(w, "outbox:")
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "  month\trecipient\tstatus\tattempts\tnext attempt\tlast error\t")
	for _, d := range dels {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\t%s\t\n", d.Month, d.Recipient, d.Status, d.Attempts, fmtTime(d.NextAttempt, loc), short(strings.TrimSpace(d.LastError), 160))
	}
	return tw.Flush()
}

func fmtTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
