package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The attributes of one backup overview, shared by the singular data source
// and each element of the plural one. backupOverviewModel below must agree
// with them; a test holds the two together.

// backupOverviewAttributes are the computed attributes of an overview;
// clusterID is the one attribute whose role differs between data sources.
func backupOverviewAttributes(clusterID schema.Attribute) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"cluster_id":               clusterID,
		"ob_cluster_id":            computedInt64("OceanBase cluster ID, the database's own ID (OCP's `clusterId` is `cluster_id`)."),
		"cluster_name":             computedString("Cluster name."),
		"ob_tenant_id":             computedInt64("OceanBase-side tenant ID; null unless `backup_dimension` is `TENANT`."),
		"tenant_id":                computedInt64("OCP tenant ID; null unless `backup_dimension` is `TENANT`."),
		"tenant_name":              computedString("Tenant name; null unless `backup_dimension` is `TENANT`."),
		"ob_cluster_type":          computedString("Cluster type: `PRIMARY` or `STANDBY`." + enumNote),
		"ob_cluster_status":        computedString("Cluster status as OCP reports it, such as `RUNNING`." + enumNote),
		"compaction_status":        computedString("Compaction (major merge) status of the cluster, such as `IDLE`." + enumNote),
		"primary_and_standby_mode": computedBool("Whether the cluster runs in primary/standby mode."),
		"ob_version":               computedString("OceanBase version, such as `4.2.1.0`."),
		"ob_cluster_backup_status": computedString("Whether the cluster has a backup strategy: " +
			"`HAS_BACKUP_STRATEGY` or `NO_BACKUP_STRATEGY`." + enumNote),
		"ob_backup_ability": schema.SingleNestedAttribute{
			Computed: true,
			MarkdownDescription: "Which kinds of backup the cluster can run; null when OCP sends none, so read a " +
				"field of it with `try()`, as in `try(data.ocp_cluster_backup_overview.x.ob_backup_ability.backup_mode, null)`.",
			Attributes: map[string]schema.Attribute{
				"backup_ability": computedString("Backup kinds the cluster supports: `LOGICAL_BACKUP`, " +
					"`PHYSICAL_BACKUP` or `LOGICAL_AND_PHYSICAL`." + enumNote),
				"backup_mode": computedString("Backup kind in use: `LOGICAL_BACKUP` or `PHYSICAL_BACKUP`." + enumNote),
				"ob_data_backup_support_ability": schema.SingleNestedAttribute{
					Computed:            true,
					MarkdownDescription: "Which data backups are possible now; null when OCP sends none.",
					Attributes: map[string]schema.Attribute{
						"can_do_incremental_backup": computedBool("Whether an incremental data backup can run now " +
							"(under physical backup, a full backup must exist first)."),
						"full_backup_enabled":      computedBool("Whether full data backups are enabled."),
						"increment_backup_enabled": computedBool("Whether incremental data backups are enabled."),
						"hint":                     computedString("OCP's free-text explanation, in the server's language."),
					},
				},
			},
		},
		"backup_dimension": computedString("What backups cover: `CLUSTER` or `TENANT`." + enumNote),
		"backup_schedule_status": computedString("State of the backup schedule: `NONE`, `NORMAL`, `PAUSED`, " +
			"`WAITING` or `ABNORMAL`." + enumNote),
		"last_data_backup_time":        computedTime("Time of the latest data backup."),
		"latest_log_backup_checkpoint": computedTime("Latest log backup checkpoint."),
		"log_backup_delay_seconds":     computedInt64("Log backup delay, in seconds; null when OCP reports none."),
		"backup_size":                  computedFloat64("Size of the backups, in `ob_storage_volume_unit`."),
		"ob_storage_volume_unit":       computedString("Unit of `backup_size`: `B`, `KB`, `MB`, `GB`, `TB` or `PB`." + enumNote),
	}
}

