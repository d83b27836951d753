package store

import (
	"testing"
	"time"

	"mingbai/server/mingbai"
)

func TestVillagesCreateRenameDeactivate(t *testing.T) {
	s, _ := openTest(t)
	v := &mingbai.Village{NameZH: "甲村", NameBO: "ཀ་གྲོང་།"}
	if err := s.CreateVillage(t.Context(), v); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateVillage(t.Context(), &mingbai.Village{NameZH: "甲村"}); mingbai.ErrorCode(err) != mingbai.ECONFLICT {
		t.Errorf("a second 甲村: err = %v, want ECONFLICT", err)
	}
	if err := s.CreateVillage(t.Context(), &mingbai.Village{NameBO: "ཁ་གྲོང་།"}); mingbai.ErrorCode(err) != mingbai.EINVALID {
		t.Errorf("no Chinese name: err = %v, want EINVALID", err)
	}
	other := &mingbai.Village{NameZH: "乙村"}
	if err := s.CreateVillage(t.Context(), other); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateVillage(t.Context(), &mingbai.Village{ID: other.ID, NameZH: "甲村"}); mingbai.ErrorCode(err) != mingbai.ECONFLICT {
		t.Errorf("renaming 乙村 to 甲村: err = %v, want ECONFLICT", err)
	}
	if err := s.UpdateVillage(t.Context(), &mingbai.Village{ID: v.ID, NameZH: "甲村", NameBO: "ཀ་སྡེ།"}); err != nil {
		t.Errorf("keeping its own name while changing the Tibetan one: %v", err)
	}
	if err := s.UpdateVillage(t.Context(), &mingbai.Village{ID: "0190a000-0000-7000-8000-000000000000", NameZH: "丙村"}); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("renaming no village: err = %v, want ENOTFOUND", err)
	}
	got, err := s.VillageByID(t.Context(), v.ID)
	if err != nil || got.NameBO != "ཀ་སྡེ།" || !got.Active {
		t.Errorf("VillageByID = %+v, %v", got, err)
	}

	u := &mingbai.User{Username: "dolma", DisplayName: "Dolma", Role: mingbai.Resident, VillageID: v.ID}
	if err := s.CreateUser(t.Context(), u, "$2a$hash"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetVillageActive(t.Context(), v.ID, false); err != nil {
		t.Fatal(err)
	}
	newcomer := &mingbai.User{Username: "tashi", DisplayName: "Tashi", Role: mingbai.Resident, VillageID: v.ID}
	if err := s.CreateUser(t.Context(), newcomer, "$2a$hash"); mingbai.ErrorCode(err) != mingbai.EINVALID || mingbai.ErrorMessageID(err) != "error.village_inactive" {
		t.Errorf("new resident in a deactivated village: err = %v, want error.village_inactive", err)
	}
	rows, err := s.Villages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != other.ID || rows[1].ID != v.ID || rows[1].Active || rows[1].ActiveResidents != 1 {
		t.Errorf("Villages = %+v; want 乙村 first, then the deactivated 甲村 with its one active resident", rows)
	}
}

func TestUpdateResidentMovesOnlyToActiveVillages(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	closed := &mingbai.Village{NameZH: "旧村"}
	open := &mingbai.Village{NameZH: "新村"}
	for _, v := range []*mingbai.Village{closed, open} {
		if err := s.CreateVillage(t.Context(), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetVillageActive(t.Context(), closed.ID, false); err != nil {
		t.Fatal(err)
	}
	move := *u
	move.VillageID = closed.ID
	if err := s.UpdateUser(t.Context(), &move); mingbai.ErrorCode(err) != mingbai.EINVALID {
		t.Errorf("moving into a deactivated village: err = %v, want EINVALID", err)
	}
	move.VillageID, move.DisplayName = open.ID, "Dolma Tsering"
	if err := s.UpdateUser(t.Context(), &move); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByID(t.Context(), u.ID)
	if err != nil || got.VillageID != open.ID || got.DisplayName != "Dolma Tsering" {
		t.Errorf("after the update: %+v, %v", got, err)
	}
	// Their own village closing does not stop the office fixing a name.
	if err := s.SetVillageActive(t.Context(), open.ID, false); err != nil {
		t.Fatal(err)
	}
	move.DisplayName = "Dolma"
	if err := s.UpdateUser(t.Context(), &move); err != nil {
		t.Errorf("renaming a resident of a deactivated village: %v", err)
	}
	rows, err := s.Residents(t.Context(), open.ID)
	if err != nil || len(rows) != 1 || rows[0].Village.Active || rows[0].DisplayName != "Dolma" {
		t.Errorf("Residents(新村) = %+v, %v", rows, err)
	}
	if _, err := s.UserByID(t.Context(), "nope"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("UserByID(nope): err = %v, want ENOTFOUND", err)
	}
}

func TestResetPasswordEndsSessionsKeepsDevices(t *testing.T) {
	s, _ := openTest(t)
	u := addResident(t, s, "dolma")
	addDevice(t, s, u, "a")
	if err := s.CreateSession(t.Context(), "session-a", u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.ResetPassword(t.Context(), u.ID, "$2a$new"); err != nil {
		t.Fatal(err)
	}
	got, hash, err := s.UserForLogin(t.Context(), "dolma")
	if err != nil || hash != "$2a$new" || !got.MustChangePassword {
		t.Errorf("after a reset: hash %q, must change %v, %v", hash, got.MustChangePassword, err)
	}
	if _, err := s.SessionUser(t.Context(), "session-a"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("session after a reset: err = %v, want it ended", err)
	}
	if _, _, err := s.DeviceByToken(t.Context(), "hash-a"); err != nil {
		t.Errorf("device after a reset: %v; it holds unsynced records and must keep working", err)
	}
	if err := s.ResetPassword(t.Context(), "nope", "$2a$x"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("reset of no account: err = %v, want ENOTFOUND", err)
	}
}
