package web

import (
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// card is a leaflet in a list: its title and summary in the reader's
// language, or in the language it has when it lacks that one.
type card struct {
	Slug      string
	Title     string
	Summary   string
	Lang      mingbai.Lang // the language Title and Summary are in
	Langs     []mingbai.Lang
	TopicName string
	Sample    bool
}

func makeCards(ms []*mingbai.Material, l mingbai.Lang, topicNames map[string]string) []card {
	cards := make([]card, 0, len(ms))
	for _, m := range ms {
		tr, _ := m.In(l)
		if tr == nil {
			continue
		}
		cards = append(cards, card{
			Slug: m.Slug, Title: tr.Title, Summary: tr.Summary, Lang: tr.Lang,
			Langs: m.Langs(), TopicName: topicNames[m.Topic], Sample: m.Sample,
		})
	}
	return cards
}

// topicNames maps topic slugs to their names in l.
func topicNames(ts []store.TopicCount, l mingbai.Lang) map[string]string {
	out := make(map[string]string, len(ts))
	for _, t := range ts {
		out[t.Slug] = t.Name(l)
	}
	return out
}
