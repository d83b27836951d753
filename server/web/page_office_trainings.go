package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// trainingForm is what the new-training form shows: empty, or what the
// office typed when it must be corrected.
type trainingForm struct {
	Title, HeldOn, Place, Hours string
}

type trainingsPage struct {
	formPage
	Notice   string // always empty: creating a training opens its own page
	Sessions []*mingbai.TrainingSession
	Form     trainingForm
}

type trainingPage struct {
	formPage
	Notice     string
	Session    *mingbai.TrainingSession
	CheckInURL string
	QR         template.HTML // an SVG drawn here from the check-in address
	Attendees  []store.Attendee
	Groups     []headcountInput // the other attendees, by group
}

// headcountInput is one group's input on the training's headcount form.
type headcountInput struct {
	Group string
	Value string
}

// MaxHeadcount caps each group's input.
func (trainingPage) MaxHeadcount() int { return mingbai.MaxHeadcount }

// trainingsShow renders the list of trainings with the form for a new one.
func (s *server) trainingsShow(c echo.Context, l mingbai.Lang, status int, f trainingForm, errMsg string) error {
	sessions, err := s.store.TrainingSessions(c.Request().Context())
	if err != nil {
		return err
	}
	p := trainingsPage{formPage: s.newFormPage(c, l, "office.trainings"), Sessions: sessions, Form: f}
	p.Error = errMsg
	return s.render(c, status, "office_trainings", p)
}

// trainingsList shows the training sessions, newest first, with how many
// residents checked in to each, and a form for a new one.
func (s *server) trainingsList(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	return s.trainingsShow(c, l, http.StatusOK, trainingForm{Hours: "2"}, "")
}

// trainingCreate adds a training session with a fresh check-in code and
// opens its page, where the code's QR code is shown for printing.
func (s *server) trainingCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f := trainingForm{Title: formText(c, "title"), HeldOn: formText(c, "held_on"), Place: formText(c, "place"),
		Hours: formText(c, "hours")}
	t := &mingbai.TrainingSession{Title: f.Title, HeldOn: f.HeldOn, Place: f.Place}
	hours, err := strconv.ParseFloat(f.Hours, 64)
	if err != nil {
		err = mingbai.Errorf(mingbai.EINVALID, "error.record_hours", "hours %q", f.Hours)
	} else {
		t.Hours = hours
		err = s.store.CreateTrainingSession(s.auditing(c, "training.add", t.Title, t.HeldOn), currentUser(c).ID, t)
	}
	if err != nil {
		status, msg, ok := s.formFailure(l, err)
		if !ok {
			return err
		}
		return s.trainingsShow(c, l, status, f, msg)
	}
	return s.done(c, officeLink(l, "trainings", t.ID), notice{MessageID: "office.training_added"})
}

// trainingInPath is the page's language and the training session its path
// names, or ENOTFOUND.
func (s *server) trainingInPath(c echo.Context) (mingbai.Lang, *mingbai.TrainingSession, error) {
	l, id, err := langAndID(c, "error.training_not_found")
	if err != nil {
		return l, nil, err
	}
	t, err := s.store.TrainingSession(c.Request().Context(), id)
	return l, t, err
}

// trainingDetail shows a training session, the QR code residents scan to
// check in, and who has checked in so far.
func (s *server) trainingDetail(c echo.Context) error {
	l, t, err := s.trainingInPath(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p := trainingPage{formPage: s.newFormPage(c, l, "office.training"), Session: t,
		CheckInURL: s.publicBase(c) + "/" + string(l) + "/field/checkin/" + t.Code}
	svg, err := drawQR(p.CheckInURL)
	if err != nil {
		return err
	}
	// qrSVG writes only its own markup and numbers, never text from outside.
	p.QR = template.HTML(svg)
	if p.Attendees, err = s.store.Attendance(ctx, t.ID); err != nil {
		return err
	}
	for _, g := range mingbai.TrainingGroups {
		p.Groups = append(p.Groups, headcountInput{Group: g, Value: strconv.Itoa(t.Others[g])})
	}
	p.Notice = s.noticeText(l, s.takeNotice(c))
	return s.render(c, http.StatusOK, "office_training", p)
}

// trainingHeadcounts saves how many attended a training without an
// account, by group, as the office counted them in the room.
func (s *server) trainingHeadcounts(c echo.Context) error {
	l, t, err := s.trainingInPath(c)
	if err != nil {
		return err
	}
	counts := mingbai.Counts{}
	for _, g := range mingbai.TrainingGroups {
		v := formText(c, "group_"+g)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return mingbai.Errorf(mingbai.EINVALID, "error.field_value", "headcount %q", v).
				With("Field", mingbai.Message("training_group."+g))
		}
		counts[g] = n
	}
	if err := s.store.SetHeadcounts(s.auditing(c, "training.headcounts", t.Title, fmt.Sprint(counts.Total())), t.ID, counts); err != nil {
		return err
	}
	return s.done(c, officeLink(l, "trainings", t.ID), notice{MessageID: "office.saved"})
}
