package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/clientrisk/clientrisk/internal/config"
)

func (m *Main) runInit(ctx context.Context, args []string) error {
	var common commonFlags
	fset := newFlagSet(m, "init", "[PATH]", `
Writes a commented example config to PATH (default clientrisk.yaml) to start
from. Every key is there with its default and a comment saying what it does.
An existing file is never overwritten.`)
	common.register(fset)
	pos, err := parseFlags(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("init takes at most one PATH, got %d", len(pos))
	}
	path := "clientrisk.yaml"
	if len(pos) == 1 {
		path = pos[0]
	}
	// O_EXCL: refuse to overwrite even if the file appears between a check and the write.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: not overwritten (remove it or choose another path)", path)
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(config.ExampleYAML()); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintf(m.Stdout, "wrote %s: edit company, currency and rates, then run\n  clientrisk check YOUR-EXPORT.xlsx\n  clientrisk report --config %s --in YOUR-EXPORT.xlsx\n", path, path)
	return nil
}
