package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ datasource.DataSourceWithConfigure      = (*timeEntriesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*timeEntriesDataSource)(nil)
)

// NewTimeEntriesDataSource lists the time entries of a date range.
func NewTimeEntriesDataSource() datasource.DataSource { return &timeEntriesDataSource{} }

type timeEntriesDataSource struct{ dataSourceClientHolder }

type timeEntriesModel struct {
	From          types.String      `tfsdk:"from"`
	To            types.String      `tfsdk:"to"`
	UserIDs       []types.Int64     `tfsdk:"user_ids"`
	TaskID        types.Int64       `tfsdk:"task_id"`
	IncludeRates  types.Bool        `tfsdk:"include_rates"`
	TotalDuration types.Int64       `tfsdk:"total_duration"`
	Entries       []timeEntryRecord `tfsdk:"entries"`
}

type timeEntryRecord struct {
	ID           types.String     `tfsdk:"id"`
	Date         types.String     `tfsdk:"date"`
	StartTime    types.String     `tfsdk:"start_time"`
	EndTime      types.String     `tfsdk:"end_time"`
	Start        types.String     `tfsdk:"start"`
	Duration     types.Int64      `tfsdk:"duration"`
	TaskID       types.Int64      `tfsdk:"task_id"`
	TaskName     types.String     `tfsdk:"task_name"`
	UserID       types.Int64      `tfsdk:"user_id"`
	UserName     types.String     `tfsdk:"user_name"`
	Note         types.String     `tfsdk:"note"`
	Billable     types.Bool       `tfsdk:"billable"`
	Locked       types.Bool       `tfsdk:"locked"`
	InvoiceID    types.Int64      `tfsdk:"invoice_id"`
	LastModified types.String     `tfsdk:"last_modified"`
	Tags         []entryTagRecord `tfsdk:"tags"`
	TotalCost    types.String     `tfsdk:"total_cost"`
	TotalIncome  types.String     `tfsdk:"total_income"`
	RateIncome   types.String     `tfsdk:"rate_income"`
}

type entryTagRecord struct {
	TagID       types.Int64  `tfsdk:"tag_id"`
	TagListID   types.Int64  `tfsdk:"tag_list_id"`
	Name        types.String `tfsdk:"name"`
	TagListName types.String `tfsdk:"tag_list_name"`
}

func (d *timeEntriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_time_entries"
}

func (d *timeEntriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	number := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	flag := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	money := func(what string) schema.Attribute {
		return text(what + ", as the decimal text TimeCamp sends (for example `\"180.00\"`; use `tonumber()` to compute). " +
			"Null unless `include_rates` is true and TimeCamp reports it.")
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the time entries of a date range (both days included), optionally of given users or " +
			"one task, with their tags and, where TimeCamp gives them, their cost and income. TimeCamp sends the whole " +
			"range in one answer; entries are ordered by date, start time and id.\n\n" +
			"Dates and times are as TimeCamp gives them, in the **account's time zone, without an offset** (the " +
			"provider cannot know that zone). `start` joins date and start time into one timestamp, " +
			"`YYYY-MM-DDTHH:MM:SS`, in that same local time.",
		Attributes: map[string]schema.Attribute{
			"from": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "First day of the range, `YYYY-MM-DD`.",
				Validators:          []validator.String{dateValidator{}},
			},
			"to": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Last day of the range, `YYYY-MM-DD`, not before `from`.",
				Validators:          []validator.String{dateValidator{}},
			},
			"user_ids": schema.ListAttribute{
				Optional:    true,
				ElementType: types.Int64Type,
				MarkdownDescription: "Only the entries of these users. Left out, TimeCamp decides whose entries it lists " +
					"(the token's user's; an administrator may see more). An unknown user is an error.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
			},
			"task_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Only the entries on this task.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"include_rates": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Ask TimeCamp for each entry's cost and income (`total_cost`, `total_income`, " +
					"`rate_income`). Default `true`; set `false` for a token without permission to see rates.",
			},
			"total_duration": number("Sum of the entries' durations, in seconds."),
			"entries": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The entries, ordered by date, start time and id (entries without a time frame first in their day).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         text("TimeCamp id of the entry."),
					"date":       text("Day of the entry, `YYYY-MM-DD`."),
					"start_time": text("Start, `HH:MM:SS` in the account's time zone, as TimeCamp gives it; null for an entry without a time frame."),
					"end_time":   text("End, `HH:MM:SS`, as TimeCamp gives it; null for an entry without a time frame."),
					"start": text("Date and start time as one timestamp, `YYYY-MM-DDTHH:MM:SS`: local account time without " +
						"an offset (the account's time zone is not known to the provider). Null for an entry without a time frame."),
					"duration":      number("Length in seconds (0 while a timer is running on the entry)."),
					"task_id":       number("Id of the task; null for time on no task."),
					"task_name":     text("Name of the task; empty for time on no task."),
					"user_id":       number("Id of the user the entry belongs to."),
					"user_name":     text("Name of that user."),
					"note":          text("The entry's note (TimeCamp's description); empty when there is none."),
					"billable":      flag("Whether the time is billable."),
					"locked":        flag("Whether a timesheet approval locks the entry."),
					"invoice_id":    number("Id of the invoice the entry is billed on; null when it is not invoiced."),
					"last_modified": text("When the entry last changed, `YYYY-MM-DD HH:MM:SS` in the account's time zone."),
					"tags": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Tags on the entry, ordered by tag id.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"tag_id":        number("Id of the tag."),
							"tag_list_id":   number("Id of the tag's list."),
							"name":          text("Name of the tag."),
							"tag_list_name": text("Name of the tag's list."),
						}},
					},
					"total_cost":   money("Cost of the entry (its hours times the cost rate)"),
					"total_income": money("Income of the entry (its hours times the billable rate, for billable time)"),
					"rate_income":  money("Billable rate applied to the entry"),
				}},
			},
		},
	}
}

