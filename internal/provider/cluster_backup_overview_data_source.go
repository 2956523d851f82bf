package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*clusterBackupOverviewDataSource)(nil)

// NewClusterBackupOverviewDataSource is ocp_cluster_backup_overview.
func NewClusterBackupOverviewDataSource() datasource.DataSource {
	return &clusterBackupOverviewDataSource{}
}

type clusterBackupOverviewDataSource struct {
	configured *providerData
}

func (d *clusterBackupOverviewDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_backup_overview"
}

func (d *clusterBackupOverviewDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Backup overview of one OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/overview`): " +
			"whether it has a backup strategy, the schedule's state, the latest data backup, the log backup " +
			"checkpoint and delay, and the size of the backups. Attributes OCP leaves out are null.",
		Attributes: backupOverviewAttributes(schema.Int64Attribute{
			Required:            true,
			MarkdownDescription: "OCP's ID of the cluster (`clusterId`), at least 1.",
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		}),
	}
}

func (d *clusterBackupOverviewDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterBackupOverviewDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var clusterID types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("cluster_id"), &clusterID)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	id := clusterID.ValueInt64()
	overview, err := d.configured.client.GetClusterBackupOverview(d.configured.logContext(ctx), id)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("cluster_id"),
			fmt.Sprintf("Unable to read the backup overview of OCP cluster %d", id), err.Error())
		return
	}
	model, diags := newBackupOverviewModel(id, overview)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	state, diags := stateValue(ctx, resp.State, model.values())
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		// One overview: the framework's walks over it cost less than
		// handing it off (state_handoff.go).
		resp.State.Raw = state
	}
}
