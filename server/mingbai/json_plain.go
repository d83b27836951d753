package mingbai

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// A push re-encodes every field of every record (DecodeFields reads them
// with jsonscan), and encoding/json, going through reflection each time,
// was a fifth of a push's CPU. Nearly every value is a plain string (no
// escape, nothing encoding/json would escape), which these write
// directly; any other goes to encoding/json, so the bytes are always the
// ones it makes: a record's canonical JSON, and so its content hash, must
// not change.

// plainString reports whether s needs no escaping in JSON, as
// encoding/json writes it: no quote, backslash or control character, none
// of the HTML characters it escapes (<, >, &), no U+2028 or U+2029, and
// valid UTF-8.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			return false
		}
	}
	return utf8.ValidString(s)
}

// appendJSON appends v as json.Marshal writes it.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		if plainString(v) {
			b = append(b, '"')
			b = append(b, v...)
			return append(b, '"')
		}
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	}
	out, _ := json.Marshal(v) // strings, numbers and lists of strings always encode
	return append(b, out...)
}

// appendName appends a field's name as a JSON key (names are ASCII
// identifiers: see TestFieldNamesArePlain).
func appendName(b []byte, name string) []byte {
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}
