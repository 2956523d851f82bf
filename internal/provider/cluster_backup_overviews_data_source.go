package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*clusterBackupOverviewsDataSource)(nil)

// NewClusterBackupOverviewsDataSource is ocp_cluster_backup_overviews.
func NewClusterBackupOverviewsDataSource() datasource.DataSource {
	return &clusterBackupOverviewsDataSource{}
}

type clusterBackupOverviewsDataSource struct {
	provider *providerData
}

type clusterBackupOverviewsModel struct {
	Name              types.String `tfsdk:"name"`
	Statuses          types.Set    `tfsdk:"statuses"`
	Types             types.Set    `tfsdk:"types"`
	ClusterIDs        types.List   `tfsdk:"cluster_ids"`
	SkipUnreadable    types.Bool   `tfsdk:"skip_unreadable"`
	Overviews         types.List   `tfsdk:"overviews"`
	SkippedClusterIDs types.List   `tfsdk:"skipped_cluster_ids"`
}

func (d *clusterBackupOverviewsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_backup_overviews"
}

func (d *clusterBackupOverviewsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	listFilter := path.MatchRoot("cluster_ids")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Backup overviews of many OCP clusters in one read, for fleet audits: lists the clusters " +
			"(`GET /api/v2/ob/clusters`, every page) or takes `cluster_ids`, then reads each overview concurrently, " +
			"at most `max_concurrent_requests` at a time across the provider. Each element of `overviews` has exactly " +
			"the attributes of `ocp_cluster_backup_overview`.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep clusters whose name matches this keyword (OCP's `name` filter).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(listFilter)},
			},
			"statuses": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Keep clusters in any of these statuses, such as `RUNNING` (OCP's `status` filter).",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					setvalidator.ConflictsWith(listFilter),
				},
			},
			"types": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Keep clusters of these types: `PRIMARY`, `STANDBY`.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf("PRIMARY", "STANDBY")),
					setvalidator.ConflictsWith(listFilter),
				},
			},
			// A list rather than a set: the framework compares set elements
			// pairwise after every read, which for 1000 ids cost 1.5 s of CPU.
			// Terraform converts a set to a list, and order and repeats do not
			// matter here.
			"cluster_ids": schema.ListAttribute{
				Optional: true, ElementType: types.Int64Type,
				MarkdownDescription: "Read exactly these clusters (OCP IDs, each at least 1) instead of listing them; " +
					"a list or a set, in any order, repeats ignored. Conflicts with `name`, `statuses` and `types`.",
				Validators: []validator.List{listvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
			},
			"skip_unreadable": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Leave out clusters whose overview OCP refuses with 403 (no permission) or 404 " +
					"(no such cluster) and list them in `skipped_cluster_ids`, instead of failing. Other failures " +
					"still fail the read. Defaults to false.",
			},
			"overviews": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The overviews, sorted by `cluster_id`; empty when no cluster matches.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: backupOverviewAttributes(schema.Int64Attribute{
						Computed:            true,
						MarkdownDescription: "OCP's ID of the cluster (`clusterId`).",
					}),
				},
			},
			"skipped_cluster_ids": schema.ListAttribute{
				Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "Clusters left out under `skip_unreadable`, sorted; empty otherwise.",
			},
		},
	}
}

func (d *clusterBackupOverviewsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterBackupOverviewsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state clusterBackupOverviewsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !d.provider.ready(&resp.Diagnostics) {
		return
	}
	clientCtx := d.provider.logContext(ctx)

	ids, diags := d.clusterIDs(ctx, clientCtx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	results := d.readAll(clientCtx, ids)
	overviews := make([]attr.Value, 0, len(ids))
	skipped := []int64{}
	for _, r := range results {
		switch {
		case r.err == nil:
			m, diags := newBackupOverviewModel(r.id, r.overview)
			resp.Diagnostics.Append(diags...)
			obj, diags := m.object()
			resp.Diagnostics.Append(diags...)
			overviews = append(overviews, obj)
		case state.SkipUnreadable.ValueBool() && unreadable(r.err):
			skipped = append(skipped, r.id)
		default:
			resp.Diagnostics.AddAttributeError(path.Root("overviews"),
				fmt.Sprintf("Unable to read the backup overview of OCP cluster %d", r.id), d.provider.errorDetail(r.err))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	var d1, d2 diag.Diagnostics
	state.Overviews, d1 = types.ListValue(backupOverviewObjectType(), overviews)
	state.SkippedClusterIDs, d2 = types.ListValueFrom(ctx, types.Int64Type, skipped)
	resp.Diagnostics.Append(d1...)
	resp.Diagnostics.Append(d2...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, map[string]attr.Value{
		"name":                state.Name,
		"statuses":            state.Statuses,
		"types":               state.Types,
		"cluster_ids":         state.ClusterIDs,
		"skip_unreadable":     state.SkipUnreadable,
		"overviews":           state.Overviews,
		"skipped_cluster_ids": state.SkippedClusterIDs,
	})...)
}

// clusterIDs are the configured ids, or those of the clusters OCP lists
// under the filters, sorted and without repeats.
func (d *clusterBackupOverviewsDataSource) clusterIDs(ctx, clientCtx context.Context, state clusterBackupOverviewsModel) ([]int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !state.ClusterIDs.IsNull() {
		var ids []int64
		diags.Append(state.ClusterIDs.ElementsAs(ctx, &ids, false)...)
		slices.Sort(ids)
		return slices.Compact(ids), diags
	}

	opts := ocp.ListClustersOptions{Name: state.Name.ValueString()}
	var wantTypes []string
	diags.Append(state.Statuses.ElementsAs(ctx, &opts.Statuses, true)...)
	diags.Append(state.Types.ElementsAs(ctx, &wantTypes, true)...)
	if diags.HasError() {
		return nil, diags
	}
	slices.Sort(opts.Statuses)
	clusters, err := d.provider.client.ListClusters(clientCtx, opts)
	if err != nil {
		diags.AddError("Unable to list OCP clusters", d.provider.errorDetail(err))
		return nil, diags
	}
	ids := make([]int64, 0, len(clusters))
	for _, c := range clusters {
		// OCP's list has no type filter, so it is applied here.
		if len(wantTypes) > 0 && (c.Type == nil || !slices.Contains(wantTypes, *c.Type)) {
			continue
		}
		ids = append(ids, int64(c.ID))
	}
	slices.Sort(ids)
	return slices.Compact(ids), diags
}

type overviewResult struct {
	id       int64
	overview *ocp.ClusterBackupOverview
	err      error
}

// readAll reads every overview at once; the client's request slots bound
// how many are in flight, across this and every other data source.
func (d *clusterBackupOverviewsDataSource) readAll(ctx context.Context, ids []int64) []overviewResult {
	results := make([]overviewResult, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			overview, err := d.provider.client.GetClusterBackupOverview(ctx, id)
			results[i] = overviewResult{id: id, overview: overview, err: err}
		}()
	}
	wg.Wait()
	return results
}

// unreadable is a cluster OCP will not show this caller: no permission, or
// no such cluster (any more).
func unreadable(err error) bool {
	var apiErr *ocp.APIError
	return errors.As(err, &apiErr) && (apiErr.Forbidden() || apiErr.NotFound())
}
