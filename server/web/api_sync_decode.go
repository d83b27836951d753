package web

import (
	"fmt"
	"time"

	"mingbai/server/internal/jsonscan"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// pushRequest is what a phone sends: {"schema": 1, "records": [...]}.
type pushRequest struct {
	Schema  int
	Records [][]byte // each record's JSON, checked well formed
	// over is how many records came past maxPushRecords (not kept).
	over int
}

// pushedRecord is one record as a phone sends it: {"id", "kind", "date",
// "supersedes", "refers_to", "created_at", "fields": {...}}.
type pushedRecord struct {
	ID, Kind, Date, Supersedes, RefersTo, CreatedAt string
	Fields                                          []byte
}

// decodePush reads a batch's envelope strictly and checks its schema
// version and size; the records inside are checked well formed, to be
// decoded one by one after. A push is read in one pass (jsonscan), not
// through encoding/json's reflection: it was a third of a push's CPU.
func decodePush(body []byte) (pushRequest, error) {
	var req pushRequest
	r := jsonscan.New(body)
	err := r.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "schema":
			req.Schema, err = r.Int()
		case "records":
			if r.Null() {
				return nil
			}
			req.Records = [][]byte{}
			err = r.Array(func() error {
				raw, err := r.Skip()
				if len(req.Records) < maxPushRecords {
					req.Records = append(req.Records, raw)
				} else {
					req.over++
				}
				return err
			})
		default:
			err = fmt.Errorf("unknown field %q", key)
		}
		return err
	})
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return req, mingbai.Errorf(mingbai.EINVALID, "error.sync_malformed", "push body: %v", err)
	}
	switch {
	case req.Schema < SyncSchema:
		return req, mingbai.Errorf(mingbai.EUPGRADE, "error.client_outdated", "schema %d, server speaks %d", req.Schema, SyncSchema)
	case req.Schema > SyncSchema:
		return req, mingbai.Errorf(mingbai.EINVALID, "error.server_outdated", "schema %d, server speaks %d", req.Schema, SyncSchema)
	case req.Records == nil:
		return req, mingbai.Errorf(mingbai.EINVALID, "error.sync_malformed", "no records array")
	case req.over > 0:
		return req, batchTooLarge("%d records", len(req.Records)+req.over)
	}
	return req, nil
}

// decodePushedRecord turns one pushed record into a record to store, or
// into a refusal that keeps its id (when it has one) for the phone.
func decodePushedRecord(raw []byte, now time.Time) store.PushItem {
	var p pushedRecord
	if err := p.read(raw); err != nil {
		return store.PushItem{Record: &mingbai.Record{ID: idOf(raw)},
			Err: mingbai.Errorf(mingbai.EINVALID, "error.record_malformed", "record: %v", err)}
	}
	r := &mingbai.Record{ID: p.ID, Kind: mingbai.RecordKind(p.Kind), Date: p.Date, Supersedes: p.Supersedes,
		RefersTo: p.RefersTo, ClientCreatedAt: p.CreatedAt}
	if err := r.CheckEnvelope(mingbai.RecordWindow(now)); err != nil {
		return store.PushItem{Record: r, Err: err}
	}
	values, fields, err := mingbai.DecodeFields(r.Kind, p.Fields, now)
	if err != nil {
		return store.PushItem{Record: r, Err: err}
	}
	r.Fields = fields
	return store.PushItem{Record: r, Values: values}
}

// read reads a record strictly: a key it does not know is an error (it
// may be personal data, or a newer phone's), and so is a value of the
// wrong type; null is an empty string. Fields are kept as JSON, read by
// the kind's specification after.
func (p *pushedRecord) read(raw []byte) error {
	r := jsonscan.New(raw)
	err := r.Object(func(key []byte) error {
		var to *string
		switch string(key) {
		case "id":
			to = &p.ID
		case "kind":
			to = &p.Kind
		case "date":
			to = &p.Date
		case "supersedes":
			to = &p.Supersedes
		case "refers_to":
			to = &p.RefersTo
		case "created_at":
			to = &p.CreatedAt
		case "fields":
			var err error
			p.Fields, err = r.Skip()
			return err
		default:
			return fmt.Errorf("unknown field %q", key)
		}
		if r.Null() {
			return nil
		}
		var err error
		*to, err = r.String()
		return err
	})
	if err == nil {
		err = r.End()
	}
	return err
}

// idOf is the id of a record read(raw) refused, when it has a string
// one, so the phone can tell which record it was.
func idOf(raw []byte) string {
	var id string
	r := jsonscan.New(raw)
	r.Object(func(key []byte) error {
		if string(key) == "id" && r.Peek() == '"' {
			var err error
			id, err = r.String()
			return err
		}
		_, err := r.Skip()
		return err
	})
	return id
}
