package mingbai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Audience is a group a leaflet is written for. The office reports reach by
// these groups, so the set is closed.
type Audience string

// The audiences of township law promotion.
const (
	Elderly         Audience = "elderly"
	MigrantWorkers  Audience = "migrant_workers"
	Herders         Audience = "herders"
	Students        Audience = "students"
	Businesses      Audience = "businesses"
	ReligiousVenues Audience = "religious_venues"
)

// Audiences lists every audience in display order.
var Audiences = []Audience{Elderly, MigrantWorkers, Herders, Students, Businesses, ReligiousVenues}

// ParseAudience returns the audience named s, or EINVALID.
func ParseAudience(s string) (Audience, error) {
	for _, a := range Audiences {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Errorf(EINVALID, "error.audience_unknown", "unknown audience %q", s)
}

// Status is where a material stands in publishing. Only published materials
// reach the public pages, the read API and sync.
type Status string

// Material statuses.
const (
	Draft       Status = "draft"
	Published   Status = "published"
	Unpublished Status = "unpublished"
)

// Topic groups leaflets by area of law. Its names are content (the office
// may add topics), so they live in the database, one per language.
type Topic struct {
	Slug  string
	Sort  int
	Names map[Lang]string
}

// Name returns the topic's name in l, falling back to Chinese, then Tibetan,
// then the slug, so a topic is never shown nameless.
func (t Topic) Name(l Lang) string {
	for _, c := range []Lang{l, Chinese, Tibetan} {
		if n := t.Names[c]; n != "" {
			return n
		}
	}
	return t.Slug
}

// Material is a law-promotion leaflet: one topic, the audiences it is for,
// and a translation per language.
type Material struct {
	ID           string
	Slug         string
	Topic        string // topic slug
	Audiences    []Audience
	Status       Status
	Sample       bool // sample content shipped with Mingbai, not the office's own
	Version      int  // bumped on every save
	Seq          int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	PublishedAt  time.Time
	Translations map[Lang]*Translation
}

// Translation is a material's text in one language.
type Translation struct {
	Lang    Lang
	Title   string
	Summary string
	BodyMD  string
	// BodyHTML is BodyMD rendered and sanitized when it was saved, so a read
	// never pays for Markdown.
	BodyHTML string
	// BodyText is BodyMD as plain text, for search snippets.
	BodyText string
	// Draft marks a translation awaiting review by a native speaker.
	Draft bool
	// Version is the material version at which this text last changed; a
	// translation older than its counterpart is outdated.
	Version   int
	UpdatedAt time.Time
	// Media are the files shown with this language: at most one audio and
	// one PDF, any number of images, in the order they were attached.
	Media []Attachment
}

// Audio returns the translation's audio file, if it has one.
func (t *Translation) Audio() (Attachment, bool) { return t.first(Audio) }

// PDF returns the translation's printable PDF, if it has one.
func (t *Translation) PDF() (Attachment, bool) { return t.first(PDF) }

// Images returns the translation's pictures.
func (t *Translation) Images() []Attachment {
	var out []Attachment
	for _, a := range t.Media {
		if a.Media.Type.Kind == Image {
			out = append(out, a)
		}
	}
	return out
}

func (t *Translation) first(k MediaKind) (Attachment, bool) {
	for _, a := range t.Media {
		if a.Media.Type.Kind == k {
			return a, true
		}
	}
	return Attachment{}, false
}

// TranslationState is how a language of a material stands against the
// others, so the office sees which translations need work.
type TranslationState string

// Translation states.
const (
	TranslationMissing  TranslationState = "missing"
	TranslationOutdated TranslationState = "outdated" // another language changed after it
	TranslationCurrent  TranslationState = "current"
)

// TranslationState says whether l is missing, older than another content
// language's text (its counterpart changed after it), or current.
func (m *Material) TranslationState(l Lang) TranslationState {
	t := m.Translations[l]
	if t == nil {
		return TranslationMissing
	}
	for _, c := range ContentLangs {
		if o := m.Translations[c]; c != l && o != nil && o.Version > t.Version {
			return TranslationOutdated
		}
	}
	return TranslationCurrent
}

// In returns the translation to show a reader who asked for l, and whether
// it is a fallback in another language. A material with no translation at
// all returns nil.
func (m *Material) In(l Lang) (tr *Translation, fallback bool) {
	if t := m.Translations[l]; t != nil {
		return t, false
	}
	for _, c := range []Lang{Chinese, Tibetan, English} {
		if t := m.Translations[c]; t != nil {
			return t, true
		}
	}
	return nil, false
}

// Langs lists the content languages the material has, in ContentLangs order.
func (m *Material) Langs() []Lang {
	var ls []Lang
	for _, l := range ContentLangs {
		if m.Translations[l] != nil {
			ls = append(ls, l)
		}
	}
	return ls
}

// ValidSlug reports whether s can name a material or topic in a URL:
// lower-case ASCII words (letters and digits) joined by single hyphens,
// at most 80 bytes. It reads the bytes itself: every leaflet view checks
// its slug, and a regular expression cost more than finding the page.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 80 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-': // not first (checked above), not doubled
		default:
			return false
		}
	}
	return true
}

