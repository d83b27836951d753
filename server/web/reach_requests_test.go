package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
)

func TestTopicRequests(t *testing.T) {
	a, office, _ := officeApp(t)
	vid := a.village(t, "甲村", true)
	v, err := a.store.VillageByID(t.Context(), vid)
	if err != nil {
		t.Fatal(err)
	}
	ask := func(addr string, form url.Values, header ...string) (int, string, string) {
		t.Helper()
		if header == nil {
			header = []string{"Origin", ourOrigin}
		}
		rec := a.anonPost(t, "/zh/requests", addr, form, header...)
		return rec.Code, rec.Header().Get("Location"), rec.Body.String()
	}

	t.Run("the home page asks, saying to leave out personal data", func(t *testing.T) {
		topics, err := a.store.Topics(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		doc := a.page(t, "/zh/", http.StatusOK)
		form := doc.Find(`form[method=post][action="/zh/requests"]`)
		if n := form.Find("select[name=topic] option").Length(); n != len(topics) {
			t.Errorf("%d topics to choose from, want all %d", n, len(topics))
		}
		if form.Find("textarea[name=note][maxlength='200']").Length() != 1 ||
			!strings.Contains(form.Text(), a.locale.T("zh", "reach.ask_hint", nil)) {
			t.Error("no note field capped at 200, or no hint against personal data")
		}
	})

	code, loc, _ := ask("198.51.100.1:1", url.Values{"topic": {"marriage-family"}, "note": {"  想了解彩礼能不能退  "}})
	if code != http.StatusSeeOther || loc != "/zh/?asked=1#ask" {
		t.Fatalf("request = %d to %q, want 303 to the thank-you", code, loc)
	}

	t.Run("the thank-you is the reader's alone", func(t *testing.T) {
		thanks := a.locale.T("zh", "reach.ask_thanks", nil)
		rec := a.do(t, "/zh/?asked=1")
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" || !strings.Contains(rec.Body.String(), thanks) {
			t.Errorf("thank-you = %d, Cache-Control %q; want 200, no-store, with thanks", rec.Code, rec.Header().Get("Cache-Control"))
		}
		if strings.Contains(a.do(t, "/zh/").Body.String(), thanks) {
			t.Error("the shared home page thanks everyone")
		}
	})

	t.Run("refusals", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			form   url.Values
			header []string
			status int
			msgID  string
		}{
			{"the same topic again within the hour", url.Values{"topic": {"marriage-family"}}, nil, http.StatusTooManyRequests, "error.request_again"},
			{"no topic", url.Values{"note": {"x"}}, nil, http.StatusBadRequest, "error.request_topic"},
			{"an unknown topic", url.Values{"topic": {"astrology"}}, nil, http.StatusBadRequest, "error.request_topic"},
			{"a long note", url.Values{"topic": {"legal-aid"}, "note": {strings.Repeat("话", 201)}}, nil,
				http.StatusRequestEntityTooLarge, "error.request_note_long"},
			{"from another site", url.Values{"topic": {"minors"}}, []string{"Origin", "https://evil.example"},
				http.StatusForbidden, "error.cross_site"},
		} {
			status, _, body := ask("198.51.100.1:2", c.form, c.header...)
			if status != c.status || !strings.Contains(body, a.locale.T("zh", c.msgID, nil)) {
				t.Errorf("%s = %d, want %d with %s", c.name, status, c.status, c.msgID)
			}
		}
	})

	// Another topic from the same reader, with the village's code (typed
	// in lower case), counts for the village.
	if code, _, _ := ask("198.51.100.1:3", url.Values{"topic": {"telecom-fraud"}, "v": {strings.ToLower(v.Code)}}); code != http.StatusSeeOther {
		t.Fatalf("second topic = %d", code)
	}
	if f := a.reach(t, ""); f.Requests != 2 || f.RequestsByTopic["marriage-family"] != 1 || f.RequestsByTopic["telecom-fraud"] != 1 {
		t.Errorf("requests = %v (%d), want one each for two topics", f.RequestsByTopic, f.Requests)
	}
	if f := a.reach(t, vid); f.Requests != 1 || f.RequestsByTopic["telecom-fraud"] != 1 {
		t.Errorf("the village's requests = %v, want telecom-fraud once", f.RequestsByTopic)
	}

	t.Run("the office reads the ranking and the notes, and deletes one", func(t *testing.T) {
		doc := office.page(t, "/zh/office/requests", http.StatusOK)
		if n := doc.Find("table.requests tbody tr").Length(); n != 2 {
			t.Errorf("%d topics ranked, want 2", n)
		}
		notes := doc.Find(".request-notes li")
		if notes.Length() != 1 || text(doc, ".request-notes li .text") != "想了解彩礼能不能退" {
			t.Fatalf("notes = %q, want the one note, trimmed", notes.Text())
		}
		action, _ := notes.Find("form").Attr("action")
		if rec := office.post(t, action, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("delete = %d", rec.Code)
		}
		doc = office.page(t, "/zh/office/requests", http.StatusOK)
		if strings.Contains(doc.Text(), "想了解彩礼") || text(doc, ".notice") != a.locale.T("zh", "reach.note_deleted", nil) {
			t.Error("the note is still shown, or no notice says it was deleted")
		}
		id := strings.TrimSuffix(strings.TrimPrefix(action, "/zh/office/requests/notes/"), "/delete")
		if !a.hasAudit(t, "request_note.delete", "#"+id) {
			t.Error("the deletion is not in the audit log")
		}
		if f := a.reach(t, ""); f.Requests != 2 {
			t.Errorf("requests after deleting the note = %d, want 2: the count stays", f.Requests)
		}
		if rec := office.post(t, action, nil); rec.Code != http.StatusNotFound {
			t.Errorf("deleting it again = %d, want 404", rec.Code)
		}
	})

	t.Run("a period of the office's choosing", func(t *testing.T) {
		doc := office.page(t, "/zh/office/requests?from=2020-01-01&to=2020-12-31", http.StatusOK)
		if n := doc.Find("table.requests tbody tr td[colspan]").Length(); n != 1 {
			t.Error("a period without requests does not say the list is empty")
		}
		if rec := office.send(t, http.MethodGet, "/zh/office/requests?from=2026-02-01&to=2026-01-01", nil); rec.Code != http.StatusBadRequest {
			t.Errorf("a period ending before it starts = %d, want 400", rec.Code)
		}
	})
}

