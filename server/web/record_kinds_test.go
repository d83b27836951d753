package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// TestEveryKindThroughHTTP sends a record of every kind in mingbai.Kinds,
// every field filled in from its specification, from a phone's sync and
// from the form without JavaScript, and finds each field, labelled, on
// the office's page of the record, and no free text on its inbox line.
func TestEveryKindThroughHTTP(t *testing.T) {
	a := newTestApp(t)
	office := a.officeBrowser(t)
	session := &mingbai.TrainingSession{Title: "人民调解实务培训", HeldOn: a.today(), Hours: 3}
	if err := a.store.CreateTrainingSession(t.Context(), "", session); err != nil {
		t.Fatal(err)
	}
	refs := testrecords.Refs{Topic: "marriage-family", Session: session.ID, Material: "bride-price", Day: a.today()}
	p := a.phone(t, "dolkar")
	b, _ := a.residentBrowser(t, "tashi")
	// The records made so far, each way, for a kind that is about one: a
	// follow-up of the first, a survey of an adopted revision.
	made := map[string][]*mingbai.Record{}
	about := func(spec mingbai.KindSpec, way string) string {
		t.Helper()
		for _, r := range made[way] {
			if r.Kind == spec.RefersTo && spec.RefersInState == mingbai.Adopted {
				office.post(t, "/zh/office/records/"+r.ID+"/review", url.Values{"action": {"approve"}})
				office.post(t, "/zh/office/records/"+r.ID+"/review", url.Values{"action": {"adopt"},
					"meeting_on": {a.today()}, "votes_for": {"30"}, "votes_against": {"1"}, "votes_abstain": {"0"}})
				r.State = mingbai.Adopted
			}
			if spec.About(r) {
				return r.ID
			}
		}
		t.Fatalf("nothing for a %s to be about", spec.Kind)
		return ""
	}
	for _, spec := range mingbai.Kinds {
		t.Run(string(spec.Kind), func(t *testing.T) {
			link := ""
			if spec.RefersTo != "" {
				link = fmt.Sprintf(`, "refers_to": %q`, about(spec, "sync"))
			}
			fields, _ := json.Marshal(testrecords.Fields(spec.Kind, refs))
			synced := uuid.NewString()
			p.pushApplied(t, batch(fmt.Sprintf(`{"id": %q, "kind": %q, "date": %q%s, "fields": %s}`,
				synced, spec.Kind, refs.Day, link, fields)))

			form := url.Values(testrecords.Form(spec.Kind, refs))
			posted := uuid.NewString()
			form.Set("kind", string(spec.Kind))
			form.Set("id", posted)
			form.Set("date", refs.Day)
			if spec.RefersTo != "" {
				form.Set("refers_to", about(spec, "form"))
			}
			if rec := b.post(t, "/zh/field/records", form); rec.Code != http.StatusSeeOther {
				t.Fatalf("the form for %s = %d: %.400s", spec.Kind, rec.Code, rec.Body.String())
			}
			made["sync"] = append(made["sync"], &mingbai.Record{ID: synced, Kind: spec.Kind, State: mingbai.Received})
			made["form"] = append(made["form"], &mingbai.Record{ID: posted, Kind: spec.Kind, State: mingbai.Received})

			for _, id := range []string{synced, posted} {
				doc := office.page(t, "/zh/office/records/"+id, http.StatusOK)
				labels := map[string]bool{}
				doc.Find("dl.record-fields dt").Each(func(_ int, dt *goquery.Selection) { labels[strings.TrimSpace(dt.Text())] = true })
				for _, f := range spec.Fields {
					if f.NotAsked {
						continue
					}
					if label := a.locale.T("zh", "record_field."+f.Name, nil); !labels[label] {
						t.Errorf("%s %s: the office's page lacks %s (%s); it shows %v", spec.Kind, id, f.Name, label, labels)
					}
				}
			}
			line := strings.Join(rowTexts(office.page(t, "/zh/office/records?kind="+string(spec.Kind), http.StatusOK)), "\n")
			for _, f := range spec.Fields {
				if v := form.Get(f.Name); f.FreeText && !f.Line && strings.Contains(line, v) {
					t.Errorf("%s: the inbox line shows the free text of %s", spec.Kind, f.Name)
				}
			}
		})
	}
}
