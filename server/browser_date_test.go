package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
)

// behindClock is the real time d ago, ticking: a server as it was when
// it sent the pages a phone kept days before using them.
type behindClock struct{ d time.Duration }

func (c behindClock) Now() time.Time { return time.Now().UTC().Add(-c.d) }

// TestBrowserDatesARecordOnThePhonesDay: a form the phone kept offline
// days ago is dated the phone's own day when it is opened, and allows it;
// a date outside the window is explained on the form, in the page's
// language, and nothing goes to the outbox; a good one does.
func TestBrowserDatesARecordOnThePhonesDay(t *testing.T) {
	// Every page the phone keeps was sent three days ago.
	ts := startServerOn(t, behindClock{72 * time.Hour}, nil)
	ctx := newBrowser(t)
	mustDo(t, ctx, "put the phone in the township's time zone", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Shanghai"})
		return err
	}))
	signInResident(t, ctx, ts, "dolma")
	served := mingbai.TownshipDay(ts.Clock.Now())
	ts.Stop(t) // offline: the form is the copy kept three days ago

	mustDo(t, ctx, "open the form kept offline",
		chromedp.Navigate(ts.URL+"/zh/field/new/consultation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
	)
	days := []string{mingbai.TownshipDay(time.Now())}
	got := must(t, ctx, "read the date input", chromedp.Evaluate[[]string](
		`(() => { const d = document.querySelector("#date"); return [d.value, d.min, d.max]; })()`))
	days = append(days, mingbai.TownshipDay(time.Now())) // in case midnight passed in between
	if !slices.Contains(days, got[0]) || got[0] == served {
		t.Fatalf("the kept form is dated %s (served on %s), want the phone's day %s", got[0], served, days[0])
	}
	today, _ := time.ParseInLocation(time.DateOnly, got[0], mingbai.Township)
	from, to := today.AddDate(0, 0, -mingbai.RecordDaysBack).Format(time.DateOnly), today.AddDate(0, 0, mingbai.RecordDaysAhead).Format(time.DateOnly)
	if got[1] != from || got[2] != to {
		t.Errorf("the kept form allows %s..%s, want %s..%s around the phone's day", got[1], got[2], from, to)
	}

	mustDo(t, ctx, "save a consultation dated long ago", append(fillConsultation(),
		chromedp.SetValue(chromedp.ID("date"), "2000-01-01"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
	)...)
	must(t, ctx, "wait for the form to say why", chromedp.Poll[bool](`document.querySelector(".form-status").textContent !== ""`))
	status := must(t, ctx, "read the form's status", chromedp.Text(chromedp.CSS(".form-status")))
	if want := "记录日期须在 " + from + " 至 " + to + " 之间。"; status != want {
		t.Errorf("the form says %q, want %q", status, want)
	}
	if path := locationPath(t, ctx); path != "/zh/field/new/consultation" {
		t.Errorf("a refused record left the form for %s", path)
	}

	mustDo(t, ctx, "date it today and save it",
		chromedp.SetValue(chromedp.ID("date"), got[0]),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox-list li")),
	)
	if got, want := waitingCount(t, ctx), "1 条待上传"; got != want {
		t.Errorf("outbox: %q, want %q (the refused record must not be there)", got, want)
	}
	if item := must(t, ctx, "read the outbox", chromedp.Text(chromedp.CSS(".outbox-list li"))); !strings.Contains(item, got[0]) {
		t.Errorf("the outbox lists %q, want the record dated %s", item, got[0])
	}
}
