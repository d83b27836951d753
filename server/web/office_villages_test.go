package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
)

func TestOfficeVillages(t *testing.T) {
	a, office, _ := officeApp(t)
	add := func(zh, bo string) *http.Response {
		return office.post(t, "/zh/office/villages", url.Values{"name_zh": {zh}, "name_bo": {bo}}).Result()
	}

	doc := parseStatus(t, "POST a village without a Chinese name", office.post(t, "/zh/office/villages",
		url.Values{"name_zh": {" "}, "name_bo": {"ཀ་གྲོང་།"}}), 400)
	if text(doc, ".notice.error") != a.locale.T("zh", "error.village_name_missing", nil) || doc.Find("#name_bo").AttrOr("value", "") != "ཀ་གྲོང་།" {
		t.Error("a refused village must say why and keep the Tibetan name typed")
	}
	if res := add("甲村", "ཀ་གྲོང་།"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/zh/office/villages" {
		t.Fatalf("add 甲村 = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc = office.page(t, "/zh/office/villages", 200)
	link := doc.Find(`a:contains('甲村')`)
	href, ok := link.Attr("href")
	if !ok || text(doc, ".notice") != a.locale.T("zh", "office.village_added", nil) {
		t.Fatalf("the list does not show 甲村 with a notice")
	}
	doc = parseStatus(t, "POST 甲村 again", office.post(t, "/zh/office/villages", url.Values{"name_zh": {"甲村"}}), 409)
	if text(doc, ".notice.error") != a.locale.T("zh", "error.village_taken", nil) {
		t.Errorf("a second 甲村 says %q", text(doc, ".notice.error"))
	}

	rec := office.post(t, href, url.Values{"name_zh": {"甲村"}, "name_bo": {"ཀ་སྡེ།"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != href {
		t.Fatalf("rename = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if doc := office.page(t, strings.Replace(href, "/zh/", "/bo/", 1), 200); text(doc, "h1") != "ཀ་སྡེ།" {
		t.Errorf("the Tibetan page's heading = %q, want the new Tibetan name", text(doc, "h1"))
	}
	doc = parseStatus(t, "POST an empty rename", office.post(t, href, url.Values{"name_zh": {""}, "name_bo": {"x"}}), 400)
	if doc.Find("#name_bo").AttrOr("value", "") != "x" {
		t.Error("a refused rename must keep what was typed")
	}

	// A deactivated village keeps its residents, shown on its page, and
	// takes no new ones.
	id := href[strings.LastIndex(href, "/")+1:]
	dolma := &mingbai.User{Username: "dolma", DisplayName: "Dolma", Role: mingbai.Resident, VillageID: id}
	if err := a.store.CreateUser(t.Context(), dolma, mustHash(t, testPassword)); err != nil {
		t.Fatal(err)
	}
	if rec := office.post(t, href+"/active", url.Values{"active": {"false"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", rec.Code)
	}
	doc = office.page(t, href, 200)
	if !strings.Contains(doc.Find("main").Text(), a.locale.T("zh", "office.village_is_inactive", nil)) ||
		doc.Find(`.village-residents a[href="/zh/office/residents/`+dolma.ID+`"]`).Length() != 1 {
		t.Error("a deactivated village's page must say so and list its residents")
	}
	if office.page(t, "/zh/office/residents/new", 200).Find(`option[value="`+id+`"]`).Length() != 0 {
		t.Error("the new resident form offers a deactivated village")
	}
	if office.page(t, "/zh/office/residents/"+dolma.ID, 200).Find(`option[value="`+id+`"][selected]`).Length() != 1 {
		t.Error("the resident's own deactivated village must stay selectable on their form")
	}
	if rec := office.post(t, href+"/active", url.Values{"active": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reactivate = %d", rec.Code)
	}
	for _, action := range []string{"village.add", "village.update", "village.deactivate", "village.activate"} {
		if !a.hasAudit(t, action, "甲村") {
			t.Errorf("no audit entry %s", action)
		}
	}
	for _, p := range []string{"/zh/office/villages/not-a-uuid", "/zh/office/villages/0190a000-0000-7000-8000-000000000000"} {
		doc := office.page(t, p, 404)
		if !strings.Contains(doc.Find("main").Text(), a.locale.T("zh", "error.village_unknown", nil)) {
			t.Errorf("GET %s does not say there is no such village", p)
		}
	}
}

func TestOfficeFormsNeedTheirCSRFToken(t *testing.T) {
	a, office, _ := officeApp(t)
	rec := office.send(t, http.MethodPost, "/zh/office/villages", url.Values{"name_zh": {"甲村"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("a village form without its token = %d, want 403", rec.Code)
	}
	if rows, _ := a.store.Villages(t.Context()); len(rows) != 1 {
		t.Errorf("%d villages after a forged form, want only 示例村", len(rows))
	}
}

// TestPeoplePagesInEveryLanguage renders the office's and the resident's
// pages in every language, after one of each office action, so every
// audit label shows on the desk, and fails on any missing message.
func TestPeoplePagesInEveryLanguage(t *testing.T) {
	a, office, village := officeApp(t)
	u, _, d := a.residentWithPhone(t, "dolma")
	resident := "/zh/office/residents/" + u.ID
	office.post(t, "/zh/office/residents/new", url.Values{"username": {"tashi"}, "display_name": {"Tashi"}, "village": {village}})
	office.post(t, resident, url.Values{"display_name": {"Dolma"}, "village": {village}})
	office.post(t, resident+"/devices/"+d.Device.ID+"/revoke", nil)
	office.post(t, resident+"/password", nil)
	office.post(t, resident+"/active", url.Values{"active": {"false"}})
	office.post(t, resident+"/active", url.Values{"active": {"true"}})
	office.post(t, "/zh/office/villages", url.Values{"name_zh": {"甲村"}})
	office.post(t, "/zh/office/villages/"+village, url.Values{"name_zh": {"示例村"}, "name_bo": {"དཔེ་གྲོང་།"}})
	office.post(t, "/zh/office/villages/"+village+"/active", url.Values{"active": {"false"}})
	office.post(t, "/zh/office/villages/"+village+"/active", url.Values{"active": {"true"}})

	missing := regexp.MustCompile(regexp.QuoteMeta(locale.Missing) + `[a-z_.]+`)
	field := a.browser()
	a.addAccount(t, "norbu", mingbai.Resident)
	field.login(t, "norbu", testPassword)
	for _, l := range mingbai.InterfaceLangs {
		p := "/" + string(l)
		for _, c := range []struct {
			b    *browser
			path string
		}{{office, p + "/office"}, {office, p + "/office/residents"}, {office, p + "/office/residents/new"},
			{office, p + "/office/residents/" + u.ID}, {office, p + "/office/villages"},
			{office, p + "/office/villages/" + village}, {field, p + "/field"}} {
			rec := c.b.send(t, http.MethodGet, c.path, nil)
			if rec.Code != http.StatusOK {
				t.Errorf("GET %s = %d", c.path, rec.Code)
			}
			if m := missing.FindString(rec.Body.String()); m != "" {
				t.Errorf("GET %s shows a missing message: %s", c.path, m)
			}
		}
	}
}
