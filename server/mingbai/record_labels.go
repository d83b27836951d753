package mingbai

// FieldNames lists kind k's fields by their JSON names, in the order of
// its specification, which is the order forms and the office's pages show
// them; nil for an unknown kind.
func FieldNames(k RecordKind) []string {
	spec, err := SpecOf(k)
	if err != nil {
		return nil
	}
	names := make([]string, len(spec.Fields))
	for i, f := range spec.Fields {
		names[i] = f.Name
	}
	return names
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
