package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// figureFixture builds a township whose 2026 figures were counted by hand
// (see TestFiguresCountedByHand): two villages, records of every kind,
// a correction, a returned record, a record of the year before, reviews.
type figureFixture struct {
	s       *Store
	a, b    *mingbai.User
	office  *mingbai.User
	records map[string]*mingbai.Record
}

func newFigureFixture(t testing.TB) *figureFixture {
	t.Helper()
	s, clock := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	clock.t = time.Date(2026, 12, 30, 12, 0, 0, 0, time.UTC)
	fx := &figureFixture{s: s, records: map[string]*mingbai.Record{}}
	fx.a, _ = resident(t, s, "dolkar")
	fx.b, _ = resident(t, s, "tashi")
	fx.office = officeUser(t, s, "clerk")
	s1 := &mingbai.TrainingSession{Title: "民法典", HeldOn: "2026-03-15", Hours: 3}
	s2 := &mingbai.TrainingSession{Title: "调解技巧", HeldOn: "2026-09-01", Hours: 2.5}
	old := &mingbai.TrainingSession{Title: "旧培训", HeldOn: "2025-11-01", Hours: 4}
	for _, ts := range []*mingbai.TrainingSession{s1, s2, old} {
		clock.t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // sessions may be up to 400 days old
		if err := s.CreateTrainingSession(ctx, fx.office.ID, ts); err != nil {
			t.Fatal(err)
		}
	}
	clock.t = time.Date(2026, 12, 30, 12, 0, 0, 0, time.UTC)
	add := func(u *mingbai.User, name string, kind mingbai.RecordKind, date, fields string, link ...string) {
		t.Helper()
		id, _ := uuid.NewV7()
		r := &mingbai.Record{ID: id.String(), Kind: kind, Date: date, Fields: []byte(fields)}
		if len(link) > 0 && kind == mingbai.FollowUp {
			r.RefersTo = fx.records[link[0]].ID
		} else if len(link) > 0 {
			r.Supersedes = fx.records[link[0]].ID
		}
		res, err := s.Push(ctx, u, "", items(r))
		if err != nil || res[0].Status != Applied {
			t.Fatalf("push %s: %+v, %v", name, res, err)
		}
		fx.records[name] = r
	}
	event := func(audience string, people, bo, zh int, topic ...string) string {
		on := ""
		if len(topic) > 0 {
			on = fmt.Sprintf(`,"topic":%q,"event_form":"talk","venue":"school"`, topic[0])
		}
		return fmt.Sprintf(`{"place":"集市","audience":%q,"people_reached":%d,"leaflets_bo":%d,"leaflets_zh":%d%s}`,
			audience, people, bo, zh, on)
	}
	consult := func(topic, group, outcome string) string {
		return fmt.Sprintf(`{"topic":%q,"asker_group":%q,"channel":"in_person","summary":"问","outcome":%q}`, topic, group, outcome)
	}
	mediation := func(kind, outcome string) string {
		return fmt.Sprintf(`{"dispute_kind":%q,"parties":2,"outcome":%q}`, kind, outcome)
	}
	const revision = `{"articles":"第三条","text_zh":"彩礼","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`
	add(fx.a, "E1", mingbai.PromotionEvent, "2026-03-01", event("herder", 100, 60, 40))
	add(fx.a, "E2", mingbai.PromotionEvent, "2026-05-01", event("general", 50, 0, 50))
	add(fx.a, "E2c", mingbai.PromotionEvent, "2026-05-01", event("general", 55, 5, 50), "E2")
	add(fx.b, "E3", mingbai.PromotionEvent, "2026-07-01", event("student", 30, 30, 0, "telecom-fraud"))
	add(fx.a, "C0", mingbai.Consultation, "2025-12-31", consult("marriage-family", "herder", "answered"))
	add(fx.a, "C1", mingbai.Consultation, "2026-02-01", consult("marriage-family", "herder", "answered"))
	add(fx.a, "C2", mingbai.Consultation, "2026-02-02", consult("marriage-family", "elderly", "referred"))
	add(fx.a, "C3", mingbai.Consultation, "2026-02-03", consult("telecom-fraud", "student", "answered"))
	add(fx.b, "C4", mingbai.Consultation, "2026-08-01", consult("telecom-fraud", "migrant_worker", "mediation_started"))
	add(fx.a, "M1", mingbai.Mediation, "2026-04-01", mediation("homestead", "agreement"))
	add(fx.a, "M2", mingbai.Mediation, "2026-04-02", mediation("marriage_family", "referred"))
	add(fx.b, "M3", mingbai.Mediation, "2026-09-09", mediation("labour_contract", "no_agreement"))
	add(fx.a, "R1", mingbai.RuleRevision, "2026-06-01", revision)
	add(fx.a, "A1", mingbai.Attendance, "2026-03-15", fmt.Sprintf(`{"session_id":%q,"hours":2}`, s1.ID))
	add(fx.b, "A2", mingbai.Attendance, "2026-03-15", fmt.Sprintf(`{"session_id":%q,"hours":3}`, s1.ID))
	add(fx.a, "F1", mingbai.FollowUp, "2026-02-10", `{"note":"已回访"}`, "C1")
	review := func(name string, a mingbai.ReviewAction, in mingbai.ReviewInput) {
		t.Helper()
		if _, err := s.ReviewRecord(ctx, fx.office.ID, fx.records[name].ID, a, in); err != nil {
			t.Fatalf("%s %s: %v", a, name, err)
		}
	}
	review("C2", mingbai.Accept, mingbai.ReviewInput{})
	review("C2", mingbai.Close, mingbai.ReviewInput{Comment: "已调解结案"})
	review("C3", mingbai.Return, mingbai.ReviewInput{Comment: "请补充问题内容"})
	review("R1", mingbai.Return, mingbai.ReviewInput{Comment: "第三条须合法"})
	add(fx.a, "R1c", mingbai.RuleRevision, "2026-06-10", revision, "R1")
	review("R1c", mingbai.Approve, mingbai.ReviewInput{})
	review("R1c", mingbai.Adopt, mingbai.ReviewInput{MeetingOn: "2026-07-01", Votes: mingbai.Votes{For: 40, Against: 3, Abstain: 2}})
	return fx
}

