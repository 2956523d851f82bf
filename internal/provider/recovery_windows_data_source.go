package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*recoveryWindowsDataSource)(nil)

// NewRecoveryWindowsDataSource is ocp_recovery_windows.
func NewRecoveryWindowsDataSource() datasource.DataSource {
	return &recoveryWindowsDataSource{}
}

type recoveryWindowsDataSource struct {
	configured *providerData
}

// recoveryWindowsModel is the configuration, and what State.Set would
// make of a read (see recovery_windows_state.go for why Read does not).
type recoveryWindowsModel struct {
	fleetFilterModel
	Windows           []recoveryWindowElementModel `tfsdk:"windows"`
	SkippedClusterIDs []int64                      `tfsdk:"skipped_cluster_ids"`
}

// recoveryWindowElementModel is one element of windows: a cluster read of
// ocp_recovery_window, with its cluster_id.
type recoveryWindowElementModel struct {
	ClusterID types.Int64 `tfsdk:"cluster_id"`
	recoveryWindowReadModel
}

func (d *recoveryWindowsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_windows"
}

func (d *recoveryWindowsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	element := recoveryWindowAttributes()
	element["cluster_id"] = computedInt64("OCP's ID of the cluster (`clusterId`).")
	attrs := fleetFilterAttributes("restorable window")
	attrs["windows"] = typedListNested(schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "The restorable windows, sorted by `cluster_id`; empty when no cluster matches. Each has " +
			"exactly the attributes a cluster read of `ocp_recovery_window` computes, with `cluster_id`.",
		NestedObject: schema.NestedAttributeObject{Attributes: element},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Restorable windows of many OCP clusters in one read, for fleet recovery audits: lists the " +
			"clusters (`GET /api/v2/ob/clusters`, every page) or takes `cluster_ids`, then reads each cluster's window " +
			"(`GET /api/v2/ob/clusters/{id}/backup/info`) concurrently, at most `max_concurrent_requests` at a time " +
			"across the provider. The filters, `skip_unreadable` and the errors are those of `ocp_cluster_backup_overviews`; " +
			"with `types`, a cluster the list does not type is decided by its backup overview.",
		Attributes: attrs,
	}
}

func (d *recoveryWindowsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *recoveryWindowsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state recoveryWindowsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	ctx = d.configured.logContext(ctx)
	client := d.configured.client
	read := func(ctx context.Context, id int64) (*ocp.ClusterBackupInfo, error) {
		return client.GetClusterBackupInfo(ctx, id, ocp.BackupInfoOptions{})
	}
	// A window does not say the cluster's type; the overview does.
	results, skipped, diags := readUntypedFleet(ctx, client, state.fleetFilterModel, read, fleetReport{
		what: "the restorable window", attr: path.Root("windows"), skipUnreadable: state.SkipUnreadable.ValueBool(),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	windows := recoveryWindowElements(results)
	raw, err := recoveryWindowsState(ctx, req.Config.Raw, windows, skipped)
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	setReadState(ctx, resp, raw)
}

// recoveryWindowElements are the windows read, as elements of windows.
func recoveryWindowElements(results []fleetRead[int64, *ocp.ClusterBackupInfo]) []recoveryWindowElementModel {
	windows := make([]recoveryWindowElementModel, len(results))
	for i, r := range results {
		windows[i] = recoveryWindowElementModel{ClusterID: types.Int64Value(r.Key), recoveryWindowReadModel: newClusterRecoveryModel(r.Value)}
	}
	return windows
}
