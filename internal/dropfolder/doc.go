// Package dropfolder watches the drop folder of `clientrisk serve`.
//
//   - watcher.go: Settings (the config's dropfolder section) and Watcher.
//     It polls inbox/ (polling works on network shares, where inotify does
//     not), takes a file once its size and mtime have settled, claims it by
//     renaming it into processing/, hands it to the ImportFunc, and moves
//     it to archive/yyyy/mm/ or, when the import fails, to failed/ with a
//     <name>.error.txt beside it. Files left in processing/ by a crash are
//     imported again at start. No file is ever deleted or overwritten.
//   - names.go: which names are ignored, and free names for a move.
//
// It imports no internal package: the pipeline passes an ImportFunc (file
// -> ledger) and an OnImported callback (make the current report).
package dropfolder
