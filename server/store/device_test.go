package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// addResident stores a resident of a new village and returns it.
func addResident(t *testing.T, s *Store, username string) *mingbai.User {
	t.Helper()
	village, err := s.VillageByName(t.Context(), "村"+username)
	if err != nil {
		t.Fatal(err)
	}
	u := &mingbai.User{Username: username, DisplayName: "Resident " + username, Role: mingbai.Resident, VillageID: village}
	if err := s.CreateUser(t.Context(), u, "$2a$hash"); err != nil {
		t.Fatal(err)
	}
	return u
}

func addDevice(t *testing.T, s *Store, u *mingbai.User, token string) *mingbai.Device {
	t.Helper()
	d := &mingbai.Device{UserID: u.ID, Name: "Android · Chrome"}
	if err := s.CreateDevice(t.Context(), d, "hash-"+token); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeviceTokenFindsItsOwner(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	d := addDevice(t, s, u, "a")
	got, owner, err := s.DeviceByToken(t.Context(), "hash-a")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != d.ID || got.Name != "Android · Chrome" || owner.ID != u.ID || owner.VillageID != u.VillageID || owner.Role != mingbai.Resident {
		t.Errorf("DeviceByToken = %+v of %+v; want device %s of %s", got, owner, d.ID, u.ID)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-other"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
		t.Errorf("unknown token: err = %v, want EUNAUTHORIZED", err)
	}
}

func TestCreateDeviceRules(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	office := &mingbai.User{Username: "clerk", DisplayName: "Clerk", Role: mingbai.Office}
	if err := s.CreateUser(t.Context(), office, "$2a$hash"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		d      mingbai.Device
		want   string
		reason string
	}{
		{"empty name", mingbai.Device{UserID: u.ID, Name: "  "}, mingbai.EINVALID, "a device needs a label"},
		{"long name", mingbai.Device{UserID: u.ID, Name: strings.Repeat("机", 81)}, mingbai.EINVALID, "labels are capped"},
		{"office account", mingbai.Device{UserID: office.ID, Name: "PC"}, mingbai.EFORBIDDEN, "only residents sync"},
		{"no account", mingbai.Device{UserID: "0190a000-0000-7000-8000-000000000000", Name: "PC"}, mingbai.EFORBIDDEN, "no owner"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := s.CreateDevice(t.Context(), &c.d, "hash-"+c.name); mingbai.ErrorCode(err) != c.want {
				t.Errorf("CreateDevice = %v, want %s: %s", err, c.want, c.reason)
			}
		})
	}
	if err := s.SetUserActive(t.Context(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDevice(t.Context(), &mingbai.Device{UserID: u.ID, Name: "Phone"}, "hash-x"); mingbai.ErrorCode(err) != mingbai.EFORBIDDEN {
		t.Errorf("device for a deactivated resident: err = %v, want EFORBIDDEN", err)
	}
}

func TestRevokedDeviceFailsAndSignsItsOwnerOut(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	other := addResident(t, s, "tashi")
	d := addDevice(t, s, u, "a")
	keep := addDevice(t, s, u, "b")
	if err := s.CreateSession(t.Context(), "session-a", u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevokeDevice(t.Context(), other.ID, d.ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("revoking through another resident: err = %v, want ENOTFOUND", err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-a"); err != nil {
		t.Fatalf("a failed revoke changed the device: %v", err)
	}
	revoked, err := s.RevokeDevice(t.Context(), u.ID, d.ID)
	if err != nil || !revoked.Revoked() {
		t.Fatalf("RevokeDevice = %+v, %v", revoked, err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-a"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
		t.Errorf("revoked token: err = %v, want EUNAUTHORIZED", err)
	}
	if _, err := s.SessionUser(t.Context(), "session-a"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("session after a revoke: err = %v, want it ended", err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-b"); err != nil {
		t.Errorf("the other device stopped too: %v", err)
	}
	again, err := s.RevokeDevice(t.Context(), u.ID, d.ID)
	if err != nil || !again.RevokedAt.Equal(revoked.RevokedAt) {
		t.Errorf("revoking twice = %v, %v; want the first revocation kept", again, err)
	}
	list, err := s.DevicesOf(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != keep.ID || !list[1].Revoked() {
		t.Errorf("DevicesOf = %+v; want the working device first, the revoked one kept", list)
	}
}

func TestDeactivatedResidentLosesDevicesAndSessions(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	addDevice(t, s, u, "a")
	if err := s.CreateSession(t.Context(), "session-a", u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserActive(t.Context(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-a"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
		t.Errorf("token of a deactivated resident: err = %v, want EUNAUTHORIZED", err)
	}
	var sessions int
	if err := s.r.QueryRow(`SELECT count(*) FROM sessions WHERE user_id = ?`, u.ID).Scan(&sessions); err != nil {
		t.Fatal(err)
	}
	if sessions != 0 {
		t.Errorf("%d sessions left after deactivation, want none", sessions)
	}
	// Reactivation does not revive the old token: the phone registers again.
	if err := s.SetUserActive(t.Context(), u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-a"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
		t.Errorf("old token after reactivation: err = %v, want EUNAUTHORIZED", err)
	}
}

func TestTouchDeviceWritesAtMostOnceAMinute(t *testing.T) {
	s, clock := openTest(t)
	u := addResident(t, s, "dolma")
	created := addDevice(t, s, u, "a").LastSeenAt
	lastSeen := func() time.Time {
		t.Helper()
		list, err := s.DevicesOf(t.Context(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return list[0].LastSeenAt
	}
	use := func(after time.Duration) {
		t.Helper()
		clock.t = clock.t.Add(after)
		d, _, err := s.DeviceByToken(t.Context(), "hash-a")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.TouchDevice(t.Context(), d); err != nil {
			t.Fatal(err)
		}
	}
	use(30 * time.Second)
	if got := lastSeen(); !got.Equal(created) {
		t.Errorf("last seen after 30 s = %v, want unchanged %v", got, created)
	}
	use(31 * time.Second)
	if got := lastSeen(); !got.Equal(clock.t) {
		t.Errorf("last seen after 61 s = %v, want %v", got, clock.t)
	}
	rows, err := s.Residents(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || !rows[0].LastSeen.Equal(clock.t) {
		t.Errorf("Residents = %+v; want the device's last use as the resident's", rows)
	}
}

// TestDevicesPerResidentAreBounded: a resident's seventh phone retires
// the two unused longest; at most MaxActiveDevices keep working.
func TestDevicesPerResidentAreBounded(t *testing.T) {
	s, clock := openTest(t)
	ctx := t.Context()
	u, _ := resident(t, s, "dolkar")
	var ids []string
	for i := range mingbai.MaxActiveDevices + 2 {
		clock.t = clock.t.Add(time.Hour)
		d := &mingbai.Device{UserID: u.ID, Name: fmt.Sprintf("phone %d", i)}
		if err := s.CreateDevice(ctx, d, fmt.Sprintf("hash-%d", i)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	devices, err := s.DevicesOf(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	active := map[string]bool{}
	for _, d := range devices {
		if !d.Revoked() {
			active[d.ID] = true
		}
	}
	// resident() registers a phone of its own, the first retired.
	if len(active) != mingbai.MaxActiveDevices || active[ids[0]] || !active[ids[len(ids)-1]] {
		t.Errorf("%d active devices (first %v, last %v), want the %d newest", len(active), active[ids[0]], active[ids[len(ids)-1]], mingbai.MaxActiveDevices)
	}
}
