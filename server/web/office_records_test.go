package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

func TestRecordsInboxFilters(t *testing.T) {
	a, office, _ := officeApp(t)
	dolkar := a.phone(t, "dolkar")
	dolkar.push(t, a.fixture(t, "push_mixed.json"))
	tashi := a.phone(t, "tashi")
	tashi.moveTo(t, a.village(t, "乙村", true))
	tashi.pushApplied(t, batch(a.pushed(uuid.NewString(), mingbai.Mediation,
		`{"dispute_kind": "neighbours", "parties": 2, "outcome": "agreement", "summary": "排水沟纠纷"}`)))

	doc := office.page(t, "/zh/office/records", http.StatusOK)
	rows := rowTexts(doc)
	if len(rows) != 6 {
		t.Fatalf("inbox lists %d records, want the 6 current versions: %q", len(rows), rows)
	}
	if doc.Find(`td:first-child a[href="/zh/office/records/`+mixedConsultation+`"]`).Length() != 0 {
		t.Error("the inbox lists a record its correction replaced")
	}
	correction := text(doc, `tr:has(a[href="/zh/office/records/`+mixedCorrection+`"])`)
	for _, want := range []string{"法律咨询", "更正", "示例村", "Test dolkar", "婚姻家庭", "老年人", "已解答", "已接收"} {
		if !strings.Contains(correction, want) {
			t.Errorf("the correction's line %q lacks %q", correction, want)
		}
	}
	body := doc.Text()
	for _, private := range []string{"彩礼能否要回", "已退还部分彩礼", "排水沟纠纷"} {
		if strings.Contains(body, private) {
			t.Errorf("the inbox shows free text %q; it belongs on the record's page, where reading is logged", private)
		}
	}

	cases := []struct {
		query string
		want  int
	}{
		{"village=" + tashi.user.VillageID, 1},
		{"kind=rule_revision", 1},
		{"kind=consultation&village=" + dolkar.user.VillageID, 1},
		{"state=received", 6},
		{"state=approved", 0},
		{"from=" + a.today() + "&to=" + a.today(), 6},
		{"from=" + a.daysAgo(-1), 0},
		{"to=" + a.daysAgo(1), 0},
	}
	for _, c := range cases {
		doc := office.page(t, "/zh/office/records?"+c.query, http.StatusOK)
		if got := len(rowTexts(doc)); got != c.want {
			t.Errorf("?%s lists %d records, want %d", c.query, got, c.want)
		}
	}
	for _, bad := range []string{"kind=gossip", "state=lost", "from=yesterday", "village=x", "page=0"} {
		rec := office.send(t, http.MethodGet, "/zh/office/records?"+bad, nil)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "</html>") {
			t.Errorf("?%s = %d, want a 400 page", bad, rec.Code)
		}
	}
}

func TestRecordsInboxPages(t *testing.T) {
	a, office, _ := officeApp(t)
	p := a.phone(t, "dolkar")
	var events []string
	for i := range inboxPerPage + 5 {
		events = append(events, a.pushed(uuid.NewString(), mingbai.PromotionEvent, fmt.Sprintf(
			`{"place": "第%d村民小组", "audience": "general", "people_reached": %d, "leaflets_bo": 0, "leaflets_zh": 0}`, i, i)))
	}
	p.pushApplied(t, batch(events...))
	p.push(t, a.fixture(t, "push_mixed.json"))

	first := office.page(t, "/zh/office/records?kind=event", http.StatusOK)
	if n := len(rowTexts(first)); n != inboxPerPage {
		t.Fatalf("first page lists %d, want %d", n, inboxPerPage)
	}
	if first.Find(`a[rel="prev"]`).Length() != 0 {
		t.Error("the first page links to a previous one")
	}
	next, ok := first.Find(`a[rel="next"]`).Attr("href")
	if !ok || !strings.Contains(next, "kind=event") || !strings.Contains(next, "page=2") {
		t.Fatalf("next link = %q, want page 2 of the same filter", next)
	}
	second := office.page(t, next, http.StatusOK)
	if n := len(rowTexts(second)); n != 6 {
		t.Errorf("second page lists %d, want the 5 other events and the fixture's one", n)
	}
	if second.Find(`a[rel="next"]`).Length() != 0 || second.Find(`a[rel="prev"]`).Length() != 1 {
		t.Error("the last page's links are wrong")
	}
	if got := text(second, "p.count"); !strings.Contains(got, "51") || !strings.Contains(got, "56") {
		t.Errorf("second page's count = %q, want records 51–56 of 56", got)
	}
}

