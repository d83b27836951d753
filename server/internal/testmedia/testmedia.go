// Package testmedia makes small, valid media files for tests, so no test
// depends on a recording checked into the repository.
package testmedia

// mp3FrameBytes is one MPEG-1 Layer III frame at 128 kbit/s and 44.1 kHz
// without padding: 144 * 128000 / 44100 bytes.
const mp3FrameBytes = 417

// mp3FrameSeconds is how long one frame plays: 1152 samples at 44.1 kHz.
const mp3FrameSeconds = 1152.0 / 44100

// MP3 returns a mono MP3 of silence lasting about seconds. Each frame is a
// header and all-zero side information and main data, which a decoder
// reads as silence; players can seek in it like in any constant bit rate
// file.
func MP3(seconds float64) []byte {
	frames := int(seconds/mp3FrameSeconds) + 1
	out := make([]byte, 0, frames*mp3FrameBytes)
	frame := make([]byte, mp3FrameBytes)
	// Sync, MPEG-1, Layer III, no CRC; 128 kbit/s, 44.1 kHz, no padding;
	// mono, no copyright, original.
	copy(frame, []byte{0xff, 0xfb, 0x90, 0xc4})
	for range frames {
		out = append(out, frame...)
	}
	return out
}

// PNG returns a valid 1×1 PNG followed by pad bytes of a trailing chunk
// nobody reads, to make an image of any size at least 69 bytes long.
func PNG(pad int) []byte {
	// A 1×1 grey image: signature, IHDR, IDAT, IEND.
	img := []byte("\x89PNG\r\n\x1a\n" +
		"\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55" +
		"\x00\x00\x00\x0aIDAT\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\xe5\x27\xde\xfc" +
		"\x00\x00\x00\x00IEND\xae\x42\x60\x82")
	return append(img, make([]byte, pad)...)
}

// PDF returns a minimal one-page PDF.
func PDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}
