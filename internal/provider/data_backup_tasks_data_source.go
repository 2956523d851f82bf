package provider

import (
	"context"
	"maps"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*dataBackupTasksDataSource)(nil)

// NewDataBackupTasksDataSource is ocp_data_backup_tasks.
func NewDataBackupTasksDataSource() datasource.DataSource {
	return &dataBackupTasksDataSource{}
}

type dataBackupTasksDataSource struct {
	configured *providerData
}

type dataBackupTasksModel struct {
	backupTaskQueryModel
	BackupSetID types.Int64 `tfsdk:"backup_set_id"`
	Tasks       types.List  `tfsdk:"tasks"`
}

// dataBackupTaskModel is one data backup task in Terraform's types.
type dataBackupTaskModel struct {
	TaskID                     types.Int64       `tfsdk:"task_id"`
	BackupSetID                types.Int64       `tfsdk:"backup_set_id"`
	BackupMode                 types.String      `tfsdk:"backup_mode"`
	DataBackupTaskType         types.String      `tfsdk:"data_backup_task_type"`
	BackupType                 types.String      `tfsdk:"backup_type"`
	TaskType                   types.String      `tfsdk:"task_type"`
	DataType                   types.String      `tfsdk:"data_type"`
	Status                     types.String      `tfsdk:"status"`
	ErrorMsg                   types.String      `tfsdk:"error_msg"`
	ClusterID                  types.Int64       `tfsdk:"cluster_id"`
	ClusterName                types.String      `tfsdk:"cluster_name"`
	ObClusterID                types.Int64       `tfsdk:"ob_cluster_id"`
	ClusterType                types.String      `tfsdk:"cluster_type"`
	TenantID                   types.Int64       `tfsdk:"tenant_id"`
	TenantName                 types.String      `tfsdk:"tenant_name"`
	ObTenantID                 types.Int64       `tfsdk:"ob_tenant_id"`
	BackupDimension            types.String      `tfsdk:"backup_dimension"`
	BackupURI                  types.String      `tfsdk:"backup_uri"`
	DataVersion                types.Int64       `tfsdk:"data_version"`
	SchemaVersion              types.Int64       `tfsdk:"schema_version"`
	StartTime                  timetypes.RFC3339 `tfsdk:"start_time"`
	FinishTime                 timetypes.RFC3339 `tfsdk:"finish_time"`
	SnapshotVersionTime        timetypes.RFC3339 `tfsdk:"snapshot_version_time"`
	Duration                   types.Float64     `tfsdk:"duration"`
	DataSecondaryBackupTaskIDs types.List        `tfsdk:"data_secondary_backup_task_ids"`
}

// dataBackupTaskStatuses are the statuses OCP documents for data backup tasks.
const dataBackupTaskStatuses = "OCP documents `BEGINNING`, `INITIALIZING`, `DOING`, `DONE`, `FAILED`, " +
	"`CANCELING`, `CANCELED`, `OVERDUE` and `UNKNOWN`"

func (d *dataBackupTasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_backup_tasks"
}

func dataBackupTaskAttributes() map[string]schema.Attribute {
	attrs := taskIdentityAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"task_id": computedInt64("OCP's ID of the task (`taskId`). OCP numbers data backups per tenant, as it " +
			"numbers backup sets, so two tenants' tasks may share an ID."),
		"backup_set_id":         computedInt64("ID of the data backup set the task makes (`backupSetId`)."),
		"data_backup_task_type": computedEnum("Full or incremental: `FULL_BACKUP` or `INCREMENTAL_BACKUP`."),
		"backup_type":           computedEnum("OCP's `backupType`; OCP documents no values."),
		"task_type":             computedEnum("OCP's `taskType`; OCP documents no values."),
		"data_type":             computedEnum("OCP's `dataType`; OCP documents no values."),
		"status":                computedEnum("Task status: " + dataBackupTaskStatuses + " (for tenants; it lists none for clusters)."),
		"data_version":          computedInt64("Data version (`dataVersion`); OceanBase 4.x sends -1."),
		"schema_version":        computedInt64("Schema version (`schemaVersion`)."),
		"start_time":            computedTime("When the task started; null for a task that has not started."),
		"finish_time":           computedTime("When the task finished."),
		"snapshot_version_time": computedTime("Consistent snapshot point of the backup (`snapshotVersionTime`, sent by OCP without being documented)."),
		"duration":              computedFloat64("How long the task ran, as OCP reports it (`duration`, sent without being documented; seconds in OCP's samples)."),
		"data_secondary_backup_task_ids": schema.ListAttribute{
			Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "IDs of the secondary backup tasks made from this backup set (physical backup " +
				"only); null when OCP sends none.",
		},
	})
	return attrs
}

