package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.ResourceWithConfigure   = (*tagResource)(nil)
	_ resource.ResourceWithImportState = (*tagResource)(nil)
)

// NewTagResource manages one tag of a tag list. Destroy archives it: TimeCamp cannot delete tags.
func NewTagResource() resource.Resource {
	return &tagResource{archiveOnlyResource[tagModel, *tagModel]{archiveOnly: tagKind}}
}

// tagResource gets Configure, Update (rename, archive, restore), Delete (archive) and ImportState
// (by id alone) from archiveOnlyResource (archivable.go).
type tagResource struct {
	archiveOnlyResource[tagModel, *tagModel]
}

// tagModel is a tag: its id, name and archived flag, and the list it belongs to.
type tagModel struct {
	archivableModel
	TagListID types.Int64 `tfsdk:"tag_list_id"`
}

func (r *tagResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tag"
}

func (r *tagResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := r.attributes()
	attrs["tag_list_id"] = schema.Int64Attribute{
		MarkdownDescription: "Id of the tag list (`timecamp_tag_list`) the tag belongs to. A tag cannot move between lists: " +
			"changing it archives this tag and creates a new one in the other list.",
		Required:      true,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		Validators:    []validator.Int64{int64validator.AtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A tag in a tag list, which people attach to their time entries.\n\n" +
			r.destroyNote("timecamp_tag.<name>"),
		Attributes: attrs,
	}
}

func (r *tagResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan tagModel
	r.create(ctx, req, resp, &plan, func(diags *diag.Diagnostics) (int64, bool) {
		listID, name := plan.TagListID.ValueInt64(), plan.Name.ValueString()
		id, err := r.client.Tags.Create(ctx, listID, name)
		attempted := fmt.Sprintf("Creating tag %q in tag list %d.", name, listID)
		switch {
		case err == nil:
			return id, true
		case timecamp.IsNotFound(err):
			// The one input TimeCamp can refuse here that validation cannot see: point at it.
			diags.AddAttributeError(path.Root("tag_list_id"), "Unable to create tag", apiErrorDetail(attempted+
				fmt.Sprintf(" TimeCamp has no tag list with id %d: set tag_list_id to the id of an existing tag list, "+
					"such as timecamp_tag_list.<name>.id.", listID), err))
		default:
			return recoverCreate(ctx, diags, createCall{
				summary: "Unable to create tag", what: fmt.Sprintf("tag %q in tag list %d", name, listID), resource: "timecamp_tag",
				find: func(ctx context.Context) ([]int64, error) {
					list, err := r.client.TagLists.Get(ctx, listID)
					if err != nil {
						return nil, err
					}
					return matchIDs(list.Tags.Values(), func(t timecamp.Tag) int64 { return int64(t.ID) },
						func(t timecamp.Tag) bool { return string(t.Name) == name && !bool(t.Archived) }), nil
				},
			}, attempted, err)
		}
		return 0, false
	})
}

// Read takes the list id from the tag itself (GET /tag/{id} sends tagListId), so import needs only the tag id.
func (r *tagResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tagModel
	r.read(ctx, req, resp, &state, func(id int64) error {
		tag, err := r.client.Tags.Get(ctx, id)
		if err == nil {
			state.readFrom(tag.Name, tag.Archived)
			if tag.TagListID != 0 { // always sent by GET /tag/{id}; should it be missing, keep what state knows
				state.TagListID = types.Int64Value(int64(tag.TagListID))
			}
		}
		return err
	})
}
