package mingbai

import "testing"

func TestMaskName(t *testing.T) {
	cases := []struct{ name, want string }{
		{"卓玛", "卓*"},
		{"扎西次仁", "扎*"},
		{"བཀྲ་ཤིས།", "བ*"},
		{"སྒྲོལ་མ", "སྒྲོ*"}, // ས with the ག and ར below it and its vowel: one stack
		{"ཚེ་རིང", "ཚེ*"},    // the vowel sign stays with its letter
		{"Test dolkar", "T*"},
		{"", ""},
	}
	for _, c := range cases {
		if got := MaskName(c.name); got != c.want {
			t.Errorf("MaskName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
