package mingbai

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes shared by every layer. The web layer maps each to an HTTP
// status in one table; the code itself is what API clients see.
const (
	EINVALID     = "invalid"          // the input is malformed or breaks a rule
	ENOTFOUND    = "not_found"        // the thing asked for does not exist (or is not visible)
	ECONFLICT    = "conflict"         // the change clashes with what is stored
	ETOOLARGE    = "too_large"        // the input is over its size cap
	EFULL        = "storage_full"     // the server's disk is full: nothing was stored, try again later
	EUNSUPPORTED = "unsupported_type" // an upload whose bytes are not an allowed type
	EUPGRADE     = "upgrade_required" // a phone's app is older than the server accepts
	ETIMEOUT     = "timeout"          // the request's body stopped arriving: nothing was stored
	EINTERNAL    = "internal"         // a fault of ours; details go to the log only

	EUNAUTHORIZED = "unauthorized" // no valid session or token: sign in first
	EFORBIDDEN    = "forbidden"    // signed in, but the role does not allow it
	ETOOMANY      = "too_many"     // rate limited: try again later
)

// FieldOf names the record field an error is about (the field its message
// names), so a form can mark that input; "" when it is about none.
func FieldOf(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return ""
	}
	if m, ok := e.Args["Field"].(Message); ok && strings.HasPrefix(string(m), "record_field.") {
		return strings.TrimPrefix(string(m), "record_field.")
	}
	return ""
}

// Error is a domain error: a machine-readable code, the message ID of its
// translation in locales/, the arguments its message names (a field, the
// allowed dates), and detail for the log (never shown to readers, since it
// may name internals).
type Error struct {
	Code      string
	MessageID string
	Args      map[string]any
	Detail    string
}

// With adds arguments for the error's message in name, value pairs and
// returns e: Errorf(...).With("From", from, "To", to).
func (e *Error) With(pairs ...any) *Error {
	if e.Args == nil {
		e.Args = make(map[string]any, len(pairs)/2)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			e.Args[k] = pairs[i+1]
		}
	}
	return e
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Code
	}
	return e.Code + ": " + e.Detail
}

// Errorf builds an *Error with a formatted detail.
func Errorf(code, messageID, format string, args ...any) *Error {
	return &Error{Code: code, MessageID: messageID, Detail: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Message is a message ID given as an error's argument, such as the label
// of the field at fault: the edge translates it with the rest, so "parties"
// reaches a reader as 当事人数 or as its Tibetan.
type Message string

// ErrorArgs returns the arguments of err's message, nil when it has none.
func ErrorArgs(err error) map[string]any {
	var e *Error
	if errors.As(err, &e) {
		return e.Args
	}
	return nil
}

// ErrorMessageID returns the message ID to show a reader for err: the
// domain error's own, or a generic one for internal faults.
func ErrorMessageID(err error) string {
	var e *Error
	if errors.As(err, &e) && e.MessageID != "" {
		return e.MessageID
	}
	return "error.internal"
}
