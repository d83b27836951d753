package mingbai

import (
	"errors"
	"time"

	"mingbai/server/internal/jsonscan"
)

// DecodeFields reads kind k's fields from raw JSON, strictly (an unknown
// field is an error: it may be personal data the office must not keep, or
// a newer client's field this server would silently drop; so is a field
// given twice), validates them against the kind's specification, and
// returns them with their canonical JSON, which identifies the record's
// content: the fields in the specification's order, optional ones left
// out when empty. A refusal is EINVALID (ETOOLARGE for a text over its
// cap) naming the field, so the reader is told what to fix.
//
// It reads raw in one pass (jsonscan), with no reflection: a push does
// this for every record it receives.
func DecodeFields(k RecordKind, raw []byte, now time.Time) (FieldValues, []byte, error) {
	spec, err := SpecOf(k)
	if err != nil {
		return nil, nil, err
	}
	v := make(FieldValues, len(spec.Fields))
	r := jsonscan.New(raw)
	if !r.Null() { // no fields, as an empty object
		err = r.Object(func(name []byte) error {
			f := spec.fieldNamed(name)
			if f == nil {
				return Errorf(EINVALID, "error.record_fields", "%s has no field %q", k, name)
			}
			val, err := f.read(r)
			v[f.Name] = val
			return err
		})
	}
	if err == nil {
		err = r.End()
	}
	var syntax *jsonscan.SyntaxError
	if errors.As(err, &syntax) {
		return nil, nil, Errorf(EINVALID, "error.record_fields", "%s fields: %v", k, err)
	} else if err != nil {
		return nil, nil, err
	}
	for _, f := range spec.Fields {
		val, ok := v[f.Name]
		if !ok {
			val = f.zero()
			v[f.Name] = val
		}
		if err := f.check(val, now); err != nil {
			return nil, nil, err
		}
	}
	if err := spec.checkOneOf(v); err != nil {
		return nil, nil, err
	}
	if spec.Check != nil {
		if err := spec.Check(v); err != nil {
			return nil, nil, err
		}
	}
	return v, spec.canonical(v), nil
}

// fieldNamed is Field for a key as the reader holds it, bytes not made
// into a string (a push looks up every field of every record): the field
// called name, or nil.
func (s *KindSpec) fieldNamed(name []byte) *Field {
	for i := range s.Fields {
		if s.Fields[i].Name == string(name) {
			return &s.Fields[i]
		}
	}
	return nil
}

// read reads one field's value where r stands; null is the type's zero.
func (f *Field) read(r *jsonscan.Reader) (any, error) {
	if r.Null() {
		return f.zero(), nil
	}
	var out any
	var err error
	switch f.Type {
	case TypeCount:
		out, err = r.Int()
	case TypeHalfHours:
		out, err = r.Float()
	case TypeMaterials, TypeTopics:
		list := []string{}
		err = r.Array(func() error {
			if len(list) == f.Max { // refused now, before a long list is read
				return Errorf(EINVALID, "error.field_list_long", "over %d %s", f.Max, f.Name).
					With("Field", f.Label(), "Max", f.Max)
			}
			s, err := r.String()
			list = append(list, s)
			return err
		})
		out = list
	default:
		var s string
		s, err = r.String()
		if f.Type == TypeText || f.Type == TypeLongText {
			s = NFC(s)
		}
		out = s
	}
	var refusal *Error
	if errors.As(err, &refusal) {
		return nil, err
	} else if err != nil {
		return nil, Errorf(EINVALID, "error.field_value", "%s: %v", f.Name, err).With("Field", f.Label())
	}
	return out, nil
}

// zero is the value of a field left out.
func (f *Field) zero() any {
	switch f.Type {
	case TypeCount:
		return 0
	case TypeHalfHours:
		return 0.0
	case TypeMaterials, TypeTopics:
		return []string(nil)
	}
	return ""
}
