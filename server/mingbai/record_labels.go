package mingbai

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
