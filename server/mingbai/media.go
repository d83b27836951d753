package mingbai

import (
	"bytes"
	"fmt"
	"regexp"
	"time"
)

// MediaKind is what an attached file is for on a leaflet page.
type MediaKind string

// The kinds of media a leaflet may carry, per language.
const (
	Audio MediaKind = "audio" // one per language: the leaflet read aloud
	PDF   MediaKind = "pdf"   // one per language: the printable handout
	Image MediaKind = "image" // any number: pictures shown under the text
)

// MaxMediaBytes caps each kind. Audio is the largest because a leaflet read
// aloud at a phone-friendly bit rate runs to a few minutes; the caps keep a
// 2G download bearable and the disk of a township office small.
var MaxMediaBytes = map[MediaKind]int64{
	Audio: 30 << 20,
	PDF:   10 << 20,
	Image: 3 << 20,
}

// MaxUploadBytes is the largest upload of any kind.
const MaxUploadBytes = 30 << 20

// MediaType is an allowed file type: its kind, the Content-Type it is
// served with and the extension its URL ends in (players and download
// managers on old phones look at the extension).
type MediaType struct {
	Kind MediaKind
	MIME string
	Ext  string
}

// mediaTypes is the allow-list, by extension.
var mediaTypes = map[string]MediaType{
	"mp3":  {Audio, "audio/mpeg", "mp3"},
	"m4a":  {Audio, "audio/mp4", "m4a"},
	"aac":  {Audio, "audio/aac", "aac"},
	"ogg":  {Audio, "audio/ogg", "ogg"},
	"opus": {Audio, "audio/ogg; codecs=opus", "opus"},
	"pdf":  {PDF, "application/pdf", "pdf"},
	"png":  {Image, "image/png", "png"},
	"jpg":  {Image, "image/jpeg", "jpg"},
	"webp": {Image, "image/webp", "webp"},
}

// MediaTypeByExt returns the allowed type with extension ext.
func MediaTypeByExt(ext string) (MediaType, bool) {
	t, ok := mediaTypes[ext]
	return t, ok
}

// SniffBytes is how much of a file SniffMedia needs to see.
const SniffBytes = 512

// SniffMedia decides a file's type from its first bytes, never from its
// name or the type its sender declared, and returns EUNSUPPORTED for
// anything outside the allow-list (HTML, SVG, scripts, archives...).
func SniffMedia(head []byte) (MediaType, error) {
	ext := sniffExt(head)
	if ext == "" {
		return MediaType{}, Errorf(EUNSUPPORTED, "error.upload_type", "unrecognized file type (% x)", head[:min(len(head), 8)])
	}
	return mediaTypes[ext], nil
}

func sniffExt(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "jpg"
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return "webp"
	case bytes.HasPrefix(b, []byte("ID3")):
		return "mp3" // an ID3 tag leads an MP3 file
	case bytes.HasPrefix(b, []byte("OggS")):
		if bytes.Contains(b, []byte("OpusHead")) {
			return "opus"
		}
		return "ogg"
	case len(b) >= 12 && bytes.Equal(b[4:8], []byte("ftyp")) && m4aBrands[string(b[8:12])]:
		return "m4a"
	case len(b) >= 4 && b[0] == 0xff && b[1]&0xf6 == 0xf0:
		return "aac" // ADTS: sync word, layer 00
	case len(b) >= 4 && b[0] == 0xff && b[1]&0xe0 == 0xe0 && b[1]&0x06 != 0 && b[2]&0xf0 != 0xf0:
		return "mp3" // an MPEG audio frame: sync, a layer, a valid bit rate
	}
	return ""
}

// m4aBrands are the ISO media brands an audio-only MP4 file starts with.
var m4aBrands = map[string]bool{"M4A ": true, "M4B ": true, "mp42": true, "mp41": true, "isom": true, "iso2": true, "dash": true}

// Media is a stored file: its content hash names it.
type Media struct {
	SHA256    string // hex
	Type      MediaType
	Size      int64
	CreatedAt time.Time
}

// FileName is the name the file is served under: hash and extension.
func (m Media) FileName() string { return m.SHA256 + "." + m.Type.Ext }

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA256 reports whether s is a lower-case hex SHA-256, the only
// thing that ever names a media file on disk.
func ValidSHA256(s string) bool { return sha256Hex.MatchString(s) }

// CheckMediaSize returns ETOOLARGE when a file of type t and size n is over
// its kind's cap.
func CheckMediaSize(t MediaType, n int64) error {
	if limit := MaxMediaBytes[t.Kind]; n > limit {
		return Errorf(ETOOLARGE, "error.upload_too_large", "%s of %d bytes over the %d cap", t.Kind, n, limit)
	}
	return nil
}

// Attachment is a media file shown with one language of a leaflet.
type Attachment struct {
	ID    int64
	Lang  Lang
	Media Media
}

// URL is where readers fetch the file.
func (a Attachment) URL() string { return "/media/" + a.Media.FileName() }

// String names the attachment in logs and history.
func (a Attachment) String() string { return fmt.Sprintf("%s.%s", a.Lang, a.Media.Type.Kind) }
