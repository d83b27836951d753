package mingbai

import "sort"

// Figures are the office's numbers for a period, as DESIGN §8 lists them.
// A record counts once: a correction replaces the record it supersedes,
// and a record the office returned counts only when corrected.
type Figures struct {
	Period    Period
	VillageID string // "" for the whole township
	Topic     string // "" for every topic; narrows consultations

	Events                 int
	PeopleReached          int
	LeafletsBo, LeafletsZh int // paper leaflets handed out, by language
	EventsByAudience       Counts

	Consultations          int
	ConsultationsByTopic   Counts
	ConsultationsByGroup   Counts
	ConsultationsByOutcome Counts

	Mediations          int
	MediationsByKind    Counts
	MediationsByOutcome Counts

	// Referrals are consultations and mediations referred to the office.
	Referrals, ReferralsAccepted, ReferralsClosed int

	// The roster of legal-savvy residents, by their appointment and last
	// days: on it at the period's end, appointed in the period, left in it.
	ResidentsRegistered int
	ResidentsAppointed  int
	ResidentsLeft       int
	ResidentsTrained    int     // residents who attended a training in the period
	TrainingSessions    int     // sessions held in the period
	TrainingHours       float64 // hours of those sessions
	AttendanceHours     float64 // hours residents attended, summed
	// TrainingOthers attended without an account (mediators, cadres, grid
	// workers), by the office's headcount, by group of TrainingGroups.
	TrainingOthers        int
	TrainingOthersByGroup Counts

	// Village-rule revisions filed in the period, and the office's
	// legality reviews in it by outcome.
	RevisionsFiled, RevisionsApproved, RevisionsReturned, RevisionsAdopted int

	FollowUps int

	// Reach online, counted without personal data: leaflet pages opened
	// by page language (for one village: through its printed QR codes),
	// "this helped" marks, and villagers' requests for a topic.
	OpensBo, OpensZh, OpensOther int
	Scans                        int
	Helped                       int
	Requests                     int
	RequestsByTopic              Counts

	Villages []VillageFigures
}

// VillageFigures are one village's main numbers for the period.
type VillageFigures struct {
	VillageID, NameZH, NameBO string
	Events, PeopleReached     int
	LeafletsBo, LeafletsZh    int
	Consultations, Mediations int
	Revisions                 int
}

// Name returns the village's name in l, Chinese when there is no Tibetan.
func (v VillageFigures) Name(l Lang) string {
	if l == Tibetan && v.NameBO != "" {
		return v.NameBO
	}
	return v.NameZH
}

// Counts are numbers by a key: a topic, a group, a kind, an outcome.
type Counts map[string]int

// Count is one key of Counts with its number.
type Count struct {
	Key string
	N   int
}

// Sorted lists the counts, largest first, then by key, so a chart and a
// spreadsheet show them in the same stable order.
func (c Counts) Sorted() []Count {
	out := make([]Count, 0, len(c))
	for k, n := range c {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// Total sums the counts.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}
