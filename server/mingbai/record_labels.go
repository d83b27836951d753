package mingbai

import (
	"reflect"
	"slices"
	"strings"
)

// FieldNames lists kind k's fields by their JSON names, in the order of
// the kind's struct, which is the order forms and the office's pages show
// them; nil for an unknown kind. Pages label each field with the message
// "record_field.<name>".
func FieldNames(k RecordKind) []string {
	f := newFields(k)
	if f == nil {
		return nil
	}
	t := reflect.TypeOf(f).Elem()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

// FieldOptions are the closed lists of choices, by field name. A choice
// is shown with the message "record_option.<field>.<value>"; the two
// "outcome" lists (a consultation's, a mediation's) share one set of
// messages, since a value means the same in both.
var FieldOptions = map[string][]string{
	"asker_group":  AskerGroups,
	"channel":      ConsultationChannels,
	"outcome":      union(ConsultationOutcomes, MediationOutcomes),
	"dispute_kind": DisputeKinds,
	"audience":     EventAudiences,
}

// union lists the values of lists once each, in the order first seen.
func union(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, v := range l {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// RecordStates lists every state, in the order of the review.
var RecordStates = []RecordState{Received, Returned, Approved, Adopted, Accepted, Closed}

// ParseRecordState returns the state named s, or EINVALID.
func ParseRecordState(s string) (RecordState, error) {
	for _, st := range RecordStates {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Errorf(EINVALID, "error.record_state", "unknown record state %q", s)
}
