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
package dropfolder
