package jsonscan

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// anyValue reads any value as encoding/json reads one into an any: the
// oracle the fuzz test holds the reader to.
func anyValue(r *Reader) (any, error) {
	switch r.Peek() {
	case '{':
		m := map[string]any{}
		err := r.Object(func(key []byte) error {
			v, err := anyValue(r)
			m[string(key)] = v
			return err
		})
		return m, err
	case '[':
		list := []any{}
		err := r.Array(func() error {
			v, err := anyValue(r)
			list = append(list, v)
			return err
		})
		return list, err
	case '"':
		return r.String()
	case 't', 'f':
		return r.Bool()
	case 'n':
		if r.Null() {
			return nil, nil
		}
		return nil, r.fail("null")
	}
	return r.Float()
}

// refusedOnPurpose reports whether err is one of the refusals this
// package makes of JSON that encoding/json accepts.
func refusedOnPurpose(err error) bool {
	var syn *SyntaxError
	return errors.As(err, &syn) && (strings.Contains(syn.msg, "repeated") || strings.Contains(syn.msg, "nested more than") ||
		strings.Contains(syn.msg, "out of range"))
}

func FuzzReaderIsEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"schema":1,"records":[{"id":"x","fields":{"n":3,"h":1.5,"l":["a","b"],"s":"女方\u0041"}}]}`,
		`[]`, `{}`, ` [ 1 , -0.5e+3 , true , false , null ] `, `"\ud83d\ude00"`, `"\ud800"`, "\"\xff\"",
		`{"a":1,"a":2}`, `{"A":1,"a":2}`, `[1,]`, `[,1]`, `{"a":}`, `{"a" 1}`, `01`, `1.`, `-`, `1e`, `.5`, `"a\x"`,
		`"\u12"`, "\"tab\t\"", `nul`, `truex`, `[1] [2]`, strings.Repeat("[", 70) + strings.Repeat("]", 70), `1e999`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := New(data)
		got, err := anyValue(r)
		if err == nil {
			err = r.End()
		}
		var want any
		wantErr := json.Unmarshal(data, &want)
		switch {
		case err == nil && wantErr != nil:
			t.Fatalf("read %q, which encoding/json refuses: %v", data, wantErr)
		case err != nil && wantErr == nil && !refusedOnPurpose(err):
			t.Fatalf("refused %q, which encoding/json reads: %v", data, err)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("read %q as %#v, encoding/json as %#v", data, got, want)
		}
		r = New(data)
		skipped, err := r.Skip()
		if err == nil {
			err = r.End()
		}
		switch {
		case err == nil && !json.Valid(data):
			t.Fatalf("skipped %q, not JSON", data)
		case err != nil && json.Valid(data) && !refusedOnPurpose(err):
			t.Fatalf("refused to skip %q, which is JSON: %v", data, err)
		case err == nil && string(skipped) != strings.Trim(string(data), " \t\r\n"):
			t.Fatalf("skipped %q of %q", skipped, data)
		}
	})
}

func TestObjectRefusesWhatEncodingJSONForgives(t *testing.T) {
	for name, doc := range map[string]string{
		"a repeated key":       `{"id":"a","id":"b"}`,
		"a key escaped":        `{"id":"a","\u0069d":"b"}`,
		"nesting without end":  "[" + strings.Repeat(`{"a":[`, 1<<18),
		"nesting past the cap": strings.Repeat("[", MaxDepth) + "{}" + strings.Repeat("]", MaxDepth),
	} {
		t.Run(name, func(t *testing.T) {
			r := New([]byte(doc))
			if err := r.Array(func() error { _, err := anyValue(r); return err }); err == nil {
				t.Errorf("%.40s… read", doc)
			}
		})
	}
	if _, err := New([]byte(`[{"id":"a","id":"b"}]`)).Skip(); err != nil {
		t.Errorf("Skip refused a repeated key (left to the value's reader): %v", err)
	}
	nested := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := New([]byte(nested)).Skip(); err != nil {
		t.Errorf("%d deep: %v", MaxDepth, err)
	}
}

func TestReadValuesInPlace(t *testing.T) {
	r := New([]byte(` {"n": 42, "h": 2.5, "s": "藏文 a\"b", "plain": "herder", "list": ["x", "y"], "none": null} `))
	var n int
	var h float64
	var s, plain string
	var list []string
	var none bool
	err := r.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "n":
			n, err = r.Int()
		case "h":
			h, err = r.Float()
		case "s":
			s, err = r.String()
		case "plain":
			plain, err = r.String()
		case "list":
			err = r.Array(func() error {
				v, err := r.String()
				list = append(list, v)
				return err
			})
		case "none":
			none = r.Null()
		}
		return err
	})
	if err == nil {
		err = r.End()
	}
	if err != nil || n != 42 || h != 2.5 || s != `藏文 a"b` || plain != "herder" || !reflect.DeepEqual(list, []string{"x", "y"}) || !none {
		t.Errorf("read n=%d h=%v s=%q plain=%q list=%q none=%v, %v", n, h, s, plain, list, none, err)
	}
	for _, doc := range []string{`1.5`, `1e2`, `"1"`, `99999999999999999999`, `true`} {
		if _, err := New([]byte(doc)).Int(); err == nil {
			t.Errorf("Int read %s", doc)
		}
	}
	if err := New([]byte(`{"a":1}`)).Object(func([]byte) error { return nil }); err == nil {
		t.Error("a member left unread went through")
	}
}

// BenchmarkReadRecord reads a pushed record's fields as DecodeFields does.
func BenchmarkReadRecord(b *testing.B) {
	data := []byte(`{"id":"018f0000-0000-7000-8000-000000000001","kind":"consultation","date":"2026-06-01",` +
		`"fields":{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",` +
		`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。"}}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := New(data)
		if err := r.Object(func([]byte) error { _, err := r.Skip(); return err }); err != nil {
			b.Fatal(err)
		}
	}
}
