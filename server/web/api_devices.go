package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// deviceKey is where requireDevice puts the calling device in the context.
const deviceKey = "device"

// maxDeviceBody caps a registration's body: it holds one short name.
const maxDeviceBody = 4 << 10

// deviceJSON is a device in the API. The token is never part of it.
type deviceJSON struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

func toDeviceJSON(d *mingbai.Device) deviceJSON {
	return deviceJSON{ID: d.ID, Name: d.Name, CreatedAt: d.CreatedAt, LastSeenAt: d.LastSeenAt}
}

// deviceCreatedJSON answers a registration: the token is shown this once.
type deviceCreatedJSON struct {
	Device deviceJSON `json:"device"`
	Token  string     `json:"token"`
}

type meJSON struct {
	User   meUserJSON `json:"user"`
	Device deviceJSON `json:"device"`
}

type meUserJSON struct {
	ID          string      `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Role        string      `json:"role"`
	Village     villageJSON `json:"village"`
}

type villageJSON struct {
	ID     string `json:"id"`
	NameZH string `json:"name_zh"`
	NameBO string `json:"name_bo"`
}

// apiDeviceRegister registers the phone of the signed-in resident (cookie
// session, CSRF token in X-CSRF-Token) and answers with its bearer token.
func (s *server) apiDeviceRegister(c echo.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, maxDeviceBody))
	if err := dec.Decode(&in); err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.bad_request", "device body: %v", err)
	}
	u := currentUser(c)
	d := &mingbai.Device{UserID: u.ID, Name: strings.TrimSpace(mingbai.NFC(in.Name))}
	token := auth.NewToken()
	if err := s.store.CreateDevice(s.auditing(c, "device.register", u.Username, d.Name), d, auth.TokenHash(token)); err != nil {
		return err
	}
	return sendJSON(c, http.StatusCreated, deviceCreatedJSON{Device: toDeviceJSON(d), Token: token})
}

// requireDevice lets a request through only with the bearer token of a
// working device of an active resident, and puts the device and its owner
// in the context. Anything else is 401, so the phone knows to sign in and
// register again. Each use is recorded, at most once a minute.
func (s *server) requireDevice(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		scheme, token, _ := strings.Cut(c.Request().Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="mingbai"`)
			return mingbai.Errorf(mingbai.EUNAUTHORIZED, "error.device_token_missing", "no bearer token")
		}
		ctx := c.Request().Context()
		d, u, err := s.store.DeviceByToken(ctx, auth.TokenHash(strings.TrimSpace(token)))
		if mingbai.ErrorCode(err) == mingbai.EUNAUTHORIZED {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="mingbai", error="invalid_token"`)
		}
		if err != nil {
			return err
		}
		// Devices belong to residents only; deny anything else outright.
		if u.Role != mingbai.Resident {
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.forbidden", "device %s of a %s", d.ID, u.Role)
		}
		if err := s.store.TouchDevice(ctx, d); err != nil {
			return err
		}
		c.Set(userKey, u)
		c.Set(deviceKey, d)
		return next(c)
	}
}

// apiMe tells a phone whose it is: the resident, their village and the
// device itself.
func (s *server) apiMe(c echo.Context) error {
	u := currentUser(c)
	d, _ := c.Get(deviceKey).(*mingbai.Device)
	v, err := s.store.VillageByID(c.Request().Context(), u.VillageID)
	if err != nil {
		return err
	}
	return sendJSON(c, http.StatusOK, meJSON{
		User: meUserJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role),
			Village: villageJSON{ID: v.ID, NameZH: v.NameZH, NameBO: v.NameBO}},
		Device: toDeviceJSON(d),
	})
}
