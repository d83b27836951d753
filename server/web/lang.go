package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// langCookie remembers the interface language a reader last chose, for the
// next visit to a URL without one (the bare address on a poster, say).
const langCookie = "lang"

// requestLang is the interface language of a request: the path's language
// when it names one, else the cookie, Accept-Language, then the default.
func (s *server) requestLang(c echo.Context) mingbai.Lang {
	if l, err := mingbai.ParseLang(c.Param("lang")); err == nil {
		return l
	}
	// Routes that do not exist have no :lang, but /en/nowhere still reads
	// as English.
	if l, ok := pathPrefixLang(c.Request().URL.Path); ok {
		return l
	}
	var cookie string
	if ck, err := c.Cookie(langCookie); err == nil {
		cookie = ck.Value
	}
	return s.locale.Negotiate(cookie, c.Request().Header.Get("Accept-Language"), s.cfg.DefaultLang)
}

// pathLang parses the language in the path, or returns ENOTFOUND: a path
// like /fr/... is a page that does not exist, shown in the reader's
// negotiated language by the error handler.
func pathLang(c echo.Context) (mingbai.Lang, error) {
	l, err := mingbai.ParseLang(c.Param("lang"))
	if err != nil {
		return "", mingbai.Errorf(mingbai.ENOTFOUND, "error.page_not_found", "language %q", c.Param("lang"))
	}
	return l, nil
}

// rememberLang sets the language cookie when the reader's choice differs
// from what it says, so most responses carry no Set-Cookie.
func rememberLang(c echo.Context, l mingbai.Lang) {
	if ck, err := c.Cookie(langCookie); err == nil && ck.Value == string(l) {
		return
	}
	if h, ok := langCookieHeaders[langCookieKey{l, isSecure(c)}]; ok {
		h.add(c.Response().Header())
	}
}

// langCookieKey names one of the cookies rememberLang sets.
type langCookieKey struct {
	lang   mingbai.Lang
	secure bool
}

// langCookieHeaders are rememberLang's Set-Cookie headers, made once: a
// first visit's leaflet, served from memory, spent more on writing its
// cookie than on finding its page.
var langCookieHeaders = func() map[langCookieKey]fixedHeader {
	m := map[langCookieKey]fixedHeader{}
	for _, l := range mingbai.InterfaceLangs {
		for _, secure := range []bool{false, true} {
			ck := &http.Cookie{
				Name: langCookie, Value: string(l), Path: "/",
				MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode,
				Secure: secure,
			}
			m[langCookieKey{l, secure}] = newFixedHeader(echo.HeaderSetCookie, ck.String())
		}
	}
	return m
}()

// rootRedirect sends "/" to the home page in the reader's language.
func (s *server) rootRedirect(c echo.Context) error {
	c.Response().Header().Set("Vary", "Cookie, Accept-Language")
	return c.Redirect(http.StatusFound, "/"+string(s.requestLang(c))+"/")
}

// langRootRedirect sends "/bo" to "/bo/".
func (s *server) langRootRedirect(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusMovedPermanently, "/"+string(l)+"/")
}

// langFreePath returns the request's path and query without its leading
// language segment ("/m/x?view=both" for "/bo/m/x?view=both"), for links
// to the same page in another language.
func langFreePath(c echo.Context) string {
	p := c.Request().URL.Path
	if _, ok := pathPrefixLang(p); ok {
		p = p[3:]
	}
	if p == "" {
		p = "/"
	}
	if q := c.Request().URL.RawQuery; q != "" && !strings.ContainsAny(q, "\r\n") {
		p += "?" + q
	}
	return p
}

// pathPrefixLang reads the language of a path that starts with one
// ("/bo" or "/bo/...").
func pathPrefixLang(p string) (mingbai.Lang, bool) {
	if len(p) < 3 || p[0] != '/' || (len(p) > 3 && p[3] != '/') {
		return "", false
	}
	l, err := mingbai.ParseLang(p[1:3])
	return l, err == nil
}
