package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

var (
	_ resource.ResourceWithConfigure   = (*tagListResource)(nil)
	_ resource.ResourceWithImportState = (*tagListResource)(nil)
)

// NewTagListResource manages a tag list. Destroy archives it: TimeCamp cannot delete tag lists.
func NewTagListResource() resource.Resource { return &tagListResource{} }

type tagListResource struct{ clientHolder }

// tagListModel is a tag list: its id, name and archived flag (archivable.go).
type tagListModel struct {
	archivableModel
}

func (r *tagListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tag_list"
}

func (r *tagListResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A tag list: a named group of tags (`timecamp_tag`) that people pick from when they track time.\n\n" +
			tagListKind.destroyNote("timecamp_tag_list.<name>") + " The tags of an archived list stay in it, as they were.",
		Attributes: tagListKind.attributes(),
	}
}

func (r *tagListResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan tagListModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.client.TagLists.Create(ctx, plan.Name.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to create tag list", fmt.Sprintf("Creating tag list %q.", plan.Name.ValueString()), err)
		return
	}
	tagListKind.archiveIfPlanned(ctx, r.client, id, &plan.archivableModel, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read fetches the list whether archived or not; TimeCamp answers `[]` for a missing one.
func (r *tagListResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tagListModel
	tagListKind.read(ctx, r.client, req.State, &state, &state.archivableModel, func(id int64) error {
		list, err := r.client.TagLists.Get(ctx, id)
		if err == nil {
			state.readFrom(list.Name, list.Archived)
		}
		return err
	}, resp)
}

func (r *tagListResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state tagListModel
	tagListKind.updateResource(ctx, r.client, req, resp, &plan, &state, &plan.archivableModel, &state.archivableModel)
}

// Delete archives the list; its tags stay as they are.
func (r *tagListResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	tagListKind.archiveOnDestroy(ctx, r.client, req, resp)
}

func (r *tagListResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "tag list", req, resp)
}
