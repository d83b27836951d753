package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

func TestOfficeCreatesResident(t *testing.T) {
	a, office, village := officeApp(t)
	closed := a.village(t, "旧村", false)
	doc := office.page(t, "/zh/office/residents/new", 200)
	if doc.Find(`select[name=village] option[value="`+village+`"]`).Length() != 1 || doc.Find(`option[value="`+closed+`"]`).Length() != 0 {
		t.Error("the new resident form must offer the active village and not the deactivated one")
	}
	form := func(username, name, village string) url.Values {
		return url.Values{"username": {username}, "display_name": {name}, "village": {village}}
	}
	refusals := []struct {
		name   string
		form   url.Values
		status int
		msgID  string
		args   map[string]any
	}{
		{"empty name", form("tashi", "  ", village), 400, "error.display_name_invalid", nil},
		{"bad username", form("ta shi", "Tashi", village), 400, "error.username_invalid",
			map[string]any{"Min": mingbai.MinUsernameBytes, "Max": mingbai.MaxUsernameBytes}},
		{"username taken", form("Clerk", "Tashi", village), 409, "error.username_taken", nil},
		{"no village", form("tashi", "Tashi", ""), 400, "error.village_required", nil},
		{"unknown village", form("tashi", "Tashi", "0190a000-0000-7000-8000-000000000000"), 400, "error.village_unknown", nil},
		{"deactivated village", form("tashi", "Tashi", closed), 400, "error.village_inactive", nil},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			doc := parseStatus(t, "POST new resident", office.post(t, "/zh/office/residents/new", tc.form), tc.status)
			if got, want := text(doc, ".notice.error"), a.locale.T("zh", tc.msgID, tc.args); got != want {
				t.Errorf("error shown = %q, want %q", got, want)
			}
			if got, want := doc.Find("#username").AttrOr("value", ""), strings.ToLower(tc.form.Get("username")); got != want {
				t.Errorf("username kept = %q, want %q", got, want)
			}
			if got, want := doc.Find("#display_name").AttrOr("value", ""), strings.TrimSpace(tc.form.Get("display_name")); got != want {
				t.Errorf("name kept = %q, want %q", got, want)
			}
		})
	}

	rec := office.post(t, "/zh/office/residents/new", form("tashi", " Tashi ", village))
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/zh/office/residents/") {
		t.Fatalf("create = %d to %q", rec.Code, loc)
	}
	noticeCookie := office.cookies[noticeCookie]
	doc = office.page(t, loc, 200)
	password := text(doc, ".one-time .password")
	if len(password) != 16 {
		t.Fatalf("one-time password shown = %q", password)
	}
	if doc := office.page(t, loc, 200); doc.Find(".password").Length() != 0 {
		t.Error("the one-time password is shown a second time")
	}
	office.cookies[noticeCookie.Name] = noticeCookie // even to a browser that kept the cookie
	if doc := office.page(t, loc, 200); doc.Find(".password").Length() != 0 {
		t.Error("the one-time password is shown again for a replayed cookie")
	}
	if rec := a.browser().login(t, "tashi", password); rec.Header().Get("Location") != "/zh/account/password" {
		t.Errorf("first login of the new resident goes to %q, want the password page", rec.Header().Get("Location"))
	}
	if !a.hasAudit(t, "resident.add", "tashi") {
		t.Error("no audit entry resident.add")
	}
	row := office.page(t, "/zh/office/residents", 200).Find(`tr:has(a[href="` + loc + `"])`)
	if got := row.Text(); !strings.Contains(got, "Tashi") || !strings.Contains(got, "示例村") || !strings.Contains(got, a.locale.T("zh", "office.never", nil)) {
		t.Errorf("list row = %q; want name, village and never seen", got)
	}
}

