package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// NewRestoreTasksDataSource is ocp_restore_tasks.
var NewRestoreTasksDataSource = newListDataSource(listSpec[ocp.RestoreHistoryTask]{
	typeName: "restore_tasks",
	description: "Restore task history of an OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/task/restoreTasks`) " +
		"or of one of its tenants' backups (`GET …/tenants/{tenantId}/backup/task/restoreTasks`, OCP 4.3 and " +
		"later): when was a backup last restored, and did it work. OCP does not say whether a cluster's list holds " +
		"the restores into it or those of its backups, so a task naming the cluster as neither its restore nor its " +
		"backup cluster fails the read. Every page is read; a list whose pages do not add up is an error, never a " +
		"shorter list. Attributes OCP leaves out are null.",
	query: func() map[string]schema.Attribute { return backupTaskQueryAttributes(restoreTaskStatusValues) },
	items: "tasks",
	itemsDescription: "Every restore task on every page, newest first by `create_time`, then by `id`, highest " +
		"first (tasks without a creation time last); empty when none matches.",
	fields: restoreTaskFields,
	read:   readTasks("restore tasks", restoreTaskStatusValues, (*ocp.Client).ListRestoreTasks, nil),
})

// restoreTaskStatusValues: §4.4's table of phases, of which OCP's pages
// quote only these, and the samples' RESTORE_SUCCESS.
var restoreTaskStatusValues = enumValues{
	documented: []string{"THE TENANT IS BEING CREATED", "COMPLETED", "FAILED"},
	sampled:    []string{"RESTORE_SUCCESS"},
}

type restoreTask = ocp.RestoreHistoryTask

var restoreTaskFields = fieldTable[restoreTask]{
	int64Field("id", "OCP's ID of the restore task (`id`).", func(t restoreTask) *ocp.Long { return t.ID }),
	int64Field("ocp_job_id", "OCP's job of a physical restore (`ocpJobId`, above 0 for one).", func(t restoreTask) *ocp.Long { return t.OcpJobID }),
	enumField("backup_mode", "Backup kind restored: `LOGICAL_BACKUP` or `PHYSICAL_BACKUP`.", func(t restoreTask) *string { return t.BackupMode }),
	enumField("trigger_type", "What started the restore (`triggerType`; OCP documents no values, its samples send `NORMAL`).",
		func(t restoreTask) *string { return t.TriggerType }),
	enumField("restore_object_type", "What was restored (`restoreObjectType`, sent without being documented; `TENANT` in OCP's samples).",
		func(t restoreTask) *string { return t.RestoreObjectType }),
	timeField("create_time", "When the restore task was created.", func(t restoreTask) *ocp.Timestamp { return t.CreateTime }),
	timeField("finish_time", "When the restore finished; null while it runs.", func(t restoreTask) *ocp.Timestamp { return t.FinishTime }),
	int64Field("backup_cluster_id", "OCP's ID of the cluster whose backup was restored.", func(t restoreTask) *ocp.Long { return t.BackupClusterID }),
	stringField("backup_cluster_name", "Name of the cluster whose backup was restored.", func(t restoreTask) *string { return t.BackupClusterName }),
	int64Field("backup_ob_cluster_id", "OceanBase cluster ID of the backup's cluster.", func(t restoreTask) *ocp.Long { return t.BackupObClusterID }),
	int64Field("backup_tenant_id", "OCP's ID of the tenant whose backup was restored.", func(t restoreTask) *ocp.Long { return t.BackupTenantID }),
	stringField("backup_tenant_name", "Name of the tenant whose backup was restored.", func(t restoreTask) *string { return t.BackupTenantName }),
	int64Field("backup_ob_tenant_id", "OceanBase-side ID of the backup's tenant.", func(t restoreTask) *ocp.Long { return t.BackupObTenantID }),
	int64Field("restore_cluster_id", "OCP's ID of the cluster restored into.", func(t restoreTask) *ocp.Long { return t.RestoreClusterID }),
	stringField("restore_cluster_name", "Name of the cluster restored into.", func(t restoreTask) *string { return t.RestoreClusterName }),
	int64Field("restore_ob_cluster_id", "OceanBase cluster ID of the cluster restored into.", func(t restoreTask) *ocp.Long { return t.RestoreObClusterID }),
	stringField("restore_tenant_name", "Name of the tenant the restore creates.", func(t restoreTask) *string { return t.RestoreTenantName }),
	stringField("restore_pool_list_str", "Resource pools of the restored tenant, as OCP writes them (`restorePoolListStr`).",
		func(t restoreTask) *string { return t.RestorePoolListStr }),
	stringField("restore_uri", "Where the restored backup was read from (`restoreUri`).", func(t restoreTask) *string { return t.RestoreURI }),
	timeField("restore_end_time", "The point in time the restore recovers to (`restoreEndTime`).", func(t restoreTask) *ocp.Timestamp { return t.RestoreEndTime }),
	enumField("status", "Restore status: "+restoreTaskStatusValues.note()+"; the table's other phases are "+
		"human-readable strings OCP does not all quote.", func(t restoreTask) *string { return t.Status }),
	stringField("status_desc", "OCP's description of the status, in the request's language (`statusDesc`, such as `Completed`).",
		func(t restoreTask) *string { return t.StatusDesc }),
	decimalField("progress", "How far the restore is, as OCP reports it (`progress`).", func(t restoreTask) *ocp.Decimal { return t.Progress }),
	boolField("finished", "Whether the restore has ended (`finished`, sent without being documented).", func(t restoreTask) *bool { return t.Finished }),
	boolField("successful", "Whether the restore succeeded, when OCP says (`successful`, sent without being documented); "+
		"null when OCP leaves it out.", func(t restoreTask) *bool { return t.Successful }),
	stringField("error_msg", "OCP's error text; empty or null when the restore did not fail.", func(t restoreTask) *string { return t.ErrorMsg }),
}
