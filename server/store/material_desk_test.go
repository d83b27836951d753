package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

func officeUser(t testing.TB, s *Store, name string) *mingbai.User {
	t.Helper()
	u := &mingbai.User{Username: name, DisplayName: "Clerk " + name, Role: mingbai.Office}
	if err := s.CreateUser(context.Background(), u, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
		t.Fatal(err)
	}
	return u
}

func draftLeaflet(t *testing.T, s *Store, actor string) *mingbai.Material {
	t.Helper()
	m := leaflet("homestead", "marriage-family",
		&mingbai.Translation{Lang: mingbai.Chinese, Title: "宅基地", BodyMD: "一户一宅"},
		&mingbai.Translation{Lang: mingbai.Tibetan, Title: "ཁྱིམ་ས།", BodyMD: "ཁྱིམ་ཚང་གཅིག"})
	m.Status = mingbai.Draft
	if err := s.CreateMaterial(context.Background(), actor, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// edit returns a copy of m's texts for an editor to change.
func edit(m *mingbai.Material) *mingbai.Material {
	e := &mingbai.Material{ID: m.ID, Topic: m.Topic, Audiences: m.Audiences, Translations: map[mingbai.Lang]*mingbai.Translation{}}
	for l, tr := range m.Translations {
		c := *tr
		c.Media = nil
		e.Translations[l] = &c
	}
	return e
}

func TestSaveMaterialVersionsAndTranslationState(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolma := officeUser(t, s, "dolma")
	m := draftLeaflet(t, s, dolma.ID)

	clock.t = clock.t.Add(time.Hour)
	e := edit(m)
	e.Translations[mingbai.Chinese].BodyMD = "一户只能拥有一处宅基地"
	e.Translations[mingbai.Chinese].BodyText = e.Translations[mingbai.Chinese].BodyMD
	changes, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: e, BaseVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"zh.body"}; !slices.Equal(changes, want) {
		t.Errorf("changes = %v, want %v", changes, want)
	}
	got, err := s.MaterialByID(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version = %d, want 2", got.Version)
	}
	if st := got.TranslationState(mingbai.Tibetan); st != mingbai.TranslationOutdated {
		t.Errorf("Tibetan after a Chinese edit is %s, want outdated", st)
	}
	if st := got.TranslationState(mingbai.Chinese); st != mingbai.TranslationCurrent {
		t.Errorf("Chinese is %s, want current", st)
	}

	t.Run("an unchanged save makes no version", func(t *testing.T) {
		changes, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: edit(got), BaseVersion: 2})
		if err != nil || len(changes) != 0 {
			t.Fatalf("SaveMaterial = %v, %v; want no changes", changes, err)
		}
		if again, _ := s.MaterialByID(ctx, m.ID); again.Version != 2 {
			t.Errorf("version = %d, want still 2", again.Version)
		}
	})
	t.Run("a save from an old version is a conflict", func(t *testing.T) {
		stale := edit(got)
		stale.Translations[mingbai.Tibetan].Title = "ཁྱིམ་ས་གསར་པ།"
		_, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: stale, BaseVersion: 1})
		if code := mingbai.ErrorCode(err); code != mingbai.ECONFLICT {
			t.Fatalf("error = %v, want code %s", err, mingbai.ECONFLICT)
		}
	})
	t.Run("updating the Tibetan makes it current again", func(t *testing.T) {
		e := edit(got)
		e.Translations[mingbai.Tibetan].BodyMD = "ཁྱིམ་ཚང་གཅིག་ལ་ཁྱིམ་ས་གཅིག"
		if _, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: e, BaseVersion: 2}); err != nil {
			t.Fatal(err)
		}
		now, _ := s.MaterialByID(ctx, m.ID)
		for _, l := range mingbai.ContentLangs {
			if st := now.TranslationState(l); st != mingbai.TranslationCurrent {
				t.Errorf("%s is %s, want current", l, st)
			}
		}
	})
	t.Run("a typo fixed in Chinese, said to be minor, leaves the Tibetan current", func(t *testing.T) {
		now, _ := s.MaterialByID(ctx, m.ID)
		e := edit(now)
		e.Translations[mingbai.Chinese].Title = "宅基地政策"
		if _, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: e, BaseVersion: 3, KeepOthersCurrent: true}); err != nil {
			t.Fatal(err)
		}
		after, _ := s.MaterialByID(ctx, m.ID)
		if st := after.TranslationState(mingbai.Tibetan); st != mingbai.TranslationCurrent {
			t.Errorf("Tibetan is %s, want current", st)
		}
	})
	t.Run("the history says who changed what, with the texts", func(t *testing.T) {
		h, err := s.MaterialHistory(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 4 {
			t.Fatalf("history has %d versions, want 4", len(h))
		}
		if h[3].Actor != "Clerk dolma" || !slices.Equal(h[3].Changes, []string{"created"}) {
			t.Errorf("first version = %+v", h[3])
		}
		if !slices.Equal(h[2].Changes, []string{"zh.body"}) || h[2].Texts[mingbai.Chinese].BodyMD != "一户只能拥有一处宅基地" {
			t.Errorf("second version = %+v", h[2])
		}
		if h[2].Texts[mingbai.Tibetan] != nil {
			t.Error("second version holds a Tibetan text that did not change in it")
		}
	})
}

