package mingbai

// The closed lists the office reports by (DESIGN §8).
var (
	AskerGroups          = []string{"elderly", "migrant_worker", "herder", "student", "business", "other"}
	ConsultationChannels = []string{"in_person", "phone", "wechat"}
	ConsultationOutcomes = []string{"answered", "referred", "mediation_started"}
	DisputeKinds         = []string{"homestead", "marriage_family", "labour_contract", "land_contract", "neighbours", "other"}
	MediationOutcomes    = []string{"agreement", "no_agreement", "referred"}
	EventAudiences       = append([]string{"general"}, AskerGroups[:5]...)
	// How a promotion event was held: a talk or lecture, a consultation
	// stall or legal clinic, villagers watching a court hearing, a session
	// a group asked for (订单式), a school lesson.
	EventForms = []string{"talk", "stall", "hearing", "ordered", "school_lesson", "other"}
	// Where, in the sense of 法律八进: into villages, schools, enterprises,
	// religious venues, government bodies, communities, families.
	EventVenues = []string{"village", "school", "enterprise", "religious_venue", "government", "community", "family", "other"}
	// Who spoke: the resident, the office's staff, an invited lawyer or
	// other legal professional.
	EventSpeakers = []string{"resident", "office_staff", "legal_professional"}
	// What a service to an enterprise was: reviewing a contract, a legal
	// "health check" (法治体检) of how it runs, answering its questions.
	EnterpriseServices = []string{"contract_review", "health_check", "consultation", "other"}
	EnterpriseTypes    = []string{"collective", "cooperative", "private", "individual"}
)

// Text caps, in characters.
const (
	maxLineRunes     = 200   // a place, the articles a revision changes
	maxFieldRunes    = 2000  // a summary, a reason, a note
	maxRuleTextRunes = 10000 // a village rule's proposed text
	maxCount         = 100000
	maxMaterials     = 50
	maxTopics        = 12
)

