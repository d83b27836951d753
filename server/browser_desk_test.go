package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mingbai/server/internal/testmedia"
)

// firstPassword is the one-time password of the first office account,
// read from the log as an operator would.
func firstPassword(t *testing.T, ts *testServer) string {
	t.Helper()
	m := regexp.MustCompile(`password=(\S+)`).FindStringSubmatch(ts.Log())
	if m == nil {
		t.Fatalf("no one-time password in the log:\n%s", ts.Log())
	}
	return m[1]
}

// firstSignIn signs an account in with its one-time password and sets
// newPassword, as the forced change after a first sign-in asks; it waits
// for the account's own start page (landing, a CSS selector).
func firstSignIn(t *testing.T, ctx context.Context, ts *testServer, username, oneTime, newPassword, landing string) {
	t.Helper()
	mustDo(t, ctx, "sign in as "+username+" with the one-time password",
		chromedp.Navigate(ts.URL+"/zh/login"),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), oneTime),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("current")),
	)
	mustDo(t, ctx, "choose a new password for "+username,
		chromedp.SendKeys(chromedp.ID("current"), oneTime),
		chromedp.SendKeys(chromedp.ID("new"), newPassword),
		chromedp.SendKeys(chromedp.ID("confirm"), newPassword),
		chromedp.Submit(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.CSS(landing)),
	)
}

// audioState is what a page's audio player says about itself.
type audioState struct {
	Time     float64
	Paused   bool
	Error    int // MediaError code; 0 for none
	Duration float64
}

const readAudio = `(() => { const a = document.querySelector("article audio");
	return {Time: a.currentTime, Paused: a.paused, Error: a.error ? a.error.code : 0, Duration: a.duration || 0}; })()`

// playAudio starts the leaflet's audio and waits until it has played past
// from seconds, then returns its state.
func playAudio(t *testing.T, ctx context.Context, from float64, doing string) audioState {
	t.Helper()
	must(t, ctx, doing+": start", chromedp.Evaluate[bool](`document.querySelector("article audio").play().then(() => true)`,
		chromedp.EvalAwaitPromise))
	must(t, ctx, doing+": wait for it to play",
		chromedp.Poll[bool](`(() => { const a = document.querySelector("article audio"); return !a.paused && a.currentTime > `+
			strconv.FormatFloat(from+0.3, 'f', 2, 64)+`; })()`, chromedp.WithPollingTimeout(20*time.Second)))
	return must(t, ctx, doing+": read the player", chromedp.Evaluate[audioState](readAudio))
}

// TestBrowserOfficePublishesAudioThatPlaysOffline is the desk's whole
// path: the office signs in with the first one-time password, chooses its
// own, writes a leaflet in Chinese and Tibetan, attaches a recording and
// publishes; a reader opens it and listens, keeps the audio on the phone,
// loses the network, and still listens, seeking included.
func TestBrowserOfficePublishesAudioThatPlaysOffline(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	recording := filepath.Join(t.TempDir(), "宣讲录音.mp3")
	if err := os.WriteFile(recording, testmedia.MP3(6), 0o600); err != nil {
		t.Fatal(err)
	}
	firstSignIn(t, ctx, ts, "office", firstPassword(t, ts), "grassland-2026-desk", ".office-nav")
	mustDo(t, ctx, "write a bilingual leaflet",
		chromedp.Navigate(ts.URL+"/zh/office/materials/new"),
		chromedp.SendKeys(chromedp.CSS("#slug"), "grassland-contract"),
		chromedp.SetValue(chromedp.CSS("#topic"), "marriage-family"),
		chromedp.SendKeys(chromedp.CSS(`[id="zh.title"]`), "草场承包"),
		chromedp.SendKeys(chromedp.CSS(`[id="zh.body"]`), "承包期内，发包方不得收回承包草场。"),
		chromedp.SendKeys(chromedp.CSS(`[id="bo.title"]`), "རྩྭ་ཐང་གི་གན་རྒྱ།"),
		chromedp.SendKeys(chromedp.CSS(`[id="bo.body"]`), "རྩྭ་ཐང་གན་ལེན་གྱི་དུས་ཡུན་ནང་།"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("#media")),
	)
	mustDo(t, ctx, "attach the Chinese recording",
		chromedp.SetUploadFiles(chromedp.CSS("#file-zh"), []string{recording}),
		chromedp.Submit(chromedp.CSS("#file-zh")),
		chromedp.WaitVisible(chromedp.CSS(".media-lang audio")),
	)
	mustDo(t, ctx, "publish, then sign out",
		chromedp.Click(chromedp.CSS(`button[value="published"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="unpublished"]`)),
		chromedp.Click(chromedp.CSS("form.account button")),
		chromedp.WaitNotPresent(chromedp.CSS("form.account")),
	)
	if got := locationPath(t, ctx); got != "/zh/" {
		t.Fatalf("after signing out the page is %s, want the home page", got)
	}

	mustDo(t, ctx, "open the leaflet as a reader",
		chromedp.Navigate(ts.URL+"/zh/m/grassland-contract"),
		chromedp.WaitVisible(chromedp.CSS("article audio")),
		chromedp.WaitVisible(chromedp.CSS(".offline-status.saved")),
	)
	if got := playAudio(t, ctx, 0, "listen online"); got.Error != 0 || got.Duration < 5 {
		t.Errorf("audio online: %+v, want about 6 s playing without error", got)
	}
	must(t, ctx, "pause", chromedp.Evaluate[bool](`document.querySelector("article audio").pause() === undefined`))
	mustDo(t, ctx, "keep the audio for offline", chromedp.Click(chromedp.CSS(".keep-audio")))
	must(t, ctx, "wait until the audio is kept",
		chromedp.Poll[bool](`document.querySelector(".keep-audio-status").textContent === `+
			`document.querySelector(".keep-audio").dataset.kept`, chromedp.WithPollingTimeout(20*time.Second)))
	must(t, ctx, "wait for the service worker to control the page",
		chromedp.Poll[bool]("navigator.serviceWorker.controller !== null"))

	// Only what the service worker kept may answer: the browser's own HTTP
	// cache (which keeps immutable audio too) is emptied and turned off.
	mustDo(t, ctx, "empty the browser's HTTP cache", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCache, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	ts.Stop(t)

	mustDo(t, ctx, "reopen the leaflet offline",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("article audio")),
	)
	if got := playAudio(t, ctx, 0, "listen offline"); got.Error != 0 {
		t.Errorf("audio offline: %+v, want it playing without error", got)
	}
	must(t, ctx, "seek to 4 s offline", chromedp.Evaluate[float64](
		`document.querySelector("article audio").currentTime = 4`))
	if got := playAudio(t, ctx, 4, "listen after seeking offline"); got.Error != 0 || got.Time < 4.3 {
		t.Errorf("audio after seeking offline: %+v, want it playing past 4.3 s", got)
	}
}
