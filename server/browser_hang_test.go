package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSaysARecordIsSavedWhileThePushHangs: the server takes its
// time (its database busy, as a push on 2G can hang); the form says at
// once that the record is saved on the phone and being sent, shows the
// list with the record waiting, and the record reaches the office once
// when the server answers again.
func TestBrowserSaysARecordIsSavedWhileThePushHangs(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")

	// Another connection holds the write lock: every push waits.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(ts.DataDir, "mingbai.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	hold, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`UPDATE counters SET value = value WHERE name = 'change'`); err != nil {
		t.Fatal(err)
	}
	released := false
	defer func() {
		if !released {
			hold.Rollback()
		}
	}()

	mustDo(t, ctx, "open the consultation form",
		chromedp.Navigate(ts.URL+"/zh/field/new/consultation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
	)
	mustDo(t, ctx, "record a consultation", fillConsultation()...)
	start := time.Now()
	mustDo(t, ctx, "save it", chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)))
	saved := must(t, ctx, "wait for the form to say it is saved", chromedp.Poll[string](
		`(() => { const s = document.querySelector(".form-status"); return s && s.textContent; })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if want := "已保存在手机上，正在发送。不用再填一次。"; saved != want {
		t.Errorf("the form says %q, want %q", saved, want)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the form said so after %s", took)
	}
	if got, want := waitingCount(t, ctx), "1 条待上传"; got != want {
		t.Errorf("the list while the push hangs: %q, want %q", got, want)
	}

	hold.Rollback()
	released = true
	mustDo(t, ctx, "sync now", chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, ctx, "wait until nothing waits and the server lists the record once",
		`document.querySelector(".outbox-count") && document.querySelector(".outbox-count").textContent === `+
			`document.querySelector(".outbox").dataset.none && document.querySelectorAll(".server-records li.record").length === 1`)
}
