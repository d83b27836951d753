package mingbai

import "testing"

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		kind, value, from, to string
		wantFrom, wantTo      string
		prevFrom, prevTo      string
	}{
		{"year", "2026", "", "", "2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31"},
		{"quarter", "2026-Q1", "", "", "2026-01-01", "2026-03-31", "2025-10-01", "2025-12-31"},
		{"quarter", "2024-Q1", "", "", "2024-01-01", "2024-03-31", "2023-10-01", "2023-12-31"},
		{"month", "2024-02", "", "", "2024-02-01", "2024-02-29", "2024-01-01", "2024-01-31"},
		{"month", "2026-01", "", "", "2026-01-01", "2026-01-31", "2025-12-01", "2025-12-31"},
		{"range", "", "2026-03-01", "2026-03-10", "2026-03-01", "2026-03-10", "2026-02-19", "2026-02-28"},
	}
	for _, c := range cases {
		p, err := ParsePeriod(c.kind, c.value, c.from, c.to)
		if err != nil || p.From != c.wantFrom || p.To != c.wantTo {
			t.Errorf("ParsePeriod(%s %s %s %s) = %+v, %v", c.kind, c.value, c.from, c.to, p, err)
			continue
		}
		if prev := p.Previous(); prev.From != c.prevFrom || prev.To != c.prevTo {
			t.Errorf("%+v.Previous() = %s..%s, want %s..%s", p, prev.From, prev.To, c.prevFrom, c.prevTo)
		}
	}
	for _, bad := range [][4]string{{"year", "26", "", ""}, {"quarter", "2026-Q5", "", ""}, {"month", "2026-13", "", ""},
		{"range", "", "2026-03-10", "2026-03-01"}, {"decade", "2020", "", ""}, {"range", "", "2000-01-01", "2026-01-01"}} {
		if _, err := ParsePeriod(bad[0], bad[1], bad[2], bad[3]); ErrorCode(err) != EINVALID {
			t.Errorf("ParsePeriod(%q) error = %v, want invalid", bad, err)
		}
	}
}
