package report

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tempDirName is the folder, inside the output folder, where the XLSX
// writer keeps its temporary files (the workbook's zip spool, writeZip,
// and any excelize makes): beside the report rather than in /tmp, so
// that a run killed mid-write leaves them where the next run finds and
// removes them (SweepTemp).
const tempDirName = ".clientrisk-tmp"

// staleAfter is how long a temporary file must have gone unmodified
// before SweepTemp takes it for a dead run's: a live run writes its
// files within seconds.
const staleAfter = 10 * time.Minute

// TempPattern is the os.CreateTemp pattern of a report file written under
// a temporary name before the rename into place: unique per run, so that
// two runs of the same month never write one temporary file.
func TempPattern(path string) string { return "." + filepath.Base(path) + ".*.tmp" }

// WriteAtomic writes a file at path through write, under a temporary
// name of its own in the same folder (TempPattern), then renames it into
// place: a failed or killed run never leaves half a file under the real
// name, and two runs at once never share a temporary file. The file is
// made readable like any report (CreateTemp makes it 0600).
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), TempPattern(path))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	return err
}

// runTempDir makes a folder for one run's temporary files inside the
// output folder's tempDirName. Another run removes that shared folder
// when it is empty: when it goes between this run's making it and making
// its own folder in it, both are made again.
func runTempDir(outDir string) (string, error) {
	root := filepath.Join(outDir, tempDirName)
	var err error
	for range 10 { // bounded: a root that can never hold a folder (a dangling link) fails
		if err = os.Mkdir(root, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		var dir string
		if dir, err = os.MkdirTemp(root, "run-"); !errors.Is(err, fs.ErrNotExist) {
			return dir, err
		}
	}
	return "", err
}

// SweepTemp removes what runs killed mid-write left in the output folder
// dir: report files under temporary names (TempPattern) and the XLSX
// writer's temporary files, once they are older than staleAfter (younger
// ones may belong to a run going on now). Errors are ignored: the sweep
// only tidies.
func SweepTemp(dir string, now time.Time) {
	stale := func(e os.DirEntry) bool {
		info, err := e.Info()
		return err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > staleAfter
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if n := e.Name(); strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".tmp") && stale(e) {
				_ = os.Remove(filepath.Join(dir, n))
			}
		}
	}
	tmp := filepath.Join(dir, tempDirName)
	if entries, err := os.ReadDir(tmp); err == nil {
		for _, e := range entries {
			if stale(e) {
				_ = os.Remove(filepath.Join(tmp, e.Name()))
			} else if info, err := e.Info(); err == nil && e.IsDir() && now.Sub(info.ModTime()) > staleAfter {
				_ = os.RemoveAll(filepath.Join(tmp, e.Name())) // a killed run's own folder
			}
		}
	}
}