func TestFiguresCountedByHand(t *testing.T) {
	fx := newFigureFixture(t)
	year, _ := mingbai.ParsePeriod("year", "2026", "", "")
	fig, err := fx.s.Figures(context.Background(), FigureFilter{Period: year})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"events (E2 corrected by E2c counts once)", fig.Count(mingbai.PromotionEvent), 3},
		{"people reached", fig.Sum(mingbai.PromotionEvent, "people_reached"), 185},
		{"Tibetan leaflets", fig.Sum(mingbai.PromotionEvent, "leaflets_bo"), 95},
		{"Chinese leaflets", fig.Sum(mingbai.PromotionEvent, "leaflets_zh"), 90},
		{"events by audience", fmt.Sprint(fig.By(mingbai.PromotionEvent, "audience")), "map[general:1 herder:1 student:1]"},
		{"events by form (two recorded before forms were asked)", fmt.Sprint(fig.By(mingbai.PromotionEvent, "event_form")), "map[:2 talk:1]"},
		{"events by venue", fmt.Sprint(fig.By(mingbai.PromotionEvent, "venue")), "map[:2 school:1]"},
		{"consultations (C3 returned, C0 last year)", fig.Count(mingbai.Consultation), 3},
		{"consultations by topic", fmt.Sprint(fig.By(mingbai.Consultation, "topic")), "map[marriage-family:2 telecom-fraud:1]"},
		{"consultations by group", fmt.Sprint(fig.By(mingbai.Consultation, "asker_group")), "map[elderly:1 herder:1 migrant_worker:1]"},
		{"consultations by outcome", fmt.Sprint(fig.By(mingbai.Consultation, "outcome")), "map[answered:1 mediation_started:1 referred:1]"},
		{"mediations", fig.Count(mingbai.Mediation), 3},
		{"mediations by kind", fmt.Sprint(fig.By(mingbai.Mediation, "dispute_kind")), "map[homestead:1 labour_contract:1 marriage_family:1]"},
		{"mediations by outcome", fmt.Sprint(fig.By(mingbai.Mediation, "outcome")), "map[agreement:1 no_agreement:1 referred:1]"},
		{"referrals", fig.Referrals, 2},
		{"referrals accepted", fig.ReferralsAccepted, 1},
		{"referrals closed", fig.ReferralsClosed, 1},
		{"residents registered", fig.ResidentsRegistered, 2},
		{"residents trained", fig.ResidentsTrained, 2},
		{"training sessions (not last year's)", fig.TrainingSessions, 2},
		{"training hours", fig.TrainingHours, 5.5},
		{"attendance hours", fig.Sum(mingbai.Attendance, "hours"), 5.0},
		{"revisions filed (R1 superseded by R1c)", fig.RevisionsFiled, 1},
		{"revisions approved", fig.RevisionsApproved, 1},
		{"revisions returned", fig.RevisionsReturned, 1},
		{"revisions adopted", fig.RevisionsAdopted, 1},
		{"follow-ups", fig.Count(mingbai.FollowUp), 1},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	byName := map[string]mingbai.VillageFigures{}
	for _, v := range fig.Villages {
		byName[v.NameZH] = v
	}
	wantA := mingbai.VillageFigures{VillageID: fx.a.VillageID, NameZH: "dolkar村", Events: 2, PeopleReached: 155, LeafletsBo: 65,
		LeafletsZh: 90, Consultations: 2, Mediations: 2, Revisions: 1}
	wantB := mingbai.VillageFigures{VillageID: fx.b.VillageID, NameZH: "tashi村", Events: 1, PeopleReached: 30, LeafletsBo: 30,
		Consultations: 1, Mediations: 1}
	if byName["dolkar村"] != wantA || byName["tashi村"] != wantB {
		t.Errorf("villages = %+v\nwant %+v and %+v", fig.Villages, wantA, wantB)
	}

	t.Run("one village", func(t *testing.T) {
		v, err := fx.s.Figures(context.Background(), FigureFilter{Period: year, VillageID: fx.b.VillageID})
		if err != nil {
			t.Fatal(err)
		}
		if v.Count(mingbai.PromotionEvent) != 1 || v.Count(mingbai.Consultation) != 1 || v.ResidentsRegistered != 1 ||
			v.RevisionsFiled != 0 || len(v.Villages) != 1 {
			t.Errorf("tashi村's figures = %+v", v)
		}
	})
	t.Run("one topic", func(t *testing.T) {
		v, _ := fx.s.Figures(context.Background(), FigureFilter{Period: year, Topic: "telecom-fraud"})
		// Events are narrowed too: the one on telecom fraud, E3.
		if c, e := v.Count(mingbai.Consultation), v.Count(mingbai.PromotionEvent); c != 1 || e != 1 {
			t.Errorf("telecom-fraud: %d consultations, %d events; want 1 and 1", c, e)
		}
	})
	t.Run("the year before", func(t *testing.T) {
		v, _ := fx.s.Figures(context.Background(), FigureFilter{Period: year.Previous()})
		if c, e := v.Count(mingbai.Consultation), v.Count(mingbai.PromotionEvent); c != 1 || e != 0 || v.TrainingSessions != 1 {
			t.Errorf("2025: %d consultations, %d events, %d sessions; want 1, 0, 1", c, e, v.TrainingSessions)
		}
	})
}
