package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"mingbai/server/mingbai"
)

func TestExportRecords(t *testing.T) {
	fx := newFigureFixture(t)
	ctx := context.Background()
	names := map[string]string{}
	for name, r := range fx.records {
		names[r.ID] = name
	}
	export := func(f InboxFilter, limit int) (int, []string, error) {
		total := -1
		var got []string
		err := fx.s.ExportRecords(ctx, f, limit, func(n int) error { total = n; return nil },
			func(r *mingbai.Record) error { got = append(got, names[r.ID]); return nil })
		return total, got, err
	}

	t.Run("every current record, oldest first", func(t *testing.T) {
		total, got, err := export(InboxFilter{Kind: mingbai.Consultation, From: "2026-01-01"}, MaxExportRecords)
		// C3 was returned: still a current record, which the office may
		// want to see in a list, though the figures leave it out.
		if want := []string{"C1", "C2", "C3", "C4"}; err != nil || total != 4 || !slices.Equal(got, want) {
			t.Errorf("2026 consultations = %d %v, %v; want 4 %v", total, got, err, want)
		}
	})
	t.Run("a correction replaces what it corrects", func(t *testing.T) {
		_, got, _ := export(InboxFilter{Kind: mingbai.PromotionEvent}, MaxExportRecords)
		if want := []string{"E1", "E2c", "E3"}; !slices.Equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
	t.Run("one village, a state", func(t *testing.T) {
		_, got, _ := export(InboxFilter{VillageID: fx.b.VillageID, State: mingbai.Received}, MaxExportRecords)
		if want := []string{"A2", "E3", "C4", "M3"}; !slices.Equal(got, want) {
			t.Errorf("tashi村's received records = %v, want %v", got, want)
		}
	})
	t.Run("over the limit nothing is read", func(t *testing.T) {
		total, got, err := export(InboxFilter{Kind: mingbai.Consultation}, 4)
		if mingbai.ErrorCode(err) != mingbai.ETOOLARGE || total != -1 || got != nil {
			t.Errorf("5 consultations with a limit of 4 = %d %v, %v; want ETOOLARGE before anything", total, got, err)
		}
	})
	t.Run("an error of the reader stops it", func(t *testing.T) {
		stop := errors.New("client gone")
		n := 0
		err := fx.s.ExportRecords(ctx, InboxFilter{}, MaxExportRecords, func(int) error { return nil },
			func(*mingbai.Record) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("after an error: %d records read, %v", n, err)
		}
	})
}