func TestRecordPageShowsFieldsHistoryAndConflicts(t *testing.T) {
	a, office, _ := officeApp(t)
	p := a.phone(t, "dolkar")
	p.push(t, a.fixture(t, "push_mixed.json"))
	clash := a.pushed(mixedMediation, mingbai.Mediation, `{"dispute_kind": "homestead", "parties": 7, "outcome": "no_agreement"}`)
	if got := resultStatuses(t, p.push(t, batch(clash))); got[0] != store.Conflict {
		t.Fatalf("pushing other content under a stored id = %v, want a conflict", got)
	}

	doc := office.page(t, "/zh/office/records/"+mixedCorrection, http.StatusOK)
	fields := map[string]string{}
	doc.Find("dl.record-fields").First().Find("dt").Each(func(_ int, dt *goquery.Selection) {
		fields[strings.TrimSpace(dt.Text())] = strings.TrimSpace(dt.Next().Text())
	})
	want := map[string]string{"主题": "婚姻家庭", "咨询人": "老年人", "咨询方式": "当面", "结果": "已解答",
		"摘要（不写姓名）": "彩礼能否要回（更正：提问者为老人）"}
	if fmt.Sprint(fields) != fmt.Sprint(want) {
		t.Errorf("fields = %v\nwant     %v", fields, want)
	}
	if n := doc.Find("section.versions li").Length(); n != 2 {
		t.Errorf("%d versions listed, want the original and the correction", n)
	}
	if !strings.Contains(text(doc, "section.followups"), "已退还部分彩礼") {
		t.Error("the follow-up on the first version is not shown with the correction")
	}
	if doc.Find("section.conflicts").Length() != 0 {
		t.Error("a record without conflicts shows some")
	}
	if !a.hasAudit(t, "record.read", mixedCorrection) {
		t.Error("opening a consultation left no audit entry")
	}

	original := office.page(t, "/zh/office/records/"+mixedConsultation, http.StatusOK)
	if href, _ := original.Find("p.superseded a").Attr("href"); href != "/zh/office/records/"+mixedCorrection {
		t.Errorf("the replaced version links to %q, want the correction", href)
	}
	if original.Find("form.review-form").Length() != 0 {
		t.Error("a replaced version offers review actions")
	}

	mediation := office.page(t, "/zh/office/records/"+mixedMediation, http.StatusOK)
	conflict := text(mediation, "section.conflicts")
	if !strings.Contains(conflict, "7") || !strings.Contains(conflict, "未达成协议") {
		t.Errorf("the conflicting copy is not shown with its fields: %q", conflict)
	}
	if !strings.Contains(text(mediation, "dl.record-fields"), "达成协议") {
		t.Error("the stored version is not shown beside its conflict")
	}

	en := office.page(t, "/en/office/records/"+mixedEvent, http.StatusOK)
	fields = map[string]string{}
	en.Find("dl.record-fields dt").Each(func(_ int, dt *goquery.Selection) {
		fields[strings.TrimSpace(dt.Text())] = strings.TrimSpace(dt.Next().Text())
	})
	if fields["Audience"] != "Herders" || fields["Tibetan leaflets handed out"] != "60" || fields["Materials used"] != "bride-price" {
		t.Errorf("event in English = %v", fields)
	}
	followUp := office.page(t, "/zh/office/records/"+mixedFollowUp, http.StatusOK)
	if followUp.Find(`dl.record-meta a[href="/zh/office/records/`+mixedConsultation+`"]`).Length() != 1 {
		t.Error("a follow-up does not link to the record it follows")
	}
	office.page(t, "/zh/office/records/"+uuid.NewString(), http.StatusNotFound)
	office.page(t, "/zh/office/records/not-a-uuid", http.StatusNotFound)
}

