package provider

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ datasource.DataSourceWithConfigure      = (*computerActivitiesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*computerActivitiesDataSource)(nil)
)

// maxActivityDays is the longest range the data source reads: TimeCamp's own client asks for at
// most a week of activities at once (SPEC §10.1).
const maxActivityDays = 7

// NewComputerActivitiesDataSource is the constructor of timecamp_computer_activities.
func NewComputerActivitiesDataSource() datasource.DataSource { return &computerActivitiesDataSource{} }

type computerActivitiesDataSource struct {
	dataSourceClientHolder
}

type computerActivitiesModel struct {
	From       types.String            `tfsdk:"from"`
	To         types.String            `tfsdk:"to"`
	UserIDs    types.Set               `tfsdk:"user_ids"`
	Activities []computerActivityModel `tfsdk:"activities"`
}

type computerActivityModel struct {
	UserID          types.Int64  `tfsdk:"user_id"`
	ApplicationID   types.Int64  `tfsdk:"application_id"`
	ApplicationName types.String `tfsdk:"application_name"`
	WindowTitleID   types.Int64  `tfsdk:"window_title_id"`
	WindowTitle     types.String `tfsdk:"window_title"`
	EndTime         types.String `tfsdk:"end_time"`
	EndDate         types.String `tfsdk:"end_date"`
	TimeSpan        types.Int64  `tfsdk:"time_span"`
	TaskID          types.Int64  `tfsdk:"task_id"`
	EntryID         types.Int64  `tfsdk:"entry_id"`
}

func (d *computerActivitiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_computer_activities"
}

func (d *computerActivitiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Computer activities recorded by TimeCamp's desktop app: which application (and "+
			"window) was in use, when, and for how long, for one or several users over at most %d days. Each "+
			"application is named as TimeCamp shows it (the site for a browser, else the application's name). "+
			"A longer range fails at plan time, before anything is asked of TimeCamp: split it into several data "+
			"sources. The activities of all the users come back as one list, ordered by end date and time, then "+
			"user, application and window.", maxActivityDays),
		Attributes: map[string]schema.Attribute{
			"from": schema.StringAttribute{
				MarkdownDescription: "First day of the range, `YYYY-MM-DD` (account time zone).",
				Required:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"to": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Last day of the range, `YYYY-MM-DD`, included; at most %d days after `from` counted together "+
					"(`from` = `2024-01-01` allows `to` up to `2024-01-0%d`).", maxActivityDays, maxActivityDays),
				Required:   true,
				Validators: []validator.String{dateValidator{}},
			},
			"user_ids": schema.SetAttribute{
				MarkdownDescription: "Ids of the users whose activities to read. Leave it out for the user the API token " +
					"belongs to. TimeCamp answers for one user per request, so each user costs one request.",
				ElementType: types.Int64Type,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueInt64sAre(int64validator.AtLeast(1)),
				},
			},
			"activities": schema.ListNestedAttribute{
				MarkdownDescription: "The activities of the range, ordered by `end_date`, `end_time`, `user_id`, `application_id` and `window_title_id`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"user_id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the user."},
					"application_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the application."},
					"application_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the application as TimeCamp shows it: its additional information when it has some (the site, for a browser), else its name. Null when TimeCamp knows no such application."},
					"window_title_id":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the window title; null when none was recorded."},
					"window_title":     schema.StringAttribute{Computed: true, MarkdownDescription: "Text of the window title; null when none was recorded."},
					"end_time":         schema.StringAttribute{Computed: true, MarkdownDescription: "When the activity ended, as TimeCamp gives it: `YYYY-MM-DD HH:MM:SS` in the account's time zone."},
					"end_date":         schema.StringAttribute{Computed: true, MarkdownDescription: "The day the activity ended, `YYYY-MM-DD`."},
					"time_span":        schema.Int64Attribute{Computed: true, MarkdownDescription: "How long the activity lasted, in seconds."},
					"task_id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the task the activity was tracked to; null when none."},
					"entry_id":         schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the time entry the activity belongs to; null when none."},
				}},
			},
		},
	}
}

// ValidateConfig refuses a range longer than maxActivityDays at plan time (when from and to are
// known then), before any request.
func (d *computerActivitiesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var from, to types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("from"), &from)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("to"), &to)...)
	if resp.Diagnostics.HasError() || from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
		return
	}
	activityDates(from.ValueString(), to.ValueString(), &resp.Diagnostics)
}