// Validate checks a material before it is stored and returns EINVALID with
// the first problem found.
func (m *Material) Validate() error {
	if !ValidSlug(m.Slug) {
		return Errorf(EINVALID, "error.slug_invalid", "slug %q", m.Slug)
	}
	if !ValidSlug(m.Topic) {
		return Errorf(EINVALID, "error.topic_unknown", "topic %q", m.Topic)
	}
	switch m.Status {
	case Draft, Published, Unpublished:
	default:
		return Errorf(EINVALID, "error.status_invalid", "status %q", m.Status)
	}
	if len(m.Translations) == 0 {
		return Errorf(EINVALID, "error.translation_missing", "material %s has no translation", m.Slug)
	}
	for l, t := range m.Translations {
		if t.Lang != l {
			return Errorf(EINVALID, "error.lang_unknown", "translation keyed %s says %s", l, t.Lang)
		}
		if err := t.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Limits on translation text, generous for a leaflet and small enough that
// a page stays within its byte budget.
const (
	MaxTitleRunes   = 200
	MaxSummaryRunes = 1000
	MaxBodyBytes    = 64 << 10
)

// Validate checks one translation's text.
func (t *Translation) Validate() error {
	switch {
	case strings.TrimSpace(t.Title) == "":
		return Errorf(EINVALID, "error.title_missing", "%s title is empty", t.Lang)
	case utf8.RuneCountInString(t.Title) > MaxTitleRunes:
		return Errorf(EINVALID, "error.title_too_long", "%s title too long", t.Lang)
	case utf8.RuneCountInString(t.Summary) > MaxSummaryRunes:
		return Errorf(EINVALID, "error.summary_too_long", "%s summary too long", t.Lang)
	case len(t.BodyMD) > MaxBodyBytes:
		return Errorf(ETOOLARGE, "error.body_too_long", "%s body is %d bytes", t.Lang, len(t.BodyMD))
	case !utf8.ValidString(t.Title + t.Summary + t.BodyMD):
		return Errorf(EINVALID, "error.text_encoding", "%s text is not UTF-8", t.Lang)
	}
	return nil
}

// MaterialVersion is one entry in a material's history: every save,
// attachment and change of status is one.
type MaterialVersion struct {
	Version int
	At      time.Time
	Actor   string // display name; empty for content loaded at first start
	// Changes name what changed: "created", "topic", "audiences",
	// "status_published", or a language and a part, such as "bo.body",
	// "zh.added", "zh.review", "bo.audio", "zh.pdf_removed".
	Changes []string
	// Texts are the languages whose text changed, as saved then.
	Texts map[Lang]*Translation
}
