package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// requestsPeriod is the default period of the requests page: a season, long
// enough for a topic's requests to add up, short enough to be current.
const requestsPeriod = 90

// notesShown is how many of the newest request notes the page lists.
const notesShown = 100

// requestsPage shows what readers ask the office to explain (按需普法).
type requestsPage struct {
	formPage
	Notice   string
	From, To string
	Topics   []requestedTopic // most requested first
	Total    int
	Notes    []requestNoteView
}

type requestedTopic struct {
	Name  string
	Count int
}

type requestNoteView struct {
	store.RequestNote
	TopicName string
}

// officeRequests lists the most requested topics over a period (?from= and
// ?to=, township days; by default the last 90 days) and the newest notes,
// each with a button to delete it.
func (s *server) officeRequests(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	to := c.QueryParam("to")
	if to == "" {
		to = mingbai.TownshipDay(s.clock.Now())
	}
	from := c.QueryParam("from")
	if from == "" {
		end, err := time.Parse(time.DateOnly, to)
		if err != nil {
			return mingbai.Errorf(mingbai.EINVALID, "error.reach_period", "to %q", to)
		}
		from = end.AddDate(0, 0, 1-requestsPeriod).Format(time.DateOnly)
	}
	ctx := c.Request().Context()
	f, err := s.store.Reach(ctx, from, to, "")
	if err != nil {
		return err
	}
	ts, err := s.store.Topics(ctx)
	if err != nil {
		return err
	}
	names := topicNames(ts, l)
	p := requestsPage{formPage: s.newFormPage(c, l, "reach.requests_title"), From: from, To: to, Total: f.Requests}
	for slug, n := range f.RequestsByTopic {
		p.Topics = append(p.Topics, requestedTopic{Name: cmp.Or(names[slug], slug), Count: n})
	}
	slices.SortFunc(p.Topics, func(a, b requestedTopic) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	notes, err := s.store.RequestNotes(ctx, notesShown)
	if err != nil {
		return err
	}
	for _, n := range notes {
		p.Notes = append(p.Notes, requestNoteView{RequestNote: n, TopicName: cmp.Or(names[n.Topic], n.Topic)})
	}
	p.Notice = s.noticeText(l, s.takeNotice(c))
	return s.render(c, http.StatusOK, "office_requests", p)
}

// requestNoteDelete deletes a request note (one holding personal data, or
// answered) and records it in the audit log, without the note's text.
func (s *server) requestNoteDelete(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.request_note_unknown", "note %q", c.Param("id"))
	}
	if err := s.store.DeleteRequestNote(s.auditing(c, "request_note.delete", "#"+strconv.FormatInt(id, 10), ""), id); err != nil {
		return err
	}
	return s.done(c, officeLink(l, "requests"), notice{MessageID: "reach.note_deleted"})
}