// activityDates lists the days from..to (both included), or reports why the range is refused.
// A date that does not parse is left to the attribute's validator.
func activityDates(from, to string, diags *diag.Diagnostics) []string {
	start, errFrom := time.Parse(time.DateOnly, from)
	end, errTo := time.Parse(time.DateOnly, to)
	if errFrom != nil || errTo != nil {
		return nil
	}
	days := int(end.Sub(start).Hours()/24) + 1
	switch {
	case days < 1:
		diags.AddAttributeError(path.Root("to"), "Invalid date range",
			fmt.Sprintf("to (%s) is before from (%s): the range must run forwards (from and to may be the same day).", to, from))
		return nil
	case days > maxActivityDays:
		diags.AddAttributeError(path.Root("to"), "Date range too long",
			fmt.Sprintf("from = %s and to = %s span %d days; timecamp_computer_activities reads at most %d days "+
				"(from and to included), the most TimeCamp's activity endpoint is asked for at once. Use to = %s, or split "+
				"the range into several data sources of at most %d days each.",
				from, to, days, maxActivityDays, start.AddDate(0, 0, maxActivityDays-1).Format(time.DateOnly), maxActivityDays))
		return nil
	}
	dates := make([]string, days)
	for i := range dates {
		dates[i] = start.AddDate(0, 0, i).Format(time.DateOnly)
	}
	return dates
}

func (d *computerActivitiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg computerActivitiesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Checked again here: from or to may have been unknown when the configuration was validated.
	dates := activityDates(cfg.From.ValueString(), cfg.To.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var users []int64
	if !cfg.UserIDs.IsNull() {
		resp.Diagnostics.Append(cfg.UserIDs.ElementsAs(ctx, &users, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
		sort.Slice(users, func(i, j int) bool { return users[i] < users[j] })
	}
	who := "the API token's user"
	if len(users) > 0 {
		who = fmt.Sprintf("users %v", users)
	}
	activities, err := d.client.Activities.List(ctx, dates, users)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read computer activities",
			fmt.Sprintf("Reading the computer activities of %s from %s to %s (GET /activity).", who, cfg.From.ValueString(), cfg.To.ValueString()), err)
		return
	}
	var appIDs []int64
	for _, a := range activities {
		appIDs = append(appIDs, int64(a.ApplicationID))
	}
	apps, err := d.client.Applications.Get(ctx, appIDs)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read applications",
			fmt.Sprintf("Reading the names of the applications of %d computer activities (GET /application).", len(activities)), err)
		return
	}
	cfg.Activities = make([]computerActivityModel, 0, len(activities))
	for _, a := range activities {
		cfg.Activities = append(cfg.Activities, computerActivityFromAPI(a, apps))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// computerActivityFromAPI names the activity's application as TimeCamp shows it (SPEC §10.2:
// aditional_info, else app_name), falling back on the name the activity itself carries.
func computerActivityFromAPI(a timecamp.Activity, apps map[int64]timecamp.Application) computerActivityModel {
	m := computerActivityModel{
		UserID:          types.Int64Value(int64(a.UserID)),
		ApplicationID:   types.Int64Value(int64(a.ApplicationID)),
		ApplicationName: types.StringNull(),
		WindowTitleID:   optionalID(a.WindowTitleID),
		WindowTitle:     types.StringNull(),
		EndTime:         types.StringValue(string(a.EndTime)),
		EndDate:         types.StringValue(string(a.EndDate)),
		TimeSpan:        types.Int64Value(int64(a.TimeSpan)),
		TaskID:          optionalID(a.TaskID),
		EntryID:         optionalID(a.EntryID),
	}
	if app, ok := apps[int64(a.ApplicationID)]; ok && app.DisplayName() != "" {
		m.ApplicationName = types.StringValue(app.DisplayName())
	} else if a.Application.Valid && a.Application.Value != "" {
		m.ApplicationName = types.StringValue(a.Application.Value)
	}
	if a.WindowTitle.Valid && a.WindowTitle.Value != "" {
		m.WindowTitle = types.StringValue(a.WindowTitle.Value)
	}
	return m
}
