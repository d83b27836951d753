package mingbai

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// RecordKind is a kind of field record a legal-savvy resident makes.
type RecordKind string

// The kinds of field record, named here for the code that treats one
// apart (a follow-up refers to a record); what each holds is in Kinds.
const (
	Consultation   RecordKind = "consultation"
	Mediation      RecordKind = "mediation"
	PromotionEvent RecordKind = "event"
	Attendance     RecordKind = "attendance"
	RuleRevision   RecordKind = "rule_revision"
	FollowUp       RecordKind = "followup"
	Enterprise     RecordKind = "enterprise_service"
	RuleSurvey     RecordKind = "rule_survey"
)

// RecordKinds lists every kind in the order forms and reports show them:
// the order of Kinds, where each is declared.
var RecordKinds = func() []RecordKind {
	out := make([]RecordKind, len(Kinds))
	for i, spec := range Kinds {
		out[i] = spec.Kind
	}
	return out
}()

// ParseRecordKind returns the kind named s, or EINVALID.
func ParseRecordKind(s string) (RecordKind, error) {
	spec, err := SpecOf(RecordKind(s))
	if err != nil {
		return "", err
	}
	return spec.Kind, nil
}

// RecordState is where a record stands with the office.
type RecordState string

// Record states. Most records are simply received; a village-rule revision
// goes through the office's legality review, and a consultation referred
// to the office is accepted and then closed.
const (
	Received RecordState = "received"
	Returned RecordState = "returned" // sent back to the resident with a comment
	Approved RecordState = "approved" // legality review passed
	Adopted  RecordState = "adopted"  // approved and voted by the villagers' meeting
	Accepted RecordState = "accepted" // a referral the office took on
	Closed   RecordState = "closed"   // a referral the office closed with an outcome
)

// Record is one piece of field work, made on a phone and never edited in
// place: a correction is a new record that supersedes it.
type Record struct {
	ID         string // UUID made by the phone when the record was created
	Kind       RecordKind
	AuthorID   string
	DeviceID   string
	VillageID  string
	Date       string // the day it happened, YYYY-MM-DD, in the village
	Supersedes string // the record this one corrects, if any
	RefersTo   string // the record it is about: a follow-up's, a survey's
	// ClientCreatedAt is the phone's clock when the record was made: kept
	// as data, never used for ordering (a phone's clock may be wrong).
	ClientCreatedAt string
	// Fields holds the kind's own fields as canonical JSON.
	Fields     []byte
	ReceivedAt time.Time
	Seq        int64
	State      RecordState
	// Review is the office's latest comment (a return, an outcome).
	Review       string
	SupersededBy string
}

// ValidUUID reports whether s is a UUID in its canonical lower-case form
// (8-4-4-4-12 lower-case hex digits); phones make record ids, and any
// version is accepted. It is read byte by byte: a push checks several ids
// a record, and a regular expression was 3% of its CPU.
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

const dateLayout = "2006-01-02"

// checkText returns EINVALID for text that is not valid UTF-8 or holds
// control characters other than line breaks and tabs, and ETOOLARGE for
// text over max runes; required text must not be blank.
func checkText(field, s string, max int, required bool) error {
	if !cleanText(s) {
		return Errorf(EINVALID, "error.text_encoding", "%s is not clean text", field)
	}
	if required && strings.TrimSpace(s) == "" {
		return Errorf(EINVALID, "error.record_field_missing", "%s is empty", field)
	}
	if utf8.RuneCountInString(s) > max {
		return Errorf(ETOOLARGE, "error.record_text_long", "%s over %d characters", field, max)
	}
	return nil
}

// cleanText reports whether s is valid UTF-8 without control characters
// other than line breaks and tabs. The control characters are ASCII, and
// no byte of a longer UTF-8 sequence is, so the bytes are read, not the
// runes: every text of every pushed record passes here.
func cleanText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// CheckEnvelope validates what every record carries besides its fields:
// its id, kind, date (inside dates: RecordWindow for a resident's,
// OfficeRecordWindow for the office's) and links. It returns EINVALID
// with the first problem.
func (r *Record) CheckEnvelope(dates DateWindow) error {
	if !ValidUUID(r.ID) {
		return Errorf(EINVALID, "error.record_id", "id %q", r.ID)
	}
	if _, err := ParseRecordKind(string(r.Kind)); err != nil {
		return err
	}
	if err := dates.Check(r.Date); err != nil {
		return err
	}
	for _, link := range []string{r.Supersedes, r.RefersTo} {
		if link != "" && (!ValidUUID(link) || link == r.ID) {
			return Errorf(EINVALID, "error.record_link", "link %q", link)
		}
	}
	spec, err := SpecOf(r.Kind)
	if err != nil {
		return err
	}
	if (spec.RefersTo != "") != (r.RefersTo != "") {
		return Errorf(EINVALID, "error.record_refers_to", "%s with refers_to %q", r.Kind, r.RefersTo)
	}
	if r.ClientCreatedAt != "" {
		if _, err := time.Parse(time.RFC3339Nano, r.ClientCreatedAt); err != nil || len(r.ClientCreatedAt) > 40 {
			return Errorf(EINVALID, "error.record_created_at", "created_at %q", r.ClientCreatedAt)
		}
	}
	return nil
}

// ContentHash identifies what a phone sent for a record: the same record
// pushed again has the same hash (a duplicate), another record under the
// same id has another (a conflict).
func (r *Record) ContentHash() string {
	h := sha256.New()
	for _, part := range []string{string(r.Kind), r.Date, r.Supersedes, r.RefersTo, r.ClientCreatedAt, string(r.Fields)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
