package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"mingbai/server/mingbai"
)

// contract validates real responses against the served OpenAPI document.
type contract struct {
	router routers.Router
}

func loadContract(t *testing.T, a *testApp) *contract {
	t.Helper()
	rec := a.do(t, "/api/openapi.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json = %d", rec.Code)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{router: r}
}

// check sends a request through the handler and validates the request and
// response against the document; it returns the response.
func (c *contract) check(t *testing.T, a *testApp, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://localhost"+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	c.validate(t, req, rec)
	return rec
}

// validate checks a response to req against the document.
func (c *contract) validate(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	path := req.URL.RequestURI()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s is not in the OpenAPI document: %v", req.Method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(strings.NewReader(rec.Body.String())),
	})
	if err != nil {
		t.Errorf("%s %s: response %d does not match the OpenAPI document: %v\n%.300s", req.Method, path, rec.Code, err, rec.Body.String())
	}
}

func TestAPIMatchesOpenAPI(t *testing.T) {
	a := newTestApp(t)
	c := loadContract(t, a)
	noBo := a.sampleWithout(t, "bo")
	cases := []struct {
		path   string
		status int
	}{
		{"/healthz", 200},
		{"/api/v1/materials", 200},
		{"/api/v1/materials?topic=marriage-family&per_page=5", 200},
		{"/api/v1/materials?audience=herders&lang=bo&page=1", 200},
		{"/api/v1/materials?page=500", 200},
		{"/api/v1/materials/bride-price", 200},
		{"/api/v1/materials/" + noBo, 200},
		{"/api/v1/materials/no-such-thing", 404},
		{"/api/v1/materials?topic=no-such-topic", 404},
		{"/api/v1/materials?audience=tourists", 400},
		{"/api/v1/materials?lang=fr", 400},
		{"/api/v1/materials?per_page=1000", 400},
		{"/api/v1/materials?page=0", 400},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			rec := c.check(t, a, tc.path)
			if rec.Code != tc.status {
				t.Errorf("status = %d, want %d", rec.Code, tc.status)
			}
		})
	}
}

func TestAPIFiltersAndPages(t *testing.T) {
	a := newTestApp(t)
	var list materialListJSON
	get := func(path string) {
		t.Helper()
		rec := a.do(t, path)
		list = materialListJSON{}
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	get("/api/v1/materials?per_page=100")
	all := list.Total
	if all != len(a.sample.Materials) || len(list.Items) != all {
		t.Fatalf("total %d, %d items; want every sample (%d)", list.Total, len(list.Items), len(a.sample.Materials))
	}
	get("/api/v1/materials?lang=bo&per_page=100")
	for _, m := range list.Items {
		if _, ok := m.Translations["bo"]; !ok {
			t.Errorf("lang=bo lists %s, which has no Tibetan", m.Slug)
		}
	}
	if list.Total >= all {
		t.Errorf("lang=bo lists %d of %d; some samples lack Tibetan", list.Total, all)
	}
	get("/api/v1/materials?topic=marriage-family")
	for _, m := range list.Items {
		if m.Topic != "marriage-family" {
			t.Errorf("topic filter lists %s of topic %s", m.Slug, m.Topic)
		}
	}
	get("/api/v1/materials?per_page=5&page=2")
	if len(list.Items) != 5 || list.Page != 2 {
		t.Errorf("page 2 of 5: %d items, page %d", len(list.Items), list.Page)
	}
}

func TestAPIErrorsAreLocalized(t *testing.T) {
	a := newTestApp(t)
	rec := a.do(t, "/api/v1/materials/nope", "Accept-Language", "bo")
	var e apiError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if e.Error.Code != "not_found" || e.Error.Message != a.locale.T("bo", "error.material_not_found", nil) {
		t.Errorf("error = %+v, want not_found in Tibetan", e.Error)
	}
}

func TestETagsAnswer304(t *testing.T) {
	a := newTestApp(t)
	for _, path := range []string{"/api/v1/materials/bride-price", "/api/v1/materials", "/zh/m/bride-price", "/bo/", "/zh/t/marriage-family"} {
		t.Run(path, func(t *testing.T) {
			first := a.do(t, path)
			etag := first.Header().Get("ETag")
			if first.Code != 200 || etag == "" {
				t.Fatalf("first GET = %d with ETag %q", first.Code, etag)
			}
			again := a.do(t, path, "If-None-Match", etag)
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("GET with If-None-Match = %d, %d bytes; want 304, empty", again.Code, again.Body.Len())
			}
			gz := a.do(t, path, "If-None-Match", etag, "Accept-Encoding", "gzip")
			if gz.Code != http.StatusNotModified || gz.Body.Len() != 0 {
				t.Errorf("gzip GET with If-None-Match = %d, %d bytes; want 304, empty", gz.Code, gz.Body.Len())
			}
			stale := a.do(t, path, "If-None-Match", `W/"stale"`)
			if stale.Code != http.StatusOK {
				t.Errorf("GET with a stale ETag = %d, want 200", stale.Code)
			}
		})
	}
}

// TestReadersCopiesOutliveUnrelatedChanges: a reader's copy of a page stays
// valid (304) while residents push records, the office enters its own and
// edits a draft: none of it changes what the page shows. Withdrawing a
// leaflet does, and every public page's copy is stale at once.
func TestReadersCopiesOutliveUnrelatedChanges(t *testing.T) {
	a, office, _ := officeApp(t)
	paths := []string{"/api/v1/materials/bride-price", "/api/v1/materials", "/zh/m/bride-price", "/bo/", "/zh/t/marriage-family"}
	etags := map[string]string{}
	for _, p := range paths {
		etags[p] = a.do(t, p).Header().Get("ETag")
	}
	unchanged := func(after string) {
		t.Helper()
		for _, p := range paths {
			if rec := a.do(t, p, "If-None-Match", etags[p]); rec.Code != http.StatusNotModified {
				t.Errorf("after %s, GET %s with its ETag = %d, want 304", after, p, rec.Code)
			}
		}
	}
	a.phone(t, "dolkar").push(t, a.fixture(t, "push_mixed.json"))
	unchanged("a resident's push")
	if rec := office.post(t, "/zh/office/records/new", officeRecordForm(t, a, mingbai.Mediation, "", a.today())); rec.Code != http.StatusSeeOther {
		t.Fatalf("office record = %d", rec.Code)
	}
	unchanged("the office's own record")
	draft := &mingbai.Material{Slug: "draft-only", Topic: "marriage-family", Status: mingbai.Draft,
		Translations: map[mingbai.Lang]*mingbai.Translation{mingbai.Chinese: {Lang: mingbai.Chinese, Title: "草稿", BodyMD: "草稿。", BodyHTML: "<p>草稿。</p>"}}}
	if err := a.store.CreateMaterial(t.Context(), "", draft); err != nil {
		t.Fatal(err)
	}
	unchanged("a new draft")

	m, err := a.store.PublishedMaterial(t.Context(), "bride-price")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.SetMaterialStatus(t.Context(), "", m.ID, mingbai.Unpublished); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if rec := a.do(t, p, "If-None-Match", etags[p]); rec.Code == http.StatusNotModified {
			t.Errorf("after a leaflet is withdrawn, GET %s with its old ETag = 304, want the new page", p)
		}
	}
}
