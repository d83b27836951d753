package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// resident stores a resident of a new village, with a phone.
func resident(t testing.TB, s *Store, name string) (*mingbai.User, string) {
	t.Helper()
	ctx := context.Background()
	v := &mingbai.Village{NameZH: name + "村"}
	if err := s.CreateVillage(ctx, v); err != nil {
		t.Fatal(err)
	}
	u := &mingbai.User{Username: name, DisplayName: name, Role: mingbai.Resident, VillageID: v.ID}
	if err := s.CreateUser(ctx, u, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
		t.Fatal(err)
	}
	d := &mingbai.Device{UserID: u.ID, Name: "phone"}
	if err := s.CreateDevice(ctx, d, "hash-of-"+name); err != nil {
		t.Fatal(err)
	}
	return u, d.ID
}

// consultation makes a valid consultation record dated at the store's clock.
func consultation(t testing.TB, s *Store, summary string) *mingbai.Record {
	t.Helper()
	id, _ := uuid.NewV7()
	now := s.clock.Now()
	_, fields, err := mingbai.DecodeFields(mingbai.Consultation, []byte(fmt.Sprintf(
		`{"topic":"marriage-family","asker_group":"herder","channel":"in_person","summary":%q,"outcome":"answered"}`, summary)), now)
	if err != nil {
		t.Fatal(err)
	}
	return &mingbai.Record{ID: id.String(), Kind: mingbai.Consultation, Date: now.Format("2006-01-02"), Fields: fields}
}

func items(rs ...*mingbai.Record) []PushItem {
	out := make([]PushItem, len(rs))
	for i, r := range rs {
		out[i] = PushItem{Record: r}
	}
	return out
}

func statuses(rs []PushResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Status
	}
	return out
}

