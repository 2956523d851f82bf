package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*recoveryWindowDataSource)(nil)

// NewRecoveryWindowDataSource is ocp_recovery_window.
func NewRecoveryWindowDataSource() datasource.DataSource {
	return &recoveryWindowDataSource{}
}

type recoveryWindowDataSource struct {
	configured *providerData
}

type recoveryWindowModel struct {
	ClusterID types.Int64       `tfsdk:"cluster_id"`
	TenantID  types.Int64       `tfsdk:"tenant_id"`
	StartTime timetypes.RFC3339 `tfsdk:"start_time"`
	EndTime   timetypes.RFC3339 `tfsdk:"end_time"`
	recoveryWindowReadModel
}

func (d *recoveryWindowDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_window"
}

func (d *recoveryWindowDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := recoveryWindowAttributes()
	attrs["cluster_id"] = schema.Int64Attribute{
		Required:            true,
		MarkdownDescription: "OCP's ID of the cluster (`clusterId`), at least 1.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["tenant_id"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "OCP's ID of a tenant (`tenantId`), at least 1: reads that tenant's window from the " +
			"tenant-level endpoint, which OCP documents from 4.3 on. Without it, the cluster's window and its tenants'.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["start_time"] = schema.StringAttribute{
		Optional: true, CustomType: timetypes.RFC3339Type{},
		MarkdownDescription: "Passed to OCP as `startTime` (RFC 3339). OCP does not document what the range " +
			"restricts. The cluster endpoint gets it as written; the tenant endpoint takes UTC whole seconds, so " +
			"it gets it converted to UTC, the fraction dropped.",
	}
	attrs["end_time"] = schema.StringAttribute{
		Optional: true, CustomType: timetypes.RFC3339Type{},
		MarkdownDescription: "Passed to OCP as `endTime` (RFC 3339), like `start_time`.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The restorable window of one OCP cluster or one tenant " +
			"(`GET /api/v2/ob/clusters/{id}/backup/info`, or `…/tenants/{tenantId}/backup/info` with `tenant_id`): " +
			"the span a point-in-time restore can reach (`recoverable_start_time` to `recoverable_end_time`) and " +
			"the data and log backup sections it is made of. Restore gates compare the two ends with " +
			"`plantimestamp()`; both are null when nothing is restorable. A cluster read also lists each tenant's " +
			"window. Attributes OCP leaves out are null.",
		Attributes: attrs,
	}
}

func (d *recoveryWindowDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *recoveryWindowDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state recoveryWindowModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	var opts ocp.BackupInfoOptions
	opts.StartTime = configuredTime(state.StartTime, path.Root("start_time"), &resp.Diagnostics)
	opts.EndTime = configuredTime(state.EndTime, path.Root("end_time"), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID := state.ClusterID.ValueInt64()
	clientCtx := d.configured.logContext(ctx)
	if state.TenantID.IsNull() {
		info, err := d.configured.client.GetClusterBackupInfo(clientCtx, clusterID, opts)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("cluster_id"),
				fmt.Sprintf("Unable to read the restorable window of OCP cluster %d", clusterID), err.Error())
			return
		}
		state.recoveryWindowReadModel = newClusterRecoveryModel(info)
	} else {
		tenantID := state.TenantID.ValueInt64()
		info, err := d.configured.client.GetTenantBackupInfo(clientCtx, clusterID, tenantID, opts)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("tenant_id"),
				fmt.Sprintf("Unable to read the restorable window of tenant %d of OCP cluster %d", tenantID, clusterID), err.Error())
			return
		}
		state.recoveryWindowReadModel = newTenantRecoveryModel(info)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// configuredTime is an optional RFC 3339 attribute as a time, nil when unset.
func configuredTime(v timetypes.RFC3339, at path.Path, diags *diag.Diagnostics) *time.Time {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, d := v.ValueRFC3339Time()
	for _, e := range d {
		diags.AddAttributeError(at, e.Summary(), e.Detail())
	}
	if d.HasError() {
		return nil
	}
	return &t
}
