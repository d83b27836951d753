package store

import "time"

// A writer that begins a group the moment it finds no push waiting leaves
// behind the pushes a few hundred microseconds away (their phones were
// still reading the last answer), and they wait a whole commit: eight
// phones pushing a record each shared commits in threes and fours, and
// paid a commit's page writes and fsync, most of such a push's CPU, twice
// as often as they needed to (scripts/load.sh). So the writer, having
// served k pushes together lately, waits for k before it begins the next
// group, never longer than groupLinger: pushes that come together keep
// coming together, and a push alone waits at most that once the others
// stop, for the few groups until the writer forgets them.

// groupLinger is the longest the writer waits for a group to fill: a small
// share of a push's answer even over a fast link, and several times the
// gap between a phone's answer and its next push on this machine.
const groupLinger = time.Millisecond

// recentGroups remembers how many pushes the writer's last groups held.
type recentGroups struct {
	sizes [16]int
	next  int
}

func (r *recentGroups) add(pushes int) {
	r.sizes[r.next] = pushes
	r.next = (r.next + 1) % len(r.sizes)
}

// largest is the most pushes one of the last groups held.
func (r *recentGroups) largest() int {
	n := 0
	for _, k := range r.sizes {
		n = max(n, k)
	}
	return n
}

// linger adds to group the pushes that come, until it holds as many as
// the largest recent group, it is full, or groupLinger has passed.
func (s *Store) linger(group []*pushJob, records int, timer *time.Timer) ([]*pushJob, int) {
	want := s.recent.largest()
	if len(group) >= want || records >= maxGroupRecords {
		return group, records
	}
	timer.Reset(s.groupLinger)
	defer timer.Stop()
	for len(group) < want && records < maxGroupRecords {
		select {
		case j := <-s.pushJobs:
			group, records = append(group, j), records+len(j.items)
		case <-timer.C:
			return group, records
		case <-s.writerQuit:
			return group, records
		}
	}
	return group, records
}
