package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/skip2/go-qrcode"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
)

func TestTrainingCheckInAndAttendance(t *testing.T) {
	a, office, _ := officeApp(t)
	form := url.Values{"title": {"  "}, "held_on": {a.today()}, "place": {"乡政府三楼会议室"}, "hours": {"2.5"}}
	doc := parseStatus(t, "a training without a title", office.post(t, "/zh/office/trainings", form), http.StatusBadRequest)
	if got := text(doc, ".notice.error"); got != a.locale.T("zh", "error.training_title", nil) {
		t.Errorf("error shown = %q", got)
	}
	if v, _ := doc.Find("#place").Attr("value"); v != "乡政府三楼会议室" {
		t.Errorf("the refused form lost the place: %q", v)
	}
	form.Set("hours", "两小时")
	form.Set("title", "人民调解实务培训")
	if rec := office.post(t, "/zh/office/trainings", form); rec.Code != http.StatusBadRequest {
		t.Errorf("hours in words = %d, want 400", rec.Code)
	}

	form.Set("hours", "2.5")
	rec := office.post(t, "/zh/office/trainings", form)
	page := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(page, "/zh/office/trainings/") {
		t.Fatalf("create = %d to %q", rec.Code, page)
	}
	id := strings.TrimPrefix(page, "/zh/office/trainings/")
	session, err := a.store.TrainingSession(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !a.hasAudit(t, "training.add", "人民调解实务培训") {
		t.Error("creating a training left no audit entry")
	}

	body := office.send(t, http.MethodGet, page, nil).Body.String()
	checkIn := "http://example.com/zh/field/checkin/" + session.Code
	q, err := qrcode.New(checkIn, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, string(qrSVG(q.Bitmap()))) {
		t.Errorf("the page's QR code does not encode %s", checkIn)
	}
	if !strings.Contains(body, `href="`+checkIn+`"`) || !strings.Contains(body, session.Code) {
		t.Error("the page does not show the check-in address and code")
	}

	// A resident checks in from their phone; the office sees them listed.
	p := a.phone(t, "dolkar")
	p.pushApplied(t, batch(a.pushed(uuid.NewString(), mingbai.Attendance,
		fmt.Sprintf(`{"session_id": %q, "hours": 2.5}`, session.ID))))
	doc = office.page(t, page, http.StatusOK)
	rows := doc.Find("table.attendance tbody tr")
	if rows.Length() != 1 {
		t.Fatalf("%d attendance rows, want 1", rows.Length())
	}
	row := strings.Join(strings.Fields(rows.Text()), " ")
	for _, want := range []string{"Test dolkar", "示例村", "2.5", a.today()} {
		if !strings.Contains(row, want) {
			t.Errorf("attendance row %q lacks %q", row, want)
		}
	}
	list := office.page(t, "/zh/office/trainings", http.StatusOK)
	if got := text(list, `tr:has(a[href="`+page+`"]) td.attendees`); got != "1" {
		t.Errorf("the list counts %q attendees, want 1", got)
	}
	office.page(t, "/zh/office/trainings/"+uuid.NewString(), http.StatusNotFound)
}

func TestTrainingQRUsesTheBaseURL(t *testing.T) {
	a := newTestAppWith(t, Config{DefaultLang: mingbai.Chinese, BaseURL: "https://fa.example.cn/"})
	clerk := a.addAccount(t, "clerk", mingbai.Office)
	office := a.browser()
	office.login(t, "clerk", testPassword)
	s := a.trainingSession(t, clerk)
	doc := office.page(t, "/bo/office/trainings/"+s.ID, http.StatusOK)
	if href, _ := doc.Find("figure.checkin-qr a").Attr("href"); href != "https://fa.example.cn/bo/field/checkin/"+s.Code {
		t.Errorf("check-in address = %q", href)
	}
}

// TestRecordLabelsInEveryLanguage checks the message of every kind, field,
// choice, state and action of field records, which pages name by pattern
// (so the scan of literal IDs cannot see them).
func TestRecordLabelsInEveryLanguage(t *testing.T) {
	a := newTestApp(t)
	var ids []string
	for _, spec := range mingbai.Kinds {
		ids = append(ids, "record_kind."+string(spec.Kind))
		for _, f := range spec.Fields {
			ids = append(ids, "record_field."+f.Name)
			for _, v := range f.Choices {
				ids = append(ids, "record_option."+f.Name+"."+v)
			}
		}
	}
	for _, st := range mingbai.RecordStates {
		ids = append(ids, "record_state."+string(st))
	}
	for _, act := range mingbai.ReviewActions {
		ids = append(ids, "record_action."+string(act), "record_action_help."+string(act))
	}
	if len(ids) < 70 {
		t.Fatalf("only %d message IDs; the lists are broken", len(ids))
	}
	for _, l := range mingbai.InterfaceLangs {
		for _, id := range ids {
			if got := a.locale.T(l, id, nil); strings.HasPrefix(got, locale.Missing) {
				t.Errorf("%s lacks %q", l, id)
			}
		}
	}
}

// TestRecordPagesInEveryLanguage opens the office's record and training
// pages in every language after every kind of review, and the desk with
// their audit lines, and fails on any missing message.
func TestRecordPagesInEveryLanguage(t *testing.T) {
	a, office, _ := officeApp(t)
	p := a.phone(t, "dolkar")
	p.push(t, a.fixture(t, "push_mixed.json"))
	clerk, _, err := a.store.UserForLogin(t.Context(), "clerk")
	if err != nil {
		t.Fatal(err)
	}
	session := a.trainingSession(t, clerk)
	attendance, revision, referral := uuid.NewString(), uuid.NewString(), uuid.NewString()
	p.pushApplied(t, batch(
		a.pushed(attendance, mingbai.Attendance, fmt.Sprintf(`{"session_id": %q, "hours": 3}`, session.ID)),
		a.pushed(revision, mingbai.RuleRevision, `{"articles": "第五条", "text_bo": "རྩྭ་ཐང་།", "reason": "r", "votes_for": 0, "votes_against": 0, "votes_abstain": 0}`),
		a.pushed(referral, mingbai.Mediation, `{"dispute_kind": "land_contract", "parties": 2, "outcome": "referred"}`)))
	p.push(t, batch(a.pushed(mixedMediation, mingbai.Mediation, `{"dispute_kind": "other", "parties": 2, "outcome": "agreement"}`)))
	for _, step := range []struct {
		id   string
		form url.Values
	}{
		{mixedRevision, url.Values{"action": {"return"}, "comment": {"x"}}},
		{revision, url.Values{"action": {"approve"}}},
		{revision, url.Values{"action": {"adopt"}, "meeting_on": {a.today()}, "votes_for": {"9"}}},
		{referral, url.Values{"action": {"accept"}}},
		{referral, url.Values{"action": {"close"}, "comment": {"y"}}},
	} {
		if rec := office.post(t, "/zh/office/records/"+step.id+"/review", step.form); rec.Code != http.StatusSeeOther {
			t.Fatalf("%v = %d", step.form, rec.Code)
		}
	}
	missing := regexp.MustCompile(regexp.QuoteMeta(locale.Missing) + `[a-z_.]+`)
	for _, l := range mingbai.InterfaceLangs {
		base := "/" + string(l) + "/office"
		paths := []string{base, base + "/records", base + "/records?conflicts=1", base + "/trainings",
			base + "/trainings/" + session.ID}
		for _, id := range []string{mixedConsultation, mixedCorrection, mixedMediation, mixedEvent, mixedRevision,
			mixedFollowUp, attendance, revision, referral} {
			paths = append(paths, base+"/records/"+id)
		}
		for _, path := range paths {
			rec := office.send(t, http.MethodGet, path, nil)
			if rec.Code != http.StatusOK {
				t.Errorf("GET %s = %d", path, rec.Code)
			}
			if m := missing.FindString(rec.Body.String()); m != "" {
				t.Errorf("GET %s shows a missing message: %s", path, m)
			}
		}
	}
}

// TestTrainingHeadcounts: the office counts who attended without an
// account, by group; the figures and the report count them, and a count
// that is not one is refused naming the group.
func TestTrainingHeadcounts(t *testing.T) {
	a, office, _ := officeApp(t)
	session := &mingbai.TrainingSession{Title: "人民调解实务培训", HeldOn: a.today(), Hours: 3}
	if err := a.store.CreateTrainingSession(t.Context(), "", session); err != nil {
		t.Fatal(err)
	}
	path := "/zh/office/trainings/" + session.ID
	doc := parseStatus(t, "a headcount that is not a number", office.post(t, path+"/headcounts",
		url.Values{"group_mediator": {"十二"}}), http.StatusBadRequest)
	if got := doc.Find("main").Text(); !strings.Contains(got, a.locale.T("zh", "training_group.mediator", nil)) {
		t.Errorf("the refusal does not name the group: %.300s", got)
	}
	if rec := office.post(t, path+"/headcounts", url.Values{"group_mediator": {"12"}, "group_grid_worker": {"5"},
		"group_cadre": {""}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("headcounts = %d: %.300s", rec.Code, rec.Body.String())
	}
	doc = office.page(t, path, http.StatusOK)
	if v := doc.Find("#group_mediator").AttrOr("value", ""); v != "12" {
		t.Errorf("the form shows %q mediators, want 12", v)
	}
	if !a.hasAudit(t, "training.headcounts", session.Title) {
		t.Error("no audit line for the headcounts")
	}
	year := a.today()[:4]
	report := office.page(t, "/zh/office/report/"+year, http.StatusOK)
	if now, _ := figureRow(report, a.locale.T("zh", "figures.training_others", nil)); now != "17" {
		t.Errorf("the report counts %q other attendees, want 17", now)
	}
}
