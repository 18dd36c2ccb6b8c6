package timecamp

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Computer activities (SPEC §10): what the desktop app recorded, one row per application window
// span, with the application named through GET /application.

// MaxActivityDatesPerCall is how many dates one GET /activity accepts (SPEC §10.1: "max 20 dates").
const MaxActivityDatesPerCall = 20

// ApplicationBatchSize is how many ids one GET /application asks for (DP batches 100).
const ApplicationBatchSize = 100

// Activity is one computer activity row. Ids are strings on the wire, time_span a number; an
// id of 0 means "none" (task_id and entry_id of activities not linked to time entries).
type Activity struct {
	UserID        Int    `json:"user_id"`
	ApplicationID Int    `json:"application_id"`
	WindowTitleID Int    `json:"window_title_id"`
	EndTime       String `json:"end_time"`  // "YYYY-MM-DD HH:MM:SS"
	EndDate       String `json:"end_date"`  // "YYYY-MM-DD"
	TimeSpan      Int    `json:"time_span"` // seconds
	TaskID        Int    `json:"task_id"`
	EntryID       Int    `json:"entry_id"`
	// Application and WindowTitle are sent only with include=application,window_title.
	Application NullString `json:"application"`
	WindowTitle NullString `json:"window_title"`
}

// Application is one application as GET /application describes it. Mind the API's spelling:
// aditional_info (SPEC §1.6.8).
type Application struct {
	ApplicationID Int        `json:"application_id"`
	AppName       String     `json:"app_name"`
	AditionalInfo NullString `json:"aditional_info"`
	FullName      NullString `json:"full_name"`
	CategoryID    Int        `json:"category_id"`
	Type          NullString `json:"type"`
	IconURL       NullString `json:"icon_url"`
}

// DisplayName is the name TimeCamp shows: aditional_info (the site, for a browser) when it has
// one, else app_name (TS).
func (a Application) DisplayName() string {
	if info := strings.TrimSpace(a.AditionalInfo.Value); a.AditionalInfo.Valid && info != "" {
		return a.AditionalInfo.Value
	}
	return string(a.AppName)
}

// ActivitiesService reads computer activities.
type ActivitiesService struct{ c *Client }

// List returns the activities of the given dates ("YYYY-MM-DD") for each user in userIDs (none:
// the token's user). TimeCamp honours one user per call (SPEC §10.1: TS and DP call once per user
// "because of API limitations"), so List calls once per user, and once per 20 dates, and merges the
// rows. Rows whose end_date is not one of the dates are dropped (as TS does). The result is
// ordered by end date, end time, user, application, window title, time span, task and entry, so the
// same activities always come back in the same order.
func (s *ActivitiesService) List(ctx context.Context, dates []string, userIDs []int64) ([]Activity, error) {
	wanted := map[string]bool{}
	var unique []string
	for _, d := range dates {
		if !wanted[d] {
			wanted[d] = true
			unique = append(unique, d)
		}
	}
	users := uniqueIDs(userIDs)
	if len(users) == 0 {
		users = []int64{0} // the caller
	}
	out := []Activity{}
	for _, user := range users {
		for start := 0; start < len(unique); start += MaxActivityDatesPerCall {
			chunk := unique[start:min(start+MaxActivityDatesPerCall, len(unique))]
			rows, err := s.list(ctx, chunk, user)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				if wanted[string(row.EndDate)] {
					out = append(out, row)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lessActivity(out[i], out[j]) })
	return out, nil
}

func (s *ActivitiesService) list(ctx context.Context, dates []string, userID int64) ([]Activity, error) {
	q := url.Values{"include": {"application,window_title"}}
	for i, d := range dates {
		q.Set("dates["+strconv.Itoa(i)+"]", d) // indexed keys, as TS and DP send them
	}
	if userID != 0 {
		q.Set("user_id", strconv.FormatInt(userID, 10))
	}
	req := request{method: http.MethodGet, path: "/activity", query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if isEmptyCollection(resp.body) {
		return nil, nil
	}
	var rows Keyed[Activity] // an array; a keyed object is accepted too
	if err := decodeJSON(req, resp.body, &rows); err != nil {
		return nil, err
	}
	return rows.Values(), nil
}

func lessActivity(a, b Activity) bool {
	switch {
	case a.EndDate != b.EndDate:
		return a.EndDate < b.EndDate
	case a.EndTime != b.EndTime:
		return a.EndTime < b.EndTime
	case a.UserID != b.UserID:
		return a.UserID < b.UserID
	case a.ApplicationID != b.ApplicationID:
		return a.ApplicationID < b.ApplicationID
	case a.WindowTitleID != b.WindowTitleID:
		return a.WindowTitleID < b.WindowTitleID
	case a.TimeSpan != b.TimeSpan:
		return a.TimeSpan < b.TimeSpan
	case a.TaskID != b.TaskID:
		return a.TaskID < b.TaskID
	default:
		return a.EntryID < b.EntryID
	}
}

// ApplicationsService reads the applications activities refer to.
type ApplicationsService struct{ c *Client }

// Get returns the applications with the given ids, keyed by id, asking for ApplicationBatchSize
// ids per call. Ids TimeCamp does not know are absent from the map.
func (s *ApplicationsService) Get(ctx context.Context, ids []int64) (map[int64]Application, error) {
	ids = uniqueIDs(ids)
	out := map[int64]Application{}
	for start := 0; start < len(ids); start += ApplicationBatchSize {
		batch := ids[start:min(start+ApplicationBatchSize, len(ids))]
		text := make([]string, len(batch))
		for i, id := range batch {
			text[i] = strconv.FormatInt(id, 10)
		}
		req := request{method: http.MethodGet, path: "/application",
			query: url.Values{"application_ids": {strings.Join(text, ",")}}, replayable: true}
		resp, err := s.c.do(ctx, req)
		if err != nil {
			return nil, err
		}
		var apps Keyed[Application]
		if err := decodeJSON(req, resp.body, &apps); err != nil {
			return nil, err
		}
		for key, app := range apps {
			id := int64(app.ApplicationID)
			if id == 0 {
				id, _ = strconv.ParseInt(key, 10, 64)
			}
			if id != 0 {
				app.ApplicationID = Int(id)
				out[id] = app
			}
		}
	}
	return out, nil
}

// uniqueIDs drops zeros and repeats and sorts the rest.
func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