func TestOfficeEditsResident(t *testing.T) {
	a, office, village := officeApp(t)
	u := a.addAccount(t, "dolma", mingbai.Resident)
	other := a.village(t, "新村", true)
	path := "/zh/office/residents/" + u.ID

	doc := parseStatus(t, "POST empty name", office.post(t, path, url.Values{"display_name": {""}, "village": {other}}), 400)
	if text(doc, ".notice.error") != a.locale.T("zh", "error.display_name_invalid", nil) ||
		doc.Find(`option[value="`+other+`"][selected]`).Length() != 1 {
		t.Error("a refused edit must say why and keep the village chosen")
	}
	rec := office.post(t, path, url.Values{"display_name": {"Dolma Tsering"}, "village": {other}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path {
		t.Fatalf("edit = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	doc = office.page(t, path, 200)
	if text(doc, ".notice") != a.locale.T("zh", "office.saved", nil) || text(doc, "h1") != "Dolma Tsering" {
		t.Errorf("after saving: notice %q, heading %q", text(doc, ".notice"), text(doc, "h1"))
	}
	got, err := a.store.UserByID(t.Context(), u.ID)
	if err != nil || got.VillageID != other || got.VillageID == village {
		t.Errorf("stored village = %v, %v; want 新村", got, err)
	}
	if !a.hasAudit(t, "resident.update", "dolma") {
		t.Error("no audit entry resident.update")
	}

	// The roster: appointed on a day, and a last day that cannot come
	// before it.
	roster := url.Values{"display_name": {"Dolma Tsering"}, "village": {other}, "appointed_on": {a.daysAgo(300)}, "left_on": {a.daysAgo(301)}}
	doc = parseStatus(t, "a last day before the appointment", office.post(t, path, roster), 400)
	if got, want := text(doc, ".notice.error"), a.locale.T("zh", "office.left_on", nil); !strings.Contains(got, want) || !strings.Contains(got, a.daysAgo(300)) {
		t.Errorf("a bad last day is refused with %q, want it to name %s and the window from %s", got, want, a.daysAgo(300))
	}
	if v := doc.Find("#left_on").AttrOr("value", ""); v != a.daysAgo(301) {
		t.Errorf("the refused form shows last day %q, want what was typed", v)
	}
	roster.Set("left_on", a.daysAgo(10))
	if rec := office.post(t, path, roster); rec.Code != http.StatusSeeOther {
		t.Fatalf("roster dates = %d: %.300s", rec.Code, rec.Body.String())
	}
	if got, _ := a.store.UserByID(t.Context(), u.ID); got.AppointedOn != a.daysAgo(300) || got.LeftOn != a.daysAgo(10) {
		t.Errorf("stored roster %s..%s, want %s..%s", got.AppointedOn, got.LeftOn, a.daysAgo(300), a.daysAgo(10))
	}

	clerk, _, err := a.store.UserForLogin(t.Context(), "clerk")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/zh/office/residents/not-a-uuid", "/zh/office/residents/0190a000-0000-7000-8000-000000000000",
		"/zh/office/residents/" + clerk.ID} {
		doc := office.page(t, p, 404)
		if !strings.Contains(doc.Find("main").Text(), a.locale.T("zh", "error.user_not_found", nil)) {
			t.Errorf("GET %s does not say there is no such account", p)
		}
		if rec := office.post(t, p+"/password", nil); rec.Code != http.StatusNotFound {
			t.Errorf("reset through %s = %d, want 404", p, rec.Code)
		}
	}
}

func TestOfficeResetsPassword(t *testing.T) {
	a, office, _ := officeApp(t)
	u, phone, d := a.residentWithPhone(t, "dolma")
	token := d.Token

	path := "/zh/office/residents/" + u.ID
	if rec := office.post(t, path+"/password", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path {
		t.Fatalf("reset = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	password := text(office.page(t, path, 200), ".one-time .password")
	if password == "" {
		t.Fatal("the new one-time password is not shown")
	}
	if rec := phone.send(t, http.MethodGet, "/zh/field", nil); rec.Code != http.StatusSeeOther ||
		!strings.HasPrefix(rec.Header().Get("Location"), "/zh/login") {
		t.Errorf("the resident's old session after a reset = %d to %q, want the login page", rec.Code, rec.Header().Get("Location"))
	}
	if rec := a.browser().login(t, "dolma", testPassword); rec.Code != http.StatusUnauthorized {
		t.Errorf("old password after a reset = %d, want 401", rec.Code)
	}
	if rec := a.browser().login(t, "dolma", password); rec.Header().Get("Location") != "/zh/account/password" {
		t.Errorf("new password goes to %q, want the password page first", rec.Header().Get("Location"))
	}
	if rec := a.me(t, token); rec.Code != http.StatusOK {
		t.Errorf("the phone after a reset = %d; it must keep syncing", rec.Code)
	}
	if !a.hasAudit(t, "resident.reset_password", "dolma") {
		t.Error("no audit entry resident.reset_password")
	}
}

func TestOfficeDeactivatesResident(t *testing.T) {
	a, office, _ := officeApp(t)
	u, phone, d := a.residentWithPhone(t, "dolma")
	token := d.Token
	path := "/zh/office/residents/" + u.ID

	if rec := office.post(t, path+"/active", url.Values{"active": {"maybe"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("active=maybe = %d, want 400", rec.Code)
	}
	if rec := office.post(t, path+"/active", url.Values{"active": {"false"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", rec.Code)
	}
	if rec := phone.send(t, http.MethodGet, "/zh/field", nil); rec.Code != http.StatusSeeOther ||
		!strings.HasPrefix(rec.Header().Get("Location"), "/zh/login") {
		t.Errorf("deactivated resident's session = %d to %q, want the login page", rec.Code, rec.Header().Get("Location"))
	}
	if rec := a.me(t, token); rec.Code != http.StatusUnauthorized {
		t.Errorf("deactivated resident's token = %d, want 401", rec.Code)
	}
	if rec := a.browser().login(t, "dolma", testPassword); rec.Code != http.StatusUnauthorized {
		t.Errorf("deactivated resident's login = %d, want 401", rec.Code)
	}
	doc := office.page(t, path, 200)
	if text(doc, ".notice") != a.locale.T("zh", "office.resident_deactivated", nil) || doc.Find(`input[name=active][value=true]`).Length() != 1 {
		t.Error("the resident's page must say they are deactivated and offer to reactivate")
	}
	if row := office.page(t, "/zh/office/residents", 200).Find("tr.inactive"); !strings.Contains(row.Text(), "dolma") {
		t.Error("the list does not show the resident as deactivated")
	}

	if rec := office.post(t, path+"/active", url.Values{"active": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reactivate = %d", rec.Code)
	}
	again := a.browser()
	if rec := again.login(t, "dolma", testPassword); rec.Header().Get("Location") != "/zh/field" {
		t.Errorf("login after reactivation goes to %q", rec.Header().Get("Location"))
	}
	if rec := a.me(t, token); rec.Code != http.StatusUnauthorized {
		t.Errorf("old token after reactivation = %d, want 401: the phone registers anew", rec.Code)
	}
	if rec := a.me(t, again.registerPhone(t, "Android · Chrome").Token); rec.Code != http.StatusOK {
		t.Errorf("new token after reactivation = %d", rec.Code)
	}
	for _, action := range []string{"resident.deactivate", "resident.activate"} {
		if !a.hasAudit(t, action, "dolma") {
			t.Errorf("no audit entry %s", action)
		}
	}
}

func TestOfficeRevokesDevice(t *testing.T) {
	a, office, _ := officeApp(t)
	u := a.addAccount(t, "dolma", mingbai.Resident)
	other := a.addAccount(t, "tashi", mingbai.Resident)
	phone := a.browser()
	phone.login(t, "dolma", testPassword)
	lost := phone.registerPhone(t, "Android · WeChat")
	kept := phone.registerPhone(t, "Android · Chrome")
	path := "/zh/office/residents/" + u.ID

	doc := office.page(t, path, 200)
	if n := doc.Find(".devices form button").Length(); n != 2 {
		t.Fatalf("%d revoke buttons, want one per phone", n)
	}
	if row := doc.Find(".devices tr:contains('Android · WeChat')").Text(); !strings.Contains(row, mingbai.TownshipTime(lost.Device.LastSeenAt)) {
		t.Errorf("device row %q lacks its last use", row)
	}
	revoke := path + "/devices/" + lost.Device.ID + "/revoke"
	for _, p := range []string{"/zh/office/residents/" + other.ID + "/devices/" + lost.Device.ID + "/revoke",
		path + "/devices/not-a-uuid/revoke"} {
		if rec := office.post(t, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", p, rec.Code)
		}
	}
	if rec := a.me(t, lost.Token); rec.Code != http.StatusOK {
		t.Fatalf("a refused revoke stopped the phone: %d", rec.Code)
	}
	if rec := office.post(t, revoke, nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path {
		t.Fatalf("revoke = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec := a.me(t, lost.Token, "Accept-Language", "zh")
	if rec.Code != http.StatusUnauthorized || apiErrorOf(t, rec).Message != a.locale.T("zh", "error.device_revoked", nil) {
		t.Errorf("revoked token = %d %s, want 401 saying it was revoked", rec.Code, rec.Body.String())
	}
	if rec := a.me(t, kept.Token); rec.Code != http.StatusOK {
		t.Errorf("the other phone = %d, want it still working", rec.Code)
	}
	if rec := phone.send(t, http.MethodGet, "/zh/field", nil); rec.Code != http.StatusSeeOther ||
		!strings.HasPrefix(rec.Header().Get("Location"), "/zh/login") {
		t.Errorf("the resident's session after a revoke = %d to %q, want it ended", rec.Code, rec.Header().Get("Location"))
	}
	doc = office.page(t, path, 200)
	if n := doc.Find(".devices form button").Length(); n != 1 || !strings.Contains(doc.Find(".devices tr.inactive").Text(), a.locale.T("zh", "office.revoked", nil)) {
		t.Errorf("after the revoke: %d buttons, revoked row %q", n, doc.Find(".devices tr.inactive").Text())
	}
	if !a.hasAudit(t, "device.revoke", "dolma") {
		t.Error("no audit entry device.revoke")
	}
}