// backupOverviewModel is one overview in Terraform's types.
type backupOverviewModel struct {
	ClusterID                 types.Int64       `tfsdk:"cluster_id"`
	ObClusterID               types.Int64       `tfsdk:"ob_cluster_id"`
	ClusterName               types.String      `tfsdk:"cluster_name"`
	ObTenantID                types.Int64       `tfsdk:"ob_tenant_id"`
	TenantID                  types.Int64       `tfsdk:"tenant_id"`
	TenantName                types.String      `tfsdk:"tenant_name"`
	ObClusterType             types.String      `tfsdk:"ob_cluster_type"`
	ObClusterStatus           types.String      `tfsdk:"ob_cluster_status"`
	CompactionStatus          types.String      `tfsdk:"compaction_status"`
	PrimaryAndStandbyMode     types.Bool        `tfsdk:"primary_and_standby_mode"`
	ObVersion                 types.String      `tfsdk:"ob_version"`
	ObClusterBackupStatus     types.String      `tfsdk:"ob_cluster_backup_status"`
	ObBackupAbility           types.Object      `tfsdk:"ob_backup_ability"`
	BackupDimension           types.String      `tfsdk:"backup_dimension"`
	BackupScheduleStatus      types.String      `tfsdk:"backup_schedule_status"`
	LastDataBackupTime        timetypes.RFC3339 `tfsdk:"last_data_backup_time"`
	LatestLogBackupCheckpoint timetypes.RFC3339 `tfsdk:"latest_log_backup_checkpoint"`
	LogBackupDelaySeconds     types.Int64       `tfsdk:"log_backup_delay_seconds"`
	BackupSize                types.Float64     `tfsdk:"backup_size"`
	ObStorageVolumeUnit       types.String      `tfsdk:"ob_storage_volume_unit"`
}

var (
	dataBackupSupportAbilityType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"can_do_incremental_backup": types.BoolType,
		"full_backup_enabled":       types.BoolType,
		"increment_backup_enabled":  types.BoolType,
		"hint":                      types.StringType,
	}}
	backupAbilityType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"backup_ability":                 types.StringType,
		"backup_mode":                    types.StringType,
		"ob_data_backup_support_ability": dataBackupSupportAbilityType,
	}}
)

// newBackupOverviewModel maps OCP's overview; whatever OCP left out or sent
// as null stays null. clusterID is the id the caller asked for, used when
// OCP's answer does not repeat it.
func newBackupOverviewModel(clusterID int64, o *ocp.ClusterBackupOverview) (backupOverviewModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := backupOverviewModel{
		ClusterID:                 types.Int64Value(clusterID),
		ObClusterID:               types.Int64PointerValue(o.ObClusterID.Int64()),
		ClusterName:               types.StringPointerValue(o.ClusterName),
		ObTenantID:                types.Int64PointerValue(o.ObTenantID.Int64()),
		TenantID:                  types.Int64PointerValue(o.TenantID.Int64()),
		TenantName:                types.StringPointerValue(o.TenantName),
		ObClusterType:             types.StringPointerValue(o.ObClusterType),
		ObClusterStatus:           types.StringPointerValue(o.ObClusterStatus),
		CompactionStatus:          types.StringPointerValue(o.CompactionStatus),
		PrimaryAndStandbyMode:     types.BoolPointerValue(o.PrimaryAndStandbyMode),
		ObVersion:                 types.StringPointerValue(o.ObVersion),
		ObClusterBackupStatus:     types.StringPointerValue(o.ObClusterBackupStatus),
		ObBackupAbility:           types.ObjectNull(backupAbilityType.AttrTypes),
		BackupDimension:           types.StringPointerValue(o.BackupDimension),
		BackupScheduleStatus:      types.StringPointerValue(o.BackupScheduleStatus),
		LastDataBackupTime:        rfc3339Value(o.LastDataBackupTime),
		LatestLogBackupCheckpoint: rfc3339Value(o.LatestLogBackupCheckpoint),
		LogBackupDelaySeconds:     types.Int64PointerValue(o.LogBackupDelaySeconds.Int64()),
		BackupSize:                types.Float64PointerValue(o.BackupSize),
		ObStorageVolumeUnit:       types.StringPointerValue(o.ObStorageVolumeUnit),
	}
	if a := o.ObBackupAbility; a != nil {
		support := types.ObjectNull(dataBackupSupportAbilityType.AttrTypes)
		if s := a.ObDataBackupSupportAbility; s != nil {
			var d diag.Diagnostics
			support, d = types.ObjectValue(dataBackupSupportAbilityType.AttrTypes, map[string]attr.Value{
				"can_do_incremental_backup": types.BoolPointerValue(s.CanDoIncrementalBackup),
				"full_backup_enabled":       types.BoolPointerValue(s.FullBackupEnabled),
				"increment_backup_enabled":  types.BoolPointerValue(s.IncrementBackupEnabled),
				"hint":                      types.StringPointerValue(s.Hint),
			})
			diags.Append(d...)
		}
		var d diag.Diagnostics
		m.ObBackupAbility, d = types.ObjectValue(backupAbilityType.AttrTypes, map[string]attr.Value{
			"backup_ability":                 types.StringPointerValue(a.BackupAbility),
			"backup_mode":                    types.StringPointerValue(a.BackupMode),
			"ob_data_backup_support_ability": support,
		})
		diags.Append(d...)
	}
	return m, diags
}

