package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/clientrisk/clientrisk/internal/pipeline"
	"github.com/clientrisk/clientrisk/internal/schedule"
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
	log, p, err := m.setup(&common, *cfgPath, false)
	if err != nil {
		return err
	}
	// The lock file sits beside the ledger, so the ledger's folder must
	// exist before the lock is taken (OpenLedger would create it only
	// afterwards, and a first start would fail).
	if err := os.MkdirAll(filepath.Dir(p.Config.Ledger), 0o755); err != nil {
		return fmt.Errorf("create the ledger's folder: %w", err)
	}
	release, err := schedule.AcquireLock(p.LockPath())
	if err != nil {
		return err
	}
	defer release()
	l, err := p.OpenLedger()
	if err != nil {
		return err
	}
	defer l.Close()
	log.Info("clientrisk serve starting", "config", p.Config.Path, "ledger", l.Path(),
		"inbox", p.Config.DropFolder.Inbox, "on_drop", p.Config.DropFolder.OnDrop)
	svc := &pipeline.Service{P: p, Ledger: l}
	if p.Config.Email.Enabled() {
		outbox, err := p.Outbox(l, m.Getenv)
		if err != nil {
			return err
		}
		svc.Outbox = outbox
	} else {
		log.Info("email is off (no email.host): reports are written, not sent")
	}
	if err := svc.Run(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
