package web

import (
	"hash/maphash"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// Reach without surveillance: leaflet opens, scans of a village's printed
// QR codes, "this helped" marks and requests for a topic are counted per
// township day, with nothing about the reader (see store.Tally).

// countOpen counts a reader opening a leaflet page. A page fetched to be
// kept for offline reading is no reading: the resident's whole library, a
// kept leaflet refreshed after a sync and the copy offline-status.js saves
// on a first visit say so with "Purpose: prefetch", and a browser's own
// prefetch with Sec-Purpose.
func (s *server) countOpen(c echo.Context, slug string, l mingbai.Lang) {
	h := c.Request().Header
	if isHead(c) || strings.Contains(h.Get("Sec-Purpose"), "prefetch") || strings.Contains(h.Get("Purpose"), "prefetch") {
		return
	}
	if s.readsBy.Take(s.readerKey(c, "reads")) {
		s.tally.Open(slug, l)
	}
}

// villageScan answers a leaflet address printed for a village
// (/{lang}/m/{slug}?v=CODE): it counts a scan for the village and
// redirects to the leaflet's own address, so caches and saved copies stay
// one per leaflet. The open itself is counted there, once. An unknown code
// just redirects.
func (s *server) villageScan(c echo.Context, l mingbai.Lang, slug, view, code string) error {
	ctx := c.Request().Context()
	if mingbai.ValidVillageCode(code) {
		v, err := s.store.VillageByCode(ctx, code)
		switch {
		case err == nil:
			if _, err := s.store.PublishedMaterial(ctx, slug); err != nil {
				return err
			}
			if !isHead(c) && s.readsBy.Take(s.readerKey(c, "reads")) {
				s.tally.Scan(slug, l, v.ID)
			}
		case mingbai.ErrorCode(err) != mingbai.ENOTFOUND:
			return err
		}
	}
	target := "/" + string(l) + "/m/" + slug
	if view != "" {
		target += "?view=" + view
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusFound, target)
}

// sameOrigin refuses a form POST that did not come from one of our own
// pages, judged by its Origin header or, when a browser sends none (or
// "null"), its Referer (every page sets Referrer-Policy: same-origin, so
// our own pages do send it).
//
// The anonymous forms (this helped, ask for a topic) carry no CSRF token
// on purpose: they sit on public pages that are rendered once and served
// to every reader from the page cache, so a per-reader token cannot be in
// them, and setting a token cookie would make each page per-reader. What
// they do is count, with nothing to steal and no account to act for, so
// the danger of a forged post is an inflated count: this check stops other
// sites' pages from posting, and the hourly limit per address stops one
// reader repeating. A script outside a browser can fake Origin, but meets
// the same limit.
func (s *server) sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		src := r.Header.Get("Origin")
		if src == "" || src == "null" {
			src = r.Header.Get("Referer")
		}
		if u, err := url.Parse(src); err == nil && u.Host != "" && s.ourHost(u.Host, r.Host) {
			return next(c)
		}
		return mingbai.Errorf(mingbai.EFORBIDDEN, "error.cross_site", "form posted from %q", src)
	}
}

// ourHost reports whether host is this server's: the request's own host,
// or the configured public address's when a proxy rewrites Host.
func (s *server) ourHost(host, requestHost string) bool {
	if strings.EqualFold(host, requestHost) {
		return true
	}
	base, err := url.Parse(s.cfg.BaseURL)
	return s.cfg.BaseURL != "" && err == nil && strings.EqualFold(host, base.Host)
}

// readerKey names a reader and what they act on for the hourly limits:
// their address with it, hashed with a seed drawn at start. The limit
// must tell readers apart for an hour, not know who they are, so not even
// memory holds the address.
func (s *server) readerKey(c echo.Context, what string) string {
	var h maphash.Hash // written in parts: no string is built to be hashed
	h.SetSeed(s.readerSeed)
	h.WriteString(c.RealIP())
	h.WriteByte(0)
	h.WriteString(what)
	return strconv.FormatUint(h.Sum64(), 36)
}

// helpedSubmit counts one "this helped" for a leaflet in the page's
// language and shows the leaflet again with a thank-you. A reader counts
// once an hour per leaflet; a second press is thanked but not counted, so
// a double tap is no error.
func (s *server) helpedSubmit(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	slug := c.Param("slug")
	if !mingbai.ValidSlug(slug) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "slug %q", slug)
	}
	if _, err := s.store.PublishedMaterial(c.Request().Context(), slug); err != nil {
		return err
	}
	if s.helpedOnce.Take(s.readerKey(c, "helped/"+slug)) {
		s.tally.Helped(slug, l)
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/m/"+slug+"?thanks=1#helped")
}

// requestSubmit stores a reader's request for a topic (按需普法) with its
// optional note, and the village when the form carries a village's code.
// A reader may ask for a topic once an hour; a second time is refused
// with a message, since it may carry a note the reader expects to reach
// the office.
func (s *server) requestSubmit(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r := &mingbai.TopicRequest{Topic: c.FormValue("topic"), Lang: l, Note: formText(c, "note")}
	if code := strings.ToUpper(strings.TrimSpace(c.FormValue("v"))); mingbai.ValidVillageCode(code) {
		v, err := s.store.VillageByCode(ctx, code)
		switch {
		case err == nil:
			r.VillageID = v.ID
		case mingbai.ErrorCode(err) != mingbai.ENOTFOUND:
			return err
		}
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if !s.askOnce.Take(s.readerKey(c, "ask/"+r.Topic)) {
		return mingbai.Errorf(mingbai.ETOOMANY, "error.request_again", "topic %s asked again within the hour", r.Topic)
	}
	if err := s.store.AddTopicRequest(ctx, r); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/?asked=1#ask")
}
