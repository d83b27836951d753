package document

import (
	"fmt"
	"io"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// A4 in twentieths of a point, with the margins of a Chinese official
// document (GB/T 9704: 37 mm at the top, 28 mm on the left).
const (
	a4Width, a4Height = 11906, 16838
	marginTop         = 2098
	marginBottom      = 1984
	marginLeft        = 1588
	marginRight       = 1474
)

// style is how one kind of paragraph is set: its fonts by script, its
// size in points, bold or not, where it is aligned.
type style struct {
	eastAsia, tibetan string
	size              uint64
	bold              bool
	align             stypes.Justification
	indent            bool // a first-line indent of two characters, as Chinese body text has
}

// The styles of a Chinese official report: a 小标宋-like title, 黑体 part
// headings, 楷体 section headings and 仿宋 text, at 三号 (16 pt); Tibetan
// in Microsoft Himalaya (the Tibetan font of Windows, which Word and WPS
// find there) a size larger, since its letters are small for their size.
var (
	titleStyle   = style{eastAsia: "SimHei", tibetan: "Microsoft Himalaya", size: 22, bold: true, align: stypes.JustificationCenter}
	partStyle    = style{eastAsia: "SimHei", tibetan: "Microsoft Himalaya", size: 16, bold: true}
	sectionStyle = style{eastAsia: "KaiTi", tibetan: "Microsoft Himalaya", size: 16, bold: true}
	bodyStyle    = style{eastAsia: "FangSong", tibetan: "Microsoft Himalaya", size: 16, indent: true}
	plainStyle   = style{eastAsia: "FangSong", tibetan: "Microsoft Himalaya", size: 16}
	signStyle    = style{eastAsia: "FangSong", tibetan: "Microsoft Himalaya", size: 16, align: stypes.JustificationRight}
	cellStyle    = style{eastAsia: "FangSong", tibetan: "Microsoft Himalaya", size: 12}
)

// WriteDOCX writes d as a Word document on A4.
func WriteDOCX(w io.Writer, d Document) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	a4(doc)
	x := writer{doc: doc, lang: d.Lang}
	x.paragraph(x.doc.AddEmptyParagraph(), d.Title, titleStyle)
	x.doc.AddEmptyParagraph()
	if d.Addressee != "" {
		x.paragraph(x.doc.AddEmptyParagraph(), d.Addressee, plainStyle)
	}
	for _, p := range d.Opening {
		x.paragraph(x.doc.AddEmptyParagraph(), p, bodyStyle)
	}
	for _, p := range d.Parts {
		x.part(p, partStyle)
	}
	x.doc.AddEmptyParagraph()
	for _, line := range []string{d.Issuer, d.Date} {
		if line != "" {
			x.paragraph(x.doc.AddEmptyParagraph(), line, signStyle)
		}
	}
	if err := doc.Write(w); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// a4 sets the page to A4 portrait with the official margins.
func a4(doc *docx.RootDoc) {
	w, h := uint64(a4Width), uint64(a4Height)
	top, bottom, left, right := marginTop, marginBottom, marginLeft, marginRight
	header, footer := 851, 992
	body := doc.Document.Body
	if body.SectPr == nil {
		body.SectPr = ctypes.NewSectionProper()
	}
	body.SectPr.PageSize = &ctypes.PageSize{Width: &w, Height: &h}
	body.SectPr.PageMargin = &ctypes.PageMargin{Top: &top, Bottom: &bottom, Left: &left, Right: &right,
		Header: &header, Footer: &footer}
}

type writer struct {
	doc  *docx.RootDoc
	lang string
}

func (x writer) part(p Part, heading style) {
	x.paragraph(x.doc.AddEmptyParagraph(), p.Heading, heading)
	if p.Table != nil {
		x.table(p.Table)
	}
	for _, para := range p.Paragraphs {
		x.paragraph(x.doc.AddEmptyParagraph(), para, bodyStyle)
	}
	if p.Note != "" {
		x.paragraph(x.doc.AddEmptyParagraph(), p.Note, bodyStyle)
	}
	for _, s := range p.Sections {
		x.part(s, sectionStyle)
	}
}

func (x writer) table(t *Table) {
	tbl := x.doc.AddTable()
	tbl.Style("TableGrid")
	for i, cells := range append([][]string{t.Head}, t.Rows...) {
		row := tbl.AddRow()
		for j, cell := range cells {
			st := cellStyle
			st.bold = i == 0
			if j > 0 {
				st.align = stypes.JustificationRight
			}
			x.paragraph(row.AddCell().AddEmptyPara(), cell, st)
		}
	}
}

// paragraph fills p with text set in st: the fonts for Chinese and for
// Tibetan both named (a run of either script then finds its own), and
// the text's language, so spelling and line breaking follow it.
func (x writer) paragraph(p *docx.Paragraph, text string, st style) {
	if st.align != "" {
		p.Justification(st.align)
	}
	if st.indent {
		ct := p.GetCT()
		if ct.Property == nil {
			ct.Property = ctypes.DefaultParaProperty()
		}
		chars := 200 // two characters, in hundredths
		ct.Property.Indent = &ctypes.Indent{FirstLineChars: &chars}
	}
	run := p.AddText(text)
	run.Size(st.size)
	run.Bold(st.bold)
	ct := p.GetCT()
	prop := ct.Children[len(ct.Children)-1].Run.Property
	font := st.eastAsia
	if x.lang == "bo" {
		font = st.tibetan
	}
	prop.Fonts = &ctypes.RunFonts{Ascii: font, HAnsi: font, EastAsia: st.eastAsia, CS: st.tibetan}
	prop.SizeCs = ctypes.NewFontSizeCS(st.size * 2)
	lang := map[string]string{"zh": "zh-CN", "bo": "bo-CN"}[x.lang]
	if lang == "" {
		lang = x.lang
	}
	prop.Lang = &ctypes.Lang{Val: &lang, EastAsia: &lang, Bidi: &lang}
}