// object is the model as one object value. Building it field by field keeps
// the framework's reflection (State.Set, ListValueFrom) off the hot path,
// where the profile showed it; TestBackupOverviewModelMatchesSchema holds
// these names to the struct tags and the schema.
func (m backupOverviewModel) object() (types.Object, diag.Diagnostics) {
	return types.ObjectValue(backupOverviewObjectType().AttrTypes, m.values())
}

// values are the model's attributes by name.
func (m backupOverviewModel) values() map[string]attr.Value {
	return map[string]attr.Value{
		"cluster_id":                   m.ClusterID,
		"ob_cluster_id":                m.ObClusterID,
		"cluster_name":                 m.ClusterName,
		"ob_tenant_id":                 m.ObTenantID,
		"tenant_id":                    m.TenantID,
		"tenant_name":                  m.TenantName,
		"ob_cluster_type":              m.ObClusterType,
		"ob_cluster_status":            m.ObClusterStatus,
		"compaction_status":            m.CompactionStatus,
		"primary_and_standby_mode":     m.PrimaryAndStandbyMode,
		"ob_version":                   m.ObVersion,
		"ob_cluster_backup_status":     m.ObClusterBackupStatus,
		"ob_backup_ability":            m.ObBackupAbility,
		"backup_dimension":             m.BackupDimension,
		"backup_schedule_status":       m.BackupScheduleStatus,
		"last_data_backup_time":        m.LastDataBackupTime,
		"latest_log_backup_checkpoint": m.LatestLogBackupCheckpoint,
		"log_backup_delay_seconds":     m.LogBackupDelaySeconds,
		"backup_size":                  m.BackupSize,
		"ob_storage_volume_unit":       m.ObStorageVolumeUnit,
	}
}

// backupOverviewObjectType is the type of one overview as an object; the
// schema is its single source.
var backupOverviewObjectType = sync.OnceValue(func() types.ObjectType {
	attrTypes := map[string]attr.Type{}
	for name, a := range backupOverviewAttributes(schema.Int64Attribute{Computed: true}) {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
})

// stateValue is a whole data source state, of state's schema, from its
// attribute values, without State.Set's reflection over a model struct: on
// the fleet data source that reflection cost a fifth of a read.
func stateValue(ctx context.Context, state tfsdk.State, values map[string]attr.Value) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	objType, ok := state.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		diags.AddError("Unable to build the state", "the schema is not an object; this is a bug in the provider")
		return tftypes.Value{}, diags
	}
	raw := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, t := range objType.AttributeTypes {
		v, found := values[name]
		if !found {
			diags.AddError("Unable to build the state", "no value for "+name+"; this is a bug in the provider")
			return tftypes.Value{}, diags
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			diags.AddAttributeError(path.Root(name), "Unable to build the state", err.Error())
			return tftypes.Value{}, diags
		}
		if !tv.Type().Equal(t) {
			diags.AddAttributeError(path.Root(name), "Unable to build the state",
				fmt.Sprintf("value of type %s where the schema has %s; this is a bug in the provider", tv.Type(), t))
			return tftypes.Value{}, diags
		}
		raw[name] = tv
	}
	return tftypes.NewValue(objType, raw), diags
}
