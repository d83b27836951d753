package main

import (
	"context"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestBrowserResendsAfterARestore: the office backs up, the resident goes
// on recording (and the server acknowledges every record), then the
// database is restored from the backup. The restored database has a new
// life: the phone sees it, sends again every record it kept, sent ones
// too, and pulls from the start, so the server ends with each record once
// and a comment the office writes after the restore (numbered below the
// phone's old cursor) reaches the phone.
func TestBrowserResendsAfterARestore(t *testing.T) {
	ts := startBrowserServer(t, nil)
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	sendConsultation := func(doing string) {
		t.Helper()
		saveConsultation(t, ctx, ts)
		pollAcrossReloads(t, ctx, doing, `document.querySelector(".outbox") &&
			document.querySelector(".outbox").dataset.syncState === "done" && document.querySelector(".outbox").dataset.waiting === "0"`)
	}
	sendConsultation("wait until the first consultation is sent")
	backupDir := filepath.Join(t.TempDir(), "backup")
	if _, stderr, err := runCommand(t, "backup", "-data", ts.DataDir, "-to", backupDir); err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr)
	}
	sendConsultation("wait until the second consultation is sent")
	sendConsultation("wait until the third consultation is sent")
	phone := readOutbox(t, ctx)
	if len(phone) != 3 {
		t.Fatalf("the phone keeps %d records, want the 3 it sent", len(phone))
	}
	for _, item := range phone {
		if item.SentAt == 0 {
			t.Errorf("record %s is kept but not marked sent", item.Record.ID)
		}
	}
	before := openStoreOf(t, ts)
	oldLife := before.Life()
	before.Close()

	ts.Stop(t)
	if _, stderr, err := runCommand(t, "restore", "-from", backupDir, "-data", ts.DataDir, "-force"); err != nil {
		t.Fatalf("restore: %v\n%s", err, stderr)
	}
	ts = startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})
	st := openStoreOf(t, ts)
	defer st.Close()
	if st.Life() == oldLife {
		t.Fatal("the restored database has the life of the one it replaced")
	}
	if n := len(consultationsOf(t, st, "dolma")); n != 1 {
		t.Fatalf("the restored database holds %d consultations, want the 1 backed up", n)
	}

	mustDo(t, ctx, "open the list after the restore", chromedp.Navigate(ts.URL+"/zh/field/records"))
	pollAcrossReloads(t, ctx, "wait until the phone has sent everything again", `document.querySelector(".outbox") &&
		document.querySelector(".outbox").dataset.syncState === "done" && document.querySelectorAll(".server-records li.record").length === 3`)
	held := consultationsOf(t, st, "dolma")
	for _, item := range phone {
		if held[item.Record.ID] != 1 {
			t.Errorf("after the restore the server holds record %s %d times, want once", item.Record.ID, held[item.Record.ID])
		}
	}
	if len(held) != 3 {
		t.Errorf("after the restore the server holds %d consultations, want 3", len(held))
	}

	office, _, err := st.UserForLogin(context.Background(), "office")
	if err != nil {
		t.Fatal(err)
	}
	const comment = "请补充咨询的结果。"
	if _, err := st.ReviewRecord(context.Background(), office.ID, phone[2].Record.ID, mingbai.Return,
		mingbai.ReviewInput{Comment: comment}); err != nil {
		t.Fatalf("return the third consultation: %v", err)
	}
	mustDo(t, ctx, "sync again", chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, ctx, "wait for the office's comment on the phone",
		`[...document.querySelectorAll(".server-records li.state-returned .review")].some((p) => p.textContent.includes("`+comment+`"))`)
}

// consultationsOf counts, by id, the consultations a resident's pull
// brings.
func consultationsOf(t *testing.T, st *store.Store, username string) map[string]int {
	t.Helper()
	changes, _, err := st.Pull(context.Background(), residentNamed(t, st, username), 0, store.MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, c := range changes {
		if c.Record != nil && c.Record.Kind == mingbai.Consultation {
			held[c.Record.ID]++
		}
	}
	return held
}
