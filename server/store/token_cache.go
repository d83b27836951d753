package store

import (
	"sync"
	"time"

	"mingbai/server/mingbai"
)

// A phone's every request names its token, and finding the device and
// its owner was a tenth of a one-record push's CPU. tokenCache keeps what
// DeviceByToken found, briefly:
//   - every change this process makes to accounts or devices forgets it
//     all, once committed (commitAccounts; TestAccountWritesForgetTokens
//     holds every writer of users or devices to that);
//   - an entry lives tokenCacheLife at most, for the changes another
//     process makes (`mingbai user deactivate` beside a running server):
//     a phone of an account deactivated there stops within that time;
//   - only a device that may use the API is kept: an unknown or revoked
//     token, or a deactivated owner, is asked of the database every time.
type tokenCache struct {
	mu      sync.Mutex
	gen     uint64 // moves on each forget
	entries map[string]tokenEntry
}

// tokenCacheLife is how long a found device is believed without asking
// the database again.
const tokenCacheLife = 5 * time.Second

// maxCachedTokens bounds the cache: a township has a few hundred phones.
const maxCachedTokens = 4096

type tokenEntry struct {
	device mingbai.Device
	user   mingbai.User
	found  time.Time
}

// generation is what a lookup notes before it reads the database, for
// keep.
func (tc *tokenCache) generation() uint64 {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.gen
}

// get returns copies of what was found for tokenHash, if it is still
// believed at now.
func (tc *tokenCache) get(tokenHash string, now time.Time) (*mingbai.Device, *mingbai.User, bool) {
	tc.mu.Lock()
	e, ok := tc.entries[tokenHash] // forget empties the map: an entry is of this generation
	tc.mu.Unlock()
	if !ok || now.Sub(e.found) >= tokenCacheLife || now.Before(e.found) {
		return nil, nil, false
	}
	d, u := e.device, e.user
	return &d, &u, true
}

// keep remembers what a lookup found, unless accounts changed since it
// noted gen: what it read may be from before the change.
func (tc *tokenCache) keep(tokenHash string, gen uint64, d *mingbai.Device, u *mingbai.User, now time.Time) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if gen != tc.gen {
		return
	}
	if tc.entries == nil || len(tc.entries) >= maxCachedTokens {
		tc.entries = map[string]tokenEntry{}
	}
	tc.entries[tokenHash] = tokenEntry{device: *d, user: *u, found: now}
}

// forget drops everything: an account or device changed.
func (tc *tokenCache) forget() {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.gen++
	tc.entries = nil
}

// touched notes a device's last use as stored (TouchDevice), so the next
// request's check reads the time just written, not the one found before.
func (tc *tokenCache) touched(deviceID string, at time.Time) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for k, e := range tc.entries {
		if e.device.ID == deviceID {
			e.device.LastSeenAt = at
			tc.entries[k] = e
		}
	}
}
