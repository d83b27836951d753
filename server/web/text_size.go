package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
)

// Many readers are elderly. Besides the phone's own text size, a reader
// may choose larger text once, for every page: the choice is a cookie,
// and each page's <html> carries it as a class (text-large, text-larger),
// which style.css scales the whole page by. It works without JavaScript,
// and the page is the same bytes for everyone who chose the same.

// textSizes are the sizes a reader may choose, as their class names; ""
// is the size the phone gives.
var textSizes = []string{"", "large", "larger"}

const textSizeCookie = "mingbai_text"

// textSize is the size the reader chose, or "".
func textSize(c echo.Context) string {
	ck, err := c.Cookie(textSizeCookie)
	if err != nil || !slices.Contains(textSizes, ck.Value) {
		return ""
	}
	return ck.Value
}

// setTextSize keeps the size a reader chose (?size=) for a year and
// returns them to the page they were reading (?back=).
func (s *server) setTextSize(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	size := c.QueryParam("size")
	if !slices.Contains(textSizes, size) {
		size = ""
	}
	c.SetCookie(&http.Cookie{Name: textSizeCookie, Value: size, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isSecure(c)})
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusSeeOther, safeNext(backTo(c), "/"+string(l)+"/"))
}

// backTo is the page the reader chose a size on: the address their browser
// came from when it is this site's (it keeps ?view=both), else ?back=.
func backTo(c echo.Context) string {
	if ref, err := url.Parse(c.Request().Referer()); err == nil && ref.Host != "" && ref.Host == c.Request().Host {
		return ref.RequestURI()
	}
	return c.QueryParam("back")
}

// withTextSize gives a rendered page's <html> the reader's size class.
func withTextSize(page []byte, size string) []byte {
	if size == "" {
		return page
	}
	i := bytes.Index(page, []byte("<html "))
	if i < 0 {
		return page
	}
	class := []byte(`<html class="text-` + size + `" `)
	out := make([]byte, 0, len(page)+len(class))
	return append(append(append(out, page[:i]...), class...), page[i+len("<html "):]...)
}
