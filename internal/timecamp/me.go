package timecamp

import (
	"context"
	"net/http"
)

// Me is the token owner (GET /me, SPEC §2.1).
type Me struct {
	UserID       Int        `json:"user_id"`
	Email        String     `json:"email"`
	DisplayName  NullString `json:"display_name"`
	RootGroupID  Int        `json:"root_group_id"`
	RegisterTime String     `json:"register_time"`
	Permissions  struct {
		TimeTrackingAdmin Bool `json:"time_tracking_admin"`
		CreateProjects    Bool `json:"create_projects"`
		CanViewRates      Bool `json:"can_view_rates"`
	} `json:"permissions"`
}

// MeService reads the current user.
type MeService struct {
	c     *Client
	cache snapshot[*Me] // the token's user does not change during an operation
}

// Get returns the user the token belongs to. A refused token comes back as an *APIError with 401.
func (s *MeService) Get(ctx context.Context) (*Me, error) {
	return s.cache.get(ctx, s.load)
}

func (s *MeService) load(ctx context.Context) (*Me, error) {
	req := request{method: http.MethodGet, path: "/me", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var me Me
	if err := decodeJSON(req, resp.body, &me); err != nil {
		return nil, err
	}
	return &me, nil
}
