// Package woff2 packs a TrueType or OpenType font as WOFF2, the web's
// smallest font format: the tables compressed together with Brotli. Debian
// ships Tibetan fonts as TTF only, and on a 2G link every kilobyte is
// seconds before a reader sees Tibetan instead of boxes.
//
// Tables are stored with the null transform (WOFF2 §5.1 allows it for
// glyf and loca too): the glyph-outline transform would save some 10%
// more, at the cost of a glyph encoder; Brotli alone takes a quarter off
// the gzip'd TTF. The post table loses its glyph names (format 3): no
// browser reads them, and Debian's Noto Tibetan spends 29 KB on them.
package woff2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/andybalholm/brotli"
)

// table is one table of the font, as the sfnt directory names it.
type table struct {
	tag  [4]byte
	data []byte
}

// Encode returns font (an sfnt: TTF or OTF) as WOFF2. It returns an error
// for data that is not an sfnt or whose tables lie outside it.
func Encode(font []byte) ([]byte, error) {
	flavor, tables, err := readSFNT(font)
	if err != nil {
		return nil, fmt.Errorf("woff2: %w", err)
	}
	var stream bytes.Buffer
	var dir bytes.Buffer
	sfntSize := 12 + 16*len(tables)
	for i := range tables {
		if string(tables[i].tag[:]) == "post" {
			tables[i].data = withoutGlyphNames(tables[i].data)
		}
	}
	for _, t := range tables {
		// Flags 63: the tag follows in full; transform bits 0 are the
		// null transform for every table but glyf and loca, where the
		// null transform is 3.
		flags := byte(63)
		if string(t.tag[:]) == "glyf" || string(t.tag[:]) == "loca" {
			flags |= 3 << 6
		}
		dir.WriteByte(flags)
		dir.Write(t.tag[:])
		writeBase128(&dir, uint32(len(t.data)))
		stream.Write(t.data)
		sfntSize += (len(t.data) + 3) &^ 3
	}
	var compressed bytes.Buffer
	w := brotli.NewWriterOptions(&compressed, brotli.WriterOptions{Quality: 11, LGWin: 22})
	if _, err := w.Write(stream.Bytes()); err != nil {
		return nil, fmt.Errorf("woff2: compress: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("woff2: compress: %w", err)
	}

	const headerSize = 48
	total := (headerSize + dir.Len() + compressed.Len() + 3) &^ 3
	out := make([]byte, headerSize, total)
	copy(out, "wOF2")
	binary.BigEndian.PutUint32(out[4:], flavor)
	binary.BigEndian.PutUint32(out[8:], uint32(total))
	binary.BigEndian.PutUint16(out[12:], uint16(len(tables)))
	binary.BigEndian.PutUint32(out[16:], uint32(sfntSize))
	binary.BigEndian.PutUint32(out[20:], uint32(compressed.Len()))
	binary.BigEndian.PutUint16(out[24:], 1) // version 1.0 of the font file
	// Metadata and private blocks (offsets 28 to 47) stay empty.
	out = append(out, dir.Bytes()...)
	out = append(out, compressed.Bytes()...)
	for len(out) < total {
		out = append(out, 0)
	}
	return out, nil
}

// readSFNT reads the flavor and the tables of an sfnt, in its directory's
// order (sorted by tag, as the format asks).
func readSFNT(font []byte) (uint32, []table, error) {
	if len(font) < 12 {
		return 0, nil, errors.New("not a font: too short")
	}
	flavor := binary.BigEndian.Uint32(font)
	if flavor != 0x00010000 && flavor != 0x4F54544F && flavor != 0x74727565 { // 1.0, "OTTO", "true"
		return 0, nil, fmt.Errorf("not a TrueType or OpenType font (flavor %#x)", flavor)
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return 0, nil, errors.New("table directory cut short")
	}
	tables := make([]table, n)
	for i := range tables {
		rec := font[12+16*i:]
		copy(tables[i].tag[:], rec[:4])
		off, size := int64(binary.BigEndian.Uint32(rec[8:])), int64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > int64(len(font)) {
			return 0, nil, fmt.Errorf("table %q lies outside the font", rec[:4])
		}
		tables[i].data = font[off : off+size]
	}
	return flavor, tables, nil
}

// withoutGlyphNames is a post table as format 3.0: its 32-byte header
// (italic angle, underline, fixed pitch, memory hints) without the glyph
// names that follow it in formats 2.0 and 2.5.
func withoutGlyphNames(post []byte) []byte {
	if len(post) <= 32 {
		return post
	}
	out := append([]byte(nil), post[:32]...)
	binary.BigEndian.PutUint32(out, 0x00030000)
	return out
}

// writeBase128 writes v as WOFF2's UIntBase128: seven bits a byte, most
// significant first, the high bit set on every byte but the last.
func writeBase128(b *bytes.Buffer, v uint32) {
	var tmp [5]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7f)
	for v >>= 7; v > 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7f) | 0x80
	}
	b.Write(tmp[i:])
}
