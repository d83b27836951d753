package web

import (
	"database/sql"
	"net/http"
	"net/url"
	"testing"
)

// TestAnActionIsNotStoredWithoutItsAuditLine: when the audit line of an
// office action cannot be written, the action is not stored either, and
// the same action tried again afterwards goes through, with its line.
func TestAnActionIsNotStoredWithoutItsAuditLine(t *testing.T) {
	a, office, _ := officeApp(t)
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
	exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'village.add'
		BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END`)
	form := url.Values{"name_zh": {"新村"}}
	if rec := office.post(t, "/zh/office/villages", form); rec.Code != http.StatusInternalServerError {
		t.Errorf("adding a village while its audit line fails = %d, want 500", rec.Code)
	}
	villages, err := a.store.Villages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range villages {
		if v.NameZH == "新村" {
			t.Fatal("the village was stored without its audit line")
		}
	}
	exec(`DROP TRIGGER no_audit`)
	if rec := office.post(t, "/zh/office/villages", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("adding the village again = %d, want it added", rec.Code)
	}
	if !a.hasAudit(t, "village.add", "新村") {
		t.Error("the village is added without its audit line")
	}
}
