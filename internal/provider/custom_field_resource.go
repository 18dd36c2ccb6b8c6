package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                   = (*customFieldResource)(nil)
	_ resource.ResourceWithConfigure      = (*customFieldResource)(nil)
	_ resource.ResourceWithImportState    = (*customFieldResource)(nil)
	_ resource.ResourceWithValidateConfig = (*customFieldResource)(nil)
)

// NewCustomFieldResource is the constructor of timecamp_custom_field: a custom field template.
func NewCustomFieldResource() resource.Resource { return &customFieldResource{} }

type customFieldResource struct {
	clientHolder
}

type customFieldResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	ResourceType types.String `tfsdk:"resource_type"`
	FieldType    types.String `tfsdk:"field_type"`
	Required     types.Bool   `tfsdk:"required"`
	Status       types.Int64  `tfsdk:"status"`
	DefaultValue types.String `tfsdk:"default_value"`
	Options      types.List   `tfsdk:"options"`
}

// customFieldResourceTypes and customFieldTypes are the values TimeCamp accepts (OAS enums).
var (
	customFieldResourceTypes = []string{timecamp.CustomFieldResourceUser, timecamp.CustomFieldResourceTask, timecamp.CustomFieldResourceEntry}
	customFieldTypes         = []string{timecamp.CustomFieldTypeNumber, timecamp.CustomFieldTypeString}
)

// customFieldNumber is what a number field takes: an optional minus, digits, optional decimals.
var customFieldNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

const customFieldNumberHint = "a number field takes digits with an optional minus sign and decimal point, such as 42, -3 or 7.5"

func (r *customFieldResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_field"
}

func (r *customFieldResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom field template: an extra field that every user, task or time entry of the account " +
			"can carry (TimeCamp's v3 custom fields). Set its value on one object with `timecamp_custom_field_value`.\n\n" +
			"Changing `name`, `required`, `status`, `default_value` or `options` updates the template in place; " +
			"`resource_type` and `field_type` cannot change in TimeCamp, so changing them replaces the template.\n\n" +
			"**Destroy deletes the template** (`DELETE /v3/custom-fields/template/{id}/remove`), and with it the values " +
			"that users, tasks or entries had for it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "TimeCamp id of the template.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the field, as people see it in TimeCamp. Must not be blank.",
				Required:            true,
				Validators: []validator.String{
					notBlankValidator{},
				},
			},
			"resource_type": schema.StringAttribute{
				MarkdownDescription: "What the field belongs to: `user`, `task` or `entry` (time entry). Changing it " +
					"replaces the template (TimeCamp cannot change it).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(customFieldResourceTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"field_type": schema.StringAttribute{
				MarkdownDescription: "Kind of value: `number` or `string`. Values are sent and read as text either way; " +
					"a number field refuses text that is not a number. Changing it replaces the template (TimeCamp " +
					"cannot change it).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(customFieldTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"required": schema.BoolAttribute{
				MarkdownDescription: "Whether the field must have a value. Default `false`. A required field needs " +
					"`default_value`, which TimeCamp shows for objects that have no value of their own.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status": schema.Int64Attribute{
				MarkdownDescription: "TimeCamp's `status` of the template. **Its meaning is not documented**: TimeCamp's " +
					"own examples send `0` and get `1` back. Leave it out to keep whatever TimeCamp sets (1 for a new " +
					"template); a value of your own must be 1 or more, since TimeCamp stores `0` as `1`.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"default_value": schema.StringAttribute{
				MarkdownDescription: "Value shown for objects that have none of their own, as text (also for number " +
					"fields, e.g. `\"5\"`). Required when `required` is true. Removing it clears it.",
				Optional: true,
			},
			"options": schema.ListAttribute{
				MarkdownDescription: "TimeCamp's `fieldOptions`: a list of JSON objects, each written as a JSON text " +
					"(use `jsonencode`, e.g. `[jsonencode({ value = \"gold\" })]`). TimeCamp stores them with the template " +
					"and returns them; no source documents their schema or what TimeCamp does with them (for example " +
					"whether they restrict the values), so the provider passes them through unchanged and compares them " +
					"as JSON (key order and spacing do not cause a diff). Removing the attribute clears them.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.ValueStringsAre(jsonObjectValidator{})},
			},
		},
	}
}

