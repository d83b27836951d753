package web

import (
	"net/http"
	"testing"
)

// TestInboxOffersExports checks the inbox's export links and form carry
// the filter the office is looking at.
func TestInboxOffersExports(t *testing.T) {
	fx := newExportFixture(t)
	doc := fx.office.page(t, "/zh/office/records?kind=consultation&village="+fx.villageB+"&page=1", http.StatusOK)
	for _, sel := range []string{`a[href$="export.csv?kind=consultation&village=` + fx.villageB + `"]`,
		`a[href$="export.xlsx?kind=consultation&village=` + fx.villageB + `"]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("no link %s", sel)
		}
	}
	form := doc.Find(`form[method="post"][action="/zh/office/records/export"]`)
	for name, want := range map[string]string{"kind": "consultation", "village": fx.villageB, "unmasked": "1"} {
		if got := form.Find(`input[type="hidden"][name="`+name+`"]`).AttrOr("value", ""); got != want {
			t.Errorf("form's %s = %q, want %q", name, got, want)
		}
	}
	if form.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" || form.Find(`input[name="reason"][required]`).Length() != 1 ||
		form.Find(`input[name="confirm"][required]`).Length() != 1 || form.Find(`input[name="page"]`).Length() != 0 {
		t.Error("the unmasked export's form lacks its token, reason or confirmation, or carries the page")
	}
	// The link gives what the inbox shows: 乙村's one consultation.
	href := doc.Find(`a[href*="export.csv"]`).AttrOr("href", "")
	rows := readCSV(t, download(t, fx.office.send(t, http.MethodGet, href, nil), "text/csv", "mingbai-records-"+fx.a.todayFile()+".csv"))
	if got := fx.recordRows(t, rows); len(rows) != 2 || got["C4"] == nil {
		t.Errorf("the inbox's link exported %v", rows)
	}
}
