// Package testrecords fills in a record of any kind from its
// specification, so tests cover every kind and every field, and a kind
// added to mingbai.Kinds is tested without a test being written for it.
package testrecords

import (
	"math/rand/v2"
	"strconv"

	"mingbai/server/mingbai"
)

// Refs are what a record's fields may name, as they exist where the
// record goes: a topic, a training session, a leaflet.
type Refs struct {
	Topic, Session, Material string
	Campaign                 string // "" for constitution-week, which every store starts with
	Day                      string // a date inside the record's window, YYYY-MM-DD
}

// Form is every field of kind k that the form asks for, filled in with a
// valid value, as a form posts them (one string a field; the materials as
// a list).
func Form(k mingbai.RecordKind, refs Refs) map[string][]string {
	return form(k, refs, nil)
}

// form is Form, drawing choices and counts from rnd when not nil.
func form(k mingbai.RecordKind, refs Refs, rnd *rand.Rand) map[string][]string {
	spec, err := mingbai.SpecOf(k)
	if err != nil {
		panic(err)
	}
	out := map[string][]string{}
	for _, f := range spec.Fields {
		if f.NotAsked {
			continue
		}
		var v string
		switch f.Type {
		case mingbai.TypeText:
			v = "乡集市"
		case mingbai.TypeLongText:
			v = "说明：" + f.Name
			if f.Lang == mingbai.Tibetan {
				v = "ཁྲིམས་ལུགས།"
			}
		case mingbai.TypeCount:
			v = strconv.Itoa(max(f.Min, min(3, f.Max)))
			if rnd != nil {
				v = strconv.Itoa(f.Min + rnd.IntN(min(f.Max, 200)-f.Min+1))
			}
		case mingbai.TypeHalfHours:
			v = "1.5"
		case mingbai.TypeDate:
			v = refs.Day
		case mingbai.TypeChoice:
			v = f.Choices[len(f.Choices)-1]
			if rnd != nil {
				v = f.Choices[rnd.IntN(len(f.Choices))]
			}
		case mingbai.TypeTopic:
			v = refs.Topic
		case mingbai.TypeCampaign:
			v = refs.Campaign
			if v == "" {
				v = "constitution-week"
			}
		case mingbai.TypeSession:
			v = refs.Session
		case mingbai.TypeMaterials:
			v = refs.Material
		case mingbai.TypeTopics:
			v = refs.Topic
		}
		out[f.Name] = []string{v}
	}
	return out
}

// Fields is Form as a record's JSON fields, as a phone pushes them.
func Fields(k mingbai.RecordKind, refs Refs) map[string]any {
	form := Form(k, refs)
	return mingbai.FormValues(k, func(name string) []string { return form[name] })
}

// Random is Fields with every choice and count drawn from rnd, for
// records spread over the figures' breakdowns. A kind's own check (more
// knew a rule than were asked) may refuse some.
func Random(k mingbai.RecordKind, refs Refs, rnd *rand.Rand) map[string]any {
	form := form(k, refs, rnd)
	return mingbai.FormValues(k, func(name string) []string { return form[name] })
}
