package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/pipeline"
	"github.com/clientrisk/clientrisk/internal/store"
)

// configFlag registers --config with the default the README documents.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "clientrisk.yaml", "the config file (write one with 'clientrisk init')")
}

// loadConfig reads the config. With optional set, a missing file at the
// default path gives the defaults (check needs no config to be useful).
func loadConfig(path string, optional bool) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err == nil {
		return cfg, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		if optional {
			wd, _ := os.Getwd()
			return config.Default(wd), nil
		}
		return nil, fmt.Errorf("config %s not found: write one with 'clientrisk init %s' or pass --config", path, path)
	}
	return nil, err
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// setup is what most commands start with: a logger, the config and a pipeline.
func (m *Main) setup(common *commonFlags, configPath string, optional bool) (*slog.Logger, *pipeline.Pipeline, error) {
	log, err := common.logger(m.Stderr)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := loadConfig(configPath, optional)
	if err != nil {
		return nil, nil, err
	}
	return log, pipeline.New(cfg, log, m.Now), nil
}

// setupLedger is setup followed by opening the configured ledger, for the
// commands that work on it; the caller closes the ledger.
func (m *Main) setupLedger(common *commonFlags, configPath string) (*pipeline.Pipeline, *store.Ledger, error) {
	_, p, err := m.setup(common, configPath, false)
	if err != nil {
		return nil, nil, err
	}
	l, err := p.OpenLedger()
	if err != nil {
		return nil, nil, err
	}
	return p, l, nil
}
