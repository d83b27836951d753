package document

import (
	"bytes"
	"strings"
	"testing"

	"mingbai/server/internal/testdocx"
)

func TestWriteDOCX(t *testing.T) {
	d := Document{Lang: "bo", Title: "ལོ་འཁོར་སྙན་ཞུ།", Addressee: "县委依法治县办：", Opening: []string{"开头"},
		Parts: []Part{{Heading: "一、主要举措和成效", Sections: []Part{{Heading: "（一）普法宣传",
			Table:      &Table{Head: []string{"", "2026", "2025"}, Rows: [][]string{{"宣传活动", "12", "—"}}},
			Paragraphs: []string{"全年开展活动 <12> & 场。"}}}},
			{Heading: "五、其他", Note: "藏文尚未填写。"}},
		Issuer: "示例乡人民政府", Date: "2026年12月9日"}
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	doc := testdocx.Body(t, buf.Bytes())
	for _, want := range []string{"ལོ་འཁོར་སྙན་ཞུ།", "县委依法治县办：", "（一）普法宣传", "全年开展活动 &lt;12&gt; &amp; 场。", "—",
		"藏文尚未填写。", "示例乡人民政府", "2026年12月9日", `w:w="11906"`, `w:h="16838"`, `w:val="bo-CN"`, "Microsoft Himalaya"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	if strings.Index(doc, "（一）普法宣传") > strings.Index(doc, "宣传活动") || strings.Index(doc, "宣传活动") > strings.Index(doc, "全年开展活动") {
		t.Errorf("a section's heading, table and text are out of order")
	}
}
