package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// NewDataBackupTasksDataSource is ocp_data_backup_tasks.
var NewDataBackupTasksDataSource = newListDataSource(listSpec[ocp.DataBackupTask]{
	typeName: "data_backup_tasks",
	description: "Data backup task history of an OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/task/dataBackupTasks`) " +
		"or of one of its tenants (`GET …/tenants/{tenantId}/backup/task/dataBackupTasks`, OCP 4.3 and later): " +
		"did the backups succeed. Every page is read; a list whose pages do not add up is an error, never a " +
		"shorter list. Attributes OCP leaves out are null.",
	query: func() map[string]schema.Attribute {
		attrs := backupTaskQueryAttributes(dataBackupTaskStatusValues)
		attrs["backup_set_id"] = schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Keep the tasks of this data backup set (OCP's `backupSetId` filter), at least 1. " +
				"Applied by the provider as well, so a task without this `backup_set_id` is never listed.",
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		}
		return attrs
	},
	items: "tasks",
	itemsDescription: "Every task on every page, newest first by `start_time` (ties by `task_id`, highest " +
		"first; tasks that have not started last); empty when none matches.",
	fields: dataBackupTaskFields,
	read: readTasks("data backup tasks", dataBackupTaskStatusValues, (*ocp.Client).ListDataBackupTasks,
		func(ctx context.Context, config tfsdk.Config) ([]ocp.ListOption[ocp.DataBackupTask], diag.Diagnostics) {
			var id types.Int64
			diags := config.GetAttribute(ctx, path.Root("backup_set_id"), &id)
			if id.IsNull() || id.IsUnknown() {
				return nil, diags
			}
			return []ocp.ListOption[ocp.DataBackupTask]{ocp.WithBackupSet(id.ValueInt64())}, diags
		}),
})

type dataBackupTask = ocp.DataBackupTask

var dataBackupTaskFields = append(embed(backupTaskScopeFields, func(t dataBackupTask) ocp.BackupTaskScope { return t.BackupTaskScope }),
	int64Field("task_id", "OCP's ID of the task (`taskId`). OCP numbers data backups per tenant, as it "+
		"numbers backup sets, so two tenants' tasks may share an ID.", func(t dataBackupTask) *ocp.Long { return t.TaskID }),
	int64Field("backup_set_id", "ID of the data backup set the task makes (`backupSetId`).", func(t dataBackupTask) *ocp.Long { return t.BackupSetID }),
	enumField("data_backup_task_type", "Full or incremental: `FULL_BACKUP` or `INCREMENTAL_BACKUP`.",
		func(t dataBackupTask) *string { return t.DataBackupTaskType }),
	enumField("backup_type", "OCP's `backupType`; OCP documents no values.", func(t dataBackupTask) *string { return t.BackupType }),
	enumField("task_type", "OCP's `taskType`; OCP documents no values.", func(t dataBackupTask) *string { return t.TaskType }),
	enumField("data_type", "OCP's `dataType`; OCP documents no values.", func(t dataBackupTask) *string { return t.DataType }),
	enumField("status", "Task status: "+dataBackupTaskStatusValues.note()+" (for tenants; it lists none for clusters).",
		func(t dataBackupTask) *string { return t.Status }),
	int64Field("data_version", "Data version (`dataVersion`); OceanBase 4.x sends -1.", func(t dataBackupTask) *ocp.Long { return t.DataVersion }),
	int64Field("schema_version", "Schema version (`schemaVersion`).", func(t dataBackupTask) *ocp.Long { return t.SchemaVersion }),
	timeField("start_time", "When the task started; null for a task that has not started.", func(t dataBackupTask) *ocp.Timestamp { return t.StartTime }),
	timeField("finish_time", "When the task finished.", func(t dataBackupTask) *ocp.Timestamp { return t.FinishTime }),
	timeField("snapshot_version_time", "Consistent snapshot point of the backup (`snapshotVersionTime`, sent by OCP without being documented).",
		func(t dataBackupTask) *ocp.Timestamp { return t.SnapshotVersionTime }),
	decimalField("duration", "How long the task ran, as OCP reports it (`duration`, sent without being documented; seconds in OCP's samples).",
		func(t dataBackupTask) *ocp.Decimal { return t.Duration }),
	int64ListField("data_secondary_backup_task_ids", "IDs of the secondary backup tasks made from this backup set (physical backup "+
		"only); null when OCP sends none.", func(t dataBackupTask) []ocp.Long { return t.DataSecondaryBackupTaskIDs }),
)