func (d *dataBackupTasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := backupTaskQueryAttributes(dataBackupTaskStatuses)
	attrs["backup_set_id"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Keep the tasks of this data backup set (OCP's `backupSetId` filter), at least 1. " +
			"Applied by the provider as well, so a task without this `backup_set_id` is never listed.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["tasks"] = schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "Every task on every page, newest first by `start_time` (ties by `task_id`, highest " +
			"first; tasks that have not started last); empty when none matches.",
		NestedObject: schema.NestedAttributeObject{Attributes: dataBackupTaskAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Data backup task history of an OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/task/dataBackupTasks`) " +
			"or of one of its tenants (`GET …/tenants/{tenantId}/backup/task/dataBackupTasks`, OCP 4.3 and later): " +
			"did the backups succeed. Every page is read; a list whose pages do not add up is an error, never a " +
			"shorter list. Attributes OCP leaves out are null.",
		Attributes: attrs,
	}
}

func (d *dataBackupTasksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *dataBackupTasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataBackupTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	q, diags := m.query(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var opts []ocp.ListOption[ocp.DataBackupTask]
	if !m.BackupSetID.IsNull() {
		opts = append(opts, ocp.WithBackupSet(m.BackupSetID.ValueInt64()))
	}
	tasks, err := d.configured.client.ListDataBackupTasks(d.configured.logContext(ctx), q, opts...)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("cluster_id"), "Unable to read "+tasksOf("data backup tasks", q), err.Error())
		return
	}
	models := make([]dataBackupTaskModel, len(tasks))
	for i, t := range tasks {
		var diags diag.Diagnostics
		models[i], diags = newDataBackupTaskModel(t)
		resp.Diagnostics.Append(diags...)
	}
	m.Tasks, diags = objectList(dataBackupTaskType(), models)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, modelValues(m))...)
}

// dataBackupTaskType is the object type of one task.
var dataBackupTaskType = sync.OnceValue(func() types.ObjectType { return objectTypeOf(dataBackupTaskAttributes()) })

// newDataBackupTaskModel maps one task; what OCP left out stays null.
func newDataBackupTaskModel(t ocp.DataBackupTask) (dataBackupTaskModel, diag.Diagnostics) {
	m := dataBackupTaskModel{
		TaskID:                     types.Int64PointerValue(t.TaskID.Int64()),
		BackupSetID:                types.Int64PointerValue(t.BackupSetID.Int64()),
		BackupMode:                 types.StringPointerValue(t.BackupMode),
		DataBackupTaskType:         types.StringPointerValue(t.DataBackupTaskType),
		BackupType:                 types.StringPointerValue(t.BackupType),
		TaskType:                   types.StringPointerValue(t.TaskType),
		DataType:                   types.StringPointerValue(t.DataType),
		Status:                     types.StringPointerValue(t.Status),
		ErrorMsg:                   types.StringPointerValue(t.ErrorMsg),
		ClusterID:                  types.Int64PointerValue(t.ClusterID.Int64()),
		ClusterName:                types.StringPointerValue(t.ClusterName),
		ObClusterID:                types.Int64PointerValue(t.ObClusterID.Int64()),
		ClusterType:                types.StringPointerValue(t.ClusterType),
		TenantID:                   types.Int64PointerValue(t.TenantID.Int64()),
		TenantName:                 types.StringPointerValue(t.TenantName),
		ObTenantID:                 types.Int64PointerValue(t.ObTenantID.Int64()),
		BackupDimension:            types.StringPointerValue(t.BackupDimension),
		BackupURI:                  types.StringPointerValue(t.BackupURI),
		DataVersion:                types.Int64PointerValue(t.DataVersion.Int64()),
		SchemaVersion:              types.Int64PointerValue(t.SchemaVersion.Int64()),
		StartTime:                  rfc3339Value(t.StartTime),
		FinishTime:                 rfc3339Value(t.FinishTime),
		SnapshotVersionTime:        rfc3339Value(t.SnapshotVersionTime),
		Duration:                   types.Float64PointerValue(t.Duration.Float64()),
		DataSecondaryBackupTaskIDs: types.ListNull(types.Int64Type),
	}
	if t.DataSecondaryBackupTaskIDs == nil {
		return m, nil
	}
	ids := make([]attr.Value, len(t.DataSecondaryBackupTaskIDs))
	for i, id := range t.DataSecondaryBackupTaskIDs {
		ids[i] = types.Int64Value(int64(id))
	}
	var diags diag.Diagnostics
	m.DataSecondaryBackupTaskIDs, diags = types.ListValue(types.Int64Type, ids)
	return m, diags
}
