package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

// residentBrowser is a signed-in resident.
func (a *testApp) residentBrowser(t *testing.T, username string) (*browser, *mingbai.User) {
	t.Helper()
	u := a.addAccount(t, username, mingbai.Resident)
	b := a.browser()
	if rec := b.login(t, username, testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("resident login = %d", rec.Code)
	}
	return b, u
}

func TestFieldFormsFollowTheKinds(t *testing.T) {
	a := newTestApp(t)
	b, _ := a.residentBrowser(t, "dolkar")
	for _, spec := range mingbai.Kinds {
		k := spec.Kind
		doc := b.page(t, "/zh/field/new/"+string(k), http.StatusOK)
		form := doc.Find("form.record-form")
		if got := form.AttrOr("data-kind", ""); got != string(k) {
			t.Errorf("%s form data-kind = %q", k, got)
		}
		if id := form.Find(`input[name="id"]`).AttrOr("value", ""); !mingbai.ValidUUID(id) {
			t.Errorf("%s form id = %q, want a fresh UUID", k, id)
		}
		// Each input holds its field's limits, so the phone refuses what
		// the server would, before a record waits in the outbox.
		for _, f := range spec.Fields {
			in := form.Find(`[name="` + f.Name + `"]`)
			if f.NotAsked {
				if in.Length() != 0 {
					t.Errorf("%s form asks for %s, which is recorded elsewhere", k, f.Name)
				}
				continue
			}
			if in.Length() == 0 && f.Type != mingbai.TypeMaterials {
				t.Errorf("%s form lacks %s", k, f.Name)
				continue
			}
			if _, required := in.Attr("required"); required != f.Required && f.Type != mingbai.TypeMaterials {
				t.Errorf("%s %s: required = %v, want %v", k, f.Name, required, f.Required)
			}
			want := map[string]string{}
			switch f.Type {
			case mingbai.TypeCount:
				want = map[string]string{"min": strconv.Itoa(f.Min), "max": strconv.Itoa(f.Max)}
			case mingbai.TypeText, mingbai.TypeLongText:
				want = map[string]string{"maxlength": strconv.Itoa(f.Max)}
			}
			for attr, v := range want {
				if got := in.AttrOr(attr, ""); got != v {
					t.Errorf("%s %s: %s = %q, want %q", k, f.Name, attr, got, v)
				}
			}
		}
	}
	if rec := b.send(t, http.MethodGet, "/zh/field/new/gossip", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a form for an unknown kind = %d", rec.Code)
	}
}

func TestFieldFormPostsWithoutJavaScript(t *testing.T) {
	a := newTestApp(t)
	b, dolkar := a.residentBrowser(t, "dolkar")
	doc := b.page(t, "/zh/field/new/consultation", http.StatusOK)
	id := doc.Find(`input[name="id"]`).AttrOr("value", "")
	form := url.Values{"kind": {"consultation"}, "id": {id}, "date": {a.today()},
		"topic": {"marriage-family"}, "asker_group": {"herder"}, "channel": {"in_person"},
		"summary": {"彩礼能否要回"}, "outcome": {"answered"}}
	for range 2 { // posted twice (a double tap, a resend): stored once
		rec := b.post(t, "/zh/field/records", form)
		if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), id) {
			t.Fatalf("post = %d to %q; body:\n%.500s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
	}
	rs, err := a.store.RecordsByAuthor(t.Context(), dolkar.ID, 10)
	if err != nil || len(rs) != 1 || rs[0].ID != id {
		t.Fatalf("stored = %v, %v; want the one record", rs, err)
	}
	list := b.page(t, "/zh/field/records?saved="+id, http.StatusOK)
	if got := list.Find(`.server-records li[data-id="` + id + `"] .gist`).Text(); got != "彩礼能否要回" {
		t.Errorf("records list shows %q", got)
	}

	t.Run("a correction starts from the record", func(t *testing.T) {
		doc := b.page(t, "/zh/field/new/consultation?supersedes="+id, http.StatusOK)
		if got := doc.Find(`textarea[name="summary"]`).Text(); got != "彩礼能否要回" {
			t.Errorf("correction form summary = %q", got)
		}
		if doc.Find(`input[name="supersedes"]`).AttrOr("value", "") != id {
			t.Error("correction form does not name the record it corrects")
		}
		other, _ := a.residentBrowser(t, "tashi")
		if rec := other.send(t, http.MethodGet, "/zh/field/new/consultation?supersedes="+id, nil); rec.Code != http.StatusNotFound {
			t.Errorf("another resident correcting it = %d, want 404", rec.Code)
		}
	})

	t.Run("bad answers come back with the form kept", func(t *testing.T) {
		bad := url.Values{"kind": {"mediation"}, "id": {"018f0000-0000-7000-8000-0000000000aa"},
			"date": {a.today()}, "dispute_kind": {"homestead"}, "parties": {"一"},
			"outcome": {"agreement"}, "summary": {"宅基地边界"}}
		rec := b.post(t, "/zh/field/records", bad)
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest || !strings.Contains(body, a.locale.T("zh", "error.field_value",
			map[string]any{"Field": a.locale.T("zh", "record_field.parties", nil)})) ||
			!strings.Contains(body, "宅基地边界") {
			t.Errorf("= %d; body:\n%.600s", rec.Code, body)
		}
	})
}

