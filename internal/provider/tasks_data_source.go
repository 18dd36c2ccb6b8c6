package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ datasource.DataSourceWithConfigure        = (*taskDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*taskDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*tasksDataSource)(nil)
)

// taskDataModel is a task as the data sources show it: the resource's attributes, without the
// resource-only delete_on_destroy.
type taskDataModel struct {
	ID               types.String  `tfsdk:"id"`
	Name             types.String  `tfsdk:"name"`
	ParentID         types.Int64   `tfsdk:"parent_id"`
	Note             types.String  `tfsdk:"note"`
	Keywords         types.String  `tfsdk:"keywords"`
	ExternalTaskID   types.String  `tfsdk:"external_task_id"`
	ExternalParentID types.String  `tfsdk:"external_parent_id"`
	Billable         types.Bool    `tfsdk:"billable"`
	BudgetUnit       types.String  `tfsdk:"budget_unit"`
	Budget           types.Float64 `tfsdk:"budget"`
	Archived         types.Bool    `tfsdk:"archived"`
	Level            types.Int64   `tfsdk:"level"`
	Color            types.String  `tfsdk:"color"`
	RootGroupID      types.Int64   `tfsdk:"root_group_id"`
}

func taskDataFromAPI(t *timecamp.Task) taskDataModel {
	s := taskState(t, taskResourceModel{})
	return taskDataModel{
		ID: s.ID, Name: s.Name, ParentID: s.ParentID, Note: s.Note, Keywords: s.Keywords,
		ExternalTaskID: s.ExternalTaskID, ExternalParentID: s.ExternalParentID, Billable: s.Billable,
		BudgetUnit: s.BudgetUnit, Budget: s.Budget, Archived: s.Archived, Level: s.Level, Color: s.Color,
		RootGroupID: s.RootGroupID,
	}
}

// taskDataAttributes describes a task's attributes; lookup lists the ones a lookup may set.
func taskDataAttributes(lookup ...string) map[string]schema.Attribute {
	desc := map[string]string{
		"id":                 "TimeCamp id of the task.",
		"name":               "Name of the task.",
		"parent_id":          "Id of the parent task; null for a project at the root.",
		"note":               "The task's note (description).",
		"keywords":           "Comma-separated keywords.",
		"external_task_id":   "Id of the task in another system.",
		"external_parent_id": "Id of the task's parent in another system.",
		"billable":           "Whether time on the task is billable.",
		"budget_unit":        "`hours` or `fee`.",
		"budget":             "The budget: hours when `budget_unit` is `hours`, an amount when `fee`; 0 for none.",
		"archived":           "Whether the task is archived.",
		"level":              "Depth in the tree: 1 for a project.",
		"color":              "Colour, as `#RRGGBB`.",
		"root_group_id":      "The account's root group.",
	}
	settable := map[string]bool{}
	for _, name := range lookup {
		settable[name] = true
	}
	attrs := map[string]schema.Attribute{}
	for name, d := range desc {
		opt := settable[name]
		switch name {
		case "parent_id", "level", "root_group_id":
			attrs[name] = schema.Int64Attribute{Computed: true, Optional: opt, MarkdownDescription: d}
		case "billable", "archived":
			attrs[name] = schema.BoolAttribute{Computed: true, MarkdownDescription: d}
		case "budget":
			attrs[name] = schema.Float64Attribute{Computed: true, MarkdownDescription: d}
		default:
			attrs[name] = schema.StringAttribute{Computed: true, Optional: opt, MarkdownDescription: d}
		}
	}
	return attrs
}

// NewTaskDataSource looks up one task.
func NewTaskDataSource() datasource.DataSource { return &taskDataSource{} }

type taskDataSource struct{ dataSourceClientHolder }

func (d *taskDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task"
}

func (d *taskDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one task or project, archived or not, by `id`, by `external_task_id`, or by `name` " +
			"(optionally under `parent_id`). It is an error when nothing matches or when several tasks match.",
		Attributes: taskDataAttributes("id", "name", "parent_id", "external_task_id"),
	}
}

func (d *taskDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"), path.MatchRoot("external_task_id")),
		datasourcevalidator.Conflicting(path.MatchRoot("parent_id"), path.MatchRoot("id")),
		datasourcevalidator.Conflicting(path.MatchRoot("parent_id"), path.MatchRoot("external_task_id")),
	}
}