func countRecords(t testing.TB, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM records`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPushAppliesEachRecordOnItsOwn(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	good := consultation(t, s, "彩礼能否要回")
	bad := consultation(t, s, "x")
	bad.Fields = []byte(`{"topic":"no-such-topic","asker_group":"herder","channel":"in_person","summary":"x","outcome":"answered"}`)
	refused := PushItem{Record: &mingbai.Record{ID: "not-a-uuid"},
		Err: mingbai.Errorf(mingbai.EINVALID, "error.record_id", "bad id")}
	later := consultation(t, s, "宅基地能否继承")
	res, err := s.Push(ctx, dolkar, phone, []PushItem{{Record: good}, {Record: bad}, refused, {Record: later}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{Applied, Rejected, Rejected, Applied}
	if got := statuses(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if code := mingbai.ErrorCode(res[1].Err); code != mingbai.EINVALID {
		t.Errorf("unknown topic rejected with %v", res[1].Err)
	}
	if countRecords(t, s) != 2 {
		t.Errorf("stored %d records, want the 2 good ones", countRecords(t, s))
	}
	stored, err := s.Record(ctx, good.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.VillageID != dolkar.VillageID || stored.State != mingbai.Received || stored.AuthorID != dolkar.ID {
		t.Errorf("stored record = %+v", stored)
	}
}

func TestPushTwiceIsADuplicateAndOtherContentAConflict(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	r := consultation(t, s, "彩礼能否要回")
	first, _ := s.Push(ctx, dolkar, phone, items(r))
	again, _ := s.Push(ctx, dolkar, phone, items(r))
	if again[0].Status != Duplicate || again[0].Seq != first[0].Seq {
		t.Errorf("second push = %+v, want a duplicate with the first's seq %d", again[0], first[0].Seq)
	}
	changed := *r
	_, changed.Fields, _ = mingbai.DecodeFields(mingbai.Consultation, []byte(
		`{"topic":"marriage-family","asker_group":"elderly","channel":"phone","summary":"另一件事","outcome":"referred"}`), s.clock.Now())
	for range 2 {
		res, err := s.Push(ctx, dolkar, phone, items(&changed))
		if err != nil || res[0].Status != Conflict {
			t.Fatalf("other content under the same id = %+v, %v; want a conflict", res, err)
		}
	}
	stored, _ := s.Record(ctx, r.ID)
	if string(stored.Fields) != string(r.Fields) {
		t.Error("a conflict overwrote the original")
	}
	conflicts, err := s.Conflicts(ctx, r.ID)
	if err != nil || len(conflicts) != 1 || string(conflicts[0].Fields) != string(changed.Fields) {
		t.Errorf("conflicts kept = %+v, %v; want the other content once", conflicts, err)
	}
	other, otherPhone := resident(t, s, "tashi")
	res, _ := s.Push(ctx, other, otherPhone, items(r))
	if res[0].Status != Rejected || mingbai.ErrorCode(res[0].Err) != mingbai.EFORBIDDEN {
		t.Errorf("another resident pushing the same id = %+v, want rejected as forbidden", res[0])
	}
	// A batch asks for its ids at once: the same answers.
	fresh := consultation(t, s, "新的一条")
	res, _ = s.Push(ctx, dolkar, phone, items(r, &changed, fresh))
	if got := statuses(res); fmt.Sprint(got) != fmt.Sprint([]string{Duplicate, Conflict, Applied}) || res[0].Seq != first[0].Seq {
		t.Errorf("a batch of the stored record, other content and a new one = %+v", res)
	}
	res, _ = s.Push(ctx, other, otherPhone, items(fresh, consultation(t, s, "扎西的")))
	if got := statuses(res); got[0] != Rejected || mingbai.ErrorCode(res[0].Err) != mingbai.EFORBIDDEN || got[1] != Applied {
		t.Errorf("another resident's batch holding dolkar's record = %+v", res)
	}
}

func TestPushTheSameBatchConcurrently(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	var batch []*mingbai.Record
	for i := range 20 {
		batch = append(batch, consultation(t, s, fmt.Sprintf("问题 %d", i)))
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := s.Push(ctx, dolkar, phone, items(batch...)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for range 3 {
		if _, err := s.Push(ctx, dolkar, phone, items(batch...)); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRecords(t, s); n != len(batch) {
		t.Errorf("after 13 pushes of %d records, %d are stored", len(batch), n)
	}
}

func TestPushChecksLinks(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	tashi, tashiPhone := resident(t, s, "tashi")
	original := consultation(t, s, "原记录")
	s.Push(ctx, dolkar, phone, items(original))

	correction := consultation(t, s, "更正后的记录")
	correction.Supersedes = original.ID
	unknown := consultation(t, s, "更正不存在的记录")
	unknown.Supersedes = uuid.NewString()
	res, _ := s.Push(ctx, dolkar, phone, items(correction, unknown))
	if got := statuses(res); got[0] != Applied || got[1] != Rejected {
		t.Errorf("statuses = %v", got)
	}
	stored, _ := s.Record(ctx, original.ID)
	if stored.SupersededBy != correction.ID {
		t.Errorf("original superseded by %q, want %q", stored.SupersededBy, correction.ID)
	}
	theft := consultation(t, s, "改别人的记录")
	theft.Supersedes = original.ID
	res, _ = s.Push(ctx, tashi, tashiPhone, items(theft))
	if res[0].Status != Rejected || mingbai.ErrorCode(res[0].Err) != mingbai.EFORBIDDEN {
		t.Errorf("superseding another resident's record = %+v", res[0])
	}
	id, _ := uuid.NewV7()
	followUp := &mingbai.Record{ID: id.String(), Kind: mingbai.FollowUp, Date: original.Date, RefersTo: original.ID,
		Fields: []byte(`{"note":"邻村的跟进"}`)}
	res, _ = s.Push(ctx, tashi, tashiPhone, items(followUp))
	if res[0].Status != Rejected {
		t.Errorf("a follow-up on another village's record = %+v", res[0])
	}
}

func TestPullIsScopedAndPaged(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"}))
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	tashi, tashiPhone := resident(t, s, "tashi")
	var mine []*mingbai.Record
	for i := range 5 {
		mine = append(mine, consultation(t, s, fmt.Sprintf("我的 %d", i)))
	}
	s.Push(ctx, dolkar, phone, items(mine...))
	s.Push(ctx, tashi, tashiPhone, items(consultation(t, s, "别人的")))

	var records, materials int
	var cursor int64
	pages := 0
	for {
		changes, more, err := s.Pull(ctx, dolkar, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, c := range changes {
			if c.Seq <= cursor {
				t.Fatalf("change %d at or before cursor %d", c.Seq, cursor)
			}
			cursor = c.Seq
			switch {
			case c.Record != nil:
				records++
				if c.Record.AuthorID != dolkar.ID {
					t.Errorf("pulled another resident's record %s", c.Record.ID)
				}
			case c.Material != nil:
				materials++
			default:
				t.Errorf("an empty change %+v", c)
			}
		}
		if !more {
			break
		}
	}
	if records != 5 || materials != 1 || pages != 3 {
		t.Errorf("pulled %d records and %d materials in %d pages, want 5 and 1 in 3", records, materials, pages)
	}
	changes, more, _ := s.Pull(ctx, dolkar, cursor, 100)
	if len(changes) != 0 || more {
		t.Errorf("pull from the last cursor = %d changes, more %v; want none", len(changes), more)
	}
}

// TestPushOnAFullDiskSaysSo: when the database cannot grow, a push stores
// nothing and says the server's storage is full (EFULL), not a fault.
func TestPushOnAFullDiskSaysSo(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	u, _ := resident(t, s, "dolkar")
	ctx := context.Background()
	var pages int
	if err := s.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	var batch []*mingbai.Record
	for i := range 200 {
		batch = append(batch, consultation(t, s, fmt.Sprintf("第 %d 个问题：%s", i, strings.Repeat("宅基地", 200))))
	}
	_, err := s.Push(ctx, u, "", items(batch...))
	if mingbai.ErrorCode(err) != mingbai.EFULL {
		t.Fatalf("push on a full disk: %v, want EFULL", err)
	}
	if n := countRecords(t, s); n != 0 {
		t.Errorf("%d records stored by a push that failed", n)
	}
}

// TestConflictingCopiesAreBounded: a phone sending ever new content under
// one id gets a conflict each time, and the office keeps maxConflicts
// copies to compare, not one per push.
func TestConflictingCopiesAreBounded(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	r := consultation(t, s, "彩礼能否要回")
	s.Push(ctx, dolkar, phone, items(r))
	for i := range maxConflicts + 5 {
		changed := *r
		_, changed.Fields, _ = mingbai.DecodeFields(mingbai.Consultation, []byte(fmt.Sprintf(
			`{"topic":"marriage-family","asker_group":"elderly","channel":"phone","summary":"第 %d 件事","outcome":"referred"}`, i)), s.clock.Now())
		res, err := s.Push(ctx, dolkar, phone, items(&changed))
		if err != nil || res[0].Status != Conflict {
			t.Fatalf("copy %d = %+v, %v; want a conflict", i, res, err)
		}
	}
	conflicts, err := s.Conflicts(ctx, r.ID)
	if err != nil || len(conflicts) != maxConflicts {
		t.Errorf("%d conflicting copies kept (%v), want %d", len(conflicts), err, maxConflicts)
	}
}

// TestPushesTakeTurnsInOrder: phones pushing at once are served first come,
// first served (database/sql alone hands the writer to any waiter, and a
// batch could wait behind many later ones); a phone that gives up while
// waiting leaves the queue.
func TestPushesTakeTurnsInOrder(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	release, _ := holdWriter(t, s, dolkar, phone)
	const phones = 5
	seqs := make([]int64, phones)
	var wg sync.WaitGroup
	for i := range phones {
		r := consultation(t, s, fmt.Sprintf("问题 %d", i))
		wg.Go(func() {
			res, err := s.Push(ctx, dolkar, phone, items(r))
			if err != nil {
				t.Error(err)
				return
			}
			seqs[i] = res[0].Seq
		})
		time.Sleep(50 * time.Millisecond) // until this phone waits, before the next comes
	}
	gaveUp, cancel := context.WithCancel(ctx)
	late := consultation(t, s, "等不及")
	waited := make(chan error)
	go func() {
		_, _, err := s.PushAll(gaveUp, dolkar, items(late))
		waited <- err
	}()
	time.Sleep(50 * time.Millisecond) // until it waits too
	cancel()
	if err := <-waited; err == nil {
		t.Error("a push whose phone gave up while waiting was answered as stored")
	}
	if err := release(); err != nil { // the push in progress ends
		t.Fatal(err)
	}
	wg.Wait()
	for i := 1; i < phones; i++ {
		if seqs[i] <= seqs[i-1] {
			t.Fatalf("pushes stored in the order %v, want the order they came", seqs)
		}
	}
	if _, err := s.Record(ctx, late.ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("the record of the phone that gave up: %v, want it never stored", err)
	}
}

// holdWriter starts a push of u's and holds the writer on it (a push in
// progress while others come) until release, which returns the push's
// error. groups counts the groups the writer takes, the held one first.
func holdWriter(t *testing.T, s *Store, u *mingbai.User, phone string) (release func() error, groups *int) {
	t.Helper()
	inProgress, let := make(chan struct{}), make(chan struct{})
	var once sync.Once
	groups = new(int)
	s.beforeGroup = func() {
		*groups++
		once.Do(func() { close(inProgress); <-let })
	}
	first := make(chan error, 1)
	r := consultation(t, s, "进行中")
	go func() {
		_, err := s.Push(context.Background(), u, phone, items(r))
		first <- err
	}()
	<-inProgress
	return func() error { close(let); return <-first }, groups
}

// TestPushesWaitingShareACommit: pushes that came while the writer was
// busy are written in one transaction (one durable commit for all), each
// on its own: a ledger not wholly stored, or a push that meets a fault of
// the database, takes nothing of the others with it.
func TestPushesWaitingShareACommit(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	release, groups := holdWriter(t, s, dolkar, phone)
	// An office push whose audit line cannot be written: a fault of the
	// database, in the middle of the group.
	if _, err := s.w.ExecContext(ctx, `CREATE TRIGGER no_audit BEFORE INSERT ON audit_log
		WHEN NEW.action = 'test.fault' BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END`); err != nil {
		t.Fatal(err)
	}
	audited := &mingbai.User{ID: dolkar.ID, Role: mingbai.Resident, VillageID: dolkar.VillageID}
	good := []*mingbai.Record{consultation(t, s, "一"), consultation(t, s, "二"), consultation(t, s, "三")}
	notAll := consultation(t, s, "账本")
	type answer struct {
		name   string
		res    []PushResult
		stored bool
		err    error
	}
	answers := make(chan answer)
	pushes := []func() answer{
		func() answer {
			r, err := s.Push(ctx, dolkar, phone, items(good[0]))
			return answer{"good 0", r, true, err}
		},
		func() answer {
			r, stored, err := s.PushAll(ctx, dolkar, []PushItem{{Record: notAll},
				{Record: &mingbai.Record{ID: "bad"}, Err: mingbai.Errorf(mingbai.EINVALID, "error.bad_request", "bad")}})
			return answer{"ledger", r, stored, err}
		},
		func() answer {
			r, err := s.Push(ctx, dolkar, phone, items(good[1]))
			return answer{"good 1", r, true, err}
		},
		func() answer {
			faulty := WithAudit(ctx, AuditEntry{ActorID: audited.ID, Action: "test.fault"})
			r, err := s.Push(faulty, audited, phone, items(consultation(t, s, "故障")))
			return answer{"fault", r, true, err}
		},
		func() answer {
			r, err := s.Push(ctx, dolkar, phone, items(good[2]))
			return answer{"good 2", r, true, err}
		},
	}
	for _, push := range pushes {
		go func() { answers <- push() }()
		time.Sleep(50 * time.Millisecond) // until it waits, before the next comes
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for range pushes {
		a := <-answers
		switch a.name {
		case "fault":
			if a.err == nil {
				t.Errorf("the push whose audit line failed was answered %+v, want an error", a.res)
			}
		case "ledger":
			if a.err != nil || a.stored || a.res[0].Status != Applied {
				t.Errorf("the ledger = %+v stored %v, %v; want it not stored, its first record applicable", a.res, a.stored, a.err)
			}
		default:
			if a.err != nil || a.res[0].Status != Applied {
				t.Errorf("%s = %+v, %v; want it applied", a.name, a.res, a.err)
			}
		}
	}
	for _, r := range good {
		if _, err := s.Record(ctx, r.ID); err != nil {
			t.Errorf("record %s of the group: %v", r.ID, err)
		}
	}
	if _, err := s.Record(ctx, notAll.ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("the ledger's record: %v, want it not stored", err)
	}
	// The first group, then the five that waited, written again without
	// the faulty one: a fault costs the group one more transaction, not one
	// each.
	if *groups != 2 {
		t.Errorf("the writer took %d groups, want 2: the one in progress and the five that waited", *groups)
	}
	// The group counted its change numbers itself: the next push comes
	// after every one of them, and the store's generation follows it.
	next, err := s.Push(ctx, dolkar, phone, items(consultation(t, s, "之后")))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range good {
		stored, err := s.Record(ctx, r.ID)
		if err == nil && stored.Seq >= next[0].Seq {
			t.Errorf("a push after the group took seq %d, not after the group's %d", next[0].Seq, stored.Seq)
		}
	}
	if g := s.Generation(); g != next[0].Seq {
		t.Errorf("generation %d after a push stored as %d", g, next[0].Seq)
	}
}

// TestAPanickingPushLeavesTheWriterRunning: a bug that panics in the
// middle of a push (here a push with no author) is that push's
// error, and the next push is written as ever: the writer has no Echo to
// recover it, and without recovering the whole server would stop.
func TestAPanickingPushLeavesTheWriterRunning(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	if _, err := s.Push(ctx, nil, phone, items(consultation(t, s, "无人"))); err == nil {
		t.Fatal("a push that panicked was answered without an error")
	}
	res, err := s.Push(ctx, dolkar, phone, items(consultation(t, s, "之后")))
	if err != nil || res[0].Status != Applied {
		t.Fatalf("the push after = %+v, %v; want it applied", res, err)
	}
}

// TestAPushSeesTheRecordsItHasApplied: new records are inserted together
// at the end of their group of pushes, so each check of a later record in
// the same push must still see them: the same id again, a correction of a correction, a
// follow-up on it, an attendance taken twice. The tallies count what is
// stored.
func TestAPushSeesTheRecordsItHasApplied(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	session := sessionToday(t, s, 2)
	day := session.HeldOn
	attendance := func() *mingbai.Record {
		_, fields, err := mingbai.DecodeFields(mingbai.Attendance,
			fmt.Appendf(nil, `{"session_id":%q,"hours":2}`, session.ID), clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.Attendance, Date: day, Fields: fields}
	}
	original := consultation(t, s, "原记录")
	changed := *original
	_, changed.Fields, _ = mingbai.DecodeFields(mingbai.Consultation, []byte(
		`{"topic":"marriage-family","asker_group":"elderly","channel":"phone","summary":"另一件事","outcome":"referred"}`), clock.Now())
	correction := consultation(t, s, "更正")
	correction.Supersedes = original.ID
	again := consultation(t, s, "再更正")
	again.Supersedes = correction.ID
	followUp := &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.FollowUp, Date: day, RefersTo: again.ID,
		Fields: []byte(`{"note":"回访"}`)}
	batch := items(original, original, &changed, correction, again, followUp, attendance(), attendance())
	res, err := s.Push(ctx, dolkar, phone, batch)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{Applied, Duplicate, Conflict, Applied, Applied, Applied, Applied, Rejected}
	if got := statuses(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("statuses = %v, want %v (%v)", got, want, res[len(res)-1].Err)
	}
	if res[1].Seq != res[0].Seq {
		t.Errorf("the duplicate's seq = %d, want the original's %d", res[1].Seq, res[0].Seq)
	}
	if id := mingbai.ErrorMessageID(res[7].Err); id != "error.attendance_twice" {
		t.Errorf("the second attendance of a session refused with %v", res[7].Err)
	}
	if n := countRecords(t, s); n != 5 {
		t.Errorf("stored %d records, want 5", n)
	}
	for _, link := range [][2]*mingbai.Record{{original, correction}, {correction, again}} {
		stored, err := s.Record(ctx, link[0].ID)
		if err != nil || stored.SupersededBy != link[1].ID || string(stored.Fields) != string(link[0].Fields) {
			t.Errorf("record %s = %+v, %v; want it as pushed, superseded by %s", link[0].ID, stored, err, link[1].ID)
		}
	}
	month, err := mingbai.ParsePeriod("month", day[:7], "", "")
	if err != nil {
		t.Fatal(err)
	}
	figuresAgree(t, s, FigureFilter{Period: month})
	figures, err := s.figures(ctx, FigureFilter{Period: month}, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := figures.Count(mingbai.Consultation); n != 1 {
		t.Errorf("the tallies count %d consultations, want the last correction only", n)
	}
}

// TestAFaultInsertingAGroupIsOnePushs: the records of the pushes in a
// group are inserted together at its end; when that insert meets a fault
// of the database, the group is written again to find whose record it
// was, and only that push is answered with the fault.
func TestAFaultInsertingAGroupIsOnePushs(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	release, _ := holdWriter(t, s, dolkar, phone)
	if _, err := s.w.ExecContext(ctx, `CREATE TRIGGER no_insert BEFORE INSERT ON records
		WHEN NEW.fields LIKE '%故障%' BEGIN SELECT RAISE(ABORT, 'record unwritable'); END`); err != nil {
		t.Fatal(err)
	}
	records := []*mingbai.Record{consultation(t, s, "一"), consultation(t, s, "故障"), consultation(t, s, "三")}
	errs := make([]chan error, len(records))
	for i, r := range records {
		errs[i] = make(chan error, 1)
		go func() {
			res, err := s.Push(ctx, dolkar, phone, items(r))
			if err == nil && res[0].Status != Applied {
				err = fmt.Errorf("%+v", res[0])
			}
			errs[i] <- err
		}()
		time.Sleep(50 * time.Millisecond) // until it waits, before the next comes
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, r := range records {
		err := <-errs[i]
		_, missing := s.Record(ctx, r.ID)
		if faulty := i == 1; faulty != (err != nil) || (missing == nil) == faulty {
			t.Errorf("push %d: %v, stored: %v; want only push 1 to fail, and not stored", i, err, missing == nil)
		}
	}
}
