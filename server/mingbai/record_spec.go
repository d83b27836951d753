package mingbai

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// KindSpec is what a kind of record is, declared once in Kinds: the form,
// validation, the office's views, the inbox line, masking, exports and the
// OpenAPI schema all read it. Its labels are the messages
// "record_kind.<kind>", "record_field.<name>" and
// "record_option.<name>.<value>" in every interface language.
type KindSpec struct {
	Kind   RecordKind
	Fields []Field // in the order forms and pages show them
	// Review is the office's review this kind goes through, besides being
	// returned for a correction, which every kind may be.
	Review ReviewFlow
	// RefersTo is the kind of record this one is about (AnyKind for a
	// follow-up of anything; "" for a record that stands alone), and
	// RefersInState the state that record must be in: an awareness survey
	// is of an adopted village rule.
	RefersTo      RecordKind
	RefersInState RecordState
	// OncePer names a field a resident gives once: an attendance is taken
	// once per training session, unless a correction supersedes it.
	OncePer string
	// Check tests what no single field nor OneOf group can: a survey's
	// knew is at most its asked. Nil when the fields alone decide.
	// CheckRule says it in words, for the API's description.
	Check     func(v FieldValues) error
	CheckRule string
}

// AnyKind is KindSpec.RefersTo for a record about a record of any kind.
const AnyKind RecordKind = "*"

// About reports whether a record of this kind may be about r: what the
// resident's list offers to start from a record.
func (s *KindSpec) About(r *Record) bool {
	switch s.RefersTo {
	case "":
		return false
	case AnyKind:
		return r.Kind != s.Kind
	}
	return r.Kind == s.RefersTo && (s.RefersInState == "" || r.State == s.RefersInState)
}

// ReviewFlow is the review a kind of record goes through at the office.
type ReviewFlow string

// Review flows.
const (
	// ReviewNone: the record is received, and may be returned.
	ReviewNone ReviewFlow = ""
	// ReviewLegality: the township's legality review (approve), then the
	// villagers' meeting (adopt).
	ReviewLegality ReviewFlow = "legality"
	// ReviewReferral: when its outcome is "referred", the office accepts
	// the case and later closes it.
	ReviewReferral ReviewFlow = "referral"
)

// Field is one field of a kind: its JSON name (also the form input's),
// what it holds and its limits.
type Field struct {
	Name     string
	Type     FieldType
	Required bool
	// Min and Max bound a count; Max caps a text in characters and a list
	// in entries.
	Min, Max int
	Choices  []string // a choice's closed list
	// FreeText is written in the resident's own words: a name or a
	// family's story can slip in, so reports and exports leave it out
	// unless the office asks (DESIGN §7).
	FreeText bool
	Lang     Lang // the language a text is written in, when it has one
	// OneOf names a group of fields of which at least one must be filled:
	// a rule's proposed text, in Tibetan, in Chinese or in both. The form
	// says so beside each; validation and the API's description follow.
	OneOf string
	// Plan allows a date ahead of the record's window: a follow-up visit,
	// planned up to PlanDaysAhead days ahead.
	Plan bool
	// Line puts the field on the record's one-line summary in the inbox:
	// choices, counts and places, never a story.
	Line bool
	// NotAsked is a field the form no longer asks for: records made when
	// it did keep it, and it is still read, but its fact is now recorded
	// elsewhere, once (a revision's meeting and votes, at its adoption).
	NotAsked bool
	// Gist is the field that best says what a record was about, in the
	// resident's own list of records (one a kind).
	Gist bool
	// Figure is a field the figures group or sum by: the records table
	// has a column named for it, read from the JSON (a test holds the
	// table to this list).
	Figure bool
}

// FieldType is what a field holds; it decides its input, its check and
// how it is shown.
type FieldType string

// Field types. The names are the form's input kinds too.
const (
	TypeText      FieldType = "text"       // one line, at most Max characters
	TypeLongText  FieldType = "textarea"   // paragraphs, at most Max characters
	TypeCount     FieldType = "int"        // a whole number from Min to Max
	TypeHalfHours FieldType = "half_hours" // hours in halves, 0.5 to 24
	TypeDate      FieldType = "date"       // YYYY-MM-DD in the record's (or a plan's) window
	TypeChoice    FieldType = "select"     // one of Choices
	TypeTopic     FieldType = "topic"      // a topic's slug
	TypeCampaign  FieldType = "campaign"   // the slug of a campaign the office keeps
	TypeSession   FieldType = "session"    // a training session's id
	TypeMaterials FieldType = "materials"  // leaflets' slugs, at most Max
	TypeTopics    FieldType = "topics"     // topics' slugs, at most Max: the others an event covered
)

// Hours in half hours: what one training day can hold.
const (
	MinHours = 0.5
	MaxHours = 24
)

// FieldValues are a record's fields as decoded: string, int, float64 or
// []string by the field's type.
type FieldValues map[string]any

// SpecOf returns the specification of kind k, or EINVALID for a kind
// that is not one.
func SpecOf(k RecordKind) (*KindSpec, error) {
	for i := range Kinds {
		if Kinds[i].Kind == k {
			return &Kinds[i], nil
		}
	}
	return nil, Errorf(EINVALID, "error.record_kind", "unknown record kind %q", k)
}

// Field returns the field named name, and whether the kind has one.
func (s *KindSpec) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Label is the message naming the field, for errors that name it.
func (f Field) Label() Message { return Message("record_field." + f.Name) }

