package timecamptest

import "net/http"

// GET /me (SPEC §2.1): ids as strings, permissions as real booleans.
func handleMe(e *Emulator, _ *apiRequest) reply {
	a := e.acct
	u := a.users[a.adminUserID]
	return jsonReply(http.StatusOK, object{
		{"user_id", str(u.ID)},
		{"email", u.Email},
		{"register_time", u.RegisterTime},
		{"display_name", nullable(u.DisplayName)},
		{"synch_time", nil},
		{"root_group_id", str(a.rootGroupID)},
		{"permissions", object{
			{"time_tracking_admin", true},
			{"create_projects", true},
			{"can_view_rates", true},
		}},
	})
}
