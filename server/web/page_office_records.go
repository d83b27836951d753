package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// inboxPerPage is how many records a page of the inbox lists.
const inboxPerPage = store.DefaultInbox

// recordsPage is the office's inbox of field records.
type recordsPage struct {
	formPage
	Filter   store.InboxFilter
	Villages []store.VillageRow
	Kinds    []mingbai.RecordKind
	States   []mingbai.RecordState
	Records  []recordView
	Total    int
	First    int // the position of the page's first record, from 1
	Last     int
	PrevURL  string
	NextURL  string
	Export   recordsExportForm
}

// recordsInbox lists the current version of the field records, newest
// first, filtered by village, kind, period and state, a page at a time.
// Lines show a record's choices only; its free text is read on its page.
func (s *server) recordsInbox(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f, pageNum, err := inboxFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rs, total, err := s.store.Inbox(ctx, f)
	if err != nil {
		return err
	}
	n, err := s.newRecordNamer(ctx, l)
	if err != nil {
		return err
	}
	p := recordsPage{formPage: s.newFormPage(c, l, "office.records"), Filter: f, Kinds: mingbai.RecordKinds,
		States: mingbai.RecordStates, Total: total, First: f.Offset + 1, Last: f.Offset + len(rs)}
	if p.Villages, err = s.store.Villages(ctx); err != nil {
		return err
	}
	for _, r := range rs {
		p.Records = append(p.Records, n.view(r, false))
	}
	p.Export = newRecordsExportForm(l, f)
	base := officeLink(l, "records")
	if pageNum > 1 {
		p.PrevURL = base + "?" + inboxQuery(f, pageNum-1)
	}
	if f.Offset+len(rs) < total {
		p.NextURL = base + "?" + inboxQuery(f, pageNum+1)
	}
	return s.render(c, http.StatusOK, "office_records", p)
}

// inboxFilter reads the inbox's filter and page from the query. A value
// the filter form never sends is EINVALID.
func inboxFilter(c echo.Context) (store.InboxFilter, int, error) {
	return parseInboxFilter(c.QueryParam)
}

// parseInboxFilter reads the inbox's filter and page with get, from a
// query or a form (an unmasked export posts the filter).
func parseInboxFilter(get func(name string) string) (store.InboxFilter, int, error) {
	f := store.InboxFilter{Limit: inboxPerPage, Conflicts: get("conflicts") == "1"}
	f.ByOffice = get("by") == "office"
	if v := get("village"); v == townshipValue {
		f.Township = true
	} else if v != "" {
		id, err := uuid.Parse(v)
		if err != nil {
			return f, 0, mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", v)
		}
		f.VillageID = id.String()
	}
	if v := get("kind"); v != "" {
		k, err := mingbai.ParseRecordKind(v)
		if err != nil {
			return f, 0, err
		}
		f.Kind = k
	}
	f.Counted = get("counted") == "1"
	if v := get("topic"); v != "" {
		if !mingbai.ValidSlug(v) {
			return f, 0, mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", v)
		}
		f.Topic = v
	}
	if v := get("state"); v != "" {
		st, err := mingbai.ParseRecordState(v)
		if err != nil {
			return f, 0, err
		}
		f.State = st
	}
	for _, d := range []struct {
		param string
		into  *string
	}{{"from", &f.From}, {"to", &f.To}} {
		v := get(d.param)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return f, 0, mingbai.Errorf(mingbai.EINVALID, "error.record_date", "%s %q", d.param, v)
		}
		*d.into = v
	}
	pageNum, err := parsePage(get("page"))
	if err != nil {
		return f, 0, err
	}
	f.Offset = (pageNum - 1) * inboxPerPage
	return f, pageNum, nil
}

// inboxQuery is the query string of the inbox's page pageNum under f.
func inboxQuery(f store.InboxFilter, pageNum int) string {
	q := inboxValues(f)
	q.Set("page", strconv.Itoa(pageNum))
	return q.Encode()
}

// inboxValues is f as the filter form sends it.
func inboxValues(f store.InboxFilter) url.Values {
	q := url.Values{}
	counted := ""
	if f.Counted {
		counted = "1"
	}
	for k, v := range map[string]string{"village": f.VillageID, "kind": string(f.Kind), "state": string(f.State),
		"from": f.From, "to": f.To, "counted": counted, "topic": f.Topic} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Conflicts {
		q.Set("conflicts", "1")
	}
	if f.Township {
		q.Set("village", townshipValue)
	}
	if f.ByOffice {
		q.Set("by", "office")
	}
	return q
}

// townshipValue is the inbox's village filter for the township's own
// records, booked to no village.
const townshipValue = "township"
