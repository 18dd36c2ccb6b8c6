package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var _ datasource.DataSourceWithConfigure = (*timerDataSource)(nil)

// NewTimerDataSource is the constructor of timecamp_timer (the data source).
func NewTimerDataSource() datasource.DataSource { return &timerDataSource{} }

type timerDataSource struct {
	dataSourceClientHolder
}

type timerDataSourceModel struct {
	Running   types.Bool   `tfsdk:"running"`
	TimerID   types.Int64  `tfsdk:"timer_id"`
	EntryID   types.Int64  `tfsdk:"entry_id"`
	TaskID    types.Int64  `tfsdk:"task_id"`
	TaskName  types.String `tfsdk:"task_name"`
	Note      types.String `tfsdk:"note"`
	Billable  types.Bool   `tfsdk:"billable"`
	StartedAt types.String `tfsdk:"started_at"`
	Start     types.String `tfsdk:"start"`
	Elapsed   types.Int64  `tfsdk:"elapsed"`
}

// Descriptions shared with the timecamp_timer resource.
const (
	timerIDDescription        = "TimeCamp id of the timer."
	timerEntryIDDescription   = "Id of the time entry the timer tracks into: TimeCamp creates it when the timer starts (with a duration of 0) and gives it its duration when the timer stops."
	timerStartedAtDescription = "When the timer started, as TimeCamp gives it: `YYYY-MM-DD HH:MM:SS` in the account's time zone, without an offset."
	timerStartDescription     = "`started_at` as one normalised timestamp, `YYYY-MM-DDTHH:MM:SS` (as `start` of `timecamp_time_entries`): local account time without an offset (the account's time zone is not known to the provider)."
)

func (d *timerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_timer"
}

func (d *timerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	whenRunning := " Null when no timer is running."
	resp.Schema = schema.Schema{
		MarkdownDescription: "The timer of the user the provider's API token belongs to: whether it is running, for which " +
			"task, and since when. Every attribute but `running` is null when no timer runs. The values are those of " +
			"the moment Terraform reads the data source (each plan and apply reads it again).",
		Attributes: map[string]schema.Attribute{
			"running":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether a timer is running."},
			"timer_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: timerIDDescription + whenRunning},
			"entry_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: timerEntryIDDescription + whenRunning},
			"task_id":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the task the timer tracks time to. Null when it tracks no task, or when no timer is running."},
			"task_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Name of that task. Null when the timer tracks no task, or when no timer is running."},
			"note":       schema.StringAttribute{Computed: true, MarkdownDescription: "Note of the timer's time entry. Null when it has none, or when no timer is running."},
			"billable":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the time tracked is billable." + whenRunning},
			"started_at": schema.StringAttribute{Computed: true, MarkdownDescription: timerStartedAtDescription + whenRunning},
			"start":      schema.StringAttribute{Computed: true, MarkdownDescription: timerStartDescription + whenRunning},
			"elapsed":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Seconds the timer has been running, as TimeCamp counts them." + whenRunning},
		},
	}
}

func (d *timerDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	st, err := d.client.Timer.Status(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read the timer",
			"Reading the timer of the API token's user (POST /timer, action status).", err)
		return
	}
	state := timerDataSourceModel{
		Running: types.BoolValue(bool(st.Running)), TimerID: types.Int64Null(), EntryID: types.Int64Null(),
		TaskID: types.Int64Null(), TaskName: types.StringNull(), Note: types.StringNull(), Billable: types.BoolNull(),
		StartedAt: types.StringNull(), Start: types.StringNull(), Elapsed: types.Int64Null(),
	}
	if st.Running {
		state.TimerID = types.Int64Value(int64(st.TimerID))
		state.EntryID = types.Int64Value(int64(st.EntryID))
		state.TaskID = optionalID(st.TaskID)
		if st.TaskID != 0 {
			state.TaskName = types.StringValue(st.Name.Value)
		}
		state.Note = optionalString(st.Note, types.StringNull())
		state.Billable = types.BoolValue(bool(st.Billable))
		state.StartedAt = types.StringValue(string(st.StartTime))
		state.Start = types.StringValue(timecamp.NormalTimestamp(string(st.StartTime)))
		state.Elapsed = types.Int64Value(int64(st.Elapsed))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
