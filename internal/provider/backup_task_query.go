package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The query both backup task data sources take: which cluster or tenant,
// which time range, which statuses.

// backupTaskQueryModel is the query part of a task data source's config.
type backupTaskQueryModel struct {
	ClusterID types.Int64       `tfsdk:"cluster_id"`
	TenantID  types.Int64       `tfsdk:"tenant_id"`
	StartTime timetypes.RFC3339 `tfsdk:"start_time"`
	EndTime   timetypes.RFC3339 `tfsdk:"end_time"`
	Statuses  types.Set         `tfsdk:"statuses"`
}

// backupTaskQueryAttributes are the query's attributes; statusNote lists
// the statuses OCP documents for the kind of task.
func backupTaskQueryAttributes(statusNote string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"cluster_id": schema.Int64Attribute{
			Required:            true,
			MarkdownDescription: "OCP's ID of the cluster, at least 1.",
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
		"tenant_id": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Read the tasks of this OCP tenant of the cluster, at least 1: the tenant-level " +
				"endpoint, which OCP has from 4.3 on (an older OCP answers 404, and the error says so). Without it, " +
				"the cluster-level endpoint is read.",
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"start_time": schema.StringAttribute{
			Optional: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "Only tasks OCP selects from this time on, as RFC 3339 text (such as " +
				"`timeadd(plantimestamp(), \"-168h\")`). Sent as an offset date-time to the cluster endpoint, and " +
				"in UTC to the second, rounded down, to the tenant endpoint, as OCP documents each. OCP does not " +
				"document which time of a task it compares.",
		},
		"end_time": schema.StringAttribute{
			Optional: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "Only tasks OCP selects up to this time, as RFC 3339 text; not before " +
				"`start_time`. Sent like `start_time`, rounded up to the second for the tenant endpoint.",
		},
		"statuses": schema.SetAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Keep tasks in any of these statuses (" + statusNote + "). Sent to OCP where it " +
				"documents the filter (the tenant endpoint) and always applied by the provider as well, so the " +
				"result is the same at either level.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		},
	}
}

// query is the client's query for the model, checked.
func (m backupTaskQueryModel) query(ctx context.Context) (ocp.TaskQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := ocp.TaskQuery{ClusterID: m.ClusterID.ValueInt64(), TenantID: m.TenantID.ValueInt64()}
	if !m.StartTime.IsNull() {
		t, d := m.StartTime.ValueRFC3339Time()
		diags.Append(d...)
		q.StartTime = &t
	}
	if !m.EndTime.IsNull() {
		t, d := m.EndTime.ValueRFC3339Time()
		diags.Append(d...)
		q.EndTime = &t
	}
	if q.StartTime != nil && q.EndTime != nil && q.EndTime.Before(*q.StartTime) {
		diags.AddAttributeError(path.Root("end_time"), "Invalid time range",
			fmt.Sprintf("end_time %s is before start_time %s.", m.EndTime.ValueString(), m.StartTime.ValueString()))
	}
	diags.Append(m.Statuses.ElementsAs(ctx, &q.Statuses, true)...)
	return q, diags
}

// tasksOf names what a task query reads, for messages.
func tasksOf(kind string, q ocp.TaskQuery) string {
	if q.TenantID > 0 {
		return fmt.Sprintf("the %s of tenant %d of OCP cluster %d", kind, q.TenantID, q.ClusterID)
	}
	return fmt.Sprintf("the %s of OCP cluster %d", kind, q.ClusterID)
}

// Attributes every task has, data and log alike.
func taskIdentityAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"cluster_id":   computedInt64("OCP's ID of the cluster (`clusterId`)."),
		"cluster_name": computedString("Cluster name."),
		"ob_cluster_id": computedInt64("OceanBase cluster ID, the database's own ID (OCP's `clusterId` is " +
			"`cluster_id`)."),
		"cluster_type":     computedEnum("Cluster type: `PRIMARY` or `STANDBY`."),
		"tenant_id":        computedInt64("OCP tenant ID (`tenantId`); cluster-level answers may send 0."),
		"tenant_name":      computedString("Tenant name."),
		"ob_tenant_id":     computedInt64("OceanBase-side tenant ID."),
		"backup_dimension": computedEnum("What the backup covers: `CLUSTER` or `TENANT`."),
		"backup_mode":      computedEnum("Backup kind: `LOGICAL_BACKUP` or `PHYSICAL_BACKUP`."),
		"backup_uri":       computedString("Where the backup is written, as OCP reports it (such as `file:///obbackup/...`)."),
		"error_msg":        computedString("OCP's error text; empty or null when the task did not fail."),
	}
}
