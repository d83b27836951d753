package mingbai

import "testing"

func TestSniffMedia(t *testing.T) {
	cases := []struct {
		name string
		head string
		ext  string // "" when refused
	}{
		{"MP3 with an ID3 tag", "ID3\x04\x00\x00\x00\x00\x00\x00", "mp3"},
		{"MP3 frame without a tag", "\xff\xfb\x90\x00\x00\x00", "mp3"},
		{"AAC in ADTS", "\xff\xf1\x50\x80\x00\x1f", "aac"},
		{"M4A", "\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"},
		{"Ogg Vorbis", "OggS\x00\x02\x00\x00\x01vorbis", "ogg"},
		{"Ogg Opus", "OggS\x00\x02\x00\x00\x00\x00\x00\x00OpusHead", "opus"},
		{"PDF", "%PDF-1.7\n", "pdf"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00", "png"},
		{"JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"},
		{"WebP", "RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"},
		{"HTML named .mp3", "<html><script>alert(1)</script>", ""},
		{"SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\">", ""},
		{"ZIP", "PK\x03\x04\x14\x00", ""},
		{"Windows program", "MZ\x90\x00\x03\x00", ""},
		{"MP4 video brand", "\x00\x00\x00\x20ftypqt  \x00\x00", ""},
		{"empty", "", ""},
		{"frame sync with a bad bit rate", "\xff\xfb\xf0\x00", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := SniffMedia([]byte(c.head))
			if c.ext == "" {
				if ErrorCode(err) != EUNSUPPORTED {
					t.Errorf("SniffMedia = %+v, %v; want refused as unsupported", got, err)
				}
				return
			}
			if err != nil || got.Ext != c.ext {
				t.Errorf("SniffMedia = %+v, %v; want %s", got, err, c.ext)
			}
		})
	}
}

func TestCheckMediaSize(t *testing.T) {
	pdf, _ := MediaTypeByExt("pdf")
	if err := CheckMediaSize(pdf, MaxMediaBytes[PDF]); err != nil {
		t.Errorf("a PDF at the cap: %v", err)
	}
	if err := CheckMediaSize(pdf, MaxMediaBytes[PDF]+1); ErrorCode(err) != ETOOLARGE {
		t.Errorf("a PDF over the cap: %v, want too large", err)
	}
}
