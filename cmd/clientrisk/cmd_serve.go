package main

import (
	"context"
	"fmt"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "serve", "--config F", `
Runs as a service: the monthly report job (schedule.cron in the config's
time zone, default 07:00 on the 1st), with catch-up of a month missed while
the service was down (never twice for one month), and the drop folder: each
export that lands in the inbox is imported into the ledger and, by
dropfolder.on_drop, a fresh report is made. SIGINT or SIGTERM stop it: no new
file is taken, the current step finishes (or is rolled back and redone at
the next start), nothing is lost. Only one serve may run on a ledger.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("serve takes no arguments, got %q", pos)
	}
	_, p, err := m.setup(&common, *cfgPath, false)
	if err != nil {
		return err
	}
	svc, err := p.OpenService(m.Getenv)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.Run(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
