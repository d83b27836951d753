package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientGoneIsNotAFault: a phone that hangs up mid-push is logged as
// gone, not as a server error.
func TestClientGoneIsNotAFault(t *testing.T) {
	a := newTestApp(t)
	p := a.phone(t, "dolkar")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := p.request(http.MethodPost, "/api/v1/sync/push", a.fixture(t, "push_mixed.json")).WithContext(ctx)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != statusClientClosed || strings.Contains(rec.Body.String(), "internal") {
		t.Errorf("a push whose client left = %d %q, want %d and no body", rec.Code, rec.Body.String(), statusClientClosed)
	}
}
