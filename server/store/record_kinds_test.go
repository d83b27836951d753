package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// TestEveryKindIsStored pushes a record of every kind in mingbai.Kinds,
// every field filled in from its specification, and reads each back: a
// kind declared in Go that the database cannot hold fails here, not on a
// resident's first record.
func TestEveryKindIsStored(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"}))
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	session := &mingbai.TrainingSession{Title: "人民调解实务", HeldOn: mingbai.TownshipDay(clock.Now()), Hours: 3}
	if err := s.CreateTrainingSession(ctx, "", session); err != nil {
		t.Fatal(err)
	}
	refs := testrecords.Refs{Topic: "marriage-family", Session: session.ID, Material: "bride-price",
		Day: mingbai.TownshipDay(clock.Now())}
	first := ""
	for _, spec := range mingbai.Kinds {
		t.Run(string(spec.Kind), func(t *testing.T) {
			raw, _ := json.Marshal(testrecords.Fields(spec.Kind, refs))
			_, fields, err := mingbai.DecodeFields(spec.Kind, raw, clock.Now())
			if err != nil {
				t.Fatalf("decode a full %s: %v", spec.Kind, err)
			}
			r := &mingbai.Record{ID: uuid.NewString(), Kind: spec.Kind, Date: refs.Day, Fields: fields}
			if spec.Kind == mingbai.FollowUp {
				r.RefersTo = first
			}
			res, err := s.Push(ctx, dolkar, phone, []PushItem{{Record: r}})
			if err != nil || res[0].Status != Applied {
				t.Fatalf("push a full %s: %+v, %v", spec.Kind, res, err)
			}
			if first == "" {
				first = r.ID
			}
			got, err := s.Record(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Fields) != string(fields) || got.Kind != spec.Kind {
				t.Errorf("read back %s %s, want %s %s", got.Kind, got.Fields, spec.Kind, fields)
			}
		})
	}
}