// Kinds declares every kind of field record, in the order forms and
// reports show them. Each holds what the office reports and no more: no
// names, addresses or phone numbers of villagers. Adding a kind or a field
// is a change here and in the three locale files.
var Kinds = []KindSpec{
	{Kind: Consultation, Review: ReviewReferral, Fields: []Field{
		{Name: "topic", Type: TypeTopic, Required: true, Line: true, Figure: true},
		{Name: "asker_group", Type: TypeChoice, Choices: AskerGroups, Required: true, Line: true, Figure: true},
		{Name: "channel", Type: TypeChoice, Choices: ConsultationChannels, Required: true},
		// The question in a sentence or two, without names.
		{Name: "summary", Type: TypeLongText, Max: maxFieldRunes, Required: true, FreeText: true, Gist: true},
		{Name: "outcome", Type: TypeChoice, Choices: ConsultationOutcomes, Required: true, Line: true, Figure: true},
	}},
	{Kind: Mediation, Review: ReviewReferral, Fields: []Field{
		{Name: "dispute_kind", Type: TypeChoice, Choices: DisputeKinds, Required: true, Line: true, Figure: true, Gist: true},
		{Name: "parties", Type: TypeCount, Min: 2, Max: 100, Required: true, Line: true},
		{Name: "outcome", Type: TypeChoice, Choices: MediationOutcomes, Required: true, Line: true, Figure: true},
		{Name: "follow_up_on", Type: TypeDate, Plan: true},
		{Name: "summary", Type: TypeLongText, Max: maxFieldRunes, FreeText: true},
	}},
	// A law-promotion event: a stall at a market, a talk in a monastery's
	// courtyard, a visit to herders' summer pastures.
	{Kind: PromotionEvent, Fields: []Field{
		// "At Dolkar's house" is where events sometimes happen.
		{Name: "place", Type: TypeText, Max: maxLineRunes, Required: true, FreeText: true, Line: true, Gist: true},
		{Name: "audience", Type: TypeChoice, Choices: EventAudiences, Required: true, Line: true, Figure: true},
		{Name: "people_reached", Type: TypeCount, Max: maxCount, Required: true, Line: true, Figure: true},
		// Added after the first release, so optional: events recorded
		// before have none, and a phone's older copy of the form still posts.
		{Name: "event_form", Type: TypeChoice, Choices: EventForms, Line: true, Figure: true},
		{Name: "venue", Type: TypeChoice, Choices: EventVenues, Figure: true},
		{Name: "topic", Type: TypeTopic, Figure: true},
		// The other topics it covered, besides its main one: each counted
		// under "topics covered" (the event itself once).
		{Name: "topics", Type: TypeTopics, Max: maxTopics, Figure: true},
		// The campaign it was part of (宪法宣传周, 民法典宣传月, ...), from
		// the list the office keeps; none for most events.
		{Name: "campaign", Type: TypeCampaign, Figure: true},
		{Name: "speaker", Type: TypeChoice, Choices: EventSpeakers, Figure: true},
		{Name: "leaflets_bo", Type: TypeCount, Max: maxCount, Required: true, Figure: true}, // paper leaflets handed out in Tibetan
		{Name: "leaflets_zh", Type: TypeCount, Max: maxCount, Required: true, Figure: true}, // in Chinese
		{Name: "leaflets_bilingual", Type: TypeCount, Max: maxCount, Figure: true},          // and in both, side by side
		{Name: "materials", Type: TypeMaterials, Max: maxMaterials},
	}},
	// A resident's attendance at a training session.
	{Kind: Attendance, OncePer: "session_id", Fields: []Field{
		{Name: "session_id", Type: TypeSession, Required: true, Line: true},
		{Name: "hours", Type: TypeHalfHours, Required: true, Line: true, Figure: true, Gist: true},
	}},
	// A proposed revision of the village rules, for the township's
	// legality review.
	{Kind: RuleRevision, Review: ReviewLegality, Fields: []Field{
		{Name: "articles", Type: TypeText, Max: maxLineRunes, Required: true, FreeText: true, Line: true, Gist: true}, // "第三条"
		{Name: "text_bo", Type: TypeLongText, Max: maxRuleTextRunes, FreeText: true, Lang: Tibetan, OneOf: "rule_text"},
		{Name: "text_zh", Type: TypeLongText, Max: maxRuleTextRunes, FreeText: true, Lang: Chinese, OneOf: "rule_text"},
		// Why the rule changes: may tell of a case.
		{Name: "reason", Type: TypeLongText, Max: maxFieldRunes, Required: true, FreeText: true},
		// The villagers' meeting and its votes are recorded once, by the
		// office when it marks the revision adopted; revisions filed before
		// carry what the resident wrote (zeros until the meeting).
		{Name: "meeting_on", Type: TypeDate, NotAsked: true},
		{Name: "votes_for", Type: TypeCount, Max: maxCount, Required: true, NotAsked: true},
		{Name: "votes_against", Type: TypeCount, Max: maxCount, Required: true, NotAsked: true},
		{Name: "votes_abstain", Type: TypeCount, Max: maxCount, Required: true, NotAsked: true},
	}},
	// A service to an enterprise, in the sense of 法律进企业: its own kind,
	// not a consultation from a shopkeeper.
	{Kind: Enterprise, Fields: []Field{
		{Name: "service", Type: TypeChoice, Choices: EnterpriseServices, Required: true, Line: true, Gist: true, Figure: true},
		{Name: "enterprise_type", Type: TypeChoice, Choices: EnterpriseTypes, Required: true, Line: true, Figure: true},
		{Name: "summary", Type: TypeLongText, Max: maxFieldRunes, FreeText: true},
	}},
	// How well villagers know an adopted village rule: people asked, and
	// of them people who knew it, for the report's awareness rate.
	{Kind: RuleSurvey, RefersTo: RuleRevision, RefersInState: Adopted, Check: knewOfAsked,
		CheckRule: "knew is at most asked", Fields: []Field{
			{Name: "asked", Type: TypeCount, Min: 1, Max: maxCount, Required: true, Line: true, Figure: true},
			{Name: "knew", Type: TypeCount, Max: maxCount, Required: true, Line: true, Gist: true, Figure: true},
		}},
	// A note on an earlier record.
	{Kind: FollowUp, RefersTo: AnyKind, Fields: []Field{
		{Name: "note", Type: TypeLongText, Max: maxFieldRunes, Required: true, FreeText: true, Gist: true},
	}},
}

// knewOfAsked refuses a survey where more knew the rule than were asked.
func knewOfAsked(v FieldValues) error {
	if v["knew"].(int) > v["asked"].(int) {
		return Errorf(EINVALID, "error.survey_knew", "%d knew of %d asked", v["knew"], v["asked"]).
			With("Knew", v["knew"], "Asked", v["asked"])
	}
	return nil
}
