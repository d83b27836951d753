package web

import "testing"

// TestCSVTextNeverStartsAFormula: a cell that a spreadsheet would run, or
// that starts with a line break, is shown as text.
func TestCSVTextNeverStartsAFormula(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+86 138": "'+86 138", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\t=x": "'\t=x", "\r=x": "'\r=x", "\n=x": "'\n=x", "彩礼": "彩礼", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}