func TestFieldCheckInByCode(t *testing.T) {
	a := newTestApp(t)
	b, _ := a.residentBrowser(t, "dolkar")
	ts := &mingbai.TrainingSession{Title: "民法典培训", HeldOn: a.today(), Hours: 2.5}
	if err := a.store.CreateTrainingSession(t.Context(), "", ts); err != nil {
		t.Fatal(err)
	}
	doc := b.page(t, "/zh/field/checkin/"+strings.ToLower(ts.Code), http.StatusOK)
	if got := doc.Find(`select[name="session_id"] option[selected]`).AttrOr("value", ""); got != ts.ID {
		t.Errorf("selected session = %q, want %q", got, ts.ID)
	}
	if got := doc.Find(`input[name="hours"]`).AttrOr("value", ""); got != "2.5" {
		t.Errorf("hours = %q, want 2.5", got)
	}
	if rec := b.send(t, http.MethodGet, "/zh/field/checkin/NOSUCHCODE", nil); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown code = %d, want 404", rec.Code)
	}
}

// TestFormErrorsNameAndMarkTheField: a form posted without JavaScript that
// leaves out an answer comes back in the reader's language, naming the
// field, with that field marked aria-invalid and pointing at the message;
// a rule's two texts say one of them is needed, and leaving both out names
// both.
func TestFormErrorsNameAndMarkTheField(t *testing.T) {
	a := newTestApp(t)
	b, _ := a.residentBrowser(t, "dolkar")
	label := func(field string) string { return a.locale.T("bo", "record_field."+field, nil) }

	rec := b.post(t, "/bo/field/records", url.Values{"kind": {"consultation"}, "id": {"018f0000-0000-7000-8000-0000000000ab"},
		"date": {a.today()}, "topic": {"marriage-family"}, "asker_group": {"herder"}, "channel": {"in_person"}, "outcome": {"answered"}})
	doc := parseStatus(t, "a consultation without its summary", rec, http.StatusBadRequest)
	if msg := doc.Find("#form-error").Text(); !strings.Contains(msg, label("summary")) {
		t.Errorf("error %q does not name %q", msg, label("summary"))
	}
	if in := doc.Find("#f-summary"); in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("aria-describedby", "") != "form-error" {
		t.Errorf("the summary is not marked invalid: aria-invalid %q", in.AttrOr("aria-invalid", ""))
	}
	if n := doc.Find(`[aria-invalid="true"]`).Length(); n != 1 {
		t.Errorf("%d fields marked invalid, want the one", n)
	}

	form := b.page(t, "/bo/field/new/rule_revision", http.StatusOK)
	for _, f := range []string{"text_bo", "text_zh"} {
		got := form.Find(`label[for="f-` + f + `"] small`).Text()
		if want := a.locale.T("bo", "field.one_of.rule_text", nil); got != want {
			t.Errorf("the %s label says %q, want %q", f, got, want)
		}
	}
	rec = b.post(t, "/bo/field/records", url.Values{"kind": {"rule_revision"}, "id": {"018f0000-0000-7000-8000-0000000000ac"},
		"date": {a.today()}, "articles": {"第三条"}, "reason": {"草场"}})
	doc = parseStatus(t, "a revision without its text", rec, http.StatusBadRequest)
	if msg := doc.Find("#form-error").Text(); !strings.Contains(msg, label("text_bo")) || !strings.Contains(msg, label("text_zh")) {
		t.Errorf("error %q does not name both texts", msg)
	}
	if doc.Find("#f-text_bo").AttrOr("aria-invalid", "") != "true" {
		t.Error("the Tibetan text is not marked invalid")
	}
}
