// Package document is the annual report as a document: a heading, parts
// with their figures and the office's text, a signature. The web package
// builds one and shows it as a page; this package writes it as DOCX for
// Word and WPS, and is the only importer of the DOCX library.
package document

// Document is a report in one language, every string already translated.
type Document struct {
	Lang      string // BCP 47 tag of its text: "zh", "bo"
	Title     string
	Addressee string   // "县委依法治县办："
	Opening   []string // paragraphs before the first part
	Parts     []Part
	Issuer    string // who signs it
	Date      string // the day it was signed, as written in Lang
}

// Part is a numbered part or section: its heading, then its table of
// figures, then its text (or a note saying why it has none), then its own
// sections.
type Part struct {
	Heading    string // numbered: "一、主要举措和成效"
	Table      *Table
	Paragraphs []string
	Note       string // in place of Paragraphs: "not yet written in Tibetan"
	Sections   []Part
}

// Table is a table of figures: a header row, then rows of cells.
type Table struct {
	Head []string
	Rows [][]string
	// Links are where each row's figure comes from (the records it
	// counts), for a page; "" for none. A DOCX has no use for them.
	Links []string
}
