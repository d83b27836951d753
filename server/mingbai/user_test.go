package mingbai

import "testing"

// TestGuessablePasswords: long enough is not enough; a phrase is fine.
func TestGuessablePasswords(t *testing.T) {
	for _, p := range []string{"1111111111", "0987654321", "abcdefghijk", "asdfghjkl;", "1qaz2wsx3edc",
		"Password2026", "woaini1314!", "12121212121", "dolma-is-me-2026"} {
		if err := ValidatePassword(p, "dolma"); ErrorMessageID(err) != "error.password_guessable" {
			t.Errorf("ValidatePassword(%q) = %v, want guessable", p, err)
		}
	}
	for _, p := range []string{"barley fields after rain", "yak butter tea 2026", "南山的牦牛在雪地里吃草了"} {
		if err := ValidatePassword(p, "dolma"); err != nil {
			t.Errorf("ValidatePassword(%q) = %v, want accepted", p, err)
		}
	}
}
