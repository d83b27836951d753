package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// campaignsPage is the list of campaigns the office keeps, for events to
// name: each with its names and whether it is on the list, and a form to
// add one.
type campaignsPage struct {
	formPage
	Campaigns []mingbai.Campaign
	Max       int
	Saved     bool
}

func (s *server) officeCampaigns(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p := campaignsPage{formPage: s.newFormPage(c, l, "campaign.title"), Max: mingbai.MaxCampaignNameRunes,
		Saved: c.QueryParam("saved") == "1"}
	if p.Campaigns, err = s.store.Campaigns(c.Request().Context()); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "office_campaigns", p)
}

// saveCampaign adds a campaign (no slug in the form: one is made) or
// renames one and puts it on or off the list.
func (s *server) saveCampaign(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	camp := mingbai.Campaign{Slug: c.FormValue("slug"), NameZH: formText(c, "name_zh"), NameBO: formText(c, "name_bo"),
		Active: c.FormValue("active") != "0"}
	if camp.Slug == "" {
		camp.Slug = "campaign-" + strings.SplitN(uuid.NewString(), "-", 2)[0]
	}
	e := store.AuditEntry{ActorID: currentUser(c).ID, Action: "campaign.save", Target: camp.Slug, Detail: camp.NameZH}
	if err := s.store.SaveCampaign(c.Request().Context(), e, camp); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/campaigns?saved=1")
}
