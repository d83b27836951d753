package web

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"mingbai/server/mingbai"
)

// routes lists every route. Nothing registers a route anywhere else.
//
// Roles: routes without middleware are public (anonymous readers); the
// others name their role with requireRole. Deny unless a role allows.
func (s *server) routes() {
	e := s.e
	e.Pre(headAsGet, noTrailingSlash)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: requestIDs()}))
	e.Use(s.logRequests)
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders())
	e.Use(s.markSecure)

	// Machine endpoints.
	e.GET("/healthz", s.health)
	e.GET("/api/openapi.json", s.openAPI)
	e.GET("/api/v1/materials", s.apiMaterialsList)
	e.GET("/api/v1/materials/:slug", s.apiMaterialGet)

	// The PWA's shell: service worker (must live at the root to control
	// every page), manifests and content-hashed static files.
	e.GET("/sw.js", s.serviceWorker)
	e.GET("/static/:file", s.staticFile)
	e.GET("/favicon.ico", s.favicon)
	e.GET("/qr/:lang/m/:file", s.qrCode)

	// Public reading path, language first in the path.
	e.GET("/", s.rootRedirect)
	e.GET("/:lang", s.langRootRedirect)
	e.GET("/:lang/", s.homePage)
	e.GET("/:lang/manifest.webmanifest", s.manifest)
	e.GET("/:lang/t/:topic", s.topicPage)
	e.GET("/:lang/m/:slug", s.materialPage)
	e.GET("/:lang/search", s.searchPage)
	e.GET("/:lang/offline", s.offlinePage)
	e.GET("/:lang/text-size", s.setTextSize)

	// Accounts. Forms carry a CSRF token; signed-in pages are never cached.
	// A body is capped (body_limits.go) before anything reads it, and the
	// role is checked before the CSRF check, which reads the form: a
	// stranger's post costs nothing but its refusal.
	form := []echo.MiddlewareFunc{capBody(formBytes), s.loadSession, nfcForm, s.csrf}
	roleForm := func(limit int64, roles ...mingbai.Role) []echo.MiddlewareFunc {
		return []echo.MiddlewareFunc{capBody(limit), s.loadSession, s.requireRole(roles...), nfcForm, s.csrf}
	}
	signedIn := roleForm(formBytes, mingbai.Office, mingbai.Resident)
	office := roleForm(formBytes, mingbai.Office)
	e.GET("/:lang/login", s.loginForm, form...)
	e.POST("/:lang/login", s.loginSubmit, form...)
	e.POST("/:lang/logout", s.logout, form...)
	e.GET("/:lang/account/password", s.passwordForm, signedIn...)
	e.POST("/:lang/account/password", s.passwordSubmit, signedIn...)
	e.GET("/:lang/office", s.officeDesk, office...)

	// The office's materials desk. An upload is parsed (size-capped)
	// after the role check and before the CSRF check, which reads its form.
	upload := []echo.MiddlewareFunc{s.loadSession, s.requireRole(mingbai.Office), s.parseUpload, s.csrf}
	ledger := []echo.MiddlewareFunc{s.loadSession, s.requireRole(mingbai.Office), parseUploadUpTo(mingbai.MaxLedgerBytes), s.csrf}
	e.GET("/:lang/office/materials", s.officeMaterials, office...)
	e.GET("/:lang/office/materials/new", s.newMaterialForm, office...)
	e.POST("/:lang/office/materials", s.createMaterial, roleForm(materialFormBytes, mingbai.Office)...)
	e.GET("/:lang/office/materials/:id", s.editMaterialForm, office...)
	e.POST("/:lang/office/materials/:id", s.saveMaterial, roleForm(materialFormBytes, mingbai.Office)...)
	e.POST("/:lang/office/materials/:id/status", s.setMaterialStatus, office...)
	e.GET("/:lang/office/materials/:id/history", s.materialHistory, office...)
	e.POST("/:lang/office/materials/:id/media", s.uploadMedia, upload...)
	e.POST("/:lang/office/materials/:id/media/:att/delete", s.detachMedia, office...)

	// Media by content hash: public once a published material shows them.
	e.GET("/media/:file", s.mediaFile, s.loadSession)

	// Residents' phones. A signed-in resident registers a phone (the
	// cookie session, CSRF token in a header) and gets a bearer token,
	// which alone authenticates the device API. The role is checked before
	// the CSRF token, so a stranger learns "sign in" before anything else.
	resident := roleForm(formBytes, mingbai.Resident)
	e.GET("/:lang/field", s.fieldHome, resident...)
	e.GET("/:lang/field/new/:kind", s.fieldForm, resident...)
	e.GET("/:lang/field/checkin/:code", s.fieldCheckIn, resident...)
	e.GET("/:lang/field/records", s.fieldRecords, resident...)
	e.POST("/:lang/field/records", s.fieldRecordCreate, resident...)
	e.POST("/api/v1/devices", s.apiDeviceRegister, resident...)
	e.GET("/api/v1/me", s.apiMe, s.requireDevice)
	e.POST("/api/v1/sync/push", s.apiSyncPush, s.requireDevice)
	e.GET("/api/v1/sync/pull", s.apiSyncPull, s.requireDevice)

	// The office manages residents, their devices and villages.
	e.GET("/:lang/office/accounts", s.officeAccounts, office...)
	e.POST("/:lang/office/accounts", s.officeAccountCreate, office...)
	e.POST("/:lang/office/accounts/:id/password", s.officeAccountReset, office...)
	e.POST("/:lang/office/accounts/:id/active", s.officeAccountSetActive, office...)
	e.GET("/:lang/office/residents", s.residentsList, office...)
	e.GET("/:lang/office/residents/new", s.residentNew, office...)
	e.POST("/:lang/office/residents/new", s.residentCreate, office...)
	e.GET("/:lang/office/residents/:id", s.residentEdit, office...)
	e.POST("/:lang/office/residents/:id", s.residentUpdate, office...)
	e.POST("/:lang/office/residents/:id/password", s.residentResetPassword, office...)
	e.POST("/:lang/office/residents/:id/active", s.residentSetActive, office...)
	e.POST("/:lang/office/residents/:id/devices/:device/revoke", s.deviceRevoke, office...)
	e.GET("/:lang/office/villages", s.villagesList, office...)
	e.POST("/:lang/office/villages", s.villageCreate, office...)
	e.GET("/:lang/office/villages/:id", s.villageEdit, office...)
	e.POST("/:lang/office/villages/:id", s.villageUpdate, office...)
	e.POST("/:lang/office/villages/:id/active", s.villageSetActive, office...)

	// The office reviews field records and holds trainings.
	e.GET("/:lang/office/records", s.recordsInbox, office...)
	e.GET("/:lang/office/campaigns", s.officeCampaigns, office...)
	e.POST("/:lang/office/campaigns", s.saveCampaign, office...)
	e.GET("/:lang/office/records/new", s.officeRecordForm, office...)
	e.GET("/:lang/office/records/import", s.importForm, office...)
	e.GET("/:lang/office/records/import/template.csv", s.importTemplateCSV, office...)
	e.GET("/:lang/office/records/import/template.xlsx", s.importTemplateXLSX, office...)
	e.POST("/:lang/office/records/import", s.importLedger, ledger...)
	e.POST("/:lang/office/records/new", s.officeRecordCreate, office...)
	e.GET("/:lang/office/records/:id", s.recordDetail, office...)
	e.POST("/:lang/office/records/:id/review", s.recordReview, office...)
	e.GET("/:lang/office/trainings", s.trainingsList, office...)
	e.POST("/:lang/office/trainings", s.trainingCreate, office...)
	e.GET("/:lang/office/trainings/:id", s.trainingDetail, office...)
	e.POST("/:lang/office/trainings/:id/headcounts", s.trainingHeadcounts, office...)

	// The office's figures: the dashboard and the annual report.
	e.GET("/:lang/office/figures", s.officeFigures, office...)
	e.GET("/:lang/office/report/:year", s.annualReport, office...)
	e.POST("/:lang/office/report/:year", s.saveReport, roleForm(reportFormBytes, mingbai.Office)...)
	e.POST("/:lang/office/report/:year/heading", s.saveReportHeading, office...)
	e.GET("/:lang/office/report/:year/report.docx", s.annualReportDOCX, office...)

	// The office's exports, each logged: masked by a link; the records
	// unmasked only by a form with a reason.
	e.GET("/:lang/office/figures/export.csv", s.figuresCSV, office...)
	e.GET("/:lang/office/figures/export.xlsx", s.figuresXLSX, office...)
	e.GET("/:lang/office/records/export.csv", s.recordsCSV, office...)
	e.GET("/:lang/office/records/export.xlsx", s.recordsXLSX, office...)
	e.POST("/:lang/office/records/export", s.recordsExportUnmasked, office...)

	// Reach without surveillance: anonymous readers mark a leaflet as
	// helpful or ask for a topic, with no account and no CSRF token (the
	// pages are cached and shared; see sameOrigin). The office prints a
	// village's QR codes and reads what villagers ask for.
	anonForm := []echo.MiddlewareFunc{middleware.BodyLimit("16K"), s.sameOrigin}
	e.POST("/:lang/m/:slug/helped", s.helpedSubmit, anonForm...)
	e.POST("/:lang/requests", s.requestSubmit, anonForm...)
	e.GET("/:lang/office/villages/:id/qr", s.villageQRSheet, office...)
	e.GET("/:lang/office/requests", s.officeRequests, office...)
	e.POST("/:lang/office/requests/notes/:id/delete", s.requestNoteDelete, office...)

	e.RouteNotFound("/*", s.notFound)
}
