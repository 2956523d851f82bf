package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ datasource.DataSourceWithConfigure = (*backupStrategyDataSource)(nil)

// NewBackupStrategyDataSource is the data source ocp_backup_strategy.
func NewBackupStrategyDataSource() datasource.DataSource { return &backupStrategyDataSource{} }

type backupStrategyDataSource struct {
	configured *providerData
}

type backupStrategyDataModel struct {
	ClusterID         types.Int64               `tfsdk:"cluster_id"`
	TenantID          types.Int64               `tfsdk:"tenant_id"`
	Exists            types.Bool                `tfsdk:"exists"`
	StrategyID        types.Int64               `tfsdk:"strategy_id"`
	Type              types.String              `tfsdk:"type"`
	BackupDimension   types.String              `tfsdk:"backup_dimension"`
	BackupMode        types.String              `tfsdk:"backup_mode"`
	ClusterName       types.String              `tfsdk:"cluster_name"`
	ObClusterID       types.Int64               `tfsdk:"ob_cluster_id"`
	TenantName        types.String              `tfsdk:"tenant_name"`
	ObTenantID        types.Int64               `tfsdk:"ob_tenant_id"`
	ServiceConfigName types.String              `tfsdk:"service_config_name"`
	CreateTime        timetypes.RFC3339         `tfsdk:"create_time"`
	UpdateTime        timetypes.RFC3339         `tfsdk:"update_time"`
	Schedule          *strategyScheduleData     `tfsdk:"schedule"`
	Retention         *strategyRetentionData    `tfsdk:"retention"`
	Thresholds        *strategyThresholdsModel  `tfsdk:"thresholds"`
	Storage           *strategyStorageDataModel `tfsdk:"storage"`
}

type strategyScheduleData struct {
	Mode                  types.String `tfsdk:"mode"`
	Time                  types.String `tfsdk:"time"`
	FullBackupDays        types.Set    `tfsdk:"full_backup_days"`
	IncrementalBackupDays types.Set    `tfsdk:"incremental_backup_days"`
	Enabled               types.Bool   `tfsdk:"enabled"`
	StartLogBackup        types.Bool   `tfsdk:"start_log_backup"`
}

type strategyRetentionData struct {
	Days      types.Int64  `tfsdk:"days"`
	CleanTime types.String `tfsdk:"clean_time"`
}

type strategyStorageDataModel struct {
	ConfigName                      types.String `tfsdk:"config_name"`
	Type                            types.String `tfsdk:"type"`
	URL                             types.String `tfsdk:"url"`
	Endpoint                        types.String `tfsdk:"endpoint"`
	AccessKeyID                     types.String `tfsdk:"access_key_id"`
	Region                          types.String `tfsdk:"region"`
	AppID                           types.String `tfsdk:"app_id"`
	AlarmStoragePercentageThreshold types.Int64  `tfsdk:"alarm_storage_percentage_threshold"`
	StorageID                       types.Int64  `tfsdk:"storage_id"`
}

func (d *backupStrategyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_strategy"
}

func (d *backupStrategyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	num := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	days := func(description string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The backup strategy of an OCP cluster or tenant, for audits such as \"retention of at least " +
			"14 days\" (`GET .../backup/config/backupStrategy`). When OCP has none, `exists` is false and every other " +
			"attribute is null. Storage secrets are never read.",
		Attributes: map[string]schema.Attribute{
			"cluster_id": schema.Int64Attribute{
				Required: true, MarkdownDescription: "OCP's ID of the cluster, at least 1.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"tenant_id": schema.Int64Attribute{
				Optional: true, MarkdownDescription: "OCP's ID of a tenant (at least 1) to read its tenant-level strategy (OCP 4.3 and later).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"exists": schema.BoolAttribute{
				Computed: true, MarkdownDescription: "Whether OCP has a strategy there; false leaves every other attribute null.",
			},
			"strategy_id":         num("OCP's ID of the strategy (`id`)."),
			"type":                str("`BACKUP` or `SECONDARY_BACKUP` (`type`)."),
			"backup_dimension":    str("`CLUSTER` or `TENANT` (`backupDimension`)."),
			"backup_mode":         str("`PHYSICAL_BACKUP` or `LOGICAL_BACKUP` (`backupMode`)."),
			"cluster_name":        str("Name of the cluster (`clusterName`)."),
			"ob_cluster_id":       num("OceanBase's own ID of the cluster (`obClusterId`)."),
			"tenant_name":         str("Name of the tenant, for a tenant-level strategy (`tenantName`)."),
			"ob_tenant_id":        num("OceanBase's own ID of the tenant (`obTenantId`)."),
			"service_config_name": str("Name of the backup service configuration (`serviceConfigName`)."),
			"create_time": schema.StringAttribute{
				Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the strategy was created, RFC 3339 (`createTime`).",
			},
			"update_time": schema.StringAttribute{
				Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the strategy last changed, RFC 3339 (`updateTime`).",
			},
			"schedule": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "When data backups run (`obBackupScheduleConfig`).",
				Attributes: map[string]schema.Attribute{
					"mode":                    str("`WEEK` or `MONTH`."),
					"time":                    str("Start time of day with its offset, such as `\"02:00+08:00\"`."),
					"full_backup_days":        days("Days with a full backup (Monday = 1 for `WEEK`, day of month for `MONTH`)."),
					"incremental_backup_days": days("Days with an incremental backup; null when none."),
					"enabled":                 schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the schedule runs (false: paused)."},
					"start_log_backup":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether log backup runs too."},
				},
			},
			"retention": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "Cleanup of expired backups; null when cleanup is off.",
				Attributes: map[string]schema.Attribute{
					"days":       num("Days a backup is kept (`backupDataRetentionDays`)."),
					"clean_time": str("Time of day of the cleanup, such as `\"05:00+08:00\"`."),
				},
			},
			"thresholds": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "Alarm thresholds (`obBackupThresholdConfig`).",
				Attributes: map[string]schema.Attribute{
					"data_backup_timeout_minutes":          num("Alarm when a data backup runs longer, in minutes."),
					"no_successful_data_backup_alarm_days": num("Alarm after this many days without a successful data backup."),
					"log_backup_delay_seconds":             num("Alarm when log backup lags more, in seconds."),
					"lib_ob_log_expire_days":               num("Days liboblog keeps its logs (logical backup)."),
				},
			},
			"storage": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "Where backups go, without secrets (`obBackupServiceStorageConfig`).",
				Attributes: map[string]schema.Attribute{
					"config_name":                        str("Name of the storage configuration."),
					"type":                               str("`FILE`, `OSS`, `COS` or `S3`."),
					"url":                                str("Path of the backups, without a scheme."),
					"endpoint":                           str("Endpoint of the object store."),
					"access_key_id":                      str("Access key ID of the object store."),
					"region":                             str("Region (S3)."),
					"app_id":                             str("App ID (COS)."),
					"alarm_storage_percentage_threshold": num("Alarm when the storage is fuller than this, in percent."),
					"storage_id":                         num("OCP's ID of the storage configuration."),
				},
			},
		},
	}
}

