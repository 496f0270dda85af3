package filekind

import (
	"io/fs"
	"testing"
)

func TestOf(t *testing.T) {
	t.Parallel()
	cases := map[fs.FileMode]string{
		0o644:                             "",
		fs.ModeDir | 0o755:                "folder",
		fs.ModeSymlink | 0o777:            "symbolic link",
		fs.ModeNamedPipe | 0o600:          "named pipe",
		fs.ModeSocket | 0o600:             "socket",
		fs.ModeDevice | 0o600:             "device",
		fs.ModeDevice | fs.ModeCharDevice: "device",
		fs.ModeIrregular:                  "special file",
	}
	for m, want := range cases {
		if got := Of(m); got != want {
			t.Errorf("Of(%v) = %q, want %q", m, got, want)
		}
	}
}