func TestReviewARuleRevision(t *testing.T) {
	a, office, _ := officeApp(t)
	p := a.phone(t, "dolkar")
	p.push(t, a.fixture(t, "push_mixed.json"))
	cursor := p.pull(t, 0, 500).NextCursor
	page := "/zh/office/records/" + mixedRevision
	doc := office.page(t, page, http.StatusOK)
	if got := fmt.Sprint(reviewActions(doc)); got != "[approve return]" {
		t.Fatalf("a received revision offers %s", got)
	}
	if strings.Contains(text(doc, "dl.record-fields"), "赞成票") {
		t.Error("a revision shows votes before any meeting was held")
	}

	rec := office.post(t, page+"/review", url.Values{"action": {"return"}, "comment": {"  "}})
	doc = parseStatus(t, "return without a comment", rec, http.StatusBadRequest)
	if got := text(doc, ".notice.error"); got != a.locale.T("zh", "error.review_comment", nil) {
		t.Errorf("error shown = %q", got)
	}
	if rec := office.send(t, http.MethodPost, page+"/review", url.Values{"action": {"approve"}}); rec.Code != http.StatusForbidden {
		t.Errorf("a review without the CSRF token = %d, want 403", rec.Code)
	}
	resident := a.browser()
	a.addAccount(t, "norbu", mingbai.Resident)
	resident.login(t, "norbu", testPassword)
	if rec := resident.post(t, page+"/review", url.Values{"action": {"approve"}}); rec.Code != http.StatusForbidden {
		t.Errorf("a resident's review = %d, want 403", rec.Code)
	}

	comment := "第三条“禁止索要高额彩礼”宜改为“禁止借婚姻索取财物”，与《民法典》第1042条一致。"
	rec = office.post(t, page+"/review", url.Values{"action": {"return"}, "comment": {comment}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page {
		t.Fatalf("return = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if !a.hasAudit(t, "record.review", mixedRevision) {
		t.Error("the return left no audit entry")
	}
	var pulled *recordJSON
	for _, c := range p.pull(t, cursor, 500).Changes {
		if c.Record != nil && c.Record.ID == mixedRevision {
			pulled = c.Record
		}
	}
	if pulled == nil || pulled.State != "returned" || pulled.Review != comment {
		t.Fatalf("the resident's next pull = %+v, want the revision returned with the comment", pulled)
	}
	doc = office.page(t, page, http.StatusOK)
	if text(doc, ".notice") != a.locale.T("zh", "office.review_saved", nil) || len(reviewActions(doc)) != 0 {
		t.Errorf("after the return: notice %q, actions %v", text(doc, ".notice"), reviewActions(doc))
	}
	if !strings.Contains(text(doc, "section.reviews"), comment) || text(doc, "dd.state") != "已退回修改" {
		t.Error("the return is not in the record's history")
	}

	rec = office.post(t, page+"/review", url.Values{"action": {"approve"}})
	doc = parseStatus(t, "approving a returned revision", rec, http.StatusConflict)
	if got := text(doc, ".notice.error"); got != a.locale.T("zh", "error.review_state", nil) {
		t.Errorf("conflict shown as %q", got)
	}

	// A new revision, approved, then adopted by the villagers' meeting.
	id := uuid.NewString()
	p.pushApplied(t, batch(a.pushed(id, mingbai.RuleRevision,
		`{"articles": "第五条", "text_zh": "草场流转须经村民会议讨论", "reason": "规范流转", "votes_for": 0, "votes_against": 0, "votes_abstain": 0}`)))
	page = "/zh/office/records/" + id
	if rec := office.post(t, page+"/review", url.Values{"action": {"approve"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d: %.300s", rec.Code, rec.Body.String())
	}
	if got := fmt.Sprint(reviewActions(office.page(t, page, http.StatusOK))); got != "[adopt]" {
		t.Fatalf("an approved revision offers %s", got)
	}
	adopt := func(votesFor string) url.Values {
		return url.Values{"action": {"adopt"}, "meeting_on": {a.today()}, "votes_for": {votesFor},
			"votes_against": {"12"}, "votes_abstain": {"3"}, "comment": {"备案"}}
	}
	for _, c := range []struct {
		votesFor string
		msgID    string
	}{{"四十", "error.review_votes"}, {"15", "error.review_no_majority"}} {
		doc := parseStatus(t, "adopt with "+c.votesFor, office.post(t, page+"/review", adopt(c.votesFor)), http.StatusBadRequest)
		if got := text(doc, ".notice.error"); got != a.locale.T("zh", c.msgID, nil) {
			t.Errorf("adopt with %s votes for: %q", c.votesFor, got)
		}
		if v, _ := doc.Find("#votes_for").Attr("value"); v != c.votesFor {
			t.Errorf("the refused form lost what was typed: votes for %q", v)
		}
	}
	if rec := office.post(t, page+"/review", adopt("40")); rec.Code != http.StatusSeeOther {
		t.Fatalf("adopt = %d: %.300s", rec.Code, rec.Body.String())
	}
	doc = office.page(t, page, http.StatusOK)
	if got := text(doc, "section.reviews"); !strings.Contains(got, "赞成 40 票，反对 12 票，弃权 3 票") {
		t.Errorf("the adoption's votes are not shown: %q", got)
	}
	if text(doc, "dd.state") != "村民会议已通过" {
		t.Errorf("state = %q", text(doc, "dd.state"))
	}
}

func TestReviewAReferral(t *testing.T) {
	a, office, _ := officeApp(t)
	p := a.phone(t, "dolkar")
	devices, _ := a.store.DevicesOf(t.Context(), p.user.ID)
	id := a.storedReferral(t, p.user, devices[0].ID)
	page := "/zh/office/records/" + id
	if got := fmt.Sprint(reviewActions(office.page(t, page, http.StatusOK))); got != "[accept return]" {
		t.Fatalf("a referral offers %s", got)
	}
	if rec := office.post(t, page+"/review", url.Values{"action": {"approve"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("approving a consultation = %d, want 400", rec.Code)
	}
	if rec := office.post(t, page+"/review", url.Values{"action": {"accept"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept = %d", rec.Code)
	}
	if rec := office.post(t, page+"/review", url.Values{"action": {"close"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("closing without an outcome = %d, want 400", rec.Code)
	}
	outcome := "已转县法律援助中心，当事人已获指派律师。"
	if rec := office.post(t, page+"/review", url.Values{"action": {"close"}, "comment": {outcome}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("close = %d", rec.Code)
	}
	doc := office.page(t, page, http.StatusOK)
	if text(doc, "dd.state") != "已办结" || !strings.Contains(text(doc, ".review-comment"), outcome) {
		t.Errorf("closed referral shows state %q and comment %q", text(doc, "dd.state"), text(doc, ".review-comment"))
	}
	if n := doc.Find("section.reviews tbody tr").Length(); n != 2 {
		t.Errorf("%d actions in the history, want the acceptance and the close", n)
	}
	if rec := office.post(t, "/zh/office/records/"+uuid.NewString()+"/review", url.Values{"action": {"accept"}}); rec.Code != http.StatusNotFound {
		t.Errorf("reviewing no record = %d, want 404", rec.Code)
	}
}
