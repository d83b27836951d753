package mingbai

import (
	"math"
	"strconv"
	"strings"
)

// FormField describes one field of a record kind for the resident's form:
// the server renders the form from it and reads a plain form post with
// it, and the page's script reads the same inputs into the record it
// keeps offline, so the three never drift apart.
type FormField struct {
	Name     string // the field's JSON name, and the input's
	Input    FormInput
	Options  []string // for InputSelect
	Required bool
}

// FormInput is the kind of input a field takes.
type FormInput string

// Form inputs.
const (
	InputText      FormInput = "text"
	InputTextarea  FormInput = "textarea"
	InputInt       FormInput = "int"
	InputHalfHours FormInput = "half_hours"
	InputDate      FormInput = "date"
	InputSelect    FormInput = "select"
	InputTopic     FormInput = "topic"     // a topic slug, from the topics
	InputSession   FormInput = "session"   // a training session, from the office's list
	InputMaterials FormInput = "materials" // leaflets, from the library
)

// RecordForms lists, per kind, the fields a resident fills in, in form
// order. Every field of the kind's RecordFields is here (a test checks).
var RecordForms = map[RecordKind][]FormField{
	Consultation: {
		{Name: "topic", Input: InputTopic, Required: true},
		{Name: "asker_group", Input: InputSelect, Options: AskerGroups, Required: true},
		{Name: "channel", Input: InputSelect, Options: ConsultationChannels, Required: true},
		{Name: "summary", Input: InputTextarea, Required: true},
		{Name: "outcome", Input: InputSelect, Options: ConsultationOutcomes, Required: true},
	},
	Mediation: {
		{Name: "dispute_kind", Input: InputSelect, Options: DisputeKinds, Required: true},
		{Name: "parties", Input: InputInt, Required: true},
		{Name: "outcome", Input: InputSelect, Options: MediationOutcomes, Required: true},
		{Name: "follow_up_on", Input: InputDate},
		{Name: "summary", Input: InputTextarea},
	},
	PromotionEvent: {
		{Name: "place", Input: InputText, Required: true},
		{Name: "audience", Input: InputSelect, Options: EventAudiences, Required: true},
		{Name: "people_reached", Input: InputInt, Required: true},
		{Name: "leaflets_bo", Input: InputInt, Required: true},
		{Name: "leaflets_zh", Input: InputInt, Required: true},
		{Name: "materials", Input: InputMaterials},
	},
	Attendance: {
		{Name: "session_id", Input: InputSession, Required: true},
		{Name: "hours", Input: InputHalfHours, Required: true},
	},
	RuleRevision: {
		{Name: "articles", Input: InputText, Required: true},
		{Name: "text_bo", Input: InputTextarea},
		{Name: "text_zh", Input: InputTextarea},
		{Name: "reason", Input: InputTextarea, Required: true},
		{Name: "meeting_on", Input: InputDate},
		{Name: "votes_for", Input: InputInt, Required: true},
		{Name: "votes_against", Input: InputInt, Required: true},
		{Name: "votes_abstain", Input: InputInt, Required: true},
	},
	FollowUp: {
		{Name: "note", Input: InputTextarea, Required: true},
	},
}

// FormValues turns a form's values (by field name; a list for materials)
// into a kind's fields as JSON-ready values, leaving the checks to
// DecodeFields. A number that is not one is kept as text, so DecodeFields
// refuses it with its own message.
func FormValues(k RecordKind, get func(name string) []string) map[string]any {
	out := map[string]any{}
	for _, f := range RecordForms[k] {
		vs := get(f.Name)
		if f.Input == InputMaterials {
			if len(vs) > 0 {
				out[f.Name] = vs
			}
			continue
		}
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		switch {
		case v == "" && !f.Required:
			// optional and empty: left out
		case f.Input == InputInt:
			out[f.Name] = jsonNumber(v, false)
		case f.Input == InputHalfHours:
			out[f.Name] = jsonNumber(v, true)
		default:
			out[f.Name] = v
		}
	}
	return out
}

// jsonNumber parses v as an integer (or, with decimals, any number), or
// returns v itself, which the strict decoder then refuses as not a number.
func jsonNumber(v string, decimals bool) any {
	v = strings.TrimSpace(v)
	if !decimals {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		return v
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) {
		return n
	}
	return v
}