// IsList reports whether the field holds a list of slugs (leaflets,
// topics), which a form shows as checkboxes.
func (f Field) IsList() bool { return f.Type == TypeMaterials || f.Type == TypeTopics }

// IsNumber reports whether the field holds a number, which an inbox line
// shows beside its label.
func (f Field) IsNumber() bool { return f.Type == TypeCount || f.Type == TypeHalfHours }

// OneOfGroups lists the kind's OneOf groups, each with its fields, in the
// specification's order.
func (s KindSpec) OneOfGroups() [][]Field {
	var groups [][]Field
	at := map[string]int{}
	for _, f := range s.Fields {
		if f.OneOf == "" {
			continue
		}
		i, ok := at[f.OneOf]
		if !ok {
			i, at[f.OneOf] = len(groups), len(groups)
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], f)
	}
	return groups
}

// checkOneOf refuses values that leave a OneOf group empty, naming the
// group's first two fields.
func (s KindSpec) checkOneOf(v FieldValues) error {
	for _, g := range s.OneOfGroups() {
		filled := false
		for _, f := range g {
			filled = filled || v[f.Name] != ""
		}
		if !filled && len(g) > 1 {
			return Errorf(EINVALID, "error.field_one_of", "%s: none of %s", s.Kind, g[0].OneOf).
				With("Field", g[0].Label(), "Other", g[1].Label())
		}
	}
	return nil
}

// check validates one decoded value against the field's limits.
func (f Field) check(val any, now time.Time) error {
	switch f.Type {
	case TypeCount:
		n := val.(int)
		if n < f.Min || n > f.Max {
			return Errorf(EINVALID, "error.field_range", "%s %d outside %d..%d", f.Name, n, f.Min, f.Max).
				With("Field", f.Label(), "Min", f.Min, "Max", f.Max)
		}
	case TypeHalfHours:
		h := val.(float64)
		if h < MinHours || h > MaxHours || math.IsNaN(h) || h*2 != math.Trunc(h*2) {
			return Errorf(EINVALID, "error.record_hours", "%s %v", f.Name, h).With("Field", f.Label())
		}
	case TypeMaterials, TypeTopics:
		list := val.([]string)
		if len(list) > f.Max {
			return Errorf(EINVALID, "error.field_list_long", "%d %s", len(list), f.Name).
				With("Field", f.Label(), "Max", f.Max)
		}
		for _, s := range list {
			if !ValidSlug(s) && f.Type == TypeTopics {
				return Errorf(EINVALID, "error.topic_unknown", "topic %q", s)
			}
			if !ValidSlug(s) {
				return Errorf(EINVALID, "error.material_not_found", "material %q", s)
			}
		}
	default:
		return f.checkString(val.(string), now)
	}
	return nil
}

// checkString validates a text, a choice, a date or an id.
func (f Field) checkString(s string, now time.Time) error {
	text := f.Type == TypeText || f.Type == TypeLongText
	if text && !cleanText(s) {
		return Errorf(EINVALID, "error.text_encoding", "%s is not clean text", f.Name).With("Field", f.Label())
	}
	if s == "" || text && strings.TrimSpace(s) == "" {
		if f.Required {
			return Errorf(EINVALID, "error.field_missing", "%s is empty", f.Name).With("Field", f.Label())
		}
		return nil
	}
	switch f.Type {
	case TypeText, TypeLongText:
		if utf8.RuneCountInString(s) > f.Max {
			return Errorf(ETOOLARGE, "error.field_text_long", "%s over %d characters", f.Name, f.Max).
				With("Field", f.Label(), "Max", f.Max)
		}
	case TypeChoice:
		for _, c := range f.Choices {
			if s == c {
				return nil
			}
		}
		return Errorf(EINVALID, "error.field_choice", "%s %q", f.Name, s).With("Field", f.Label())
	case TypeDate:
		w := RecordWindow(now)
		if f.Plan {
			w = PlanWindow(now)
		}
		if err := w.Check(s); err != nil {
			return Errorf(EINVALID, "error.field_date_range", "%s: %v", f.Name, err).
				With("Field", f.Label(), "From", w.From, "To", w.To)
		}
	case TypeTopic:
		if !ValidSlug(s) {
			return Errorf(EINVALID, "error.topic_unknown", "topic %q", s)
		}
	case TypeCampaign:
		if !ValidSlug(s) {
			return Errorf(EINVALID, "error.campaign_unknown", "campaign %q", s)
		}
	case TypeSession:
		if !ValidUUID(s) {
			return Errorf(EINVALID, "error.training_not_found", "session %q", s)
		}
	}
	return nil
}

// canonical writes v in the specification's order, optional fields left
// out when empty: the same bytes for the same content, however a phone
// spaced or ordered them.
func (s *KindSpec) canonical(v FieldValues) []byte {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for _, f := range s.Fields {
		val := v[f.Name]
		if !f.Required && isZero(val) {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = appendJSON(appendName(b, f.Name), val)
	}
	return append(b, '}')
}

func isZero(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case int:
		return v == 0
	case float64:
		return v == 0
	case []string:
		return len(v) == 0
	}
	return v == nil
}

// Attr values for the form's inputs, read from the limits: min, max and
// step of a number, maxlength of a text.
func (f Field) MinAttr() string {
	if f.Type == TypeHalfHours {
		return strconv.FormatFloat(MinHours, 'f', -1, 64)
	}
	return strconv.Itoa(f.Min)
}

// MaxAttr is the input's max.
func (f Field) MaxAttr() string {
	if f.Type == TypeHalfHours {
		return strconv.Itoa(MaxHours)
	}
	return strconv.Itoa(f.Max)
}
