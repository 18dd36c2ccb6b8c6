package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.ResourceWithConfigure   = (*tagListResource)(nil)
	_ resource.ResourceWithImportState = (*tagListResource)(nil)
)

// NewTagListResource manages a tag list. Destroy archives it: TimeCamp cannot delete tag lists.
func NewTagListResource() resource.Resource {
	return &tagListResource{archiveOnlyResource[tagListModel, *tagListModel]{archiveOnly: tagListKind}}
}

// tagListResource gets Configure, Update (rename, archive, restore), Delete (archive) and
// ImportState (by id) from archiveOnlyResource (archivable.go).
type tagListResource struct {
	archiveOnlyResource[tagListModel, *tagListModel]
}

// tagListModel is a tag list: its id, name and archived flag.
type tagListModel struct {
	archivableModel
}

func (r *tagListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tag_list"
}

func (r *tagListResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A tag list: a named group of tags (`timecamp_tag`) that people pick from when they track time.\n\n" +
			r.destroyNote("timecamp_tag_list.<name>") + " The tags of an archived list stay in it, as they were.",
		Attributes: r.attributes(),
	}
}

func (r *tagListResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan tagListModel
	r.create(ctx, req, resp, &plan, func(diags *diag.Diagnostics) (int64, bool) {
		name := plan.Name.ValueString()
		id, err := r.client.TagLists.Create(ctx, name)
		if err == nil {
			return id, true
		}
		return recoverCreate(ctx, diags, createCall{
			summary: "Unable to create tag list", what: fmt.Sprintf("tag list %q", name), resource: "timecamp_tag_list",
			find: func(ctx context.Context) ([]int64, error) {
				lists, err := r.client.TagLists.List(ctx, timecamp.ActiveAndArchived)
				return matchIDs(lists, func(l timecamp.TagList) int64 { return int64(l.ID) },
					func(l timecamp.TagList) bool { return string(l.Name) == name && !bool(l.Archived) }), err
			},
		}, fmt.Sprintf("Creating tag list %q.", name), err)
	})
}

// Read fetches the list whether archived or not; TimeCamp answers `[]` for a missing one.
func (r *tagListResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tagListModel
	r.read(ctx, req, resp, &state, func(id int64) error {
		list, err := r.client.TagLists.Get(ctx, id)
		if err == nil {
			state.readFrom(list.Name, list.Archived)
		}
		return err
	})
}
