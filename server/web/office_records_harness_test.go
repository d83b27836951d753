package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// Helpers of the tests of the office's field-record pages.

// The records of testdata/sync/push_mixed.json the tests open.
const (
	mixedConsultation = "018f0000-0000-7000-8000-000000000001" // superseded by mixedCorrection
	mixedMediation    = "018f0000-0000-7000-8000-000000000002"
	mixedEvent        = "018f0000-0000-7000-8000-000000000003"
	mixedRevision     = "018f0000-0000-7000-8000-000000000004"
	mixedFollowUp     = "018f0000-0000-7000-8000-000000000005" // on mixedConsultation
	mixedCorrection   = "018f0000-0000-7000-8000-000000000014"
)

// batch is a push body of records, each a JSON object.
func batch(records ...string) string {
	return `{"schema": 1, "records": [` + strings.Join(records, ",") + `]}`
}

// pushed is one record of a batch dated today on the app's clock.
func (a *testApp) pushed(id string, kind mingbai.RecordKind, fields string) string {
	return fmt.Sprintf(`{"id": %q, "kind": %q, "date": %q, "fields": %s}`, id, kind, a.today(), fields)
}

// pushApplied pushes body and fails unless every record was applied.
func (p *phone) pushApplied(t *testing.T, body string) {
	t.Helper()
	rec := p.push(t, body)
	for _, st := range resultStatuses(t, rec) {
		if st != store.Applied {
			t.Fatalf("push: %s", rec.Body.String())
		}
	}
}

// moveTo puts the phone's resident in another village: what they push
// from then on belongs there.
func (p *phone) moveTo(t *testing.T, villageID string) {
	t.Helper()
	p.user.VillageID = villageID
	if err := p.a.store.UpdateUser(t.Context(), p.user); err != nil {
		t.Fatal(err)
	}
}

// storedReferral stores a consultation u referred to the office, pushed
// from their device, and returns its id.
func (a *testApp) storedReferral(t *testing.T, u *mingbai.User, deviceID string) string {
	t.Helper()
	_, fields, err := mingbai.DecodeFields(mingbai.Consultation, []byte(
		`{"topic":"marriage-family","asker_group":"herder","channel":"phone","summary":"离婚时财产如何分割","outcome":"referred"}`), a.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r := &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.Consultation, Date: a.today(), Fields: fields}
	res, err := a.store.Push(t.Context(), u, deviceID, []store.PushItem{{Record: r}})
	if err != nil || res[0].Status != store.Applied {
		t.Fatalf("store a referral: %+v, %v", res, err)
	}
	return r.ID
}

// trainingSession stores a training held today by the office.
func (a *testApp) trainingSession(t *testing.T, office *mingbai.User) *mingbai.TrainingSession {
	t.Helper()
	s := &mingbai.TrainingSession{Title: "人民调解实务培训", HeldOn: a.today(), Place: "乡政府三楼会议室", Hours: 3}
	if err := a.store.CreateTrainingSession(t.Context(), office.ID, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// rowTexts is the text of each row of the inbox's table.
func rowTexts(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.records tbody tr").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

// reviewActions lists the actions a record's page offers.
func reviewActions(doc *goquery.Document) []string {
	var out []string
	doc.Find(`form.review-form input[name="action"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("value", ""))
	})
	return out
}
