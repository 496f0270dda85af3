// Package filekind names, in words, what a path is when it is not a plain
// file (a folder, a named pipe ...): for the messages of the readers, the
// drop folder and the password file, which all take plain files only. It
// imports nothing from internal/.
package filekind

import "io/fs"

// Of returns what a file of mode m is, in words ("folder", "named pipe",
// "symbolic link", "socket", "device"), or "" for a regular file.
func Of(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "folder"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	}
	return "special file"
}
