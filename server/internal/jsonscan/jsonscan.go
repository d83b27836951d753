// Package jsonscan reads a JSON document from bytes in one pass, value by
// value, in the shape the caller expects. The sync push decodes every
// field of every record a phone sends, and encoding/json, which validated
// the whole body, then each record, then each record's fields, each time
// again and through reflection, was a third of a push's CPU.
//
// It is stricter than encoding/json where that is lenient: a key matches
// only as written (encoding/json also takes "ID" for "id"), a key repeated
// in one object is an error (encoding/json keeps the last), and nesting is
// capped at MaxDepth. Strings decode to exactly what encoding/json makes of
// them: one with an escape or invalid UTF-8 is handed to it.
package jsonscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MaxDepth is how deeply arrays and objects may nest. Mingbai's requests
// nest four deep; the cap keeps a body of two megabytes of "[" from
// costing a recursion two million calls deep.
const MaxDepth = 64

// Reader reads one JSON document. Its methods each read one value where
// the reader stands; after a method's error the reader is not to be used
// again.
type Reader struct {
	data  []byte
	pos   int
	depth int
}

// New returns a reader at the start of data.
func New(data []byte) *Reader { return &Reader{data: data} }

// SyntaxError is a document that is not JSON, or not the value expected.
type SyntaxError struct {
	Offset int // the byte where reading stopped
	msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s (at byte %d)", e.msg, e.Offset) }

// Peek returns the first byte of the next value without reading it: '{',
// '[', '"', 't', 'f', 'n', '-' or a digit, or 0 at the end of the data.
func (r *Reader) Peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

func (r *Reader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// fail is the error of finding something other than want where the
// reader stands.
func (r *Reader) fail(want string) error {
	if r.pos >= len(r.data) {
		return &SyntaxError{r.pos, "unexpected end of JSON, expecting " + want}
	}
	return &SyntaxError{r.pos, fmt.Sprintf("invalid character %q, expecting %s", r.data[r.pos], want)}
}

// End checks that nothing but white space follows.
func (r *Reader) End() error {
	if r.space(); r.pos < len(r.data) {
		return r.fail("the end of the document")
	}
	return nil
}

// Null reads a null and reports true, or reads nothing and reports false.
func (r *Reader) Null() bool {
	if r.Peek() == 'n' && bytes.HasPrefix(r.data[r.pos:], []byte("null")) {
		r.pos += 4
		return true
	}
	return false
}

// Object reads an object, calling member for each of its members with
// the member's key (valid only during the call); member must read the
// member's value, or return an error, which Object returns. A key given
// twice is an error.
func (r *Reader) Object(member func(key []byte) error) error { return r.object(member, true) }

// object reads an object; unique refuses a key given twice.
func (r *Reader) object(member func(key []byte) error, unique bool) error {
	if r.Peek() != '{' {
		return r.fail("an object")
	}
	if err := r.enter(); err != nil {
		return err
	}
	r.pos++
	var seen [12][]byte // the keys of a small object, without allocating
	keys := seen[:0]
	if r.Peek() == '}' {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if r.Peek() != '"' {
			return r.fail("a key")
		}
		keyAt := r.pos
		key, err := r.stringBytes()
		if err != nil {
			return err
		}
		for _, k := range keys {
			if bytes.Equal(k, key) {
				return &SyntaxError{keyAt, fmt.Sprintf("key %q repeated", key)}
			}
		}
		if unique {
			keys = append(keys, key)
		}
		if r.Peek() != ':' {
			return r.fail("':'")
		}
		r.pos++
		if err := r.read(func() error { return member(key) }); err != nil {
			return err
		}
		switch r.Peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			r.depth--
			return nil
		default:
			return r.fail("',' or '}'")
		}
	}
}

// Array reads an array, calling elem for each element; elem must read
// the element, or return an error, which Array returns.
func (r *Reader) Array(elem func() error) error {
	if r.Peek() != '[' {
		return r.fail("an array")
	}
	if err := r.enter(); err != nil {
		return err
	}
	r.pos++
	if r.Peek() == ']' {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if err := r.read(elem); err != nil {
			return err
		}
		switch r.Peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			r.depth--
			return nil
		default:
			return r.fail("',' or ']'")
		}
	}
}

func (r *Reader) enter() error {
	if r.depth == MaxDepth {
		return &SyntaxError{r.pos, fmt.Sprintf("nested more than %d deep", MaxDepth)}
	}
	r.depth++
	return nil
}

// read calls value, which must read one value: a callback that read
// nothing would let "[,]" through.
func (r *Reader) read(value func() error) error {
	r.space()
	at := r.pos
	if err := value(); err != nil {
		return err
	}
	if r.pos == at {
		return r.fail("a value (the caller read none)")
	}
	return nil
}