// ValidateConfig refuses a range that ends before it starts, at plan time.
func (d *timeEntriesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var from, to types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("from"), &from)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("to"), &to)...)
	if resp.Diagnostics.HasError() || from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
		return
	}
	f, t := from.ValueString(), to.ValueString()
	if isDate(f) && isDate(t) && t < f { // YYYY-MM-DD compares as text
		resp.Diagnostics.AddAttributeError(path.Root("to"), "Invalid date range",
			fmt.Sprintf("to = %q is before from = %q: the range runs from `from` to `to`, both days included.", t, f))
	}
}

func (d *timeEntriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg timeEntriesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := timecamp.EntryListOptions{From: cfg.From.ValueString(), To: cfg.To.ValueString(), Tags: true,
		Rates: cfg.IncludeRates.IsNull() || cfg.IncludeRates.ValueBool()}
	for _, u := range cfg.UserIDs {
		opts.UserIDs = append(opts.UserIDs, u.ValueInt64())
	}
	what := fmt.Sprintf("Listing the time entries from %s to %s", opts.From, opts.To)
	if len(opts.UserIDs) > 0 {
		what += fmt.Sprintf(" of users %v", opts.UserIDs)
	}
	if !cfg.TaskID.IsNull() {
		opts.TaskIDs = []int64{cfg.TaskID.ValueInt64()}
		what += fmt.Sprintf(" on task %d", cfg.TaskID.ValueInt64())
	}
	entries, err := d.client.Entries.List(ctx, opts)
	if err != nil {
		if timecamp.StatusCode(err) == 403 && len(opts.UserIDs) > 0 {
			what += ". TimeCamp answers 403 when one of user_ids does not exist or the token may not see that user's time"
		}
		addAPIError(&resp.Diagnostics, "Unable to read time entries", what+".", err)
		return
	}
	cfg.Entries = make([]timeEntryRecord, 0, len(entries))
	total := int64(0)
	for i := range entries {
		cfg.Entries = append(cfg.Entries, entryRecord(&entries[i]))
		total += int64(entries[i].Duration)
	}
	cfg.TotalDuration = types.Int64Value(total)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// entryRecord maps a listed entry to the data source's attributes.
func entryRecord(e *timecamp.Entry) timeEntryRecord {
	rec := timeEntryRecord{
		ID:           idString(int64(e.ID)),
		Date:         types.StringValue(string(e.Date)),
		StartTime:    types.StringNull(),
		EndTime:      types.StringNull(),
		Start:        types.StringNull(),
		Duration:     types.Int64Value(int64(e.Duration)),
		TaskID:       types.Int64Null(),
		TaskName:     types.StringValue(string(e.TaskName)),
		UserID:       types.Int64Value(int64(e.UserID)),
		UserName:     types.StringValue(string(e.UserName)),
		Note:         types.StringValue(string(e.Description)),
		Billable:     types.BoolValue(bool(e.Billable)),
		Locked:       types.BoolValue(bool(e.Locked)),
		InvoiceID:    types.Int64Null(),
		LastModified: types.StringValue(string(e.LastModify)),
		Tags:         []entryTagRecord{},
		TotalCost:    decimalOrNull(e.TotalCost),
		TotalIncome:  decimalOrNull(e.TotalIncome),
		RateIncome:   decimalOrNull(e.RateIncome),
	}
	if e.StartTime.Valid && e.StartTime.Value != "" {
		rec.StartTime = types.StringValue(e.StartTime.Value)
		if secs, err := parseTimeOfDay(e.StartTime.Value); err == nil && isDate(string(e.Date)) {
			rec.Start = types.StringValue(string(e.Date) + "T" + formatTimeOfDay(secs))
		}
	}
	if e.EndTime.Valid && e.EndTime.Value != "" {
		rec.EndTime = types.StringValue(e.EndTime.Value)
	}
	if e.TaskID != 0 {
		rec.TaskID = types.Int64Value(int64(e.TaskID))
	}
	if e.InvoiceID != 0 {
		rec.InvoiceID = types.Int64Value(int64(e.InvoiceID))
	}
	for _, t := range e.TagList() {
		rec.Tags = append(rec.Tags, entryTagRecord{
			TagID: types.Int64Value(int64(t.TagID)), TagListID: types.Int64Value(int64(t.TagListID)),
			Name: types.StringValue(string(t.Name)), TagListName: types.StringValue(string(t.TagListName)),
		})
	}
	return rec
}

func decimalOrNull(d timecamp.Decimal) types.String {
	if d == "" {
		return types.StringNull()
	}
	return types.StringValue(string(d))
}