// ValidateConfig checks what depends on two attributes: a required field needs a default value,
// and a number field's default must be a number.
func (r *customFieldResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg customFieldResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	def := cfg.DefaultValue
	if cfg.Required.ValueBool() && !def.IsUnknown() && (def.IsNull() || def.ValueString() == "") {
		resp.Diagnostics.AddAttributeError(path.Root("default_value"), "Missing default value",
			"A custom field with `required = true` needs a `default_value`: TimeCamp refuses a required field "+
				"without one, and shows it for every object that has no value of its own.")
	}
	if cfg.FieldType.ValueString() == timecamp.CustomFieldTypeNumber && !def.IsNull() && !def.IsUnknown() &&
		!customFieldNumber.MatchString(def.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("default_value"), "Invalid default value",
			fmt.Sprintf("default_value %q does not fit field_type = \"number\": %s.", def.ValueString(), customFieldNumberHint))
	}
}

func (r *customFieldResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan customFieldResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, ok := plan.input(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	in.ResourceType = timecamp.Set(plan.ResourceType.ValueString())
	in.FieldType = timecamp.Set(plan.FieldType.ValueString())
	tpl, err := r.client.CustomFields.CreateTemplate(ctx, in)
	if err != nil {
		name, resType, fieldType := plan.Name.ValueString(), plan.ResourceType.ValueString(), plan.FieldType.ValueString()
		what := fmt.Sprintf("the %s custom field %q for %ss", fieldType, name, resType)
		call := createCall{
			summary: "Unable to create custom field", what: what, resource: "timecamp_custom_field",
			find: func(ctx context.Context) ([]int64, error) {
				tpls, err := r.client.CustomFields.ListTemplates(ctx)
				return matchIDs(tpls, func(t timecamp.CustomFieldTemplate) int64 { return int64(t.ID) },
					func(t timecamp.CustomFieldTemplate) bool {
						return string(t.Name) == name && string(t.ResourceType) == resType && normalFieldType(string(t.FieldType)) == normalFieldType(fieldType)
					}), err
			},
		}
		id, ok := recoverCreate(ctx, &resp.Diagnostics, call, "Creating "+what+".", err)
		if !ok {
			return
		}
		if tpl, err = r.client.CustomFields.GetTemplate(ctx, id); err != nil {
			call.readBackFailed(&resp.Diagnostics, id, err)
			return
		}
	}
	state := plan.withTemplate(tpl)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customFieldResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state customFieldResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := stateIDOf(state.ID, "custom field", &resp.Diagnostics)
	if !ok {
		return
	}
	tpl, err := r.client.CustomFields.GetTemplate(ctx, id)
	if timecamp.IsNotFound(err) {
		tflog.Warn(ctx, fmt.Sprintf("custom field template %d no longer exists in TimeCamp; removing it from state", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read custom field", fmt.Sprintf("Reading custom field template %d (%q).", id, state.Name.ValueString()), err)
		return
	}
	state = state.withTemplate(tpl)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customFieldResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state customFieldResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := stateIDOf(state.ID, "custom field", &resp.Diagnostics)
	if !ok {
		return
	}
	in, ok := plan.input(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	tpl, err := r.client.CustomFields.ModifyTemplate(ctx, id, in)
	if err != nil {
		detail := fmt.Sprintf("Changing custom field template %d (%q).", id, state.Name.ValueString())
		if timecamp.IsNotFound(err) {
			detail += " The template no longer exists in TimeCamp; run `terraform apply` again to create it anew."
		}
		addAPIError(&resp.Diagnostics, "Unable to update custom field", detail, err)
		return
	}
	plan.ID = state.ID
	next := plan.withTemplate(tpl)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *customFieldResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state customFieldResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := stateIDOf(state.ID, "custom field", &resp.Diagnostics)
	if !ok {
		return
	}
	switch err := r.client.CustomFields.RemoveTemplate(ctx, id); {
	case err == nil:
	case timecamp.IsNotFound(err):
		tflog.Info(ctx, fmt.Sprintf("custom field template %d was already gone from TimeCamp", id))
	default:
		addAPIError(&resp.Diagnostics, "Unable to delete custom field",
			fmt.Sprintf("Deleting custom field template %d (%q) with its values.", id, state.Name.ValueString()), err)
	}
}

func (r *customFieldResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "custom field template", req, resp)
}

// input is the create/modify request of the plan: every changeable field is sent, so the
// template ends up as planned whatever changed outside Terraform.
func (m customFieldResourceModel) input(ctx context.Context, diags *diag.Diagnostics) (timecamp.CustomFieldTemplateInput, bool) {
	in := timecamp.CustomFieldTemplateInput{
		Name:         timecamp.Set(m.Name.ValueString()),
		Required:     timecamp.Set(m.Required.ValueBool()),
		DefaultValue: stringField(m.DefaultValue),
	}
	if !m.Status.IsNull() && !m.Status.IsUnknown() {
		in.Status = timecamp.Set(m.Status.ValueInt64())
	}
	var texts []string
	diags.Append(m.Options.ElementsAs(ctx, &texts, false)...)
	if diags.HasError() {
		return in, false
	}
	options := make([]json.RawMessage, len(texts))
	for i, t := range texts {
		options[i] = json.RawMessage(t)
	}
	in.Options = timecamp.Set(options) // none: [] (TimeCamp's examples send [] for no options)
	return in, true
}

// withTemplate returns the state of tpl; m is the prior state or plan, whose spelling of equal
// values (null or "" default, options JSON) is kept.
func (m customFieldResourceModel) withTemplate(tpl *timecamp.CustomFieldTemplate) customFieldResourceModel {
	out := m
	out.ID = idString(int64(tpl.ID))
	out.Name = types.StringValue(string(tpl.Name))
	out.ResourceType = types.StringValue(string(tpl.ResourceType))
	out.FieldType = types.StringValue(normalFieldType(string(tpl.FieldType)))
	out.Required = types.BoolValue(bool(tpl.Required))
	out.Status = types.Int64Value(int64(tpl.Status))
	out.DefaultValue = optionalString(tpl.DefaultValue, m.DefaultValue)
	out.Options = optionsState(tpl.Options, m.Options)
	return out
}

// normalFieldType reads "text", which one of TimeCamp's examples answers for a string field, as
// "string": otherwise every plan would replace the template.
func normalFieldType(t string) string {
	if t == "text" {
		return timecamp.CustomFieldTypeString
	}
	return t
}

// optionsState maps the template's options to state. No options read as null when the prior value
// is null (or unknown), else as []. Each option keeps the prior text when it is the same JSON.
func optionsState(api timecamp.JSONObjects, prior types.List) types.List {
	var priorTexts []string
	if !prior.IsNull() && !prior.IsUnknown() {
		for _, e := range prior.Elements() {
			if s, ok := e.(types.String); ok {
				priorTexts = append(priorTexts, s.ValueString())
			}
		}
	}
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.ListNull(types.StringType)
	}
	elems := make([]types.String, len(api))
	for i, raw := range api {
		if i < len(priorTexts) && sameJSON(priorTexts[i], raw) {
			elems[i] = types.StringValue(priorTexts[i])
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			elems[i] = types.StringValue(string(raw))
			continue
		}
		elems[i] = types.StringValue(compact.String())
	}
	list, _ := types.ListValueFrom(context.Background(), types.StringType, elems)
	return list
}

// sameJSON reports whether the text and the raw JSON hold the same value.
func sameJSON(text string, raw json.RawMessage) bool {
	var a, b any
	if json.Unmarshal([]byte(text), &a) != nil || json.Unmarshal(raw, &b) != nil {
		return false
	}
	ja, _ := json.Marshal(a) // maps marshal with sorted keys: a canonical form
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// jsonObjectValidator accepts a JSON object text.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "a JSON object, such as jsonencode({ value = \"gold\" })"
}
func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid custom field option",
			fmt.Sprintf("%q is not a JSON object. TimeCamp takes each option as an object: write it with jsonencode, "+
				"for example jsonencode({ value = %q }).", req.ConfigValue.ValueString(), req.ConfigValue.ValueString()))
	}
}

// stateIDOf reads the numeric id in state, reporting a state that does not hold one.
func stateIDOf(id types.String, kind string, diags *diag.Diagnostics) (int64, bool) {
	n, err := parseID(id.ValueString())
	if err != nil {
		diags.AddError(fmt.Sprintf("Invalid %s id in state", kind),
			fmt.Sprintf("The state holds %s. Remove the resource from state (`terraform state rm`) and import it by its TimeCamp id.", err))
		return 0, false
	}
	return n, true
}
