package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

// TestOfficeManagesItsAccounts: from the desk the office adds an account
// (its one-time password shown once), resets its password, deactivates
// it; the last active office account cannot be deactivated; each action
// is in the audit log.
func TestOfficeManagesItsAccounts(t *testing.T) {
	a, office, _ := officeApp(t)
	rec := office.post(t, "/zh/office/accounts", url.Values{"username": {"zhuli"}, "display_name": {"助理"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add an office account = %d: %s", rec.Code, rec.Body.String())
	}
	doc := office.page(t, "/zh/office/accounts", 200)
	password := doc.Find("code.password").Text()
	if len(password) < 10 || !strings.Contains(doc.Find("table.accounts").Text(), "zhuli") {
		t.Fatalf("the list after adding shows password %q and %q", password, doc.Find("table.accounts").Text())
	}
	if again := office.page(t, "/zh/office/accounts", 200); again.Find("code.password").Length() != 0 {
		t.Error("the one-time password is shown twice")
	}
	zhuli := a.browser()
	if rec := zhuli.login(t, "zhuli", password); rec.Header().Get("Location") != "/zh/account/password" {
		t.Errorf("the new account signs in to %q, want the forced change", rec.Header().Get("Location"))
	}
	u, _, err := a.store.UserForLogin(t.Context(), "zhuli")
	if err != nil {
		t.Fatal(err)
	}
	if rec := office.post(t, "/zh/office/accounts/"+u.ID+"/password", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("reset = %d", rec.Code)
	}
	if rec := office.post(t, "/zh/office/accounts/"+u.ID+"/active", url.Values{"active": {"false"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("deactivate = %d", rec.Code)
	}
	for _, action := range []string{"office.add", "office.reset_password", "office.deactivate"} {
		if !a.hasAudit(t, action, "zhuli") {
			t.Errorf("no %s line for zhuli", action)
		}
	}

	clerk, _, err := a.store.UserForLogin(t.Context(), "clerk")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.store.CountActiveOffice(t.Context()); err != nil || n != 1 {
		t.Fatalf("%d active office accounts (%v), want clerk alone", n, err)
	}
	rec = office.post(t, "/zh/office/accounts/"+clerk.ID+"/active", url.Values{"active": {"false"}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), a.locale.T("zh", "error.last_office", nil)) {
		t.Errorf("deactivating the last office account = %d, want 409 saying why", rec.Code)
	}
	if n, _ := a.store.CountActiveOffice(t.Context()); n != 1 {
		t.Error("the last office account was deactivated")
	}
	if rec := office.post(t, "/zh/office/accounts/"+a.addAccount(t, "resident9", mingbai.Resident).ID+"/password", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a resident reset as an office account = %d, want 404", rec.Code)
	}
}
