package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*clusterBackupOverviewsDataSource)(nil)

// NewClusterBackupOverviewsDataSource is ocp_cluster_backup_overviews.
func NewClusterBackupOverviewsDataSource() datasource.DataSource {
	return &clusterBackupOverviewsDataSource{}
}

type clusterBackupOverviewsDataSource struct {
	configured *providerData
}

type clusterBackupOverviewsModel struct {
	fleetFilterModel
	Overviews         types.List `tfsdk:"overviews"`
	SkippedClusterIDs types.List `tfsdk:"skipped_cluster_ids"`
}

func (d *clusterBackupOverviewsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_backup_overviews"
}

func (d *clusterBackupOverviewsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := fleetFilterAttributes("backup overview")
	attrs["overviews"] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The overviews, sorted by `cluster_id`; empty when no cluster matches.",
		NestedObject: schema.NestedAttributeObject{
			Attributes: backupOverviewAttributes(schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "OCP's ID of the cluster (`clusterId`).",
			}),
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Backup overviews of many OCP clusters in one read, for fleet audits: lists the clusters " +
			"(`GET /api/v2/ob/clusters`, every page) or takes `cluster_ids`, then reads each overview concurrently, " +
			"at most `max_concurrent_requests` at a time across the provider. Each element of `overviews` has exactly " +
			"the attributes of `ocp_cluster_backup_overview`.",
		Attributes: attrs,
	}
}

func (d *clusterBackupOverviewsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterBackupOverviewsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state clusterBackupOverviewsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	ctx = d.configured.logContext(ctx)
	client := d.configured.client

	sel, diags := selectClusters(ctx, client, state.fleetFilterModel)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	results, skipped, diags := collectFleet(ctx, readFleet(ctx, sel.IDs, client.GetClusterBackupOverview), fleetReport{
		what: "the backup overview", attr: path.Root("overviews"), skipUnreadable: state.SkipUnreadable.ValueBool(),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	overviews, diags := overviewObjects(sel, results)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var d1, d2 diag.Diagnostics
	state.Overviews, d1 = types.ListValue(backupOverviewObjectType(), overviews)
	state.SkippedClusterIDs, d2 = int64ListValue(skipped)
	resp.Diagnostics.Append(d1...)
	resp.Diagnostics.Append(d2...)
	if resp.Diagnostics.HasError() {
		return
	}
	stateRaw, diags := stateValue(ctx, resp.State, map[string]attr.Value{
		"name":                state.Name,
		"statuses":            state.Statuses,
		"types":               state.Types,
		"cluster_ids":         state.ClusterIDs,
		"skip_unreadable":     state.SkipUnreadable,
		"overviews":           state.Overviews,
		"skipped_cluster_ids": state.SkippedClusterIDs,
	})
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		setReadState(ctx, resp, stateRaw)
	}
}

// overviewObjects are the overviews read that the selection keeps, each
// as one object value.
func overviewObjects(sel fleetSelection, results []fleetRead[int64, *ocp.ClusterBackupOverview]) ([]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	overviews := make([]attr.Value, 0, len(results))
	for _, r := range results {
		// The overview states the type of a cluster the list did not.
		keep, err := sel.keep(r.Key, r.Value.ObClusterType)
		if err != nil {
			diags.AddAttributeError(path.Root("overviews"), "Unable to apply the types filter", err.Error())
			continue
		}
		if !keep {
			continue
		}
		m, d := newBackupOverviewModel(r.Key, r.Value)
		diags.Append(d...)
		obj, d := m.object()
		diags.Append(d...)
		overviews = append(overviews, obj)
	}
	return overviews, diags
}

// int64ListValue is ids as a list value, without ListValueFrom's
// reflection.
func int64ListValue(ids []int64) (types.List, diag.Diagnostics) {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.Int64Value(id)
	}
	return types.ListValue(types.Int64Type, elems)
}
