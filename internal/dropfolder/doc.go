// Package dropfolder watches the drop folder of `clientrisk serve`: it
// polls inbox/ (polling works on network shares, where inotify does not),
// takes a file once its size and modification time have stayed the same
// for the settle time, claims it by renaming it into processing/, hands it
// to the caller's import function, and then moves it to archive/yyyy/mm/
// or, when the import fails, to failed/ with a <name>.error.txt beside it.
// Files left in processing/ by a crash are imported again at start. No
// file is ever deleted or overwritten.
//
// It imports no other internal package: the pipeline passes an ImportFunc
// (file -> ledger) and an OnImported callback (make the current report).
//
// Choices where the spec is silent:
//   - Besides ~$*, .~lock*, *.tmp, *.part, *.crdownload and hidden files,
//     Thumbs.db and desktop.ini are ignored; so are subfolders and
//     symbolic links (only plain files are taken).
//   - A name already taken in processing/, archive/yyyy/mm/ or failed/
//     gets " (2)", " (3)", ... before the extension. The four folders
//     must be on one file system, since files move by rename.
//   - The settle time counts from when the watcher first saw the file's
//     current size and mtime, so a copied file with an old mtime still
//     waits for it.
//   - <name>.error.txt holds the error on its first line, then one line
//     per Outcome.Details entry.
//   - OnImported is called once per poll cycle (and once after recovery)
//     with the archive paths of the files imported, never for failures,
//     and not after shutdown has begun.
//   - A file imported but not movable to the archive stays in processing/
//     and is imported again at the next start; the ledger ignores a file
//     it already has.
package dropfolder
