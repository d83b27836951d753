// Package testdocx reads back the DOCX files Mingbai writes, for tests to
// check what a reader of them in Word or WPS would see.
package testdocx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
)

// Body returns a DOCX's word/document.xml, failing the test unless the
// file is a zip holding it as well-formed XML.
func Body(t testing.TB, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the DOCX is not a zip: %v", err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatalf("the DOCX has no word/document.xml: %v", err)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("word/document.xml is not well-formed: %v", err)
		}
	}
	return string(raw)
}

var textRun = regexp.MustCompile(`<w:t[^>]*>([^<]*)</w:t>`)

// Text is the text of a DOCX's body, its runs joined by "|": a table row
// of cells reads "受众人数|120|—".
func Text(t testing.TB, b []byte) string {
	t.Helper()
	var runs []string
	for _, m := range textRun.FindAllStringSubmatch(Body(t, b), -1) {
		runs = append(runs, html.UnescapeString(m[1]))
	}
	return strings.Join(runs, "|")
}
