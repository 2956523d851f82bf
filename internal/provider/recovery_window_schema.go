package provider

import (
	"cmp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The attributes of a restorable window (GET …/backup/info), shared by
// ocp_recovery_window and each element of ocp_recovery_windows. The models
// below are written by State.Set, so they must agree with these names.

// recoveryWindowAttributes are the computed attributes of a window read,
// the tenants' included.
func recoveryWindowAttributes() map[string]schema.Attribute {
	attrs := recoveryScopeAttributes()
	attrs["cluster_name"] = computedString("Cluster name (`clusterName`).")
	attrs["ob_cluster_id"] = computedInt64("OceanBase cluster ID, the database's own ID (`obClusterId`).")
	attrs["online"] = computedBool("Whether OCP reports the cluster (on a tenant read, the tenant) online (`online`).")
	attrs["tenant_name"] = computedString("Tenant name (`tenantName`) on a tenant read; null on a cluster read.")
	attrs["ob_tenant_id"] = computedInt64("OceanBase-side tenant ID (`obTenantId`) on a tenant read; null on a cluster read.")
	attrs["tenants"] = typedListNested(schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "On a cluster read, the window of each tenant (`tenantBackupInfos`), sorted by " +
			"`tenant_id`; null on a tenant read, and when OCP sends no tenant list.",
		NestedObject: schema.NestedAttributeObject{Attributes: recoveryTenantAttributes()},
	})
	return attrs
}

// recoveryScopeAttributes are what a cluster's and a tenant's window share.
func recoveryScopeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"query_time_scope": computedEnum("Time scope of OCP's answer (`obQueryTimeScopeType`), such as `LATEST_SEVEN_DAYS`."),
		"recoverable_start_time": computedTime("Earliest point a restore can reach: the start of the " +
			"`RECOVERABLE` section's interval (`realRecoverableTimeInterval`, which OCP 4.0 and 4.2 name " +
			"`logRecoverableTimeInterval`). With several `RECOVERABLE` sections, that of the one ending last. " +
			"Null when there is none, so a gate must treat null as \"not restorable\"."),
		"recoverable_end_time": computedTime("Latest point a restore can reach: the end of the same " +
			"`RECOVERABLE` interval as `recoverable_start_time`. Compare it with `plantimestamp()` for the RPO."),
		"sections": typedListNested(schema.ListNestedAttribute{
			Computed: true,
			MarkdownDescription: "Every section of the window (`obRecoverableSectionItems`), in OCP's order: data " +
				"backups, the span of archived logs, and the restorable span. Empty when OCP lists none; null " +
				"when OCP sends no aggregation of the documented shape.",
			NestedObject: schema.NestedAttributeObject{Attributes: recoverySectionAttributes()},
		}),
	}
}

func recoveryTenantAttributes() map[string]schema.Attribute {
	attrs := recoveryScopeAttributes()
	attrs["tenant_id"] = computedInt64("OCP tenant ID (`tenantId`).")
	attrs["tenant_name"] = computedString("Tenant name (`tenantName`).")
	attrs["ob_tenant_id"] = computedInt64("OceanBase-side tenant ID (`obTenantId`).")
	attrs["online"] = computedBool("Whether OCP reports the tenant online (`online`).")
	return attrs
}

func recoverySectionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"type": computedEnum("Section type (`obRecoverableSectionItemType`): `FULL_DATA_BACKUP`, " +
			"`INCREMENTAL_DATA_BACKUP`, `LOG_BACKUP` or `RECOVERABLE`."),
		"backup_mode": computedEnum("`LOGICAL_BACKUP` or `PHYSICAL_BACKUP` (`backupMode`)."),
		"backup_dimension": computedEnum("`CLUSTER` or `TENANT` (`backupDimension`), which OCP sends on " +
			"some sections only."),
		"start_time": computedTime("Start of the section's interval (`logRecoverableTimeInterval` or " +
			"`realRecoverableTimeInterval`, whichever it carries); data backup sections have none."),
		"end_time": computedTime("End of the section's interval."),
		"full_backup_set_id": computedInt64("Data backup sections: the full backup set the backup " +
			"belongs to (`fullBackupSetId`), linking incremental backups to their full one."),
		"data_version": computedInt64("Data backup sections: `dataVersion` (`-1` on OceanBase 4)."),
		"freeze_time":  computedTime("Data backup sections: `freezeTime`."),
		"recoverable_time": computedTime("Data backup sections: the point the data backup alone " +
			"restores to (`recoverableTime`)."),
	}
}

// typedListNested sets a nested list's type, and its object's, to exactly
// what the framework derives from the attributes, computed once here. The
// framework otherwise derives them again at every step of every path it
// resolves: after each read it resolves the path of every null value, which
// over 1000 windows (24,000 nulls) cost about a CPU second.
func typedListNested(a schema.ListNestedAttribute) schema.ListNestedAttribute {
	obj, ok := a.NestedObject.Type().(types.ObjectType)
	if !ok {
		return a
	}
	a.NestedObject.CustomType = obj
	a.CustomType = types.ListType{ElemType: obj}
	return a
}

// recoverySectionModel is one section.
type recoverySectionModel struct {
	Type            types.String      `tfsdk:"type"`
	BackupMode      types.String      `tfsdk:"backup_mode"`
	BackupDimension types.String      `tfsdk:"backup_dimension"`
	StartTime       timetypes.RFC3339 `tfsdk:"start_time"`
	EndTime         timetypes.RFC3339 `tfsdk:"end_time"`
	FullBackupSetID types.Int64       `tfsdk:"full_backup_set_id"`
	DataVersion     types.Int64       `tfsdk:"data_version"`
	FreezeTime      timetypes.RFC3339 `tfsdk:"freeze_time"`
	RecoverableTime timetypes.RFC3339 `tfsdk:"recoverable_time"`
}

