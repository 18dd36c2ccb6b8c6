package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*customFieldValueResource)(nil)
	_ resource.ResourceWithConfigure   = (*customFieldValueResource)(nil)
	_ resource.ResourceWithImportState = (*customFieldValueResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*customFieldValueResource)(nil)
)

// NewCustomFieldValueResource is the constructor of timecamp_custom_field_value.
func NewCustomFieldValueResource() resource.Resource { return &customFieldValueResource{} }

type customFieldValueResource struct {
	clientHolder
}

type customFieldValueResourceModel struct {
	ID         types.String `tfsdk:"id"`
	TemplateID types.Int64  `tfsdk:"template_id"`
	ResourceID types.Int64  `tfsdk:"resource_id"`
	Value      types.String `tfsdk:"value"`
}

func (r *customFieldValueResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_field_value"
}

func (r *customFieldValueResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The value of a custom field (`timecamp_custom_field`) on one user, task or time entry. " +
			"TimeCamp keeps a history of values: setting a new one ends the one in force. Creating this resource " +
			"where a value is already set replaces that value; if the value is unset outside Terraform, the next " +
			"apply sets it again.\n\n" +
			"**Destroy unassigns the value** (`DELETE /v3/custom-fields/{template_id}/unassign/{resource_id}`): TimeCamp " +
			"ends it and keeps it in the field's history. For a required field, TimeCamp then shows the field's default value.\n\n" +
			"Import with `<template_id>:<resource_id>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<template_id>:<resource_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"template_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the custom field template (`timecamp_custom_field.<name>.id`). Changing it " +
					"unassigns this value and sets one of the other field.",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"resource_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the object that carries the value: a user id, a task id or a time entry id, " +
					"whichever the template's `resource_type` says. Changing it moves the value to another object " +
					"(unassign here, set there).",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"value": schema.StringAttribute{
				MarkdownDescription: "The value, as text also for number fields (`\"42\"`, `\"7.5\"`). A number field takes " +
					"only numbers; when the template already exists the plan checks that, otherwise TimeCamp refuses a " +
					"wrong value at apply time. A required field refuses an empty value. Changing it updates the value in place.",
				Required: true,
			},
		},
	}
}

// ModifyPlan checks a value that is about to be set against its template, when the template is
// known already: a number field refuses text, a required field refuses "". It asks TimeCamp only
// when the value changes, so an unchanged configuration plans without extra requests.
func (r *customFieldValueResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan customFieldValueResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.TemplateID.IsUnknown() || plan.Value.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state customFieldValueResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || state.Value.Equal(plan.Value) && state.TemplateID.Equal(plan.TemplateID) {
			return
		}
	}
	tpl, err := r.client.CustomFields.GetTemplate(ctx, plan.TemplateID.ValueInt64())
	if err != nil {
		// A missing template, or a failed read: the apply reports it with the whole story.
		tflog.Debug(ctx, "custom field value: template not checked at plan time", map[string]any{"error": err.Error()})
		return
	}
	if problem := valueProblem(tpl, plan.Value.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("value"), "Invalid custom field value", problem)
	}
}

// valueProblem says why value does not fit the template, or "".
func valueProblem(tpl *timecamp.CustomFieldTemplate, value string) string {
	switch {
	case bool(tpl.Required) && value == "":
		return fmt.Sprintf("Custom field %q (template %d) is required: its value cannot be empty.", tpl.Name, tpl.ID)
	case normalFieldType(string(tpl.FieldType)) == timecamp.CustomFieldTypeNumber && !customFieldNumber.MatchString(value):
		return fmt.Sprintf("Custom field %q (template %d) is a number field and %q is not a number: %s.", tpl.Name, tpl.ID, value, customFieldNumberHint)
	}
	return ""
}

func (r *customFieldValueResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customFieldValueResourceModel
	if !r.assign(ctx, req.Plan.Get, &plan, "set", &resp.Diagnostics) {
		return
	}
	plan.ID = types.StringValue(fmt.Sprintf("%d:%d", plan.TemplateID.ValueInt64(), plan.ResourceID.ValueInt64()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *customFieldValueResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan customFieldValueResourceModel
	if !r.assign(ctx, req.Plan.Get, &plan, "change", &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// assign reads the plan into plan and sets its value in TimeCamp; verb says what for ("set", "change").
func (r *customFieldValueResource) assign(ctx context.Context, get func(context.Context, any) diag.Diagnostics,
	plan *customFieldValueResourceModel, verb string, diags *diag.Diagnostics) bool {
	if !requireClient(r.client, diags) {
		return false
	}
	diags.Append(get(ctx, plan)...)
	if diags.HasError() {
		return false
	}
	tplID, resID, value := plan.TemplateID.ValueInt64(), plan.ResourceID.ValueInt64(), plan.Value.ValueString()
	_, err := r.client.CustomFields.Assign(ctx, tplID, resID, value)
	if err == nil {
		return true
	}
	summary := fmt.Sprintf("Unable to %s custom field value", verb)
	attempted := fmt.Sprintf("Setting custom field template %d on resource %d to %q.", tplID, resID, value)
	switch {
	case timecamp.StatusCode(err) == http.StatusBadRequest:
		diags.AddAttributeError(path.Root("value"), summary, apiErrorDetail(attempted+
			" TimeCamp refused the value: "+customFieldNumberHint+", and a required field takes no empty value.", err))
	case timecamp.IsNotFound(err):
		diags.AddAttributeError(path.Root("resource_id"), summary, apiErrorDetail(attempted+
			fmt.Sprintf(" TimeCamp has no template %d, or no object %d of the template's resource type (user, task or "+
				"time entry): check template_id and resource_id.", tplID, resID), err))
	default:
		addAPIError(diags, summary, attempted, err)
	}
	return false
}

func (r *customFieldValueResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state customFieldValueResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tplID, resID := state.TemplateID.ValueInt64(), state.ResourceID.ValueInt64()
	v, err := r.client.CustomFields.GetValue(ctx, tplID, resID)
	if timecamp.IsNotFound(err) {
		tflog.Warn(ctx, fmt.Sprintf("custom field %d has no value on resource %d any more; removing it from state", tplID, resID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read custom field value",
			fmt.Sprintf("Reading the value of custom field template %d on resource %d.", tplID, resID), err)
		return
	}
	state.Value = types.StringValue(v.Value.Value)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customFieldValueResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state customFieldValueResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tplID, resID := state.TemplateID.ValueInt64(), state.ResourceID.ValueInt64()
	switch err := r.client.CustomFields.Unassign(ctx, tplID, resID); {
	case err == nil:
	case timecamp.IsNotFound(err):
		tflog.Info(ctx, fmt.Sprintf("custom field %d had no value on resource %d any more", tplID, resID))
	default:
		addAPIError(&resp.Diagnostics, "Unable to unassign custom field value",
			fmt.Sprintf("Unassigning the value of custom field template %d on resource %d.", tplID, resID), err)
	}
}

// ImportState takes "<template_id>:<resource_id>".
func (r *customFieldValueResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, ok := parseIDList(strings.Split(req.ID, ":"))
	if !ok || len(ids) != 2 {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a custom field value as <template_id>:<resource_id>, two TimeCamp ids such as 915:80000012; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), fmt.Sprintf("%d:%d", ids[0], ids[1]))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("template_id"), ids[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("resource_id"), ids[1])...)
}
