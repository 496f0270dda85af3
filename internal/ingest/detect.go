package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// format is what the content of a file says it is, whatever its name says.
type format uint8

const (
	formatUnknown format = iota
	formatXLSX
	formatCSV
)

var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicCFB      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF      = []byte("%PDF")
)

// hintXLS is the hint of the legacy .xls workbooks.
const hintXLS = "save as .xlsx or CSV in Excel (File > Save As > Excel Workbook)"

// detectFormat decides the format from the content. Names lie (a .xls that
// is really an xlsx, a .csv that is an HTML table), so only the bytes count.
// It returns a *FileError for everything the reader cannot read: zip-based
// files that are not workbooks (.ods, .numbers, .docx), OLE files (.xls or
// an encrypted xlsx), PDFs, HTML pages and binary files each get their own
// reason. Text is a CSV; UTF-16 with a byte order mark (Excel's "Unicode
// text") is read as well as UTF-8, Windows-1252 and Windows-1251.
func detectFormat(name string, r io.ReaderAt, size int64, lim Limits) (format, error) {
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return formatUnknown, &FileError{File: name, Reason: "cannot be read", Err: err}
	}
	head = head[:n]
	switch {
	case n == 0:
		return formatUnknown, &FileError{File: name, Reason: "is empty", Hint: rowsrc.HintExportXLSX}
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipEmpty):
		return formatXLSX, checkZip(name, r, size, lim)
	case bytes.HasPrefix(head, magicCFB):
		return formatUnknown, classifyCFB(name, r)
	case bytes.HasPrefix(head, magicPDF):
		return formatUnknown, &FileError{File: name, Reason: "is a PDF document, not a spreadsheet",
			Hint: "export the invoice list from your accounting program as .xlsx or CSV"}
	}
	if looksBinary(head) {
		return formatUnknown, &FileError{File: name, Reason: "is not a spreadsheet (binary content that is neither .xlsx nor CSV)",
			Hint: rowsrc.HintExportXLSX}
	}
	trimmed := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(string(head), "\ufeff")))
	if strings.HasPrefix(trimmed, "<!doctype html") || strings.HasPrefix(trimmed, "<html") ||
		strings.HasPrefix(trimmed, "<?xml") || strings.HasPrefix(trimmed, "<table") {
		return formatUnknown, &FileError{File: name, Reason: "is an HTML or XML page saved with a spreadsheet name, not a real workbook",
			Hint: "open it in Excel and save as .xlsx, or export CSV"}
	}
	return formatCSV, nil
}

// looksBinary reports NUL bytes, which no text export has (UTF-16 text,
// which has them, starts with a byte order mark and is handled as text).
func looksBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}

// checkZip tells an xlsx from the other zip-based formats and refuses
// damaged archives and archives past the unzipped size limit before excelize
// sees them, so that the user gets a reason rather than a zip error.
func checkZip(name string, r io.ReaderAt, size int64, lim Limits) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return &FileError{File: name, Reason: "is damaged (the zip archive is truncated or corrupt)",
			Hint: "export it again", Err: err}
	}
	var total uint64
	hasContentTypes, hasWorkbook := false, false
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		// Two entries of one name (as the reader looks parts up: case and
		// slashes aside) would leave it to chance which one is read.
		key := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))
		if seen[key] {
			return &FileError{File: name, Reason: fmt.Sprintf("is damaged: its zip archive holds the part %q twice", f.Name),
				Hint: "save it again from Excel, or export it again"}
		}
		seen[key] = true
		total += f.UncompressedSize64
		// Opening reads the entry's local header: a truncated or patched
		// archive whose central directory still looks fine fails here.
		rc, err := f.Open()
		if err != nil {
			return &FileError{File: name, Reason: "is damaged (the zip archive is truncated or corrupt)",
				Hint: "export it again", Err: err}
		}
		rc.Close()
		lower := strings.ToLower(f.Name)
		switch {
		case lower == "mimetype":
			if mt := readSmall(f, 128); strings.Contains(mt, "opendocument") {
				return &FileError{File: name, Reason: "is an OpenDocument spreadsheet (.ods)",
					Hint: "save as .xlsx in LibreOffice (File > Save As > Excel 2007-365)"}
			}
		case lower == "index/document.iwa", strings.HasPrefix(lower, "index/") && strings.HasSuffix(lower, ".iwa"):
			return &FileError{File: name, Reason: "is an Apple Numbers document (.numbers)",
				Hint: "in Numbers use File > Export To > Excel"}
		case lower == "[content_types].xml":
			hasContentTypes = true
		case strings.HasSuffix(lower, "workbook.xml"):
			hasWorkbook = true
		}
	}
	if lim.MaxUnzippedBytes > 0 && total > uint64(lim.MaxUnzippedBytes) {
		return &FileError{File: name,
			Reason: fmt.Sprintf("unzips to %s, more than the limit of %s", parse.SizeText(int64(min(total, 1<<62))), parse.SizeText(lim.MaxUnzippedBytes)),
			Hint:   "raise input.limits.max_unzipped_mb if the file is genuine, or export a shorter period",
			Err:    errUnzipLimit}
	}
	if !hasContentTypes || !hasWorkbook {
		if hasDocx(zr) {
			return &FileError{File: name, Reason: "is a Word or PowerPoint document, not a spreadsheet", Hint: rowsrc.HintExportXLSX}
		}
		return &FileError{File: name, Reason: "is a zip archive but not an Excel workbook", Hint: rowsrc.HintExportXLSX}
	}
	return nil
}

var errUnzipLimit = errors.New("unzipped size limit exceeded")

func hasDocx(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/") || strings.HasPrefix(f.Name, "ppt/") {
			return true
		}
	}
	return false
}

func readSmall(f *zip.File, max int64) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, max))
	return string(b)
}

// classifyCFB names what an OLE compound file is: Excel stores both the
// legacy .xls and the password-protected .xlsx in this container.
func classifyCFB(name string, r io.ReaderAt) error {
	doc, err := mscfb.New(r)
	if err != nil {
		return &FileError{File: name, Reason: "is a damaged Office compound document", Hint: rowsrc.HintExportXLSX, Err: err}
	}
	var streams []string
	for i := 0; i < 10000; i++ {
		e, err := doc.Next()
		if err != nil {
			break
		}
		streams = append(streams, e.Name)
	}
	has := func(s string) bool {
		for _, n := range streams {
			if strings.EqualFold(n, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("EncryptionInfo") || has("EncryptedPackage"):
		return &FileError{File: name, Reason: "is password-protected",
			Hint: "remove the password in Excel (File > Info > Protect Workbook) and export again"}
	case has("Workbook") || has("Book"):
		return &FileError{File: name, Reason: "is a legacy Excel 97-2003 .xls workbook", Hint: hintXLS}
	case has("WordDocument"):
		return &FileError{File: name, Reason: "is a Word document, not a spreadsheet", Hint: rowsrc.HintExportXLSX}
	}
	return &FileError{File: name, Reason: "is an Office compound document that is not a workbook", Hint: rowsrc.HintExportXLSX}
}