// TestReachPagesInEveryLanguage renders the new pages and answers in every
// language and fails on any missing message.
func TestReachPagesInEveryLanguage(t *testing.T) {
	a, office, _ := officeApp(t)
	vid := a.village(t, "甲村", true)
	if code := a.anonPost(t, "/zh/requests", "198.51.100.1:1", url.Values{"topic": {"minors"}, "note": {"?"}},
		"Origin", ourOrigin).Code; code != http.StatusSeeOther {
		t.Fatalf("request = %d", code)
	}
	notes, err := a.store.RequestNotes(t.Context(), 1)
	if err != nil || len(notes) != 1 {
		t.Fatalf("notes = %v, %v", notes, err)
	}
	// So the desk's audit log shows the deletion's label.
	office.post(t, "/zh/office/requests/notes/"+strconv.FormatInt(notes[0].ID, 10)+"/delete", nil)
	missing := regexp.MustCompile(regexp.QuoteMeta(locale.Missing) + `[a-z_.]+`)
	for _, l := range mingbai.InterfaceLangs {
		p := "/" + string(l)
		for _, c := range []struct {
			b      *browser
			method string
			path   string
			status int
		}{
			{a.browser(), "GET", p + "/", 200}, {a.browser(), "GET", p + "/?asked=1", 200},
			{a.browser(), "GET", p + "/m/bride-price", 200}, {a.browser(), "GET", p + "/m/bride-price?thanks=1", 200},
			{office, "GET", p + "/office/requests", 200}, {office, "GET", p + "/office/villages/" + vid, 200},
			{office, "GET", p + "/office/villages/" + vid + "/qr", 200}, {office, "GET", p + "/office", 200},
			{a.browser(), "POST", p + "/requests", 400},
		} {
			rec := c.b.send(t, c.method, c.path, url.Values{})
			if rec.Code != c.status {
				t.Errorf("%s %s = %d, want %d", c.method, c.path, rec.Code, c.status)
			}
			if m := missing.FindString(rec.Body.String()); m != "" {
				t.Errorf("%s %s shows a missing message: %s", c.method, c.path, m)
			}
		}
	}
}
