package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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

// backupTaskQueryAttributes are the query's attributes; statuses are the
// values OCP documents or sends for the kind of task.
func backupTaskQueryAttributes(statuses enumValues) map[string]schema.Attribute {
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
			MarkdownDescription: "Keep tasks in any of these statuses (" + statuses.note() + "). Sent to OCP where it " +
				"documents the filter (the tenant endpoint) and always applied by the provider as well, so the " +
				"result is the same at either level. Any other value is an error, never an empty list.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				enumFilter{values: statuses},
			},
		},
	}
}

// taskQueryOf is the task query of a task list data source's
// configuration, checked; statuses are the values its filter takes.
func taskQueryOf(ctx context.Context, config tfsdk.Config, statuses enumValues) (ocp.TaskQuery, diag.Diagnostics) {
	var m backupTaskQueryModel
	var diags diag.Diagnostics
	for name, dst := range map[string]any{
		"cluster_id": &m.ClusterID, "tenant_id": &m.TenantID, "start_time": &m.StartTime, "end_time": &m.EndTime, "statuses": &m.Statuses,
	} {
		diags.Append(config.GetAttribute(ctx, path.Root(name), dst)...)
	}
	if diags.HasError() {
		return ocp.TaskQuery{}, diags
	}
	q, d := m.query(ctx)
	diags.Append(d...)
	// Values unknown at plan time are checked now, before any request.
	diags.Append(checkEnumFilter(path.Root("statuses"), q.Statuses, statuses)...)
	return q, diags
}

// readTasks is the read of a task list data source: the task query, the
// options only that list has (options may be nil), then every page of the
// list; kind names the tasks in messages, statuses are the values the
// status filter takes.
func readTasks[T any](kind string, statuses enumValues, list func(*ocp.Client, context.Context, ocp.TaskQuery, ...ocp.ListOption[T]) ([]T, error),
	options func(ctx context.Context, config tfsdk.Config) ([]ocp.ListOption[T], diag.Diagnostics),
) func(context.Context, *ocp.Client, tfsdk.Config) ([]T, diag.Diagnostics) {
	return func(ctx context.Context, client *ocp.Client, config tfsdk.Config) ([]T, diag.Diagnostics) {
		q, diags := taskQueryOf(ctx, config, statuses)
		var opts []ocp.ListOption[T]
		if options != nil {
			var d diag.Diagnostics
			opts, d = options(ctx, config)
			diags.Append(d...)
		}
		if diags.HasError() {
			return nil, diags
		}
		tasks, err := list(client, ctx, q, opts...)
		if err != nil {
			diags.AddAttributeError(path.Root("cluster_id"), "Unable to read "+tasksOf(kind, q), err.Error())
		}
		return tasks, diags
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

// backupTaskScopeFields are what every backup task says of the object it
// backs up, data and log alike.
var backupTaskScopeFields = fieldTable[ocp.BackupTaskScope]{
	int64Field("cluster_id", "OCP's ID of the cluster (`clusterId`).", func(t ocp.BackupTaskScope) *ocp.Long { return t.ClusterID }),
	stringField("cluster_name", "Cluster name.", func(t ocp.BackupTaskScope) *string { return t.ClusterName }),
	int64Field("ob_cluster_id", "OceanBase cluster ID, the database's own ID (OCP's `clusterId` is `cluster_id`).",
		func(t ocp.BackupTaskScope) *ocp.Long { return t.ObClusterID }),
	enumField("cluster_type", "Cluster type: `PRIMARY` or `STANDBY`.", func(t ocp.BackupTaskScope) *string { return t.ClusterType }),
	int64Field("tenant_id", "OCP tenant ID (`tenantId`); cluster-level answers may send 0.", func(t ocp.BackupTaskScope) *ocp.Long { return t.TenantID }),
	stringField("tenant_name", "Tenant name.", func(t ocp.BackupTaskScope) *string { return t.TenantName }),
	int64Field("ob_tenant_id", "OceanBase-side tenant ID.", func(t ocp.BackupTaskScope) *ocp.Long { return t.ObTenantID }),
	enumField("backup_dimension", "What the backup covers: `CLUSTER` or `TENANT`.", func(t ocp.BackupTaskScope) *string { return t.BackupDimension }),
	enumField("backup_mode", "Backup kind: `LOGICAL_BACKUP` or `PHYSICAL_BACKUP`.", func(t ocp.BackupTaskScope) *string { return t.BackupMode }),
	stringField("backup_uri", "Where the backup is written, as OCP reports it (such as `file:///obbackup/...`).",
		func(t ocp.BackupTaskScope) *string { return t.BackupURI }),
	stringField("error_msg", "OCP's error text; empty or null when the task did not fail.", func(t ocp.BackupTaskScope) *string { return t.ErrorMsg }),
}
