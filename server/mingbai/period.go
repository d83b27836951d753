package mingbai

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a span of days the office reports over, both ends included.
type Period struct {
	From, To string // YYYY-MM-DD
	// Kind and Value say how it was chosen, to show it and to step to the
	// one before: "month" 2026-03, "quarter" 2026-Q1, "year" 2026, or
	// "range" for any From..To.
	Kind, Value string
}

// ParsePeriod reads a period as the office chooses it: kind is month,
// quarter, year or range; value is 2026-03, 2026-Q1 or 2026; a range takes
// from and to. It returns EINVALID for anything else, and for a range
// that ends before it starts or spans more than ten years.
func ParsePeriod(kind, value, from, to string) (Period, error) {
	bad := func() (Period, error) {
		return Period{}, Errorf(EINVALID, "error.period", "period %s %q %q..%q", kind, value, from, to)
	}
	switch kind {
	case "year":
		y, err := strconv.Atoi(value)
		if err != nil || y < 2000 || y > 2100 {
			return bad()
		}
		return Period{From: fmt.Sprintf("%04d-01-01", y), To: fmt.Sprintf("%04d-12-31", y), Kind: kind, Value: value}, nil
	case "quarter":
		ys, qs, ok := strings.Cut(value, "-Q")
		y, err1 := strconv.Atoi(ys)
		q, err2 := strconv.Atoi(qs)
		if !ok || err1 != nil || err2 != nil || q < 1 || q > 4 || y < 2000 || y > 2100 {
			return bad()
		}
		start := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		return Period{From: start.Format(dateLayout), To: start.AddDate(0, 3, -1).Format(dateLayout), Kind: kind, Value: value}, nil
	case "month":
		start, err := time.Parse("2006-01", value)
		if err != nil || start.Year() < 2000 || start.Year() > 2100 {
			return bad()
		}
		return Period{From: start.Format(dateLayout), To: start.AddDate(0, 1, -1).Format(dateLayout), Kind: kind, Value: value}, nil
	case "range":
		f, err1 := time.Parse(dateLayout, from)
		t, err2 := time.Parse(dateLayout, to)
		if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > 10*366*24*time.Hour {
			return bad()
		}
		return Period{From: from, To: to, Kind: kind}, nil
	}
	return bad()
}

// YearOf is the calendar year containing t in the township.
func YearOf(t time.Time) Period {
	p, _ := ParsePeriod("year", strconv.Itoa(t.In(Township).Year()), "", "")
	return p
}

// Previous is the period just before p, of the same kind: last year for a
// year, the quarter or month before; for a range, as many days before.
func (p Period) Previous() Period {
	from, _ := time.Parse(dateLayout, p.From)
	to, _ := time.Parse(dateLayout, p.To)
	var prev Period
	switch p.Kind {
	case "year":
		prev, _ = ParsePeriod("year", strconv.Itoa(from.Year()-1), "", "")
	case "quarter":
		s := from.AddDate(0, -3, 0)
		prev, _ = ParsePeriod("quarter", fmt.Sprintf("%d-Q%d", s.Year(), (int(s.Month())+2)/3), "", "")
	case "month":
		prev, _ = ParsePeriod("month", from.AddDate(0, -1, 0).Format("2006-01"), "", "")
	default:
		days := int(to.Sub(from).Hours()/24) + 1
		prev = Period{From: from.AddDate(0, 0, -days).Format(dateLayout), To: from.AddDate(0, 0, -1).Format(dateLayout), Kind: "range"}
	}
	return prev
}
