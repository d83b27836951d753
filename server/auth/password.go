// Package auth holds what accounts need beyond storage: password hashing
// (bcrypt), random tokens, and the login rate limiter.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is bcrypt's work factor: about 60 ms a login on this
// project's 2-core server, slow enough to make stolen hashes expensive.
const bcryptCost = 11

// HashPassword returns the bcrypt hash of a password that has passed
// mingbai.ValidatePassword.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches hash. A malformed hash
// is an error, not a mismatch, so corruption is seen.
func CheckPassword(hash, password string) (bool, error) {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	}
	return false, fmt.Errorf("check password: %w", err)
}

// dummyHash is compared against when a login names no account, so a
// wrong username costs as long as a wrong password and timing reveals
// nothing about which accounts exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no account has this password"), bcryptCost)

// SpendLoginTime does the work of one password check for nothing.
func SpendLoginTime(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
}

// NewToken returns 32 random bytes, URL-safe: a session cookie or a
// device token.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS is broken; nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenHash is what the database keeps of a token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewPassword returns a random one-time password for a first office
// account or a reset: 16 characters from an alphabet without look-alikes.
func NewPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
