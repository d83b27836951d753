package woff2

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

// sfnt builds a font file holding tables, as a font tool writes one.
func sfnt(tables map[string][]byte, tags ...string) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint32{0x00010000})
	binary.Write(&b, binary.BigEndian, []uint16{uint16(len(tags)), 0, 0, 0})
	off := 12 + 16*len(tags)
	var data bytes.Buffer
	for _, tag := range tags {
		t := tables[tag]
		b.WriteString(tag)
		binary.Write(&b, binary.BigEndian, []uint32{0, uint32(off + data.Len()), uint32(len(t))})
		data.Write(t)
		for data.Len()%4 != 0 {
			data.WriteByte(0)
		}
	}
	b.Write(data.Bytes())
	return b.Bytes()
}

// decode reads a WOFF2 file with null transforms back into its tables, as
// a browser's decoder does.
func decode(t *testing.T, w []byte) map[string][]byte {
	t.Helper()
	if string(w[:4]) != "wOF2" || int(binary.BigEndian.Uint32(w[8:])) != len(w) || len(w)%4 != 0 {
		t.Fatalf("header %q, length field %d for %d bytes", w[:4], binary.BigEndian.Uint32(w[8:]), len(w))
	}
	n := int(binary.BigEndian.Uint16(w[12:]))
	compressedSize := int(binary.BigEndian.Uint32(w[20:]))
	r := bytes.NewReader(w[48:])
	type entry struct {
		tag  string
		size int
	}
	var dir []entry
	for range n {
		flags, _ := r.ReadByte()
		if flags&63 != 63 {
			t.Fatalf("flags %#x: want the tag in full", flags)
		}
		tag := make([]byte, 4)
		io.ReadFull(r, tag)
		if transform := flags >> 6; (string(tag) == "glyf" || string(tag) == "loca") != (transform == 3) {
			t.Fatalf("table %s has transform %d, want the null transform", tag, transform)
		}
		var v int
		for {
			c, _ := r.ReadByte()
			v = v<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
		dir = append(dir, entry{string(tag), v})
	}
	start := len(w) - r.Len()
	stream, err := io.ReadAll(brotli.NewReader(bytes.NewReader(w[start : start+compressedSize])))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range dir {
		out[e.tag], stream = stream[:e.size], stream[e.size:]
	}
	if len(stream) != 0 {
		t.Errorf("%d bytes after the last table", len(stream))
	}
	return out
}

// TestEncodeKeepsEveryTable: what a browser decodes is the font's tables,
// byte for byte, whatever their sizes (a size of 128 and more takes two
// bytes in the directory), but for the glyph names no browser reads.
func TestEncodeKeepsEveryTable(t *testing.T) {
	tables := map[string][]byte{
		"OS/2": bytes.Repeat([]byte{7}, 96),
		"cmap": bytes.Repeat([]byte("ཀཁག"), 300),
		"glyf": bytes.Repeat([]byte{1, 2, 3}, 20000),
		"head": bytes.Repeat([]byte{9}, 54),
		"loca": {0, 1, 2},
	}
	names := append([]byte{0, 2, 0, 0}, bytes.Repeat([]byte{5}, 28+400)...) // format 2.0, with glyph names
	font := sfnt(map[string][]byte{"OS/2": tables["OS/2"], "cmap": tables["cmap"], "glyf": tables["glyf"],
		"head": tables["head"], "loca": tables["loca"], "post": names}, "OS/2", "cmap", "glyf", "head", "loca", "post")
	w, err := Encode(font)
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, w)
	for tag, want := range tables {
		if !bytes.Equal(got[tag], want) {
			t.Errorf("table %s: got %d bytes, want its %d", tag, len(got[tag]), len(want))
		}
	}
	if post := got["post"]; len(post) != 32 || !bytes.Equal(post[:4], []byte{0, 3, 0, 0}) || !bytes.Equal(post[4:], names[4:32]) {
		t.Errorf("post table = % x, want format 3 with the header kept", post)
	}
	if len(w) >= len(font)/10 {
		t.Errorf("WOFF2 of %d bytes for a %d-byte font of repeats", len(w), len(font))
	}
}

func TestEncodeRefusesWhatIsNotAFont(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":         nil,
		"a PNG":         []byte("\x89PNG\r\n\x1a\n0000000000"),
		"cut directory": sfnt(map[string][]byte{"head": {1}}, "head")[:20],
	} {
		if _, err := Encode(b); err == nil {
			t.Errorf("%s: encoded, want an error", name)
		}
	}
	font := sfnt(map[string][]byte{"head": make([]byte, 64)}, "head")
	if _, err := Encode(font[:len(font)-8]); err == nil {
		t.Error("a table past the end: encoded, want an error")
	}
}
