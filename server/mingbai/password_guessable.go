package mingbai

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

// A password long enough can still be the first one guessed: the same
// key again and again, a run along the digits or the alphabet, a walk
// along the keyboard, the account's own name, or one of the passwords
// people choose most (common_passwords.txt, a list of our own: the
// patterns most lists show, in the forms Chinese users favour).

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// keyboardWalks are rows and columns of a keyboard, both ways.
var keyboardWalks = []string{"1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "!qaz@wsx#edc$rfv%tgb"}

// guessable reports whether p is among the first passwords an attacker
// tries for the account username.
func guessable(p, username string) bool {
	lower := strings.ToLower(p)
	if commonPasswords[lower] || commonPasswords[strings.TrimRight(lower, "0123456789!.@#")] {
		return true
	}
	if username != "" && strings.Contains(lower, strings.ToLower(username)) {
		return true
	}
	distinct := map[rune]bool{}
	for _, r := range lower {
		distinct[r] = true
	}
	if len(distinct) < 4 {
		return true // 1111111111, 1212121212, aaaabbbbcc
	}
	if isRun(lower) {
		return true
	}
	for _, walk := range keyboardWalks {
		if strings.Contains(walk, lower) || strings.Contains(reverse(walk), lower) ||
			strings.Contains(walk+walk, lower) {
			return true
		}
	}
	return false
}

// isRun is true for a run of characters one apart, up or down, as
// 1234567890 or 9876543210 or abcdefghij (0 may follow 9).
func isRun(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	rs := []rune(s)
	step := next(rs[0], rs[1])
	if step == 0 {
		return false
	}
	for i := 1; i+1 < len(rs); i++ {
		if next(rs[i], rs[i+1]) != step {
			return false
		}
	}
	return true
}

// next is +1 or -1 when b follows or precedes a, else 0.
func next(a, b rune) int {
	switch {
	case b == a+1 || (a == '9' && b == '0'):
		return 1
	case b == a-1 || (a == '0' && b == '9'):
		return -1
	}
	return 0
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
