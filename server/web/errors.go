package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// statusOf maps each domain error code to its HTTP status: the one table.
var statusOf = map[string]int{
	mingbai.EINVALID:      http.StatusBadRequest,
	mingbai.ENOTFOUND:     http.StatusNotFound,
	mingbai.ECONFLICT:     http.StatusConflict,
	mingbai.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	mingbai.EFULL:         http.StatusInsufficientStorage,
	mingbai.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	mingbai.EUPGRADE:      http.StatusUpgradeRequired,
	mingbai.ETIMEOUT:      http.StatusRequestTimeout,
	mingbai.EUNAUTHORIZED: http.StatusUnauthorized,
	mingbai.EFORBIDDEN:    http.StatusForbidden,
	mingbai.ETOOMANY:      http.StatusTooManyRequests,
	mingbai.EINTERNAL:     http.StatusInternalServerError,
}

// statusClientClosed is logged for a request whose client hung up (the
// status nginx uses; the client never sees it).
const statusClientClosed = 499

// apiError is the JSON body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is Echo's error handler: it turns any error a handler
// returns into a status and a page or JSON body in the reader's language,
// and logs only faults of ours (5xx), with their detail.
func (s *server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A phone that hangs up mid-request (common on 2G) is no fault of
	// ours: its transaction rolled back, nothing was acknowledged, and its
	// retry converges. Nobody is left to answer.
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		s.log.Info("client gone", "id", c.Response().Header().Get(echo.HeaderXRequestID),
			"path", c.Request().URL.Path)
		c.Response().WriteHeader(statusClientClosed)
		return
	}
	code, msgID, status := mingbai.ErrorCode(err), mingbai.ErrorMessageID(err), 0
	var he *echo.HTTPError
	if errors.As(err, &he) {
		// Echo's own errors: unknown route, wrong method, panics recovered.
		status = he.Code
		switch he.Code {
		case http.StatusNotFound:
			code, msgID = mingbai.ENOTFOUND, "error.page_not_found"
		case http.StatusMethodNotAllowed:
			code, msgID = mingbai.EINVALID, "error.method_not_allowed"
		case http.StatusBadRequest:
			code, msgID = mingbai.EINVALID, "error.bad_request"
		case http.StatusRequestEntityTooLarge:
			code, msgID = mingbai.ETOOLARGE, "error.body_too_long"
		default:
			code, msgID = mingbai.EINTERNAL, "error.internal"
		}
	} else {
		status = statusOf[code]
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		s.log.Error("request failed", "id", c.Response().Header().Get(echo.HeaderXRequestID),
			"path", c.Request().URL.Path, "err", err)
	}
	// Validators and caching set before the failure belong to the page that
	// was not sent.
	h := c.Response().Header()
	h.Del("ETag")
	h.Set("Cache-Control", "no-store")
	lang := s.requestLang(c)
	msg := s.errorText(lang, err)
	if he != nil {
		msg = s.locale.T(lang, msgID, nil)
	}
	if wantsJSON(c) {
		_ = sendJSON(c, status, apiError{Error: apiErrorBody{Code: code, Message: msg}})
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	p := s.newPage(lang, langFreePath(c), "error."+code+".title")
	_ = s.render(c, status, "error", errorPage{page: p, Message: msg})
}

// errorText is err's message in language l, with the arguments it names
// (a field, the allowed dates): what a form shows above itself.
// An argument that is itself a message (a field's label) is translated
// first.
func (s *server) errorText(l mingbai.Lang, err error) string {
	args := mingbai.ErrorArgs(err)
	if len(args) > 0 {
		translated := make(map[string]any, len(args))
		for k, v := range args {
			if m, ok := v.(mingbai.Message); ok {
				v = s.locale.T(l, string(m), nil)
			}
			translated[k] = v
		}
		args = translated
	}
	return s.locale.T(l, mingbai.ErrorMessageID(err), args)
}

// errorPage is the data of error.html.
type errorPage struct {
	page
	Message string
}

// wantsJSON is true for the API, whose clients are programs.
func wantsJSON(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

// notFound answers every route that does not exist.
// A path that another method answers is 405, naming the methods in Allow.
func (s *server) notFound(c echo.Context) error {
	path := c.Request().URL.Path
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := s.e.NewContext(c.Request(), nil)
		s.e.Router().Find(m, path, probe)
		if p := probe.Path(); p != "" && p != "/*" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) > 0 {
		c.Response().Header().Set("Allow", strings.Join(allow, ", "))
		return echo.NewHTTPError(http.StatusMethodNotAllowed)
	}
	return mingbai.Errorf(mingbai.ENOTFOUND, "error.page_not_found", "no route %s", path)
}
