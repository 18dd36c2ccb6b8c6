package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ datasource.DataSourceWithConfigure        = (*usersDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*userDataSource)(nil)
)

// userItemModel is one person as timecamp_users lists them.
type userItemModel struct {
	ID          types.String `tfsdk:"id"`
	UserID      types.Int64  `tfsdk:"user_id"`
	Email       types.String `tfsdk:"email"`
	DisplayName types.String `tfsdk:"display_name"`
	GroupID     types.Int64  `tfsdk:"group_id"`
	Disabled    types.Bool   `tfsdk:"disabled"`
}

var userAttributeDescriptions = map[string]string{
	"id":           "The person's TimeCamp user id, as a string.",
	"user_id":      "The person's TimeCamp user id (for `timecamp_task_user.user_id`).",
	"email":        "The person's e-mail address (their login).",
	"display_name": "The person's display name; null when they have none (as right after an invitation).",
	"group_id":     "Id of the group (department) the person belongs to.",
	"disabled":     "Whether the person is deactivated (TimeCamp's `disabled_user` setting): they cannot log in, their data stays.",
}

// listPeople reads every person with their deactivation flag (two calls for up to 100 people).
func listPeople(ctx context.Context, c *timecamp.Client, diags *diag.Diagnostics) ([]userItemModel, bool) {
	users, err := c.Users.List(ctx)
	if err != nil {
		addAPIError(diags, "Unable to read users", "Listing the account's users (GET /users).", err)
		return nil, false
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = int64(u.UserID)
	}
	settings, err := c.Users.Settings(ctx, ids, timecamp.SettingDisabledUser)
	if err != nil {
		addAPIError(diags, "Unable to read users", "Reading which users are deactivated (the disabled_user setting).", err)
		return nil, false
	}
	out := make([]userItemModel, len(users))
	for i, u := range users {
		id := int64(u.UserID)
		out[i] = userItemModel{
			ID:          idString(id),
			UserID:      types.Int64Value(id),
			Email:       types.StringValue(string(u.Email)),
			DisplayName: optionalString(u.DisplayName, types.StringNull()),
			GroupID:     types.Int64Value(int64(u.GroupID)),
			Disabled:    types.BoolValue(strings.TrimSpace(settings[id][timecamp.SettingDisabledUser]) == "1"),
		}
	}
	return out, true
}

// NewUsersDataSource lists people.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct{ dataSourceClientHolder }

type usersDataSourceModel struct {
	GroupID types.Int64     `tfsdk:"group_id"`
	Users   []userItemModel `tfsdk:"users"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for name, desc := range userAttributeDescriptions {
		switch name {
		case "id", "email", "display_name":
			attrs[name] = schema.StringAttribute{Computed: true, MarkdownDescription: desc}
		case "user_id", "group_id":
			attrs[name] = schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
		case "disabled":
			attrs[name] = schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the people of the account (deactivated ones included, flagged), ordered by user id, " +
			"optionally only those of one group.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.Int64Attribute{Optional: true, MarkdownDescription: "Only the people whose group is this one (not its subgroups)."},
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The people, ordered by user id.",
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg usersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	people, ok := listPeople(ctx, d.client, &resp.Diagnostics)
	if !ok {
		return
	}
	cfg.Users = []userItemModel{}
	for _, p := range people {
		if cfg.GroupID.IsNull() || p.GroupID.Equal(cfg.GroupID) {
			cfg.Users = append(cfg.Users, p)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// NewUserDataSource looks up one person.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

type userDataSource struct{ dataSourceClientHolder }

type userDataSourceModel struct {
	userItemModel
	Role types.String `tfsdk:"role"`
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	desc := userAttributeDescriptions
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one person by `id`, by `email` (compared without regard to case) or by " +
			"`display_name` (exact). It is an error when nobody matches or when several people match.",
		Attributes: map[string]schema.Attribute{
			"id":           schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc["id"] + " Give exactly one of `id`, `email` and `display_name`."},
			"email":        schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc["email"] + " As a lookup, matched without regard to case; the result is the address as TimeCamp stores it."},
			"display_name": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: desc["display_name"] + " As a lookup, matched exactly."},
			"user_id":      schema.Int64Attribute{Computed: true, MarkdownDescription: desc["user_id"]},
			"group_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: desc["group_id"]},
			"disabled":     schema.BoolAttribute{Computed: true, MarkdownDescription: desc["disabled"]},
			"role": schema.StringAttribute{Computed: true, MarkdownDescription: "The person's role in their group: " +
				"`administrator`, `supervisor`, `user` or `guest`."},
		},
	}
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email"), path.MatchRoot("display_name")),
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg userDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	people, ok := listPeople(ctx, d.client, &resp.Diagnostics)
	if !ok {
		return
	}
	var criteria string
	var matches []userItemModel
	for _, p := range people {
		var hit bool
		switch {
		case !cfg.ID.IsNull():
			criteria, hit = fmt.Sprintf("id = %s", cfg.ID.ValueString()), p.ID.Equal(cfg.ID)
		case !cfg.Email.IsNull():
			criteria = fmt.Sprintf("email = %q (case ignored)", cfg.Email.ValueString())
			hit = strings.EqualFold(strings.TrimSpace(p.Email.ValueString()), strings.TrimSpace(cfg.Email.ValueString()))
		default:
			criteria, hit = fmt.Sprintf("display_name = %q", cfg.DisplayName.ValueString()), p.DisplayName.Equal(cfg.DisplayName)
		}
		if hit {
			matches = append(matches, p)
		}
	}
	if criteria == "" { // an account without people cannot happen (the token's owner is one), but say so
		criteria = "the lookup"
	}
	p, err := pickOne("user", criteria, matches, func(p userItemModel) int64 { return p.UserID.ValueInt64() })
	if err != nil {
		resp.Diagnostics.AddError("User not found", err.Error())
		return
	}
	member, err := d.client.Users.Member(ctx, p.GroupID.ValueInt64(), p.UserID.ValueInt64())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read user",
			fmt.Sprintf("Reading the role of user %s in group %d.", p.ID.ValueString(), p.GroupID.ValueInt64()), err)
		return
	}
	state := userDataSourceModel{userItemModel: p, Role: types.StringValue(groupRoleWord(int64(member.RoleID)))}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
