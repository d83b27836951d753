package mingbai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Device is a resident's phone, registered while its owner was signed in.
// It holds a bearer token for the API, so it can sync for days without a
// cookie; the office sees when each was last used and can revoke it.
type Device struct {
	ID         string
	UserID     string
	Name       string // a label from the phone, such as "Android · Chrome"
	CreatedAt  time.Time
	LastSeenAt time.Time
	RevokedAt  time.Time // zero while the device may use the API
}

// MaxActiveDevices is how many working phones a resident has at most; a
// new registration retires the one unused longest.
const MaxActiveDevices = 5

// MaxDeviceNameRunes caps a device's label: it only has to tell a
// resident's phones apart on the office's page.
const MaxDeviceNameRunes = 80

// Revoked reports whether the office has revoked the device.
func (d *Device) Revoked() bool { return !d.RevokedAt.IsZero() }

// Validate checks a device before it is stored: its name must say
// something and fit the office's table. It returns EINVALID.
func (d *Device) Validate() error {
	if strings.TrimSpace(d.Name) == "" || utf8.RuneCountInString(d.Name) > MaxDeviceNameRunes || !printableName(d.Name) {
		return Errorf(EINVALID, "error.device_name_invalid", "device name %q", d.Name)
	}
	return nil
}

// KeepSentDays is how long a phone keeps a record after the server has
// acknowledged it, marked sent: if the server's database is restored from
// a backup older than the record, the phone sends it again. The office
// sees it on a resident's page, the resident under the outbox.
const KeepSentDays = 30