func TestSetMaterialStatusPublishes(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolma := officeUser(t, s, "dolma")
	m := draftLeaflet(t, s, dolma.ID)
	if _, err := s.PublishedMaterial(ctx, m.Slug); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Fatalf("a draft is readable: %v", err)
	}
	before := s.Generation()
	if err := s.SetMaterialStatus(ctx, dolma.ID, m.ID, mingbai.Published); err != nil {
		t.Fatal(err)
	}
	if s.Generation() == before {
		t.Error("publishing left the generation (and so every ETag) unchanged")
	}
	pub, err := s.PublishedMaterial(ctx, m.Slug)
	if err != nil {
		t.Fatalf("published material not readable: %v", err)
	}
	if pub.PublishedAt.IsZero() {
		t.Error("published_at not set")
	}
	if err := s.SetMaterialStatus(ctx, dolma.ID, m.ID, mingbai.Unpublished); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishedMaterial(ctx, m.Slug); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("an unpublished material is still readable: %v", err)
	}
	h, _ := s.MaterialHistory(ctx, m.ID)
	if len(h) != 3 || h[0].Changes[0] != "status_unpublished" || h[1].Changes[0] != "status_published" {
		t.Errorf("history = %+v", h)
	}
	if err := s.SetMaterialStatus(ctx, dolma.ID, m.ID, "gone"); mingbai.ErrorCode(err) != mingbai.EINVALID {
		t.Errorf("unknown status: error %v, want invalid", err)
	}
}

func TestAttachMedia(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	dolma := officeUser(t, s, "dolma")
	m := draftLeaflet(t, s, dolma.ID)
	mp3, _ := mingbai.MediaTypeByExt("mp3")
	first := mingbai.Media{SHA256: sha('a'), Type: mp3, Size: 1000}
	second := mingbai.Media{SHA256: sha('b'), Type: mp3, Size: 2000}
	if _, err := s.AttachMedia(ctx, dolma.ID, m.ID, mingbai.Tibetan, first); err != nil {
		t.Fatal(err)
	}
	att, err := s.AttachMedia(ctx, dolma.ID, m.ID, mingbai.Tibetan, second)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.MaterialByID(ctx, m.ID)
	audio, ok := got.Translations[mingbai.Tibetan].Audio()
	if !ok || audio.Media.SHA256 != second.SHA256 || len(got.Translations[mingbai.Tibetan].Media) != 1 {
		t.Errorf("Tibetan media = %+v, want only the second audio", got.Translations[mingbai.Tibetan].Media)
	}
	if st := got.TranslationState(mingbai.Chinese); st != mingbai.TranslationCurrent {
		t.Errorf("attaching Tibetan audio made the Chinese %s", st)
	}
	f, err := s.MediaByHash(ctx, second.SHA256)
	if err != nil || f.Public {
		t.Errorf("media of a draft: %+v, %v; want stored, not public", f, err)
	}
	if err := s.SetMaterialStatus(ctx, dolma.ID, m.ID, mingbai.Published); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.MediaByHash(ctx, second.SHA256); !f.Public {
		t.Error("media of a published material is not public")
	}
	if err := s.DetachMedia(ctx, dolma.ID, m.ID, att.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DetachMedia(ctx, dolma.ID, m.ID, att.ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("detaching twice: %v, want not found", err)
	}
	e := edit(got)
	delete(e.Translations, mingbai.Chinese)
	if _, err := s.SaveMaterial(ctx, dolma.ID, MaterialEdit{Material: e, BaseVersion: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttachMedia(ctx, dolma.ID, m.ID, mingbai.Chinese, first); mingbai.ErrorCode(err) != mingbai.EINVALID {
		t.Errorf("attaching to a missing language: %v, want invalid", err)
	}
}

func sha(c byte) string {
	b := make([]byte, 64)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
