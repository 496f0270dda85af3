package dropfolder

import "testing"

func TestIgnored(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		want bool
	}{
		{"fatture 2026.xlsx", false},
		{"export.csv", false},
		{"~$fatture 2026.xlsx", true},      // Excel's owner file while open
		{".~lock.fatture.ods#", true},      // LibreOffice lock
		{"invoices.xlsx.tmp", true},        // writer's temporary
		{"INVOICES.TMP", true},             // Windows upper case
		{"invoices.xlsx.part", true},       // Firefox partial download
		{"invoices.xlsx.crdownload", true}, // Chrome partial download
		{".hidden.csv", true},
		{".DS_Store", true},
		{"Thumbs.db", true},
		{"desktop.ini", true},
		{"tmp-report.csv", false}, // only the suffix counts
		{"partners.csv", false},
	}
	for _, c := range cases {
		if got := ignored(c.name); got != c.want {
			t.Errorf("ignored(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestWithSuffix(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		n    int
		want string
	}{
		{"report.xlsx", 1, "report.xlsx"},
		{"report.xlsx", 2, "report (2).xlsx"},
		{"report.xlsx", 12, "report (12).xlsx"},
		{"archive.tar.gz", 2, "archive.tar (2).gz"},
		{"README", 3, "README (3)"},
		{".xlsx", 2, ".xlsx (2)"},
	}
	for _, c := range cases {
		if got := withSuffix(c.name, c.n); got != c.want {
			t.Errorf("withSuffix(%q, %d) = %q, want %q", c.name, c.n, got, c.want)
		}
	}
}
