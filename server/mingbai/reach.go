package mingbai

import "strings"

// VillageCodeAlphabet is what a village's code is made of: letters and
// digits without the ones that look alike (0/O, 1/I/L), so a code printed
// under a QR code can be read out and typed. VillageCodeLen is its length.
const (
	VillageCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	VillageCodeLen      = 6
)

// ValidVillageCode reports whether s has the form of a village code, so a
// malformed one is dropped before the database is asked.
func ValidVillageCode(s string) bool {
	if len(s) != VillageCodeLen {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(VillageCodeAlphabet, r) {
			return false
		}
	}
	return true
}

// MaxRequestNoteRunes caps the note a reader may add to a request: room
// for a question, not for a story with names in it.
const MaxRequestNoteRunes = 200

// TopicRequest is a reader's anonymous wish for a topic to be explained
// (按需普法). Nothing in it names the reader; the note may, whatever the
// form asks, so it is kept apart and shown to the office only.
type TopicRequest struct {
	Topic     string // the topic's slug
	VillageID string // "" unless the request came with a village's code
	Lang      Lang   // the page's language, to read the note in
	Note      string // optional, NFC
}

// Validate checks a request before it is stored. It returns EINVALID for
// a missing topic or unclean text and ETOOLARGE for a long note.
func (r *TopicRequest) Validate() error {
	if !ValidSlug(r.Topic) {
		return Errorf(EINVALID, "error.request_topic", "topic %q", r.Topic)
	}
	if err := checkText("note", r.Note, MaxRequestNoteRunes, false); err != nil {
		if ErrorCode(err) == ETOOLARGE {
			return Errorf(ETOOLARGE, "error.request_note_long", "note over %d characters", MaxRequestNoteRunes)
		}
		return err
	}
	return nil
}
