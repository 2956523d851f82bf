package provider

import (
	"context"
	"maps"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*logBackupTasksDataSource)(nil)

// NewLogBackupTasksDataSource is ocp_log_backup_tasks.
func NewLogBackupTasksDataSource() datasource.DataSource {
	return &logBackupTasksDataSource{}
}

type logBackupTasksDataSource struct {
	configured *providerData
}

type logBackupTasksModel struct {
	backupTaskQueryModel
	Tasks types.List `tfsdk:"tasks"`
}

// logBackupTaskModel is one log backup task in Terraform's types.
type logBackupTaskModel struct {
	ClusterID       types.Int64       `tfsdk:"cluster_id"`
	ClusterName     types.String      `tfsdk:"cluster_name"`
	ObClusterID     types.Int64       `tfsdk:"ob_cluster_id"`
	ClusterType     types.String      `tfsdk:"cluster_type"`
	TenantID        types.Int64       `tfsdk:"tenant_id"`
	TenantName      types.String      `tfsdk:"tenant_name"`
	ObTenantID      types.Int64       `tfsdk:"ob_tenant_id"`
	BackupDimension types.String      `tfsdk:"backup_dimension"`
	BackupMode      types.String      `tfsdk:"backup_mode"`
	BackupURI       types.String      `tfsdk:"backup_uri"`
	Status          types.String      `tfsdk:"status"`
	ErrorMsg        types.String      `tfsdk:"error_msg"`
	CreateTime      timetypes.RFC3339 `tfsdk:"create_time"`
	ModifyTime      timetypes.RFC3339 `tfsdk:"modify_time"`
	Checkpoint      timetypes.RFC3339 `tfsdk:"checkpoint"`
	Delay           types.Float64     `tfsdk:"delay"`
	AgentServerIP   types.String      `tfsdk:"agent_server_ip"`
}

// logBackupTaskStatuses are the statuses OCP documents for log backup tasks.
const logBackupTaskStatuses = "OCP documents `STARTING`, `INPROGRESS`, `STOPPING`, `STOPPED`, `FAILED`, " +
	"`INTERRUPTED` and `UNKNOWN`, and its own samples send `RUNNING`"

func (d *logBackupTasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_log_backup_tasks"
}

func logBackupTaskAttributes() map[string]schema.Attribute {
	attrs := taskIdentityAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"status":      computedEnum("Log archiving status: " + logBackupTaskStatuses + "."),
		"create_time": computedTime("When the log backup task was created."),
		"modify_time": computedTime("When OCP last changed the task."),
		"checkpoint":  computedTime("Latest point the archived logs reach (the log backup checkpoint)."),
		"delay": computedFloat64("Log backup lag, in seconds: documented as a whole number, sent with a " +
			"fraction (such as `47.8`)."),
		"agent_server_ip": computedString("Host of the backup agent (`agentServerIp`, sent by OCP without being " +
			"documented; often masked as `xxx.xxx.xxx.xxx`)."),
	})
	return attrs
}

func (d *logBackupTasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := backupTaskQueryAttributes(logBackupTaskStatuses)
	attrs["tasks"] = schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "Every task on every page, newest first by `create_time` (tasks without one last); " +
			"empty when none matches.",
		NestedObject: schema.NestedAttributeObject{Attributes: logBackupTaskAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Log backup (archiving) tasks of an OCP cluster (`GET /api/v2/ob/clusters/{id}/backup/task/logBackupTasks`) " +
			"or of one of its tenants (`GET …/tenants/{tenantId}/backup/task/logBackupTasks`, OCP 4.3 and later): " +
			"is log archiving running, and how far behind is it. Every page is read; a list whose pages do not add " +
			"up is an error, never a shorter list. Attributes OCP leaves out are null.",
		Attributes: attrs,
	}
}

func (d *logBackupTasksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *logBackupTasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m logBackupTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	q, diags := m.query(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tasks, err := d.configured.client.ListLogBackupTasks(d.configured.logContext(ctx), q)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("cluster_id"), "Unable to read "+tasksOf("log backup tasks", q), err.Error())
		return
	}
	models := make([]logBackupTaskModel, len(tasks))
	for i, t := range tasks {
		models[i] = newLogBackupTaskModel(t)
	}
	m.Tasks, diags = objectList(logBackupTaskType(), models)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, modelValues(m))...)
}

// logBackupTaskType is the object type of one task.
var logBackupTaskType = sync.OnceValue(func() types.ObjectType { return objectTypeOf(logBackupTaskAttributes()) })

// newLogBackupTaskModel maps one task; what OCP left out stays null.
func newLogBackupTaskModel(t ocp.LogBackupTask) logBackupTaskModel {
	return logBackupTaskModel{
		ClusterID:       types.Int64PointerValue(t.ClusterID.Int64()),
		ClusterName:     types.StringPointerValue(t.ClusterName),
		ObClusterID:     types.Int64PointerValue(t.ObClusterID.Int64()),
		ClusterType:     types.StringPointerValue(t.ClusterType),
		TenantID:        types.Int64PointerValue(t.TenantID.Int64()),
		TenantName:      types.StringPointerValue(t.TenantName),
		ObTenantID:      types.Int64PointerValue(t.ObTenantID.Int64()),
		BackupDimension: types.StringPointerValue(t.BackupDimension),
		BackupMode:      types.StringPointerValue(t.BackupMode),
		BackupURI:       types.StringPointerValue(t.BackupURI),
		Status:          types.StringPointerValue(t.Status),
		ErrorMsg:        types.StringPointerValue(t.ErrorMsg),
		CreateTime:      rfc3339Value(t.CreateTime),
		ModifyTime:      rfc3339Value(t.ModifyTime),
		Checkpoint:      rfc3339Value(t.Checkpoint),
		Delay:           types.Float64PointerValue(t.Delay.Float64()),
		AgentServerIP:   types.StringPointerValue(t.AgentServerIP),
	}
}
