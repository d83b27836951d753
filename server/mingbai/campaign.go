package mingbai

import (
	"strings"
	"unicode/utf8"
)

// Campaign is a law-promotion campaign the office keeps on its list, for
// events to say they were part of it: 宪法宣传周, 民法典宣传月, ... A campaign
// taken off the list stays on the events that named it.
type Campaign struct {
	Slug           string
	NameZH, NameBO string
	Active         bool
}

// MaxCampaignNameRunes caps a campaign's name.
const MaxCampaignNameRunes = 60

// Name is the campaign's name in l, Chinese when it has no Tibetan one.
func (c Campaign) Name(l Lang) string {
	if l == Tibetan && c.NameBO != "" {
		return c.NameBO
	}
	return c.NameZH
}

// Validate returns EINVALID for a slug that is not one, a Chinese name
// missing, or a name too long or with what does not show (printableName).
func (c Campaign) Validate() error {
	if !ValidSlug(c.Slug) {
		return Errorf(EINVALID, "error.slug_invalid", "campaign slug %q", c.Slug)
	}
	if strings.TrimSpace(c.NameZH) == "" {
		return Errorf(EINVALID, "error.field_missing", "campaign without a Chinese name").With("Field", Message("campaign.name_zh"))
	}
	for label, name := range map[Message]string{"campaign.name_zh": c.NameZH, "campaign.name_bo": c.NameBO} {
		if utf8.RuneCountInString(name) > MaxCampaignNameRunes {
			return Errorf(EINVALID, "error.field_text_long", "campaign name %q", name).With("Field", label, "Max", MaxCampaignNameRunes)
		}
		if !printableName(name) {
			return unprintable(label, name)
		}
	}
	return nil
}
