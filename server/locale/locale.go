// Package locale is the only package that imports go-i18n. It loads the
// message files in locales/, translates message IDs, and picks a reader's
// language from a cookie and Accept-Language when the URL does not say.
package locale

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"mingbai/server/mingbai"
)

// Bundle holds every message in every interface language. It is read-only
// after Load and safe for concurrent use.
type Bundle struct {
	localizers map[mingbai.Lang]*i18n.Localizer
	ids        map[mingbai.Lang][]string
	matcher    language.Matcher
	sum        [sha256.Size]byte
}

// Load reads "<lang>.toml" for every interface language from fsys. It fails
// when a file is missing or malformed, so a broken translation stops the
// start instead of showing readers raw message IDs.
func Load(fsys fs.FS) (*Bundle, error) {
	b := i18n.NewBundle(language.Chinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	lb := &Bundle{localizers: map[mingbai.Lang]*i18n.Localizer{}, ids: map[mingbai.Lang][]string{}}
	var tags []language.Tag
	h := sha256.New()
	for _, l := range mingbai.InterfaceLangs {
		name := string(l) + ".toml"
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load locale %s: %w", name, err)
		}
		h.Write(src)
		mf, err := b.ParseMessageFileBytes(src, name)
		if err != nil {
			return nil, fmt.Errorf("load locale %s: %w", name, err)
		}
		for _, m := range mf.Messages {
			lb.ids[l] = append(lb.ids[l], m.ID)
		}
		sort.Strings(lb.ids[l])
		// Each localizer knows only its own language: a missing message is
		// then an error we can see, not a silent switch to Chinese.
		lb.localizers[l] = i18n.NewLocalizer(b, string(l))
		tags = append(tags, language.Make(string(l)))
	}
	lb.matcher = language.NewMatcher(tags)
	h.Sum(lb.sum[:0])
	return lb, nil
}

// Fingerprint identifies the loaded messages: a changed translation
// changes it, and with it every page's ETag.
func (b *Bundle) Fingerprint() string { return hex.EncodeToString(b.sum[:8]) }

// MessageIDs lists the IDs defined for l, sorted; tests compare the lists.
func (b *Bundle) MessageIDs(l mingbai.Lang) []string { return b.ids[l] }

// Missing marks a message ID that has no translation in the page's
// language. It shows on the page so a gap is seen, and tests look for it.
const Missing = "⟦missing⟧"

// T translates id into l. data fills the message's template fields; a
// field named Count also selects the plural form. A missing message
// returns the ID marked with Missing.
func (b *Bundle) T(l mingbai.Lang, id string, data map[string]any) string {
	loc := b.localizers[l]
	if loc == nil {
		return Missing + id
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A message with one form for every number (all of Tibetan and
		// Chinese, some English) has no plural forms to select from.
		cfg.PluralCount = nil
		s, err = loc.Localize(cfg)
	}
	if err != nil {
		return Missing + id
	}
	return s
}

// Negotiate picks the interface language for a reader whose URL does not
// name one: the cookie first (the reader's own earlier choice), then the
// browser's Accept-Language, then def. Phones in Tibetan areas rarely send
// "bo", which is why the URL, not this, is what usually decides.
func (b *Bundle) Negotiate(cookie, acceptLanguage string, def mingbai.Lang) mingbai.Lang {
	if l, err := mingbai.ParseLang(cookie); err == nil {
		return l
	}
	if acceptLanguage == "" || len(acceptLanguage) > 512 {
		return def
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return def
	}
	_, i, conf := b.matcher.Match(prefs...)
	if conf == language.No {
		return def
	}
	return mingbai.InterfaceLangs[i]
}

// LangName returns a language's name written in that language, for the
// switcher, where each reader must recognise their own.
func (b *Bundle) LangName(l mingbai.Lang) string {
	return strings.TrimSpace(b.T(l, "lang.self", nil))
}
