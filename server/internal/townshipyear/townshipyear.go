// Package townshipyear enters a township's year of work into a store, in
// the shape of a real township's annual rule-of-law report (three
// villages, eighteen legal-savvy residents, three trainings, about a
// hundred promotion events, the consultations, ten mediations, six
// village-rule revisions), and says what that year's report must show.
// The data are made up; Want was counted by hand from the list below, not
// by code, so a test that compares the report with it checks the figures.
//
// The year, Y:
//   - villages 上村, 中村, 下村; residents r01..r18, six a village. r01..r17
//     were appointed before Y; r18 on Y-07-01 (mid-year); r05 left on
//     Y-09-30.
//   - events: each village, each month, three by its residents (108), 30
//     people, 10 Tibetan, 10 Chinese and 5 bilingual leaflets each; the first
//     (上村, January) corrected to 45 people; one more (上村, June) returned
//     by the office and never corrected; and four by the office's promotion
//     team, booked to the township, 100 people each and no leaflets.
//   - consultations: each village, each month, two by its residents (72),
//     the first of June and of July of each village (six) referred to the
//     office, which accepted 上村's and 中村's (four) and closed June's of
//     those (two); eight answered at the office, January to August.
//   - mediations: seven by residents (上村 3, 中村 2, 下村 2), three at the
//     township's mediation centre.
//   - services to enterprises: three by the office (two contract reviews,
//     one legal health check).
//   - village-rule revisions: two a village (six), filed in March; one
//     returned, five approved in April; four adopted, at meetings on
//     Y-05-20, Y-06-15, Y-09-01 and Y-12-28, the last entered on
//     Y+1-01-10; awareness surveys of two adopted rules: 50 asked, 40 knew;
//     30 asked, 21 knew.
//   - trainings: 3 h on Y-03-15 (r01..r15 attend, with 10 mediators and 5
//     cadres), 2.5 h on Y-06-20 (r04..r15, with 8 grid workers), 2 h on
//     Y-11-10 (r09..r18).
//   - follow-ups: five, on five of the consultations.
package townshipyear

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/internal/testclock"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// Want is what Y's report shows, by figure label ID, counted by hand from
// the package's list. The year before has no records: no comparison.
var Want = map[string]string{
	"figures.events":                     "112",  // 108 + 4
	"figures.events_office":              "4",    //
	"figures.people_reached":             "3655", // 108×30 + 15 (the correction) + 4×100
	"figures.leaflets_bo":                "1080", // 108×10
	"figures.leaflets_zh":                "1080", // 108×10
	"figures.leaflets_bilingual":         "540",  // 108×5
	"figures.residents_registered":       "17",   // 18, less r05 who left
	"figures.residents_appointed":        "1",    // r18
	"figures.residents_left":             "1",    // r05
	"figures.residents_trained":          "18",   // r01..r15 ∪ r04..r15 ∪ r09..r18
	"figures.training_sessions":          "3",    //
	"figures.training_hours":             "7.5",  // 3 + 2.5 + 2
	"figures.training_others":            "23",   // 10 + 5 + 8
	"figures.consultations":              "80",   // 72 + 8
	"figures.consultations_office":       "8",    //
	"figures.mediations":                 "10",   // 7 + 3
	"figures.mediations_office":          "3",    //
	"figures.enterprise_services":        "3",    //
	"figures.enterprise_services_office": "3",    //
	"figures.referrals":                  "6",    // June's and July's first, 3 villages
	"figures.referrals_accepted":         "4",    //
	"figures.referrals_closed":           "2",    //
	"figures.follow_ups":                 "5",    //
	"figures.revisions_filed":            "6",    // 2 × 3 villages, the returned one too
	"figures.revisions_approved":         "5",    //
	"figures.revisions_returned":         "1",    //
	"figures.revisions_adopted":          "4",    // the December meeting entered in January too
	"figures.survey_asked":               "80",   // 50 + 30
	"figures.survey_knew":                "61",   // 40 + 21
	"figures.awareness_rate":             "76.3", // 61 / 80
}

// Villages are the year's villages, by Chinese name.
var Villages = []string{"上村", "中村", "下村"}

// Enter writes year Y into s, moving clock through the year as the work
// happens (and into January of Y+1 for the last adoption).
func Enter(t testing.TB, s *store.Store, clock *testclock.Clock, y int) {
	t.Helper()
	e := &entry{t: t, s: s, clock: clock, y: y, ctx: context.Background()}
	e.at(y-1, 12, 1)
	e.office = e.user(&mingbai.User{Username: "clerk", DisplayName: "司法所", Role: mingbai.Office})
	for _, name := range Villages {
		v := &mingbai.Village{NameZH: name}
		if err := s.CreateVillage(e.ctx, v); err != nil {
			t.Fatal(err)
		}
		e.villages = append(e.villages, v.ID)
	}
	for i := 1; i <= 17; i++ {
		e.resident(i, fmt.Sprintf("%d-11-01", y-1), "")
	}
	e.at(y, 7, 1)
	e.resident(18, fmt.Sprintf("%d-07-01", y), "")

	// Each kind's work in its order; the clock goes back to January for
	// the next kind (the store minds only that a record is dated in its
	// window, and a review after what it reviews).
	e.events()
	e.consultations()
	e.mediations()
	e.trainings()
	e.revisions() // ends in January of Y+1
	e.residents[5-1].LeftOn = fmt.Sprintf("%d-09-30", y)
	if err := s.UpdateUser(e.ctx, e.residents[5-1]); err != nil {
		t.Fatal(err)
	}
}