func (d *backupStrategyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *backupStrategyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m backupStrategyDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	ref := ocp.StrategyRef{ClusterID: m.ClusterID.ValueInt64()}
	if !m.TenantID.IsNull() {
		ref.TenantID = m.TenantID.ValueInt64()
	}
	s, err := d.configured.client.GetBackupStrategy(d.configured.logContext(ctx), ref)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read the backup strategy of %s", ref), err.Error())
		return
	}
	m.Exists = types.BoolValue(s != nil)
	m.CreateTime, m.UpdateTime = timetypes.NewRFC3339Null(), timetypes.NewRFC3339Null()
	if s == nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	m.StrategyID = types.Int64PointerValue(s.ID.Int64())
	m.Type = types.StringPointerValue(s.Type)
	m.BackupDimension = types.StringPointerValue(s.BackupDimension)
	m.BackupMode = types.StringPointerValue(s.BackupMode)
	m.ClusterName = types.StringPointerValue(s.ClusterName)
	m.ObClusterID = types.Int64PointerValue(s.ObClusterID.Int64())
	m.TenantName = types.StringPointerValue(s.TenantName)
	m.ObTenantID = types.Int64PointerValue(s.ObTenantID.Int64())
	m.ServiceConfigName = types.StringPointerValue(s.ServiceConfigName)
	m.CreateTime, m.UpdateTime = rfc3339Value(s.CreateTime), rfc3339Value(s.UpdateTime)
	shortTime := func(v *string) types.String {
		if v == nil {
			return types.StringNull()
		}
		return types.StringValue(shortOffsetTime(*v))
	}
	if sc := s.ScheduleConfig; sc != nil {
		full, inc, err := splitDays(sc.DayAndDataBackupModelMap)
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("OCP's backup strategy of %s has an unreadable schedule", ref), err.Error())
			return
		}
		m.Schedule = &strategyScheduleData{
			Mode: types.StringPointerValue(sc.BackupScheduleMode), Time: shortTime(sc.BackupScheduleTime),
			FullBackupDays: full, IncrementalBackupDays: inc,
			Enabled:        types.BoolPointerValue(sc.BackupScheduleEnabled),
			StartLogBackup: types.BoolPointerValue(sc.StartLogBackup),
		}
		if sc.CleanEnabled != nil && *sc.CleanEnabled {
			m.Retention = &strategyRetentionData{
				Days: types.Int64PointerValue(sc.BackupDataRetentionDays.Int64()), CleanTime: shortTime(sc.CleanScheduleTime),
			}
		}
	}
	if th := s.ThresholdConfig; th != nil {
		m.Thresholds = &strategyThresholdsModel{
			DataBackupTimeoutMinutes:        types.Int64PointerValue(th.DataBackupTimeoutMinutes.Int64()),
			NoSuccessfulDataBackupAlarmDays: types.Int64PointerValue(th.NoSuccessfulDataBackupAlarmDays.Int64()),
			LogBackupDelaySeconds:           types.Int64PointerValue(th.LogBackupDelaySeconds.Int64()),
			LibObLogExpireDays:              types.Int64PointerValue(th.LibObLogExpireDays.Int64()),
		}
	}
	if st := s.StorageConfig; st != nil {
		sm := &strategyStorageDataModel{
			ConfigName:                      types.StringPointerValue(st.ConfigName),
			AlarmStoragePercentageThreshold: types.Int64PointerValue(st.AlarmThreshold().Int64()),
			StorageID:                       types.Int64PointerValue(st.StorageID.Int64()),
		}
		if info := st.BaseInfo; info != nil {
			if info.BackupStorageType != nil {
				sm.Type = types.StringValue(strings.TrimPrefix(*info.BackupStorageType, "BACKUP_STORAGE_"))
			}
			if info.StorageURL != nil {
				sm.URL = types.StringValue(schemeRE.ReplaceAllString(*info.StorageURL, ""))
			}
			if key := info.AccessKey(); key != nil {
				sm.Endpoint = types.StringPointerValue(key.Endpoint)
				sm.AccessKeyID = types.StringPointerValue(key.AccessKeyID)
				sm.Region = types.StringPointerValue(key.Region)
				sm.AppID = types.StringPointerValue(key.AppID)
			}
		}
		m.Storage = sm
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
