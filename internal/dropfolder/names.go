package dropfolder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ignored tells whether a file in inbox/ is never to be taken: office
// lock files (~$x.xlsx, .~lock.x.ods#), partial downloads and temporary
// files (*.tmp, *.part, *.crdownload), hidden files, and the thumbnail and
// folder-settings files Windows drops into shared folders (Thumbs.db,
// desktop.ini). Subfolders and symbolic links are skipped by the caller:
// only plain files are taken.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"):
		return true
	case strings.HasSuffix(lower, ".tmp"), strings.HasSuffix(lower, ".part"),
		strings.HasSuffix(lower, ".crdownload"):
		return true
	case lower == "thumbs.db", lower == "desktop.ini":
		return true
	}
	return false
}

// withSuffix gives "name (n).ext" for n >= 2: how a second file of the
// same name is kept beside the first, in processing/, archive/yyyy/mm/ or
// failed/.
func withSuffix(name string, n int) string {
	if n < 2 {
		return name
	}
	ext := filepath.Ext(name)
	if ext == name { // ".xlsx" alone: no stem to put the suffix after
		ext = ""
	}
	return fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(name, ext), n, ext)
}

// exists reports whether something is at path. Errors other than "not
// there" count as "there", so that a name is never reused on doubt.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// maxSuffix bounds the search for a free name; reaching it means the
// folder is full of copies of one name, which is worth an error.
const maxSuffix = 10000

// moveNoClobber renames src into dir under name, or "name (2)", "name
// (3)", ... whichever is free first (free also of companion, so a failed
// file and its .error.txt stay a pair). It checks and then renames, which
// is safe because one worker owns these folders; rename alone would
// silently replace an existing file on Unix. The folders must be on one
// file system: a rename across devices fails with an error saying so.
func moveNoClobber(src, dir, name, companion string) (string, error) {
	for n := 1; n <= maxSuffix; n++ {
		dst := filepath.Join(dir, withSuffix(name, n))
		if exists(dst) || (companion != "" && exists(dst+companion)) {
			continue
		}
		if err := os.Rename(src, dst); err != nil {
			return "", fmt.Errorf("move %s to %s: %w", src, dir, err)
		}
		return dst, nil
	}
	return "", fmt.Errorf("move %s to %s: no free name after %d tries", src, dir, maxSuffix)
}