// String reads a string.
func (r *Reader) String() (string, error) {
	b, err := r.stringBytes()
	return string(b), err
}

// stringBytes reads a string, returning its bytes (in the data, when it
// needed no decoding).
func (r *Reader) stringBytes() ([]byte, error) {
	if r.Peek() != '"' {
		return nil, r.fail("a string")
	}
	start := r.pos
	end, plain, err := r.scanString()
	if err != nil {
		return nil, err
	}
	r.pos = end
	if plain {
		return r.data[start+1 : end-1], nil
	}
	var s string
	if err := json.Unmarshal(r.data[start:end], &s); err != nil {
		return nil, &SyntaxError{start, err.Error()}
	}
	return []byte(s), nil
}

// scanString finds the end of the string starting at the reader (just
// past its closing quote) and checks it is well formed; plain means its
// bytes are its value (no escape, valid UTF-8). It does not move the
// reader.
func (r *Reader) scanString() (end int, plain bool, err error) {
	ascii := true
	for i := r.pos + 1; i < len(r.data); i++ {
		switch c := r.data[i]; {
		case c == '"':
			return i + 1, ascii || utf8.Valid(r.data[r.pos+1:i]), nil
		case c == '\\':
			return r.scanEscaped(i)
		case c < 0x20:
			return 0, false, &SyntaxError{i, fmt.Sprintf("invalid character %q in a string", c)}
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return 0, false, &SyntaxError{len(r.data), "unexpected end of JSON in a string"}
}

// scanEscaped goes on with scanString from the string's first backslash,
// at i.
func (r *Reader) scanEscaped(i int) (end int, plain bool, err error) {
	for ; i < len(r.data); i++ {
		switch c := r.data[i]; {
		case c == '"':
			return i + 1, false, nil
		case c < 0x20:
			return 0, false, &SyntaxError{i, fmt.Sprintf("invalid character %q in a string", c)}
		case c == '\\':
			i++
			if i >= len(r.data) {
				return 0, false, &SyntaxError{i, "unexpected end of JSON in a string"}
			}
			switch r.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(r.data) || !hex4(r.data[i+1:i+5]) {
					return 0, false, &SyntaxError{i, "invalid \\u escape in a string"}
				}
				i += 4
			default:
				return 0, false, &SyntaxError{i, fmt.Sprintf("invalid escape \\%c in a string", r.data[i])}
			}
		}
	}
	return 0, false, &SyntaxError{len(r.data), "unexpected end of JSON in a string"}
}

func hex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// number reads a number's text, checked against JSON's grammar.
func (r *Reader) number() ([]byte, error) {
	c := r.Peek()
	if c != '-' && (c < '0' || c > '9') {
		return nil, r.fail("a number")
	}
	start, i := r.pos, r.pos
	d := r.data
	digits := func() bool {
		from := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > from
	}
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		r.pos = i
		return nil, r.fail("a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			r.pos = i
			return nil, r.fail("a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			r.pos = i
			return nil, r.fail("a digit in the exponent")
		}
	}
	r.pos = i
	return d[start:i], nil
}

// Int reads a number that is an integer, as encoding/json reads one into
// an int: no fraction, no exponent, within int's range.
func (r *Reader) Int() (int, error) {
	b, err := r.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(b), 10, strconv.IntSize)
	if err != nil {
		return 0, &SyntaxError{r.pos - len(b), fmt.Sprintf("number %s is not an integer in range", b)}
	}
	return int(n), nil
}

// Float reads a number.
func (r *Reader) Float() (float64, error) {
	b, err := r.number()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, &SyntaxError{r.pos - len(b), fmt.Sprintf("number %s out of range", b)}
	}
	return f, nil
}

// Bool reads true or false.
func (r *Reader) Bool() (bool, error) {
	for _, lit := range []string{"true", "false"} {
		if r.Peek() == lit[0] && bytes.HasPrefix(r.data[r.pos:], []byte(lit)) {
			r.pos += len(lit)
			return lit == "true", nil
		}
	}
	return false, r.fail("true or false")
}

// Skip reads any one value, checking it is well formed (as JSON: a key
// given twice is left to whoever reads the value), and returns its text.
func (r *Reader) Skip() ([]byte, error) {
	start := r.Peek()
	at := r.pos
	var err error
	switch {
	case start == '{':
		err = r.object(func([]byte) error { _, err := r.Skip(); return err }, false)
	case start == '[':
		err = r.Array(func() error { _, err := r.Skip(); return err })
	case start == '"':
		var end int
		if end, _, err = r.scanString(); err == nil {
			r.pos = end
		}
	case start == 't' || start == 'f':
		_, err = r.Bool()
	case start == 'n':
		if !r.Null() {
			err = r.fail("null")
		}
	default:
		_, err = r.number()
	}
	if err != nil {
		return nil, err
	}
	return r.data[at:r.pos], nil
}