func (d *taskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg taskDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := timecamp.TaskListOptions{Status: timecamp.TaskStatusAll}
	var criteria string
	switch {
	case !cfg.ID.IsNull():
		id, err := parseID(cfg.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid task id", err.Error())
			return
		}
		opts.TaskIDs = []int64{id}
		criteria = "id = " + cfg.ID.ValueString()
	case !cfg.ExternalTaskID.IsNull():
		opts.ExternalTaskID = cfg.ExternalTaskID.ValueString()
		criteria = fmt.Sprintf("external_task_id = %q", opts.ExternalTaskID)
	default:
		criteria = fmt.Sprintf("name = %q", cfg.Name.ValueString())
		if !cfg.ParentID.IsNull() {
			criteria += fmt.Sprintf(" under parent_id = %d", cfg.ParentID.ValueInt64())
		}
	}
	tasks, err := d.client.Tasks.List(ctx, opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read tasks", "Looking up the task with "+criteria+".", err)
		return
	}
	var matches []timecamp.Task
	for _, t := range tasks {
		m := taskDataFromAPI(&t)
		if (cfg.ID.IsNull() || m.ID.Equal(cfg.ID)) &&
			(cfg.Name.IsNull() || m.Name.Equal(cfg.Name)) &&
			(cfg.ExternalTaskID.IsNull() || m.ExternalTaskID.Equal(cfg.ExternalTaskID)) &&
			(cfg.ParentID.IsNull() || parentMatches(m.ParentID, cfg.ParentID.ValueInt64())) {
			matches = append(matches, t)
		}
	}
	t, err := pickOne("task", criteria, matches, func(t timecamp.Task) int64 { return int64(t.TaskID) })
	if err != nil {
		resp.Diagnostics.AddError("Task not found", err.Error())
		return
	}
	state := taskDataFromAPI(&t)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// parentMatches compares a task's parent with a filter in which 0 means "at the root".
func parentMatches(parent types.Int64, want int64) bool {
	if want == 0 {
		return parent.IsNull()
	}
	return parent.ValueInt64() == want
}

// NewTasksDataSource lists tasks.
func NewTasksDataSource() datasource.DataSource { return &tasksDataSource{} }

type tasksDataSource struct{ dataSourceClientHolder }

type tasksModel struct {
	Status         types.String    `tfsdk:"status"`
	ParentID       types.Int64     `tfsdk:"parent_id"`
	Name           types.String    `tfsdk:"name"`
	ExternalTaskID types.String    `tfsdk:"external_task_id"`
	Tasks          []taskDataModel `tfsdk:"tasks"`
}

func (d *tasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tasks"
}

func (d *tasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists tasks and projects, ordered by id, with optional filters. All filters must match.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Which tasks: `active` (the default), `archived` or `all`.",
				Validators:          []validator.String{stringvalidator.OneOf(statusActive, statusArchived, statusAll)},
			},
			"parent_id":        schema.Int64Attribute{Optional: true, MarkdownDescription: "Only the direct children of this task; `0` for the projects at the root."},
			"name":             schema.StringAttribute{Optional: true, MarkdownDescription: "Only tasks with exactly this name."},
			"external_task_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only tasks with this external id."},
			"tasks": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching tasks, ordered by id.",
				NestedObject:        schema.NestedAttributeObject{Attributes: taskDataAttributes()},
			},
		},
	}
}

func (d *tasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg tasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	status := statusActive
	if !cfg.Status.IsNull() {
		status = cfg.Status.ValueString()
	}
	opts := timecamp.TaskListOptions{Status: timecamp.TaskStatus(status), ExternalTaskID: cfg.ExternalTaskID.ValueString()}
	tasks, err := d.client.Tasks.List(ctx, opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read tasks", "Listing the account's tasks ("+status+").", err)
		return
	}
	cfg.Tasks = []taskDataModel{}
	for i := range tasks {
		m := taskDataFromAPI(&tasks[i])
		if (cfg.ParentID.IsNull() || parentMatches(m.ParentID, cfg.ParentID.ValueInt64())) &&
			(cfg.Name.IsNull() || m.Name.Equal(cfg.Name)) {
			cfg.Tasks = append(cfg.Tasks, m)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
