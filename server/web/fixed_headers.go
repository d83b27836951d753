package web

import (
	"net/http"
	"net/textproto"
)

// A header every response of a kind carries with the same value (the
// security headers, a cached page's type and length) is set straight
// into the header map under its canonical name, with a value slice made
// once: http.Header.Set canonicalises the name and makes a new slice on
// every call, and on the leaflet page, served from memory, those calls
// were a tenth of the handler's work.

// fixedHeader is one such header.
type fixedHeader struct {
	name  string
	value []string
}

// newFixedHeader makes a header; its value slice is capped at its length,
// so an Add elsewhere appends to a copy, never to the shared array.
func newFixedHeader(name, value string) fixedHeader {
	return fixedHeader{name: textproto.CanonicalMIMEHeaderKey(name), value: []string{value}[:1:1]}
}

// set replaces the header in h, as h.Set would.
func (f fixedHeader) set(h http.Header) { h[f.name] = f.value }

// add adds the value, as h.Add would, sharing the slice when the header
// is not there yet.
func (f fixedHeader) add(h http.Header) {
	if old, ok := h[f.name]; ok {
		h[f.name] = append(old, f.value[0])
		return
	}
	h[f.name] = f.value
}
