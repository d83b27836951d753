package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// audit records an action of the signed-in account. Targets and details
// name accounts, villages and devices, never passwords or villagers' data.
func (s *server) audit(c echo.Context, action, target, detail string) error {
	e := store.AuditEntry{Action: action, Target: target, Detail: detail}
	if u := currentUser(c); u != nil {
		e.ActorID = u.ID
	}
	return s.store.Audit(c.Request().Context(), e)
}

// pathID reads a UUID from the path. Anything else names nothing: ENOTFOUND
// with msgID, before the database is asked.
func pathID(c echo.Context, param, msgID string) (string, error) {
	id, err := uuid.Parse(c.Param(param))
	if err != nil {
		return "", mingbai.Errorf(mingbai.ENOTFOUND, msgID, "%s %q is not a UUID", param, c.Param(param))
	}
	return id.String(), nil
}

// langAndID reads the language and the UUID the path's "id" names; any
// other id is ENOTFOUND with msgID.
func langAndID(c echo.Context, msgID string) (mingbai.Lang, string, error) {
	l, err := pathLang(c)
	if err != nil {
		return "", "", err
	}
	id, err := pathID(c, "id", msgID)
	return l, id, err
}

// formText is a form field as Mingbai stores text: NFC, without the spaces
// a paste brings along.
func formText(c echo.Context, name string) string {
	return strings.TrimSpace(mingbai.NFC(c.FormValue(name)))
}

// formLongText is a multi-line field as Mingbai stores it: NFC, with the
// browser's CRLF line ends made LF. Blanks at its ends are kept (Markdown
// may mean something by them); callers trim what they must.
func formLongText(c echo.Context, name string) string {
	return mingbai.NFC(strings.ReplaceAll(c.FormValue(name), "\r\n", "\n"))
}

// formValueOr is the form's value for name, or current when the form has
// no such input at all (a page from before the input existed), so a post
// changes only what its form showed.
func formValueOr(c echo.Context, name, current string) string {
	form, err := c.FormParams()
	if _, ok := form[name]; err != nil || !ok {
		return current
	}
	return form.Get(name)
}

// formFailure tells a form handler how to show err: the status and the
// message in the reader's language when the input was at fault, so the
// form comes back with what was typed; ok is false for faults of ours,
// which go to the error handler.
func (s *server) formFailure(l mingbai.Lang, err error) (status int, msg string, ok bool) {
	code := mingbai.ErrorCode(err)
	if code == mingbai.EINTERNAL {
		return 0, "", false
	}
	return statusOf[code], s.errorText(l, err), true
}

// auditing names an office action in the request's context: the store
// writes its audit line in the action's own transaction, so neither is
// stored without the other (store.WithAudit).
func (s *server) auditing(c echo.Context, action, target, detail string) context.Context {
	return store.WithAudit(c.Request().Context(), auditEntry(c, action, target, detail))
}

// auditingOutcome is auditing for an action whose line says what it came
// to (what a save changed, what a push stored): the store adds that.
func (s *server) auditingOutcome(c echo.Context, action, target, detail string) context.Context {
	return store.WithAuditOutcome(c.Request().Context(), auditEntry(c, action, target, detail))
}

func auditEntry(c echo.Context, action, target, detail string) store.AuditEntry {
	e := store.AuditEntry{Action: action, Target: target, Detail: detail}
	if u := currentUser(c); u != nil {
		e.ActorID = u.ID
	}
	return e
}

// done shows n on the page back leads to, after an action (audited
// through auditing).
func (s *server) done(c echo.Context, back string, n notice) error {
	s.setNotice(c, n)
	return c.Redirect(http.StatusSeeOther, back)
}

// activation reads an activate/deactivate button (active=true|false) and
// names what to record and show: the audit action, prefix.activate or
// prefix.deactivate, and the notice with the matching message.
func activation(c echo.Context, prefix, activatedID, deactivatedID string) (active bool, action string, n notice, err error) {
	switch c.FormValue("active") {
	case "true":
		return true, prefix + ".activate", notice{MessageID: activatedID}, nil
	case "false":
		return false, prefix + ".deactivate", notice{MessageID: deactivatedID}, nil
	}
	return false, "", notice{}, mingbai.Errorf(mingbai.EINVALID, "error.bad_request", "active=%q", c.FormValue("active"))
}

// officeLink is the address of an office page in language l.
func officeLink(l mingbai.Lang, parts ...string) string {
	return "/" + string(l) + "/office/" + strings.Join(parts, "/")
}
