package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// recordView is a record as the office's pages show it: every label and
// choice in the reader's language, every id turned into a name.
type recordView struct {
	*mingbai.Record
	KindName  string
	StateName string
	Village   string
	Author    string
	Summary   []string // the line of the record's choices, never its free text
	Fields    []fieldView
}

// fieldView is one field: its label and its values (a list of materials
// has several).
type fieldView struct {
	Name   string
	Label  string
	Values []valueView
	spec   mingbai.Field
}

// valueView is a value as shown, with a link when it names something the
// office can open, and the language of free text in Tibetan or Chinese.
type valueView struct {
	Text string
	Href string
	Lang string
}

// recordNamer names what records refer to, in one reader's language; it
// loads the names once for a page.
type recordNamer struct {
	s         *server
	l         mingbai.Lang
	villages  map[string]string
	people    map[string]string
	topics    map[string]string
	campaigns map[string]string
	sessions  map[string]string
}

func (s *server) newRecordNamer(ctx context.Context, l mingbai.Lang) (*recordNamer, error) {
	n := &recordNamer{s: s, l: l, villages: map[string]string{}, people: map[string]string{}, sessions: map[string]string{}}
	villages, err := s.store.Villages(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range villages {
		n.villages[v.ID] = v.Name(l)
	}
	n.villages[""] = n.t("record.township") // the office's own work, booked to no village
	residents, err := s.store.Residents(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, r := range residents {
		n.people[r.ID] = r.DisplayName
	}
	topics, err := s.store.Topics(ctx)
	if err != nil {
		return nil, err
	}
	n.topics = topicNames(topics, l)
	campaigns, err := s.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	n.campaigns = map[string]string{}
	for _, c := range campaigns {
		n.campaigns[c.Slug] = c.Name(l)
	}
	sessions, err := s.store.TrainingSessions(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range sessions {
		n.sessions[t.ID] = t.Title
	}
	return n, nil
}

func (n *recordNamer) t(id string, args ...any) string {
	return page{Lang: n.l, bundle: n.s.locale}.T(id, args...)
}

// view makes the view of r; its fields only when full (the record page).
// The inbox line is made of the fields the kind's specification puts on
// it: choices, counts and names of places, never a summary or a note,
// which may hold personal data and are read on the record's own page,
// where reading is logged.
func (n *recordNamer) view(r *mingbai.Record, full bool) recordView {
	v := recordView{Record: r, KindName: n.t("record_kind." + string(r.Kind)),
		StateName: n.t("record_state." + string(r.State)), Village: n.villages[r.VillageID], Author: n.people[r.AuthorID]}
	if v.Author == "" {
		v.Author = n.t("record.by_office") // only residents are named; the rest is the office's desk
	}
	fields := n.fields(r.Kind, r.Fields)
	var parts []string
	for _, f := range fields {
		if !f.spec.Line {
			continue
		}
		text := f.Values[0].Text
		if f.spec.IsNumber() {
			text = f.Label + " " + text
		}
		parts = append(parts, clip(text, 60))
	}
	v.Summary = parts
	if full {
		v.Fields = fields
	}
	return v
}

// clip shortens s to at most n runes, on one line.
func clip(s string, n int) string {
	return mingbai.CutRunes(strings.Join(strings.Fields(s), " "), n)
}

// fields lists a kind's fields from their stored JSON in the kind's
// order, leaving out optional ones left empty.
func (n *recordNamer) fields(k mingbai.RecordKind, raw []byte) []fieldView {
	values := map[string]json.RawMessage{}
	json.Unmarshal(raw, &values) // stored fields were checked on the way in
	// A revision's votes mean nothing before its meeting: a phone sends
	// zeros until the meeting is held.
	noMeeting := k == mingbai.RuleRevision && len(values["meeting_on"]) == 0
	spec, err := mingbai.SpecOf(k)
	if err != nil {
		return nil
	}
	var out []fieldView
	for _, f := range spec.Fields {
		if noMeeting && strings.HasPrefix(f.Name, "votes_") {
			continue
		}
		vs := n.values(f, values[f.Name])
		if len(vs) == 0 {
			continue
		}
		out = append(out, fieldView{Name: f.Name, Label: n.t("record_field." + f.Name), Values: vs, spec: f})
	}
	return out
}

// values shows one field's JSON value, as its type says.
func (n *recordNamer) values(f mingbai.Field, raw json.RawMessage) []valueView {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" {
		return nil
	}
	if f.IsList() {
		var slugs []string
		json.Unmarshal(raw, &slugs)
		out := make([]valueView, len(slugs))
		for i, slug := range slugs {
			out[i] = valueView{Text: slug, Href: "/" + string(n.l) + "/m/" + slug}
			if f.Type == mingbai.TypeTopics {
				out[i] = valueView{Text: orSelf(n.topics[slug], slug), Href: "/" + string(n.l) + "/t/" + slug}
			}
		}
		return out
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		// A number, shown as the phone sent it (2.5 hours stays 2.5).
		return []valueView{{Text: string(bytes.TrimSpace(raw))}}
	}
	switch f.Type {
	case mingbai.TypeChoice:
		return []valueView{{Text: n.t(fmt.Sprintf("record_option.%s.%s", f.Name, s))}}
	case mingbai.TypeTopic:
		return []valueView{{Text: orSelf(n.topics[s], s), Href: "/" + string(n.l) + "/t/" + s}}
	case mingbai.TypeCampaign:
		return []valueView{{Text: orSelf(n.campaigns[s], s)}}
	case mingbai.TypeSession:
		return []valueView{{Text: orSelf(n.sessions[s], s), Href: officeLink(n.l, "trainings", s)}}
	}
	return []valueView{{Text: s, Lang: string(f.Lang)}}
}

// orSelf is name, or id when there is no name for it.
func orSelf(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// conflictView is another content pushed under a record's id, shown the
// way the record is.
type conflictView struct {
	store.RecordConflict
	KindName string
	Fields   []fieldView
}

func (n *recordNamer) conflicts(cs []store.RecordConflict) []conflictView {
	out := make([]conflictView, len(cs))
	for i, c := range cs {
		out[i] = conflictView{RecordConflict: c, KindName: n.t("record_kind." + string(c.Kind)), Fields: n.fields(c.Kind, c.Fields)}
	}
	return out
}
