package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// Every form's body is capped before anything reads it: a body longer than
// its route's cap is refused on its Content-Length alone, and one that
// lies about its length is cut off there. The caps are what the route's
// form can hold at most, from the limits of what it carries, in the worst
// case of URL encoding (a 4-byte character written as 12).
// encodedRune is the most bytes one character takes in a URL-encoded
// form body.
const encodedRune = 12

// formSlack is what a form carries besides its texts: names, the CSRF
// token, choices and numbers.
const formSlack = 16 << 10

var (
	// formBytes is any form's cap: a sign-in, a review, a record (the
	// longest kind of record, a village rule's revision, sets it).
	formBytes = formSlack + encodedRune*longestRecordRunes()
	// materialFormBytes is a material's form: title, summary and body in
	// each language.
	materialFormBytes = formBytes + int64(len(mingbai.ContentLangs))*
		(3*mingbai.MaxBodyBytes+encodedRune*(mingbai.MaxTitleRunes+mingbai.MaxSummaryRunes))
	// reportFormBytes is the annual report's form: every part's text.
	reportFormBytes = formBytes + int64(len(mingbai.ReportParts))*encodedRune*mingbai.MaxReportPartRunes
)

// longestRecordRunes is the most characters one record's texts can hold.
func longestRecordRunes() int64 {
	var longest int64
	for _, spec := range mingbai.Kinds {
		var n int64
		for _, f := range spec.Fields {
			if f.Type == mingbai.TypeText || f.Type == mingbai.TypeLongText {
				n += int64(f.Max)
			}
		}
		longest = max(longest, n)
	}
	return longest
}

// capBody refuses, or cuts off, a request body over limit bytes.
func capBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > limit {
				return mingbai.Errorf(mingbai.ETOOLARGE, "error.body_too_long", "body of %d bytes, over %d", r.ContentLength, limit)
			}
			if r.Body != nil {
				r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
			}
			return next(c)
		}
	}
}

// nfcForm brings a form's values into Unicode's composed form (mingbai.NFC)
// before any handler reads them: text is kept one way, whichever phone or
// keyboard typed it. Pushed records are normalized where they are decoded.
func nfcForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodPost && r.ParseForm() == nil {
			for _, values := range []url.Values{r.Form, r.PostForm} {
				for _, vs := range values {
					for i, v := range vs {
						vs[i] = mingbai.NFC(v)
					}
				}
			}
		}
		return next(c)
	}
}
