package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// NewLogBackupTasksDataSource is ocp_log_backup_tasks.
var NewLogBackupTasksDataSource = newListDataSource(listSpec[ocp.LogBackupTask]{
	typeName: "log_backup_tasks",
	description: "Log backup (archiving) tasks of an OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/task/logBackupTasks`) " +
		"or of one of its tenants (`GET …/tenants/{tenantId}/backup/task/logBackupTasks`, OCP 4.3 and later): " +
		"is log archiving running, and how far behind is it. Every page is read; a list whose pages do not add " +
		"up is an error, never a shorter list. Attributes OCP leaves out are null.",
	query: func() map[string]schema.Attribute { return backupTaskQueryAttributes(logBackupTaskStatusValues) },
	items: "tasks",
	itemsDescription: "Every task on every page, newest first by `create_time` (tasks without one last); " +
		"empty when none matches.",
	fields: logBackupTaskFields,
	read:   readTasks("log backup tasks", logBackupTaskStatusValues, (*ocp.Client).ListLogBackupTasks, nil),
})

type logBackupTask = ocp.LogBackupTask

var logBackupTaskFields = append(embed(backupTaskScopeFields, func(t logBackupTask) ocp.BackupTaskScope { return t.BackupTaskScope }),
	enumField("status", "Log archiving status: "+logBackupTaskStatusValues.note()+".", func(t logBackupTask) *string { return t.Status }),
	timeField("create_time", "When the log backup task was created.", func(t logBackupTask) *ocp.Timestamp { return t.CreateTime }),
	timeField("modify_time", "When OCP last changed the task.", func(t logBackupTask) *ocp.Timestamp { return t.ModifyTime }),
	timeField("checkpoint", "Latest point the archived logs reach (the log backup checkpoint).", func(t logBackupTask) *ocp.Timestamp { return t.Checkpoint }),
	decimalField("delay", "Log backup lag, in seconds: documented as a whole number, sent with a "+
		"fraction (such as `47.8`).", func(t logBackupTask) *ocp.Decimal { return t.Delay }),
	stringField("agent_server_ip", "Host of the backup agent (`agentServerIp`, sent by OCP without being "+
		"documented; often masked as `xxx.xxx.xxx.xxx`).", func(t logBackupTask) *string { return t.AgentServerIP }),
)
