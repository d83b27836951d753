package mingbai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what an account may do. Anonymous readers have no account.
type Role string

// Roles of accounts.
const (
	Office   Role = "office"   // judicial office staff: everything
	Resident Role = "resident" // a village's legal-savvy resident: own records, own village
)

// ParseRole returns the role named s, or EINVALID.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case Office, Resident:
		return Role(s), nil
	}
	return "", Errorf(EINVALID, "error.role_unknown", "unknown role %q", s)
}

// User is an account.
type User struct {
	ID                 string
	Username           string
	DisplayName        string
	Role               Role
	VillageID          string // required for residents
	MustChangePassword bool
	Active             bool
	CreatedAt          time.Time
	// A resident is on the roster of legal-savvy residents from
	// AppointedOn (the township appointed them, after its assessment) to
	// LeftOn (their last day; "" while they serve), township days.
	AppointedOn, LeftOn string
}

// Village belongs to the township; residents are attached to one. A
// deactivated village keeps its residents but takes no new ones.
type Village struct {
	ID     string
	NameZH string
	NameBO string
	Active bool
	// Code is the village's short code, carried by the QR codes printed
	// for it, so scans count per village (see VillageCodeAlphabet).
	Code string
}

// MaxVillageNameRunes caps each of a village's names.
const MaxVillageNameRunes = 60

// Validate checks a village before it is stored: the Chinese name is
// required (the township's records use it), the Tibetan one is optional.
// It returns EINVALID.
func (v *Village) Validate() error {
	if strings.TrimSpace(v.NameZH) == "" {
		return Errorf(EINVALID, "error.village_name_missing", "village without a name")
	}
	if utf8.RuneCountInString(v.NameZH) > MaxVillageNameRunes || utf8.RuneCountInString(v.NameBO) > MaxVillageNameRunes {
		return Errorf(EINVALID, "error.village_name_long", "village name longer than %d", MaxVillageNameRunes)
	}
	if !printableName(v.NameZH) || !printableName(v.NameBO) {
		return unprintable("office.village", v.NameZH+v.NameBO)
	}
	return nil
}

// Name is the village's name for a reader of l: the Tibetan name for
// Tibetan readers when there is one, the Chinese name otherwise.
func (v *Village) Name(l Lang) string {
	if l == Tibetan && v.NameBO != "" {
		return v.NameBO
	}
	return v.NameZH
}

// Password rules: long enough to resist guessing at the login limit,
// short enough for bcrypt, which reads only the first 72 bytes.
const (
	MinPasswordRunes = 10
	MaxPasswordBytes = 72
)

// ValidatePassword checks a new password for the account username
// against the rules.
func ValidatePassword(p, username string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPasswordRunes:
		return Errorf(EINVALID, "error.password_short", "password shorter than %d", MinPasswordRunes)
	case len(p) > MaxPasswordBytes:
		return Errorf(EINVALID, "error.password_long", "password longer than %d bytes", MaxPasswordBytes)
	case guessable(p, username):
		return Errorf(EINVALID, "error.password_guessable", "a guessable password")
	}
	return nil
}

// Usernames are MinUsernameBytes to MaxUsernameBytes of a-z, 0-9, ".",
// "_" and "-": forms say so, and a longer name at sign-in is no account.
const (
	MinUsernameBytes = 3
	MaxUsernameBytes = 40
)

// ValidateUser checks an account before it is stored.
func (u *User) Validate() error {
	if len(u.Username) < MinUsernameBytes || len(u.Username) > MaxUsernameBytes || strings.Trim(u.Username, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		return Errorf(EINVALID, "error.username_invalid", "username %q", u.Username).
			With("Min", MinUsernameBytes, "Max", MaxUsernameBytes)
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		return err
	}
	if u.Role == Resident && u.VillageID == "" {
		return Errorf(EINVALID, "error.village_required", "resident %s has no village", u.Username)
	}
	if strings.TrimSpace(u.DisplayName) == "" || utf8.RuneCountInString(u.DisplayName) > 60 {
		return Errorf(EINVALID, "error.display_name_invalid", "display name of %s", u.Username)
	}
	if !printableName(u.DisplayName) {
		return unprintable("office.name", u.DisplayName)
	}
	return nil
}

// RosterDaysBack is how far back an appointment may be entered: the
// roster of years kept on paper, brought in.
const RosterDaysBack = 20 * 366

// CheckRoster checks a resident's roster dates at now: appointed on a day
// from RosterDaysBack ago to tomorrow, and, once they left, on or after
// it. It returns EINVALID naming the date at fault and its window.
func (u *User) CheckRoster(now time.Time) error {
	if u.Role != Resident {
		return nil
	}
	w := WindowAround(now, RosterDaysBack, RecordDaysAhead)
	if err := w.Check(u.AppointedOn); err != nil {
		return Errorf(EINVALID, "error.field_date_range", "appointed on %q: %v", u.AppointedOn, err).
			With("Field", Message("office.appointed_on"), "From", w.From, "To", w.To)
	}
	if u.LeftOn == "" {
		return nil
	}
	w.From = u.AppointedOn
	if err := w.Check(u.LeftOn); err != nil {
		return Errorf(EINVALID, "error.field_date_range", "left on %q: %v", u.LeftOn, err).
			With("Field", Message("office.left_on"), "From", w.From, "To", w.To)
	}
	return nil
}
