package store

import (
	"context"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestRosterCountsByItsDates: the residents a period counts follow their
// appointment and last days, and a past year's count stays what it was
// when a resident is deactivated later.
func TestRosterCountsByItsDates(t *testing.T) {
	s, clock := openTest(t)
	ctx := context.Background()
	clock.t = time.Date(2026, 3, 1, 2, 0, 0, 0, mingbai.Township)
	v := &mingbai.Village{NameZH: "甲村"}
	if err := s.CreateVillage(ctx, v); err != nil {
		t.Fatal(err)
	}
	add := func(name, appointed, left string) *mingbai.User {
		t.Helper()
		u := &mingbai.User{Username: name, DisplayName: name, Role: mingbai.Resident, VillageID: v.ID, AppointedOn: appointed}
		if err := s.CreateUser(ctx, u, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
			t.Fatal(err)
		}
		if left != "" {
			u.LeftOn = left
			if err := s.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		return u
	}
	add("early", "2024-03-01", "")
	add("midyear", "2025-07-15", "")          // appointed in the middle of 2025
	add("leaver", "2024-05-01", "2025-09-30") // left in 2025
	add("newyear", "2026-01-02", "")
	year := func(y string) *mingbai.Figures {
		t.Helper()
		p, _ := mingbai.ParsePeriod("year", y, "", "")
		f, err := s.Figures(ctx, FigureFilter{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	check := func(when string, f *mingbai.Figures, roster, appointed, left int) {
		t.Helper()
		if f.ResidentsRegistered != roster || f.ResidentsAppointed != appointed || f.ResidentsLeft != left {
			t.Errorf("%s: roster %d, appointed %d, left %d; want %d, %d, %d", when,
				f.ResidentsRegistered, f.ResidentsAppointed, f.ResidentsLeft, roster, appointed, left)
		}
	}
	check("2025", year("2025"), 2, 1, 1)
	check("2024", year("2024"), 2, 2, 0)

	// Deactivated today: their last day is today, and 2025 is untouched.
	early, _, err := s.UserForLogin(ctx, "early")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserActive(ctx, early.ID, false); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByID(ctx, early.ID); u.LeftOn != "2026-03-01" {
		t.Errorf("deactivated at 02:00 on 1 March in the township, last day %q; want 2026-03-01", u.LeftOn)
	}
	check("2025 after a deactivation today", year("2025"), 2, 1, 1)
	check("2026", year("2026"), 2, 1, 1)
	if err := s.SetUserActive(ctx, early.ID, true); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByID(ctx, early.ID); u.LeftOn != "" {
		t.Errorf("reactivated, last day %q; want none", u.LeftOn)
	}
}

// TestAdoptionCountsOnTheMeetingsDay: a revision approved in December and
// adopted at a December meeting that the office enters in January counts
// as adopted in December's year, approved on the day of the review.
func TestAdoptionCountsOnTheMeetingsDay(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	ctx := context.Background()
	clock := s.clock.(*fixedClock)
	clock.t = time.Date(2025, 12, 10, 2, 0, 0, 0, mingbai.Township)
	r := record(t, s, mingbai.RuleRevision, "2025-12-09", `{"articles":"第三条","text_zh":"禁止索要高额彩礼","reason":"移风易俗"}`)
	push(t, s, dolkar, phone, r)
	if _, err := s.ReviewRecord(ctx, office.ID, r.ID, mingbai.Approve, mingbai.ReviewInput{}); err != nil {
		t.Fatal(err)
	}
	clock.t = time.Date(2026, 1, 12, 10, 0, 0, 0, mingbai.Township)
	if _, err := s.ReviewRecord(ctx, office.ID, r.ID, mingbai.Adopt, mingbai.ReviewInput{MeetingOn: "2025-12-28",
		Votes: mingbai.Votes{For: 41, Against: 3, Abstain: 2}}); err != nil {
		t.Fatal(err)
	}
	for y, want := range map[string][3]int{"2025": {1, 1, 1}, "2026": {0, 0, 0}} {
		p, _ := mingbai.ParsePeriod("year", y, "", "")
		f, err := s.Figures(ctx, FigureFilter{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]int{f.RevisionsFiled, f.RevisionsApproved, f.RevisionsAdopted}; got != want {
			t.Errorf("%s: filed, approved, adopted %v; want %v", y, got, want)
		}
	}
}
