package store

import (
	"context"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestReportVersionsPerLanguage checks that each language of a year's
// report has its own versions, with the audit line of each save.
func TestReportVersionsPerLanguage(t *testing.T) {
	s, _ := openTest(t)
	clerk := officeUser(t, s, "clerk")
	ctx := context.Background()
	e := AuditEntry{ActorID: clerk.ID, Action: "report.save", Target: "2026"}
	for i, plans := range []string{"多开展牧区宣讲", "多开展牧区宣讲；培训双语调解员"} {
		v, err := s.SaveReport(ctx, e, 2026, mingbai.Chinese, mingbai.ReportTexts{mingbai.PartShortcomings: "宣传覆盖不均", mingbai.PartPlans: plans})
		if err != nil || v != i+1 {
			t.Fatalf("save %d = %d, %v", i, v, err)
		}
	}
	if v, err := s.SaveReport(ctx, e, 2026, mingbai.Tibetan, mingbai.ReportTexts{mingbai.PartPlans: "འཆར་གཞི།"}); err != nil || v != 1 {
		t.Fatalf("Tibetan save = %d, %v, want version 1", v, err)
	}
	zh, err := s.ReportVersions(ctx, 2026, mingbai.Chinese)
	if err != nil || len(zh) != 2 || zh[0].Version != 2 || zh[0].Texts[mingbai.PartPlans] != "多开展牧区宣讲；培训双语调解员" ||
		zh[0].Actor != "Clerk clerk" || zh[1].Texts[mingbai.PartPlans] != "多开展牧区宣讲" {
		t.Errorf("Chinese versions = %+v, %v", zh, err)
	}
	bo, err := s.ReportVersions(ctx, 2026, mingbai.Tibetan)
	if err != nil || len(bo) != 1 || bo[0].Texts[mingbai.PartShortcomings] != "" {
		t.Errorf("Tibetan versions = %+v, %v", bo, err)
	}
	if none, _ := s.ReportVersions(ctx, 2025, mingbai.Chinese); len(none) != 0 {
		t.Errorf("2025 has %d versions", len(none))
	}
	log, err := s.AuditLog(ctx, 10)
	if err != nil || len(log) != 3 || log[0].Detail != "bo version 1" {
		t.Errorf("audit = %+v, %v, want three lines, the last for the Tibetan version", log, err)
	}
	for _, bad := range []struct {
		lang  mingbai.Lang
		texts mingbai.ReportTexts
	}{
		{mingbai.English, mingbai.ReportTexts{mingbai.PartPlans: "plans"}},
		{mingbai.Chinese, mingbai.ReportTexts{"secrets": "x"}},
		{mingbai.Chinese, mingbai.ReportTexts{mingbai.PartOther: string(make([]rune, mingbai.MaxReportPartRunes+1))}},
	} {
		if _, err := s.SaveReport(ctx, e, 2026, bad.lang, bad.texts); mingbai.ErrorCode(err) != mingbai.EINVALID {
			t.Errorf("save %s %v: %v, want EINVALID", bad.lang, len(bad.texts), err)
		}
	}
}

func TestReportHeading(t *testing.T) {
	s, _ := openTest(t)
	clerk := officeUser(t, s, "clerk")
	ctx := context.Background()
	if h, err := s.ReportHeading(ctx, mingbai.Chinese); err != nil || h != (mingbai.ReportHeading{}) {
		t.Fatalf("heading before any = %+v, %v", h, err)
	}
	want := mingbai.ReportHeading{Township: "示例乡", Addressee: "示例县委依法治县办", Issuer: "示例乡人民政府"}
	e := AuditEntry{ActorID: clerk.ID, Action: "report.heading"}
	if err := s.SaveReportHeading(ctx, e, mingbai.Chinese, want); err != nil {
		t.Fatal(err)
	}
	if h, err := s.ReportHeading(ctx, mingbai.Chinese); err != nil || h != want {
		t.Errorf("heading = %+v, %v, want %+v", h, err, want)
	}
	if h, _ := s.ReportHeading(ctx, mingbai.Tibetan); h != (mingbai.ReportHeading{}) {
		t.Errorf("Tibetan heading = %+v, want none: languages are set apart", h)
	}
	if err := s.SaveReportHeading(ctx, e, mingbai.Chinese, mingbai.ReportHeading{Township: "乡\n名"}); mingbai.ErrorCode(err) != mingbai.EINVALID {
		t.Errorf("a heading with a line break: %v, want EINVALID", err)
	}
}

func TestFirstDay(t *testing.T) {
	s, clock := openTest(t)
	ctx := context.Background()
	if d, err := s.FirstDay(ctx); err != nil || d != "" {
		t.Fatalf("first day of an empty database = %q, %v, want none", d, err)
	}
	clock.t = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	seedTest(t, s)
	u, _ := resident(t, s, "pema") // appointed today: the roster is not recorded work
	if d, _ := s.FirstDay(ctx); d != "" {
		t.Fatalf("first day with a resident and no record = %q, want none", d)
	}
	if res, err := s.Push(ctx, u, "", items(consultation(t, s, "问题"))); err != nil || res[0].Status != Applied {
		t.Fatalf("push = %+v, %v", res, err)
	}
	if d, err := s.FirstDay(ctx); err != nil || d != "2026-03-01" {
		t.Errorf("first day = %q, %v, want 2026-03-01", d, err)
	}
}
