package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// SyncSchema is the version of the record format this server speaks. A
// phone sends the version it was built with; an older one is told to
// update (its forms may lack fields the office now needs).
const SyncSchema = 1

// Sync limits: a batch is at most this many records and bytes. A phone
// with more waiting sends several batches.
const (
	maxPushRecords = 500
	maxPushBytes   = 2 << 20
	// maxRecordBytes is the largest record (as JSON) a batch of one can
	// hold: the rest of the cap is the batch's envelope.
	maxRecordBytes = maxPushBytes - 1<<10
)

type pushResponse struct {
	Results []pushResultJSON `json:"results"`
	// Database names the database's life (store.Life): a phone that sees
	// a new one sends again what it kept and pulls from the start.
	Database string `json:"database"`
}

type pushResultJSON struct {
	ID     string        `json:"id"`
	Status string        `json:"status"`
	Seq    int64         `json:"seq,omitempty"`
	Error  *apiErrorBody `json:"error,omitempty"`
}

// apiSyncPush stores a batch of field records from a resident's phone and
// answers, record by record, what became of each (DESIGN §4). The answer
// is sent only after the batch is committed, so a phone may drop from its
// outbox every record answered applied or duplicate. A malformed batch is
// refused whole (nothing of it can be trusted); a malformed record inside
// a well-formed batch is rejected alone.
func (s *server) apiSyncPush(c echo.Context) error {
	l := s.requestLang(c)
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, maxPushBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return batchTooLarge("push body over %d bytes", maxPushBytes)
		}
		return err
	}
	req, err := decodePush(body)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	items := make([]store.PushItem, len(req.Records))
	for i, raw := range req.Records {
		items[i] = decodePushedRecord(raw, now)
	}
	results, err := s.store.Push(c.Request().Context(), currentUser(c), deviceOf(c).ID, items)
	if err != nil {
		return err
	}
	out := pushResponse{Results: make([]pushResultJSON, len(results)), Database: s.store.Life()}
	for i, r := range results {
		out.Results[i] = pushResultJSON{ID: r.ID, Status: r.Status, Seq: r.Seq}
		if r.Err != nil {
			out.Results[i].Error = &apiErrorBody{Code: mingbai.ErrorCode(r.Err),
				Message: s.errorText(l, r.Err)}
		}
	}
	return sendJSON(c, http.StatusOK, out)
}

// batchTooLarge says what a batch may hold.
func batchTooLarge(format string, args ...any) error {
	return mingbai.Errorf(mingbai.ETOOLARGE, "error.sync_batch_large", format, args...).
		With("Records", maxPushRecords, "MB", maxPushBytes>>20)
}

// deviceOf is the device a request came from (set by requireDevice).
func deviceOf(c echo.Context) *mingbai.Device {
	d, _ := c.Get(deviceKey).(*mingbai.Device)
	return d
}

type pullResponse struct {
	Changes    []changeJSON `json:"changes"`
	NextCursor int64        `json:"next_cursor"`
	More       bool         `json:"more"`
	Database   string       `json:"database"` // as in pushResponse
}

type changeJSON struct {
	Seq      int64         `json:"seq"`
	Type     string        `json:"type"` // material, material_withdrawn, record, training_session
	Material *materialJSON `json:"material,omitempty"`
	Slug     string        `json:"slug,omitempty"`
	Record   *recordJSON   `json:"record,omitempty"`
	Session  *sessionJSON  `json:"session,omitempty"`
}

type recordJSON struct {
	ID           string          `json:"id"`
	Kind         string          `json:"kind"`
	Date         string          `json:"date"`
	Supersedes   string          `json:"supersedes,omitempty"`
	RefersTo     string          `json:"refers_to,omitempty"`
	CreatedAt    string          `json:"created_at,omitempty"`
	Fields       json.RawMessage `json:"fields"`
	ReceivedAt   time.Time       `json:"received_at"`
	State        string          `json:"state"`
	Review       string          `json:"review,omitempty"`
	SupersededBy string          `json:"superseded_by,omitempty"`
	Mine         bool            `json:"mine"`
}

type sessionJSON struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	HeldOn string  `json:"held_on"`
	Place  string  `json:"place"`
	Hours  float64 `json:"hours"`
	Code   string  `json:"code"`
}

// apiSyncPull sends a phone what changed since its cursor, within what
// its resident may see, a page at a time.
func (s *server) apiSyncPull(c echo.Context) error {
	var cursor int64
	if v := c.QueryParam("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return mingbai.Errorf(mingbai.EINVALID, "error.sync_cursor", "cursor %q", v)
		}
		cursor = n
	}
	limit := store.MaxPull
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxPull {
			return mingbai.Errorf(mingbai.EINVALID, "error.sync_limit", "limit %q", v)
		}
		limit = n
	}
	u := currentUser(c)
	changes, more, err := s.store.Pull(c.Request().Context(), u, cursor, limit)
	if err != nil {
		return err
	}
	out := pullResponse{Changes: make([]changeJSON, 0, len(changes)), NextCursor: cursor, More: more, Database: s.store.Life()}
	for _, ch := range changes {
		cj := changeJSON{Seq: ch.Seq}
		switch {
		case ch.Material != nil:
			m := toJSON(ch.Material, true)
			cj.Type, cj.Material = "material", &m
		case ch.Withdrawn != "":
			cj.Type, cj.Slug = "material_withdrawn", ch.Withdrawn
		case ch.Record != nil:
			cj.Type, cj.Record = "record", toRecordJSON(ch.Record, u)
		case ch.Session != nil:
			t := ch.Session
			cj.Type, cj.Session = "training_session", &sessionJSON{ID: t.ID, Title: t.Title, HeldOn: t.HeldOn,
				Place: t.Place, Hours: t.Hours, Code: t.Code}
		}
		out.Changes = append(out.Changes, cj)
		out.NextCursor = ch.Seq
	}
	return sendJSON(c, http.StatusOK, out)
}

func toRecordJSON(r *mingbai.Record, u *mingbai.User) *recordJSON {
	return &recordJSON{ID: r.ID, Kind: string(r.Kind), Date: r.Date, Supersedes: r.Supersedes, RefersTo: r.RefersTo,
		CreatedAt: r.ClientCreatedAt, Fields: r.Fields, ReceivedAt: r.ReceivedAt, State: string(r.State),
		Review: r.Review, SupersededBy: r.SupersededBy, Mine: r.AuthorID == u.ID}
}