// recoveryScopeModel is what a cluster's and a tenant's window share. A
// nil Sections is a null list, an empty one an empty list.
type recoveryScopeModel struct {
	QueryTimeScope       types.String           `tfsdk:"query_time_scope"`
	RecoverableStartTime timetypes.RFC3339      `tfsdk:"recoverable_start_time"`
	RecoverableEndTime   timetypes.RFC3339      `tfsdk:"recoverable_end_time"`
	Sections             []recoverySectionModel `tfsdk:"sections"`
}

// recoveryTenantModel is one element of tenants.
type recoveryTenantModel struct {
	TenantID   types.Int64  `tfsdk:"tenant_id"`
	TenantName types.String `tfsdk:"tenant_name"`
	ObTenantID types.Int64  `tfsdk:"ob_tenant_id"`
	Online     types.Bool   `tfsdk:"online"`
	recoveryScopeModel
}

// recoveryWindowReadModel is the computed part of a window read.
type recoveryWindowReadModel struct {
	ClusterName types.String          `tfsdk:"cluster_name"`
	ObClusterID types.Int64           `tfsdk:"ob_cluster_id"`
	Online      types.Bool            `tfsdk:"online"`
	TenantName  types.String          `tfsdk:"tenant_name"`
	ObTenantID  types.Int64           `tfsdk:"ob_tenant_id"`
	Tenants     []recoveryTenantModel `tfsdk:"tenants"`
	recoveryScopeModel
}

func newRecoveryScopeModel(a *ocp.RecoverableAggregation) recoveryScopeModel {
	m := recoveryScopeModel{
		QueryTimeScope:       types.StringNull(),
		RecoverableStartTime: timetypes.NewRFC3339Null(),
		RecoverableEndTime:   timetypes.NewRFC3339Null(),
	}
	if a == nil {
		return m
	}
	m.QueryTimeScope = types.StringPointerValue(a.QueryTimeScope)
	sections := a.Sections()
	if window := ocp.RecoverableWindow(sections); window != nil {
		m.RecoverableStartTime = rfc3339Value(window.StartTime)
		m.RecoverableEndTime = rfc3339Value(window.EndTime)
	}
	if sections == nil {
		return m
	}
	m.Sections = make([]recoverySectionModel, len(sections))
	for i, s := range sections {
		sm := recoverySectionModel{
			Type:            types.StringPointerValue(s.Type),
			BackupMode:      types.StringPointerValue(s.BackupMode),
			BackupDimension: types.StringPointerValue(s.BackupDimension),
			StartTime:       timetypes.NewRFC3339Null(),
			EndTime:         timetypes.NewRFC3339Null(),
			FullBackupSetID: types.Int64Null(),
			DataVersion:     types.Int64Null(),
			FreezeTime:      timetypes.NewRFC3339Null(),
			RecoverableTime: timetypes.NewRFC3339Null(),
		}
		if iv := s.Interval(); iv != nil {
			sm.StartTime, sm.EndTime = rfc3339Value(iv.StartTime), rfc3339Value(iv.EndTime)
		}
		if d := s.DataBackupRecoverableInfo; d != nil {
			sm.FullBackupSetID = types.Int64PointerValue(d.FullBackupSetID.Int64())
			sm.DataVersion = types.Int64PointerValue(d.DataVersion.Int64())
			sm.FreezeTime = rfc3339Value(d.FreezeTime)
			sm.RecoverableTime = rfc3339Value(d.RecoverableTime)
		}
		m.Sections[i] = sm
	}
	return m
}

// newClusterRecoveryModel maps a cluster read; tenants are sorted by id
// (the client has checked that each has one, once).
func newClusterRecoveryModel(info *ocp.ClusterBackupInfo) recoveryWindowReadModel {
	m := recoveryWindowReadModel{
		ClusterName:        types.StringPointerValue(info.ClusterName),
		ObClusterID:        types.Int64PointerValue(info.ObClusterID.Int64()),
		Online:             types.BoolPointerValue(info.Online),
		TenantName:         types.StringNull(),
		ObTenantID:         types.Int64Null(),
		recoveryScopeModel: newRecoveryScopeModel(info.Aggregation),
	}
	if info.TenantBackupInfos == nil {
		return m
	}
	m.Tenants = make([]recoveryTenantModel, len(info.TenantBackupInfos))
	for i, t := range info.TenantBackupInfos {
		m.Tenants[i] = recoveryTenantModel{
			TenantID:           types.Int64PointerValue(t.TenantID.Int64()),
			TenantName:         types.StringPointerValue(t.TenantName),
			ObTenantID:         types.Int64PointerValue(t.ObTenantID.Int64()),
			Online:             types.BoolPointerValue(t.Online),
			recoveryScopeModel: newRecoveryScopeModel(t.Aggregation),
		}
	}
	slices.SortFunc(m.Tenants, func(a, b recoveryTenantModel) int {
		return cmp.Compare(a.TenantID.ValueInt64(), b.TenantID.ValueInt64())
	})
	return m
}

// newTenantRecoveryModel maps a tenant read; tenants stays null.
func newTenantRecoveryModel(info *ocp.TenantBackupInfo) recoveryWindowReadModel {
	return recoveryWindowReadModel{
		ClusterName:        types.StringPointerValue(info.ClusterName),
		ObClusterID:        types.Int64PointerValue(info.ObClusterID.Int64()),
		Online:             types.BoolPointerValue(info.Online),
		TenantName:         types.StringPointerValue(info.TenantName),
		ObTenantID:         types.Int64PointerValue(info.ObTenantID.Int64()),
		recoveryScopeModel: newRecoveryScopeModel(info.Aggregation),
	}
}
