package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"mingbai/server/internal/testdocx"
)

// headings lists a report's part (h2) and section (h3) headings.
func headings(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find("article.report > section:not(.report-annex) > " + sel + ", article.report > section > section > " + sel).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.Text())
	})
	return out
}

func TestAnnualReportIsTheTownshipsDocument(t *testing.T) {
	a := newTestApp(t)
	a.phone(t, "dolkar").push(t, a.fixture(t, "push_mixed.json"))
	office := a.officeBrowser(t)
	year := a.today()[:4]
	report := "/zh/office/report/" + year

	rec := office.post(t, report+"/heading", map[string][]string{"doc": {"zh"},
		"township": {"示例乡"}, "addressee": {"示例县委依法治县办"}, "issuer": {"示例乡人民政府"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save heading = %d: %.300s", rec.Code, rec.Body.String())
	}
	for i, plans := range []string{"在牧区开展双语宣讲。", "在牧区开展双语宣讲。\n培训十名双语调解员。"} {
		rec := office.post(t, report, map[string][]string{"doc": {"zh"}, "part_shortcomings": {"夏季牧场覆盖不足。"}, "part_plans": {plans}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("save %d = %d: %.300s", i, rec.Code, rec.Body.String())
		}
	}
	doc := office.page(t, report, http.StatusOK)
	article := doc.Find("article.report")
	if got, want := article.Find("h1").Text(), "示例乡"+year+"年度法治建设工作情况报告"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got := article.Find(".report-addressee").Text(); got != "示例县委依法治县办：" {
		t.Errorf("addressee = %q", got)
	}
	if got := article.Find(".report-sign").Text(); !strings.HasPrefix(got, "示例乡人民政府") || !strings.Contains(got, year+"年") {
		t.Errorf("signature = %q, want the issuer and the day", got)
	}
	wantParts := []string{"一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、下一年度工作安排"}
	if got := headings(doc, "h2"); strings.Join(got[:min(len(got), 4)], "|") != strings.Join(wantParts, "|") || strings.Contains(strings.Join(got, "|"), "五、") {
		t.Errorf("parts = %q, want %q and no part 五 (nothing written in it)", got, wantParts)
	}
	if got := headings(doc, "h3"); len(got) != 4 || got[0] != "（一）法治宣传教育" || got[3] != "（四）村规民约修订和合法性审查" {
		t.Errorf("sections of part 一 = %q", got)
	}
	if now, before := figureRow(doc, a.locale.T("zh", "figures.people_reached", nil)); now != "120" || before != noComparison {
		t.Errorf("people reached = %q (before %q), want 120 and no comparison in the first year", now, before)
	}
	link, _ := article.Find("table.figures a").First().Attr("href")
	if !strings.HasPrefix(link, "/zh/office/records?") || !strings.Contains(link, "kind=event") {
		t.Errorf("the events figure links to %q, want the inbox of those events", link)
	}
	part2 := article.Find("section").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find("h2").Text() == wantParts[1] })
	if got := part2.Find("p").Text(); got != "夏季牧场覆盖不足。" {
		t.Errorf("part 二 = %q", got)
	}
	part4 := article.Find("section").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find("h2").Text() == wantParts[3] })
	if got := part4.Find("p").Length(); got != 2 {
		t.Errorf("part 四 has %d paragraphs, want the current version's 2", got)
	}
	if n := doc.Find("ol.versions li").Length(); n != 2 {
		t.Errorf("%d versions listed, want 2", n)
	}
	if body := article.Text(); strings.Contains(body, "“明白”") || strings.Contains(body, `"明白"`) || strings.Contains(body, "Mingbai") {
		t.Errorf("the document names the software")
	}
	if !a.hasAudit(t, "report.save", year) || !a.hasAudit(t, "report.heading", "zh") {
		t.Error("saving the report's text or heading is not in the audit log")
	}

	// The Tibetan report never prints the Chinese text: a part written only
	// in Chinese says so, in Tibetan.
	rec = office.post(t, report, map[string][]string{"doc": {"bo"}, "part_other": {"ཟུར་མཆན།"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save Tibetan = %d", rec.Code)
	}
	bo := office.page(t, "/zh/office/report/"+year+"?doc=bo", http.StatusOK)
	if lang, _ := bo.Find("article.report").Attr("lang"); lang != "bo" {
		t.Errorf("the Tibetan report is marked lang=%q", lang)
	}
	if strings.Contains(bo.Find("article.report").Text(), "夏季牧场") {
		t.Error("the Tibetan report prints the Chinese text")
	}
	if !strings.Contains(bo.Find("article.report .report-missing").Text(), a.locale.T("bo", "report.missing_in_lang", map[string]any{"Other": a.locale.T("bo", "report.lang.zh", nil)})) {
		t.Error("the Tibetan report does not say the part is written in Chinese only")
	}
	if got := headings(bo, "h2"); len(got) != 5 || got[4] != "༥ "+a.locale.T("bo", "report.part_other", nil) {
		t.Errorf("Tibetan parts = %q, want five, numbered in Tibetan digits", got)
	}
	// And the Chinese report now has part 五, saying it awaits Chinese.
	doc = office.page(t, report, http.StatusOK)
	if got := headings(doc, "h2"); len(got) != 5 || got[4] != "五、其他" {
		t.Errorf("parts after a Tibetan part 五 = %q", got)
	}

	// The DOCX is the same document.
	rec = office.send(t, http.MethodGet, report+"/report.docx?doc=zh", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("DOCX = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	text := testdocx.Text(t, rec.Body.Bytes())
	for _, want := range append(wantParts, "示例乡"+year+"年度法治建设工作情况报告", "示例县委依法治县办：", "（一）法治宣传教育",
		"夏季牧场覆盖不足。", "培训十名双语调解员。", "示例乡人民政府", a.locale.T("zh", "figures.people_reached", nil)+"|120|"+noComparison) {
		if !strings.Contains(text, want) {
			t.Errorf("the DOCX lacks %q: %.2000s", want, text)
		}
	}
	if !a.hasAudit(t, "export.report", year) {
		t.Error("downloading the report is not in the audit log")
	}

	for _, bad := range []string{"/zh/office/report/abc", "/zh/office/report/1999", "/zh/office/report/1999/report.docx"} {
		if rec := office.send(t, http.MethodGet, bad, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, rec.Code)
		}
	}
	rec = office.post(t, report+"/heading", map[string][]string{"doc": {"zh"}, "township": {strings.Repeat("乡", 101)}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "100") {
		t.Errorf("a heading too long = %d, want 400 naming the limit", rec.Code)
	}
}
