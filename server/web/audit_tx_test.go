package web

import (
	"database/sql"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

// TestAnActionIsNotStoredWithoutItsAuditLine: when the audit line of an
// office action cannot be written, the action is not stored either, and
// the same action tried again afterwards goes through, with its line.
// Lines that say what the action came to (what a save changed, what an
// import stored) are written in the action's transaction too.
func TestAnActionIsNotStoredWithoutItsAuditLine(t *testing.T) {
	a, office, _ := officeApp(t)
	ctx := t.Context()
	db, err := sql.Open("sqlite", "file:"+a.dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string) {
		t.Helper()
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string) (n int) {
		t.Helper()
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	leaflet, err := a.store.PublishedMaterial(ctx, "bride-price")
	if err != nil {
		t.Fatal(err)
	}
	record := officeRecordForm(t, a, mingbai.Mediation, "", a.today())
	ledger := mediationLedger(t, office, a.today())
	newcomer := a.browser()

	cases := []struct {
		action string
		do     func() int
		stored func() bool
		detail string // what the line says, once stored
	}{
		{"village.add",
			func() int { return office.post(t, "/zh/office/villages", url.Values{"name_zh": {"新村"}}).Code },
			func() bool { return count(`SELECT count(*) FROM villages WHERE name_zh = '新村'`) > 0 }, ""},
		{"leaflet.save",
			func() int {
				return office.post(t, "/zh/office/materials/"+leaflet.ID, url.Values{"action": {"save"},
					"topic": {leaflet.Topic}, "audience": {"herders"}, "base_version": {itoa(leaflet.Version)},
					"zh.title": {leaflet.Translations[mingbai.Chinese].Title}, "zh.body": {"新的正文。"},
					"bo.title": {leaflet.Translations[mingbai.Tibetan].Title}, "bo.body": {leaflet.Translations[mingbai.Tibetan].BodyMD}}).Code
			},
			func() bool {
				m, err := a.store.MaterialByID(ctx, leaflet.ID)
				if err != nil {
					t.Fatal(err)
				}
				return m.Version > leaflet.Version
			}, "zh.body"},
		{"record.office_create",
			func() int { return office.post(t, "/zh/office/records/new", record).Code },
			func() bool { _, err := a.store.Record(ctx, record.Get("id")); return err == nil },
			"mediation stored=1 already=0"},
		{"import.ledger",
			func() int { return office.uploadLedger(t, mingbai.Mediation, "ledger.csv", ledger).Code },
			func() bool { return count(`SELECT count(*) FROM records WHERE kind = 'mediation'`) > 1 },
			"stored=1 already=0"},
		{"login.ok",
			func() int { return newcomer.login(t, "clerk", testPassword).Code },
			func() bool { return newcomer.cookies[sessionCookie] != nil }, ""},
	}
	for _, c := range cases {
		t.Run(c.action, func(t *testing.T) {
			exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log WHEN NEW.action = '` + c.action + `'
				BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END`)
			if code := c.do(); code != http.StatusInternalServerError {
				t.Errorf("%s while its audit line fails = %d, want 500", c.action, code)
			}
			if c.stored() {
				t.Fatalf("%s was stored without its audit line", c.action)
			}
			exec(`DROP TRIGGER no_audit`)
			if code := c.do(); code != http.StatusSeeOther && code != http.StatusOK {
				t.Fatalf("%s again = %d, want it done", c.action, code)
			}
			if !c.stored() {
				t.Fatalf("%s again was not stored", c.action)
			}
			if e := lastAudit(t, a, c.action); e.ActorID == "" || !strings.Contains(e.Detail, c.detail) {
				t.Errorf("%s's audit line = %+v, want it by the clerk, saying %q", c.action, e, c.detail)
			}
		})
	}
}

// mediationLedger is the import template for mediations with one row
// of the township's own, dated day.
func mediationLedger(t *testing.T, office *browser, day string) []byte {
	t.Helper()
	rec := office.send(t, http.MethodGet, "/zh/office/records/import/template.csv?kind=mediation", nil)
	header, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\uFEFF"))).Read()
	if err != nil {
		t.Fatal(err)
	}
	row := make([]string, len(header))
	for i, h := range header {
		switch h[strings.Index(h, "[")+1 : len(h)-1] {
		case "date":
			row[i] = day
		case "dispute_kind":
			row[i] = "homestead"
		case "parties":
			row[i] = "2"
		case "outcome":
			row[i] = "agreement"
		}
	}
	return ledgerCSV(t, header, row)
}
