package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestCampaignsTheOfficeKeeps: the office adds a campaign and takes one
// off its list; the event form offers what is on it; an event of a
// campaign is counted by campaign on the figures and in the export, and a
// campaign nobody keeps is refused.
func TestCampaignsTheOfficeKeeps(t *testing.T) {
	a := newTestApp(t)
	office := a.officeBrowser(t)
	if rec := office.post(t, "/zh/office/campaigns", url.Values{"name_zh": {"草原普法行"}, "name_bo": {"ཁྲིམས་བསྒྲགས།"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add a campaign = %d: %.300s", rec.Code, rec.Body.String())
	}
	campaigns, err := a.store.Campaigns(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	slug := ""
	for _, c := range campaigns {
		if c.NameZH == "草原普法行" {
			slug = c.Slug
		}
	}
	if !mingbai.ValidSlug(slug) {
		t.Fatalf("the new campaign has slug %q", slug)
	}
	if rec := office.post(t, "/zh/office/campaigns", url.Values{"slug": {"anti-drug-day"}, "name_zh": {"国际禁毒日"}, "active": {"0"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("take a campaign off = %d", rec.Code)
	}
	if !a.hasAudit(t, "campaign.save", slug) {
		t.Error("adding a campaign is not in the audit log")
	}
	form := office.page(t, "/zh/office/records/new?kind=event", http.StatusOK)
	options := form.Find("select#f-campaign option").Text()
	if !strings.Contains(options, "草原普法行") || !strings.Contains(options, "宪法宣传周") || strings.Contains(options, "国际禁毒日") {
		t.Errorf("the event form offers %q: want the campaigns on the list only", options)
	}
	f := officeRecordForm(t, a, mingbai.PromotionEvent, "", a.today())
	f.Set("campaign", slug)
	if rec := office.post(t, "/zh/office/records/new", f); rec.Code != http.StatusSeeOther {
		t.Fatalf("an event of the campaign = %d: %.300s", rec.Code, rec.Body.String())
	}
	f = officeRecordForm(t, a, mingbai.PromotionEvent, "", a.today())
	f.Set("campaign", "no-such-campaign")
	if rec := office.post(t, "/zh/office/records/new", f); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), a.locale.T("zh", "error.campaign_unknown", nil)) {
		t.Errorf("an event of an unknown campaign = %d, want 400 saying so", rec.Code)
	}
	fig, err := a.store.Figures(t.Context(), store.FigureFilter{Period: mingbai.YearOf(a.clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if got := fig.By(mingbai.PromotionEvent, "campaign")[slug]; got != 1 {
		t.Errorf("events of the campaign = %d, want 1", got)
	}
	rows := readCSV(t, office.send(t, http.MethodGet, "/zh/office/figures/export.csv", nil).Body.Bytes())
	found := false
	for _, r := range rows {
		found = found || (len(r) > 1 && r[0] == "草原普法行" && r[1] == "1")
	}
	if !found {
		t.Error("the figures' export does not count the campaign's event under its name")
	}
}

// TestAnEventCoversSeveralTopics: besides its main topic, an event names
// the other topics it covered; each is counted under them, the event once.
func TestAnEventCoversSeveralTopics(t *testing.T) {
	a := newTestApp(t)
	office := a.officeBrowser(t)
	form := office.page(t, "/zh/office/records/new?kind=event", http.StatusOK)
	if n := form.Find(`fieldset[data-name="topics"] input[type=checkbox][name="topics"]`).Length(); n < 2 {
		t.Fatalf("the event form offers %d other topics as checkboxes", n)
	}
	f := officeRecordForm(t, a, mingbai.PromotionEvent, "", a.today())
	f.Set("topic", "marriage-family")
	f["topics"] = []string{"telecom-fraud", "marriage-family"}
	rec := office.post(t, "/zh/office/records/new", f)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("an event of several topics = %d: %.300s", rec.Code, rec.Body.String())
	}
	page := office.page(t, rec.Header().Get("Location"), http.StatusOK)
	if !strings.Contains(page.Text(), "电信诈骗") {
		t.Error("the record's page does not name the other topic")
	}
	fig, err := a.store.Figures(t.Context(), store.FigureFilter{Period: mingbai.YearOf(a.clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Count(mingbai.PromotionEvent) != 1 || fig.By(mingbai.PromotionEvent, "topics")["telecom-fraud"] != 1 ||
		fig.By(mingbai.PromotionEvent, "topics")["marriage-family"] != 1 {
		t.Errorf("events %d, by other topic %v: want one event, counted under each topic it covered",
			fig.Count(mingbai.PromotionEvent), fig.By(mingbai.PromotionEvent, "topics"))
	}
	f = officeRecordForm(t, a, mingbai.PromotionEvent, "", a.today())
	f["topics"] = []string{"no-such-topic"}
	if rec := office.post(t, "/zh/office/records/new", f); rec.Code != http.StatusBadRequest {
		t.Errorf("an event of an unknown topic = %d, want 400", rec.Code)
	}
}