type entry struct {
	t         testing.TB
	s         *store.Store
	clock     *testclock.Clock
	ctx       context.Context
	y         int
	office    *mingbai.User
	villages  []string
	residents []*mingbai.User
}

// at moves the clock to noon of a day in the township.
func (e *entry) at(y, m, d int) {
	e.clock.Advance(time.Date(y, time.Month(m), d, 12, 0, 0, 0, mingbai.Township).Sub(e.clock.Now()))
}

func (e *entry) day(m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", e.y, m, d) }

func (e *entry) user(u *mingbai.User) *mingbai.User {
	e.t.Helper()
	if err := e.s.CreateUser(e.ctx, u, "not-a-hash"); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// resident adds r<n>, of village (n-1)/6, appointed on a day.
func (e *entry) resident(n int, appointed, left string) {
	e.residents = append(e.residents, e.user(&mingbai.User{Username: fmt.Sprintf("r%02d", n), DisplayName: fmt.Sprintf("r%02d", n),
		Role: mingbai.Resident, VillageID: e.villages[(n-1)/6], AppointedOn: appointed, LeftOn: left}))
}

// of is the resident of village v (0..2) who records its work.
func (e *entry) of(v int) *mingbai.User { return e.residents[v*6] }

// push stores one record by u, failing unless it is applied.
func (e *entry) push(u *mingbai.User, r *mingbai.Record, fields map[string]any) *mingbai.Record {
	e.t.Helper()
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, r.Fields, err = mingbai.DecodeFields(r.Kind, raw, e.clock.Now()); err != nil {
		e.t.Fatalf("%s %v: %v", r.Kind, fields, err)
	}
	res, err := e.s.Push(e.ctx, u, "", []store.PushItem{{Record: r}})
	if err != nil || res[0].Status != store.Applied {
		e.t.Fatalf("push %s on %s: %+v, %v", r.Kind, r.Date, res, err)
	}
	return r
}

func (e *entry) review(id string, a mingbai.ReviewAction, in mingbai.ReviewInput) {
	e.t.Helper()
	if _, err := e.s.ReviewRecord(e.ctx, e.office.ID, id, a, in); err != nil {
		e.t.Fatalf("%s %s: %v", a, id, err)
	}
}

func event(people, bo, zh, both int) map[string]any {
	return map[string]any{"place": "村委会", "audience": "general", "people_reached": people, "leaflets_bo": bo,
		"leaflets_zh": zh, "leaflets_bilingual": both, "event_form": "talk", "venue": "village", "topic": "marriage-family"}
}

func (e *entry) events() {
	for m := 1; m <= 12; m++ {
		e.at(e.y, m, 25)
		for v := range e.villages {
			for i := range 3 {
				r := e.push(e.of(v), &mingbai.Record{Kind: mingbai.PromotionEvent, Date: e.day(m, 5+i)}, event(30, 10, 10, 5))
				if m == 1 && v == 0 && i == 0 {
					e.push(e.of(v), &mingbai.Record{Kind: mingbai.PromotionEvent, Date: r.Date, Supersedes: r.ID}, event(45, 10, 10, 5))
				}
			}
		}
		if m == 6 {
			r := e.push(e.of(0), &mingbai.Record{Kind: mingbai.PromotionEvent, Date: e.day(6, 20)}, event(80, 0, 0, 0))
			e.review(r.ID, mingbai.Return, mingbai.ReviewInput{Comment: "请核实人数"})
		}
		if m%3 == 0 { // the office's promotion team, each quarter
			team := event(100, 0, 0, 0)
			team["speaker"] = "office_staff"
			e.push(e.office, &mingbai.Record{Kind: mingbai.PromotionEvent, Date: e.day(m, 12)}, team)
		}
	}
}

func consultation(outcome string) map[string]any {
	return map[string]any{"topic": "telecom-fraud", "asker_group": "herder", "channel": "in_person", "summary": "问", "outcome": outcome}
}

func (e *entry) consultations() {
	followed := 0
	for m := 1; m <= 12; m++ {
		e.at(e.y, m, 26)
		for v := range e.villages {
			for i := range 2 {
				outcome := "answered"
				if (m == 6 || m == 7) && i == 0 {
					outcome = "referred"
				}
				r := e.push(e.of(v), &mingbai.Record{Kind: mingbai.Consultation, Date: e.day(m, 10+i)}, consultation(outcome))
				if outcome == "referred" && v < 2 { // 上村's and 中村's: accepted; June's closed too
					e.review(r.ID, mingbai.Accept, mingbai.ReviewInput{})
					if m == 6 {
						e.review(r.ID, mingbai.Close, mingbai.ReviewInput{Comment: "已调解"})
					}
				}
				if followed < 5 && m == 2 {
					e.push(e.of(v), &mingbai.Record{Kind: mingbai.FollowUp, Date: e.day(m, 20), RefersTo: r.ID}, map[string]any{"note": "已回访"})
					followed++
				}
			}
		}
		if m <= 8 { // at the office's desk, one a month from January to August
			e.push(e.office, &mingbai.Record{Kind: mingbai.Consultation, Date: e.day(m, 15)}, consultation("answered"))
		}
	}
}

func (e *entry) mediations() {
	e.at(e.y, 8, 30)
	for v, n := range []int{3, 2, 2} {
		for i := range n {
			e.push(e.of(v), &mingbai.Record{Kind: mingbai.Mediation, Date: e.day(8, 1+i)},
				map[string]any{"dispute_kind": "homestead", "parties": 2, "outcome": "agreement"})
		}
	}
	for i := range 3 {
		e.push(e.office, &mingbai.Record{Kind: mingbai.Mediation, Date: e.day(8, 10+i)},
			map[string]any{"dispute_kind": "land_contract", "parties": 3, "outcome": "agreement"})
	}
	for _, service := range []string{"contract_review", "contract_review", "health_check"} {
		e.push(e.office, &mingbai.Record{Kind: mingbai.Enterprise, Date: e.day(8, 20)},
			map[string]any{"service": service, "enterprise_type": "cooperative"})
	}
}

func (e *entry) revisions() {
	e.at(e.y, 3, 31)
	var filed []*mingbai.Record
	for v := range e.villages {
		for i := range 2 {
			filed = append(filed, e.push(e.of(v), &mingbai.Record{Kind: mingbai.RuleRevision, Date: e.day(3, 10+i)},
				map[string]any{"articles": "第三条", "text_zh": "彩礼不超过三万元", "reason": "移风易俗",
					"votes_for": 0, "votes_against": 0, "votes_abstain": 0}))
		}
	}
	e.at(e.y, 4, 15)
	e.review(filed[5].ID, mingbai.Return, mingbai.ReviewInput{Comment: "须合法"})
	for _, r := range filed[:5] {
		e.review(r.ID, mingbai.Approve, mingbai.ReviewInput{})
	}
	meetings := []string{e.day(5, 20), e.day(6, 15), e.day(9, 1), e.day(12, 28)}
	for i, on := range meetings {
		if i == 3 {
			e.at(e.y+1, 1, 10) // a December meeting, entered in January
		} else {
			e.at(e.y, 9, 5)
		}
		e.review(filed[i].ID, mingbai.Adopt, mingbai.ReviewInput{MeetingOn: on, Votes: mingbai.Votes{For: 40, Against: 2, Abstain: 1}})
	}
	e.at(e.y+1, 1, 10)
	e.push(e.of(0), &mingbai.Record{Kind: mingbai.RuleSurvey, Date: e.day(10, 1), RefersTo: filed[0].ID}, map[string]any{"asked": 50, "knew": 40})
	e.push(e.of(0), &mingbai.Record{Kind: mingbai.RuleSurvey, Date: e.day(10, 2), RefersTo: filed[1].ID}, map[string]any{"asked": 30, "knew": 21})
}

func (e *entry) trainings() {
	for _, tr := range []struct {
		m, d     int
		hours    float64
		from, to int // residents r<from>..r<to> attend
		others   mingbai.Counts
	}{
		{3, 15, 3, 1, 15, mingbai.Counts{"mediator": 10, "cadre": 5}},
		{6, 20, 2.5, 4, 15, mingbai.Counts{"grid_worker": 8}},
		{11, 10, 2, 9, 18, nil},
	} {
		e.at(e.y, tr.m, tr.d)
		session := &mingbai.TrainingSession{Title: "法律明白人培训", HeldOn: e.day(tr.m, tr.d), Place: "乡政府", Hours: tr.hours}
		if err := e.s.CreateTrainingSession(e.ctx, e.office.ID, session); err != nil {
			e.t.Fatal(err)
		}
		if tr.others != nil {
			if err := e.s.SetHeadcounts(e.ctx, session.ID, tr.others); err != nil {
				e.t.Fatal(err)
			}
		}
		for n := tr.from; n <= tr.to; n++ {
			e.push(e.residents[n-1], &mingbai.Record{Kind: mingbai.Attendance, Date: session.HeldOn},
				map[string]any{"session_id": session.ID, "hours": tr.hours})
		}
	}
}
