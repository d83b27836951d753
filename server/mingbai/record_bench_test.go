package mingbai

import (
	"testing"
	"time"
)

// BenchmarkDecodeFields reads one consultation's fields as a push does,
// for every record it receives.
func BenchmarkDecodeFields(b *testing.B) {
	raw := []byte(`{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",` +
		`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。"}`)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DecodeFields(Consultation, raw, now); err != nil {
			b.Fatal(err)
		}
	}
}
