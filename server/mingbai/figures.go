package mingbai

import "sort"

// Figures are the office's numbers for a period, as DESIGN §8 lists them.
// A record counts once: a correction replaces the record it supersedes,
// and a record the office returned counts only when corrected.
type Figures struct {
	Period    Period
	VillageID string // "" for the whole township
	Topic     string // "" for every topic; narrows the kinds with a topic

	// The records counted, by kind, with the fields the kinds'
	// specification marks Figure: counts and hours summed, choices and
	// topics broken down by value ("" when none was given). Read them with
	// Count, Sum and By.
	Counted    map[RecordKind]int
	ByOffice   map[RecordKind]int // of Counted, the office's own (recorded at its desk)
	Sums       map[FieldKey]float64
	Breakdowns map[FieldKey]Counts

	// Referrals are cases of a kind with the referral review (a
	// consultation, a mediation) referred to the office.
	Referrals, ReferralsAccepted, ReferralsClosed int

	// The roster of legal-savvy residents, by their appointment and last
	// days: on it at the period's end, appointed in the period, left in it.
	ResidentsRegistered int
	ResidentsAppointed  int
	ResidentsLeft       int
	ResidentsTrained    int     // residents who attended a training in the period
	TrainingSessions    int     // sessions held in the period
	TrainingHours       float64 // hours of those sessions
	// TrainingOthers attended without an account (mediators, cadres, grid
	// workers), by the office's headcount, by group of TrainingGroups.
	TrainingOthers        int
	TrainingOthersByGroup Counts

	// Village-rule revisions filed in the period, and the office's
	// legality reviews in it by outcome.
	RevisionsFiled, RevisionsApproved, RevisionsReturned, RevisionsAdopted int

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

// FieldKey names a field of a kind, as the figures count it.
type FieldKey struct {
	Kind  RecordKind
	Field string
}

// NewFigures returns empty figures for a period, ready to be added to.
func NewFigures(p Period, villageID, topic string) *Figures {
	return &Figures{Period: p, VillageID: villageID, Topic: topic, Counted: map[RecordKind]int{}, ByOffice: map[RecordKind]int{},
		Sums: map[FieldKey]float64{}, Breakdowns: map[FieldKey]Counts{}, TrainingOthersByGroup: Counts{}}
}

// Count is how many records of kind k count in the period.
func (f *Figures) Count(k RecordKind) int { return f.Counted[k] }

// Sum is field of kind k summed over the records counted (people reached
// at events, hours attended).
func (f *Figures) Sum(k RecordKind, field string) float64 { return f.Sums[FieldKey{k, field}] }

// By is the records of kind k counted by the value of field: consultations
// by topic, events by audience. Never nil.
func (f *Figures) By(k RecordKind, field string) Counts {
	if c := f.Breakdowns[FieldKey{k, field}]; c != nil {
		return c
	}
	return Counts{}
}

// AddCount counts n more records of kind k.
func (f *Figures) AddCount(k RecordKind, n int) { f.Counted[k] += n }

// AddByOffice counts n of the records of kind k counted as the office's
// own work.
func (f *Figures) AddByOffice(k RecordKind, n int) {
	if n != 0 {
		f.ByOffice[k] += n
	}
}

// AddBy counts n more records of kind k under value of field (a choice or
// a topic; "" when none was given).
func (f *Figures) AddBy(k RecordKind, field, value string, n int) {
	key := FieldKey{k, field}
	if f.Breakdowns[key] == nil {
		f.Breakdowns[key] = Counts{}
	}
	f.Breakdowns[key][value] += n
}

// AddSum adds x to field of kind k summed (a count, hours). A sum of
// nothing is not kept: Sum reads it as 0 all the same.
func (f *Figures) AddSum(k RecordKind, field string, x float64) {
	if x != 0 {
		f.Sums[FieldKey{k, field}] += x
	}
}

// VillageFigures are one village's main numbers for the period.
type VillageFigures struct {
	VillageID, NameZH, NameBO string
	Events, PeopleReached     int
	LeafletsBo, LeafletsZh    int
	Consultations, Mediations int
	Revisions                 int
}

// AddCount counts n more of the village's records of kind k, for the
// kinds its row shows.
func (v *VillageFigures) AddCount(k RecordKind, n int) {
	switch k {
	case PromotionEvent:
		v.Events += n
	case Consultation:
		v.Consultations += n
	case Mediation:
		v.Mediations += n
	}
}

// AddSum adds x to the village's sum of field of kind k, for the sums its
// row shows: people reached and leaflets handed out at events.
func (v *VillageFigures) AddSum(k RecordKind, field string, x float64) {
	if k != PromotionEvent {
		return
	}
	switch field {
	case "people_reached":
		v.PeopleReached += int(x)
	case "leaflets_bo":
		v.LeafletsBo += int(x)
	case "leaflets_zh":
		v.LeafletsZh += int(x)
	}
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
