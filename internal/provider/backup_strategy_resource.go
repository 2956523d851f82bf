package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var (
	_ resource.ResourceWithConfigure      = (*backupStrategyResource)(nil)
	_ resource.ResourceWithImportState    = (*backupStrategyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*backupStrategyResource)(nil)
)

// NewBackupStrategyResource is ocp_backup_strategy.
func NewBackupStrategyResource() resource.Resource { return &backupStrategyResource{} }

type backupStrategyResource struct {
	provider *providerData
}

// Defaults of the resource, documented in its schema.
const (
	defaultStrategyTimeout                 = 30 * time.Minute
	defaultDataBackupTimeoutMinutes        = 240
	defaultNoSuccessfulDataBackupAlarmDays = 3
	defaultLogBackupDelaySeconds           = 600
	defaultAlarmStoragePercentage          = 80
	maxMonthDays                           = 10
)

var storageTypes = []string{"FILE", "OSS", "COS", "S3"}

type backupStrategyResourceModel struct {
	ID         types.String             `tfsdk:"id"`
	ClusterID  types.Int64              `tfsdk:"cluster_id"`
	TenantID   types.Int64              `tfsdk:"tenant_id"`
	StrategyID types.Int64              `tfsdk:"strategy_id"`
	BackupMode types.String             `tfsdk:"backup_mode"`
	Schedule   *strategyScheduleModel   `tfsdk:"schedule"`
	Retention  *strategyRetentionModel  `tfsdk:"retention"`
	Thresholds *strategyThresholdsModel `tfsdk:"thresholds"`
	Storage    *strategyStorageModel    `tfsdk:"storage"`
	Timeouts   timeouts.Value           `tfsdk:"timeouts"`
}

type strategyScheduleModel struct {
	Mode                  types.String    `tfsdk:"mode"`
	Time                  offsetTimeValue `tfsdk:"time"`
	FullBackupDays        types.Set       `tfsdk:"full_backup_days"`
	IncrementalBackupDays types.Set       `tfsdk:"incremental_backup_days"`
	Enabled               types.Bool      `tfsdk:"enabled"`
	StartLogBackup        types.Bool      `tfsdk:"start_log_backup"`
}

type strategyRetentionModel struct {
	Days      types.Int64     `tfsdk:"days"`
	CleanTime offsetTimeValue `tfsdk:"clean_time"`
}

type strategyThresholdsModel struct {
	DataBackupTimeoutMinutes        types.Int64 `tfsdk:"data_backup_timeout_minutes"`
	NoSuccessfulDataBackupAlarmDays types.Int64 `tfsdk:"no_successful_data_backup_alarm_days"`
	LogBackupDelaySeconds           types.Int64 `tfsdk:"log_backup_delay_seconds"`
	LibObLogExpireDays              types.Int64 `tfsdk:"lib_ob_log_expire_days"`
}

type strategyStorageModel struct {
	ConfigName                      types.String `tfsdk:"config_name"`
	Type                            types.String `tfsdk:"type"`
	URL                             types.String `tfsdk:"url"`
	Endpoint                        types.String `tfsdk:"endpoint"`
	AccessKeyID                     types.String `tfsdk:"access_key_id"`
	AccessKeySecret                 types.String `tfsdk:"access_key_secret"`
	AccessKeySecretWO               types.String `tfsdk:"access_key_secret_wo"`
	AccessKeySecretWOVersion        types.Int64  `tfsdk:"access_key_secret_wo_version"`
	Region                          types.String `tfsdk:"region"`
	AppID                           types.String `tfsdk:"app_id"`
	AlarmStoragePercentageThreshold types.Int64  `tfsdk:"alarm_storage_percentage_threshold"`
	StorageID                       types.Int64  `tfsdk:"storage_id"`
}

func (r *backupStrategyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_strategy"
}

// timeTypeNote describes the form of schedule.time and retention.clean_time.
const timeTypeNote = "A time of day with its UTC offset: `\"02:00+08:00\"`, `\"02:00:00+08:00\"` or `\"18:00Z\"`. " +
	"OCP writes it back as `\"02:00:00.000+08:00\"`; equal times never show a diff. An imported strategy reads " +
	"as `\"02:00+08:00\"`: write it so to plan no change after the import."

func thresholdsAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"data_backup_timeout_minutes":          types.Int64Type,
		"no_successful_data_backup_alarm_days": types.Int64Type,
		"log_backup_delay_seconds":             types.Int64Type,
		"lib_ob_log_expire_days":               types.Int64Type,
	}
}

func (r *backupStrategyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	days := func(description string, required bool) schema.SetAttribute {
		a := schema.SetAttribute{
			ElementType:         types.Int64Type,
			MarkdownDescription: description,
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.ValueInt64sAre(int64validator.Between(1, 31)),
			},
		}
		if required {
			a.Required = true
		} else {
			a.Optional = true
		}
		return a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The backup strategy of an OCP cluster, or of one of its tenants (OCP 4.3 and later): " +
			"when data backups run, how long they are kept, where they go and when OCP raises alarms " +
			"(`/api/v2/ob/clusters/{id}/backup/config/backupStrategy`). Creating, changing and deleting a strategy " +
			"start OCP tasks; the provider waits for each to succeed, within `timeouts`. Changes made in OCP's console " +
			"show as drift; a strategy deleted there is planned for creation again.\n\n" +
			"OCP does not return the storage secret, so it is never read back: `access_key_secret` keeps the " +
			"configured value in state (marked sensitive), and `access_key_secret_wo` (Terraform 1.11 and later) " +
			"never enters state at all; change `access_key_secret_wo_version` to send a new one.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`\"<cluster_id>\"` for a cluster's strategy, `\"<cluster_id>/<tenant_id>\"` for a tenant's; the import ID.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "OCP's ID of the cluster, at least 1. Changing it replaces the strategy.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"tenant_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "OCP's ID of a tenant, at least 1, for a tenant-level strategy (OCP 4.3 and later, " +
					"OceanBase 4.0 and later); it takes precedence over the cluster's for that tenant. Changing it replaces the strategy.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"strategy_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "OCP's ID of the strategy (`id`).",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"backup_mode": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`PHYSICAL_BACKUP` or `LOGICAL_BACKUP` (which needs OCP's separate backup service).",
				Validators:          []validator.String{stringvalidator.OneOf("PHYSICAL_BACKUP", "LOGICAL_BACKUP")},
			},
			"schedule": schema.SingleNestedAttribute{
				Required:            true,
				MarkdownDescription: "When data backups run.",
				Attributes: map[string]schema.Attribute{
					"mode": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "`WEEK` (days are weekdays, Monday = 1 to Sunday = 7) or `MONTH` (days of the month, 1 to 31, at most 10 in all).",
						Validators:          []validator.String{stringvalidator.OneOf("WEEK", "MONTH")},
					},
					"time": schema.StringAttribute{
						Required:            true,
						CustomType:          offsetTimeType{},
						MarkdownDescription: "When the data backup starts. " + timeTypeNote,
					},
					"full_backup_days":        days("Days with a full data backup; at least one.", true),
					"incremental_backup_days": days("Days with an incremental data backup; none in `full_backup_days`.", false),
					"enabled": schema.BoolAttribute{
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(true),
						MarkdownDescription: "Whether the schedule runs (`true`, the default) or is paused. Toggling it alone uses OCP's `startSchedule`/`stopSchedule` where OCP has them (4.3 and later).",
					},
					"start_log_backup": schema.BoolAttribute{
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(true),
						MarkdownDescription: "Whether OCP also runs log backup (archiving), as needed for point-in-time restore. Default `true`.",
					},
				},
			},
			"retention": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Cleanup of expired backups. Absent means cleanup is off and backups are kept.",
				Attributes: map[string]schema.Attribute{
					"days": schema.Int64Attribute{
						Required:            true,
						MarkdownDescription: "Days a backup is kept, at least 1.",
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"clean_time": schema.StringAttribute{
						Required:            true,
						CustomType:          offsetTimeType{},
						MarkdownDescription: "When the cleanup runs. " + timeTypeNote,
					},
				},
			},
			"thresholds": schema.SingleNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Alarm thresholds; they change when OCP alarms, not how it backs up. "+
					"Defaults: %d minutes, %d days, %d seconds.", defaultDataBackupTimeoutMinutes,
					defaultNoSuccessfulDataBackupAlarmDays, defaultLogBackupDelaySeconds),
				Default: objectdefault.StaticValue(types.ObjectValueMust(thresholdsAttrTypes(), map[string]attr.Value{
					"data_backup_timeout_minutes":          types.Int64Value(defaultDataBackupTimeoutMinutes),
					"no_successful_data_backup_alarm_days": types.Int64Value(defaultNoSuccessfulDataBackupAlarmDays),
					"log_backup_delay_seconds":             types.Int64Value(defaultLogBackupDelaySeconds),
					"lib_ob_log_expire_days":               types.Int64Null(),
				})),
				Attributes: map[string]schema.Attribute{
					"data_backup_timeout_minutes": schema.Int64Attribute{
						Optional: true, Computed: true,
						Default:             int64default.StaticInt64(defaultDataBackupTimeoutMinutes),
						MarkdownDescription: fmt.Sprintf("Alarm when a data backup runs longer than this, in minutes. Default %d.", defaultDataBackupTimeoutMinutes),
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"no_successful_data_backup_alarm_days": schema.Int64Attribute{
						Optional: true, Computed: true,
						Default:             int64default.StaticInt64(defaultNoSuccessfulDataBackupAlarmDays),
						MarkdownDescription: fmt.Sprintf("Alarm after this many days without a successful data backup. Default %d.", defaultNoSuccessfulDataBackupAlarmDays),
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"log_backup_delay_seconds": schema.Int64Attribute{
						Optional: true, Computed: true,
						Default:             int64default.StaticInt64(defaultLogBackupDelaySeconds),
						MarkdownDescription: fmt.Sprintf("Alarm when log backup lags more than this, in seconds. Default %d.", defaultLogBackupDelaySeconds),
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"lib_ob_log_expire_days": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Days liboblog keeps its logs; `LOGICAL_BACKUP` only.",
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
				},
			},
			"storage": schema.SingleNestedAttribute{
				Required: true,
				MarkdownDescription: "Where backups go. Which keys each `type` needs is checked at plan time: `FILE` takes none; " +
					"`OSS` needs `endpoint`, `access_key_id` and a secret; `COS` also `app_id`; `S3` needs `endpoint`, " +
					"`access_key_id` and a secret, and `region` for AWS S3 (not for Huawei OBS or GCS).",
				Attributes: map[string]schema.Attribute{
					"config_name": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Name of the storage configuration in OCP.",
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"type": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "`FILE` (NFS), `OSS`, `COS` or `S3` (OCP 4.3 and later).",
						Validators:          []validator.String{stringvalidator.OneOf(storageTypes...)},
					},
					"url": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Path of the backups without a scheme: `\"/obbackup/prod\"` for `FILE`, `\"bucket/path\"` for the others.",
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1), noSchemeValidator},
					},
					"endpoint": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Endpoint of the object store (not for `FILE`).",
					},
					"access_key_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Access key ID of the object store (not for `FILE`).",
					},
					"access_key_secret": schema.StringAttribute{
						Optional:  true,
						Sensitive: true,
						MarkdownDescription: "Access key secret of the object store. OCP never returns it: the configured value is kept in " +
							"state (sensitive) and changes made in OCP are not seen. Prefer `access_key_secret_wo`.",
						Validators: []validator.String{
							stringvalidator.LengthAtLeast(1),
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("access_key_secret_wo")),
						},
					},
					"access_key_secret_wo": schema.StringAttribute{
						Optional:  true,
						Sensitive: true,
						WriteOnly: true,
						MarkdownDescription: "Access key secret, write-only (Terraform 1.11 and later): sent to OCP, never stored in " +
							"plan or state. Terraform cannot see a change of it: change `access_key_secret_wo_version` to send a new one.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"access_key_secret_wo_version": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Any number; changing it sends `access_key_secret_wo` again (rotation).",
						Validators: []validator.Int64{
							int64validator.AlsoRequires(path.MatchRelative().AtParent().AtName("access_key_secret_wo")),
						},
					},
					"region": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Region, `S3` only (needed for AWS S3).",
					},
					"app_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "App ID, `COS` only (required there).",
					},
					"alarm_storage_percentage_threshold": schema.Int64Attribute{
						Optional: true, Computed: true,
						Default:             int64default.StaticInt64(defaultAlarmStoragePercentage),
						MarkdownDescription: fmt.Sprintf("Alarm when the storage is fuller than this, in percent (1-100). Default %d.", defaultAlarmStoragePercentage),
						Validators:          []validator.Int64{int64validator.Between(1, 100)},
					},
					"storage_id": schema.Int64Attribute{
						Computed:            true,
						MarkdownDescription: "OCP's ID of the storage configuration.",
						PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
					},
				},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// timeoutsAttribute is the library's timeouts attribute, with the Markdown
// descriptions the docs are generated from.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	a, ok := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).(schema.SingleNestedAttribute)
	if !ok {
		panic("timeouts.Attributes is not a SingleNestedAttribute")
	}
	a.MarkdownDescription = "How long create, update and delete may take, each including the wait for OCP's tasks " +
		"(default 30 minutes each)."
	for name, nested := range a.Attributes {
		s, ok := nested.(schema.StringAttribute)
		if !ok {
			continue
		}
		s.MarkdownDescription = fmt.Sprintf("Limit for %s, such as `\"30m\"` or `\"1h\"` (units `s`, `m`, `h`).", name)
		a.Attributes[name] = s
	}
	return a
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

var noSchemeValidator = stringCheck{
	description: "value must be a path without a scheme such as oss://",
	summary:     "Storage URL with a scheme",
	check: func(s string) error {
		if m := schemeRE.FindString(s); m != "" {
			return fmt.Errorf("write the storage URL without %q: OCP adds the scheme of the storage type itself", m)
		}
		return nil
	},
}

// ValidateConfig checks what depends on several attributes: days against the
// mode, storage keys against the type, logical-only thresholds.
func (r *backupStrategyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var mode, backupMode, storageType types.String
	var full, incremental types.Set
	var libObLog types.Int64
	diags := &resp.Diagnostics
	diags.Append(req.Config.GetAttribute(ctx, path.Root("backup_mode"), &backupMode)...)
	schedule := path.Root("schedule")
	var scheduleObj types.Object
	diags.Append(req.Config.GetAttribute(ctx, schedule, &scheduleObj)...)
	if diags.HasError() {
		return
	}
	if !scheduleObj.IsNull() && !scheduleObj.IsUnknown() {
		diags.Append(req.Config.GetAttribute(ctx, schedule.AtName("mode"), &mode)...)
		diags.Append(req.Config.GetAttribute(ctx, schedule.AtName("full_backup_days"), &full)...)
		diags.Append(req.Config.GetAttribute(ctx, schedule.AtName("incremental_backup_days"), &incremental)...)
		if diags.HasError() {
			return
		}
		validateDays(ctx, schedule, mode, full, incremental, diags)
	}
	var thresholdsObj types.Object
	diags.Append(req.Config.GetAttribute(ctx, path.Root("thresholds"), &thresholdsObj)...)
	if !thresholdsObj.IsNull() && !thresholdsObj.IsUnknown() {
		diags.Append(req.Config.GetAttribute(ctx, path.Root("thresholds").AtName("lib_ob_log_expire_days"), &libObLog)...)
		if !libObLog.IsNull() && backupMode.ValueString() == "PHYSICAL_BACKUP" {
			diags.AddAttributeError(path.Root("thresholds").AtName("lib_ob_log_expire_days"), "Attribute for logical backup only",
				"lib_ob_log_expire_days applies to LOGICAL_BACKUP only; remove it or set backup_mode = \"LOGICAL_BACKUP\".")
		}
	}
	storage := path.Root("storage")
	var storageObj types.Object
	diags.Append(req.Config.GetAttribute(ctx, storage, &storageObj)...)
	if storageObj.IsNull() || storageObj.IsUnknown() || diags.HasError() {
		return
	}
	diags.Append(req.Config.GetAttribute(ctx, storage.AtName("type"), &storageType)...)
	if storageType.IsUnknown() || storageType.IsNull() {
		return
	}
	set, unknownSet := map[string]bool{}, map[string]bool{}
	for _, name := range []string{"endpoint", "access_key_id", "access_key_secret", "access_key_secret_wo", "region", "app_id"} {
		var v types.String
		diags.Append(req.Config.GetAttribute(ctx, storage.AtName(name), &v)...)
		set[name] = !v.IsNull() && !v.IsUnknown()
		unknownSet[name] = v.IsUnknown()
	}
	if diags.HasError() {
		return
	}
	t := storageType.ValueString()
	var required, forbidden []string
	switch t {
	case "FILE":
		forbidden = []string{"endpoint", "access_key_id", "access_key_secret", "access_key_secret_wo", "region", "app_id"}
	case "OSS":
		required, forbidden = []string{"endpoint", "access_key_id"}, []string{"region", "app_id"}
	case "COS":
		required, forbidden = []string{"endpoint", "access_key_id", "app_id"}, []string{"region"}
	case "S3":
		required, forbidden = []string{"endpoint", "access_key_id"}, []string{"app_id"}
	}
	for _, name := range required {
		if !set[name] && !unknownSet[name] {
			diags.AddAttributeError(storage.AtName(name), "Missing storage attribute",
				fmt.Sprintf("storage type %s needs storage.%s.", t, name))
		}
	}
	for _, name := range forbidden {
		if set[name] {
			diags.AddAttributeError(storage.AtName(name), "Storage attribute not allowed",
				fmt.Sprintf("storage type %s does not take storage.%s; remove it.", t, name))
		}
	}
	if t != "FILE" && !set["access_key_secret"] && !set["access_key_secret_wo"] && !unknownSet["access_key_secret"] && !unknownSet["access_key_secret_wo"] {
		diags.AddAttributeError(storage.AtName("access_key_secret_wo"), "Missing storage secret",
			fmt.Sprintf("storage type %s needs storage.access_key_secret_wo (Terraform 1.11 and later) or storage.access_key_secret.", t))
	}
}

func validateDays(ctx context.Context, schedule path.Path, mode types.String, full, incremental types.Set, diags *diag.Diagnostics) {
	if mode.IsUnknown() || full.IsUnknown() || incremental.IsUnknown() {
		return
	}
	maxDay, unit := int64(7), "1 (Monday) to 7 (Sunday) for WEEK"
	if mode.ValueString() == "MONTH" {
		maxDay, unit = 31, "1 to 31 for MONTH"
	}
	var fullDays, incDays []int64
	diags.Append(full.ElementsAs(ctx, &fullDays, false)...)
	if !incremental.IsNull() {
		diags.Append(incremental.ElementsAs(ctx, &incDays, false)...)
	}
	if diags.HasError() {
		return
	}
	for name, list := range map[string][]int64{"full_backup_days": fullDays, "incremental_backup_days": incDays} {
		for _, d := range list {
			if d < 1 || d > maxDay {
				diags.AddAttributeError(schedule.AtName(name), "Day out of range",
					fmt.Sprintf("day %d is out of range: days run from %s.", d, unit))
			}
		}
	}
	for _, d := range incDays {
		if slices.Contains(fullDays, d) {
			diags.AddAttributeError(schedule.AtName("incremental_backup_days"), "Day in both sets",
				fmt.Sprintf("day %d is in both full_backup_days and incremental_backup_days; a day has one kind of backup.", d))
		}
	}
	if mode.ValueString() == "MONTH" && len(fullDays)+len(incDays) > maxMonthDays {
		diags.AddAttributeError(schedule.AtName("full_backup_days"), "Too many days",
			fmt.Sprintf("OCP allows at most %d days for MONTH; %d are chosen.", maxMonthDays, len(fullDays)+len(incDays)))
	}
}

func (r *backupStrategyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.provider = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

// ref is the strategy the model names.
func (m *backupStrategyResourceModel) ref() ocp.StrategyRef {
	ref := ocp.StrategyRef{ClusterID: m.ClusterID.ValueInt64()}
	if !m.TenantID.IsNull() && !m.TenantID.IsUnknown() {
		ref.TenantID = m.TenantID.ValueInt64()
	}
	return ref
}

func strategyResourceID(ref ocp.StrategyRef) string {
	if ref.TenantID == 0 {
		return strconv.FormatInt(ref.ClusterID, 10)
	}
	return fmt.Sprintf("%d/%d", ref.ClusterID, ref.TenantID)
}

// secret is the storage secret to send: the write-only one from the
// configuration, or the stored one.
func (r *backupStrategyResource) secret(ctx context.Context, config interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, m *backupStrategyResourceModel, diags *diag.Diagnostics) string {
	var wo types.String
	diags.Append(config.GetAttribute(ctx, path.Root("storage").AtName("access_key_secret_wo"), &wo)...)
	if !wo.IsNull() && !wo.IsUnknown() {
		return wo.ValueString()
	}
	if m.Storage != nil {
		return m.Storage.AccessKeySecret.ValueString()
	}
	return ""
}

// request builds OCP's body from the plan; OCP treats PATCH as a
// replacement, so create and update send the same whole strategy.
func (m *backupStrategyResourceModel) request(ctx context.Context, secret string, diags *diag.Diagnostics) *ocp.BackupStrategyRequest {
	ref := m.ref()
	str := func(s string) *string { return &s }
	long := func(v types.Int64) *ocp.Long {
		if v.IsNull() || v.IsUnknown() {
			return nil
		}
		l := ocp.Long(v.ValueInt64())
		return &l
	}
	boolp := func(v types.Bool, def bool) *bool {
		b := def
		if !v.IsNull() && !v.IsUnknown() {
			b = v.ValueBool()
		}
		return &b
	}
	object := ocp.BackupObject{ClusterID: ocp.Long(ref.ClusterID), BackupDimension: "CLUSTER"}
	if ref.TenantID != 0 {
		t := ocp.Long(ref.TenantID)
		object.TenantID, object.BackupDimension = &t, "TENANT"
	}
	req := &ocp.BackupStrategyRequest{BackupMode: m.BackupMode.ValueString(), Objects: []ocp.BackupObject{object}}

	s := m.Schedule
	dayMap := map[string]string{}
	var fullDays, incDays []int64
	diags.Append(s.FullBackupDays.ElementsAs(ctx, &fullDays, false)...)
	if !s.IncrementalBackupDays.IsNull() && !s.IncrementalBackupDays.IsUnknown() {
		diags.Append(s.IncrementalBackupDays.ElementsAs(ctx, &incDays, false)...)
	}
	for _, d := range incDays {
		dayMap[strconv.FormatInt(d, 10)] = "INCREMENTAL_BACKUP"
	}
	for _, d := range fullDays {
		dayMap[strconv.FormatInt(d, 10)] = "FULL_BACKUP"
	}
	req.ScheduleConfig = &ocp.BackupScheduleConfig{
		BackupScheduleMode:       str(s.Mode.ValueString()),
		BackupScheduleEnabled:    boolp(s.Enabled, true),
		BackupScheduleTime:       str(s.Time.ValueString()),
		DayAndDataBackupModelMap: dayMap,
		StartLogBackup:           boolp(s.StartLogBackup, true),
		CleanEnabled:             boolp(types.BoolNull(), false),
	}
	if m.Retention != nil {
		*req.ScheduleConfig.CleanEnabled = true
		req.ScheduleConfig.BackupDataRetentionDays = long(m.Retention.Days)
		req.ScheduleConfig.CleanScheduleTime = str(m.Retention.CleanTime.ValueString())
	}
	th := m.Thresholds
	if th == nil {
		th = &strategyThresholdsModel{
			DataBackupTimeoutMinutes:        types.Int64Value(defaultDataBackupTimeoutMinutes),
			NoSuccessfulDataBackupAlarmDays: types.Int64Value(defaultNoSuccessfulDataBackupAlarmDays),
			LogBackupDelaySeconds:           types.Int64Value(defaultLogBackupDelaySeconds),
		}
	}
	req.ThresholdConfig = &ocp.BackupThresholdConfig{
		DataBackupTimeoutMinutes:        long(th.DataBackupTimeoutMinutes),
		NoSuccessfulDataBackupAlarmDays: long(th.NoSuccessfulDataBackupAlarmDays),
		LogBackupDelaySeconds:           long(th.LogBackupDelaySeconds),
		LibObLogExpireDays:              long(th.LibObLogExpireDays),
	}
	st := m.Storage
	info := &ocp.BackupStorageInfo{
		BackupStorageType: str("BACKUP_STORAGE_" + st.Type.ValueString()),
		StorageURL:        str(st.URL.ValueString()),
	}
	optional := func(v types.String) *string {
		if v.IsNull() || v.IsUnknown() {
			return nil
		}
		return str(v.ValueString())
	}
	key := &ocp.StorageAccessKey{Endpoint: optional(st.Endpoint), AccessKeyID: optional(st.AccessKeyID)}
	if secret != "" {
		key.AccessKeySecret = str(secret)
	}
	switch st.Type.ValueString() {
	case "OSS":
		info.OSSAccessKey = key
	case "COS":
		key.AppID = optional(st.AppID)
		info.COSAccessKey = key
	case "S3":
		key.Region = optional(st.Region)
		info.S3AccessKey = key
	}
	req.StorageConfig = &ocp.BackupStorageConfig{
		ConfigName:                      str(st.ConfigName.ValueString()),
		StorageID:                       long(st.StorageID),
		BaseInfo:                        info,
		AlarmStoragePercentageThreshold: long(st.AlarmStoragePercentageThreshold),
	}
	return req
}

// fromOCP maps OCP's strategy over m. What OCP does not return (secrets,
// and a key field it leaves out) keeps m's value; timeouts stay as they are.
func (m *backupStrategyResourceModel) fromOCP(ref ocp.StrategyRef, s *ocp.BackupStrategy) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(strategyResourceID(ref))
	m.ClusterID = types.Int64Value(ref.ClusterID)
	if ref.TenantID != 0 {
		m.TenantID = types.Int64Value(ref.TenantID)
	} else {
		m.TenantID = types.Int64Null()
	}
	m.StrategyID = types.Int64PointerValue(s.ID.Int64())
	m.BackupMode = types.StringPointerValue(s.BackupMode)

	sched := s.ScheduleConfig
	if sched == nil {
		diags.AddError("OCP's strategy has no schedule",
			fmt.Sprintf("The backup strategy of %s has no obBackupScheduleConfig; the provider cannot tell what it is.", ref))
		return diags
	}
	full, inc, err := splitDays(sched.DayAndDataBackupModelMap)
	if err != nil {
		diags.AddError("OCP's strategy has an unreadable schedule", fmt.Sprintf("The backup strategy of %s: %v", ref, err))
		return diags
	}
	m.Schedule = &strategyScheduleModel{
		Mode:                  types.StringPointerValue(sched.BackupScheduleMode),
		Time:                  newOffsetTime(sched.BackupScheduleTime),
		FullBackupDays:        full,
		IncrementalBackupDays: inc,
		// OCP's create samples leave the flag out; absent reads as running.
		Enabled:        types.BoolValue(sched.BackupScheduleEnabled == nil || *sched.BackupScheduleEnabled),
		StartLogBackup: types.BoolValue(sched.StartLogBackup == nil || *sched.StartLogBackup),
	}
	if sched.CleanEnabled != nil && *sched.CleanEnabled {
		m.Retention = &strategyRetentionModel{
			Days:      types.Int64PointerValue(sched.BackupDataRetentionDays.Int64()),
			CleanTime: newOffsetTime(sched.CleanScheduleTime),
		}
	} else {
		m.Retention = nil
	}
	if th := s.ThresholdConfig; th != nil {
		m.Thresholds = &strategyThresholdsModel{
			DataBackupTimeoutMinutes:        types.Int64PointerValue(th.DataBackupTimeoutMinutes.Int64()),
			NoSuccessfulDataBackupAlarmDays: types.Int64PointerValue(th.NoSuccessfulDataBackupAlarmDays.Int64()),
			LogBackupDelaySeconds:           types.Int64PointerValue(th.LogBackupDelaySeconds.Int64()),
			LibObLogExpireDays:              types.Int64PointerValue(th.LibObLogExpireDays.Int64()),
		}
	}

	prior := m.Storage
	if prior == nil {
		prior = &strategyStorageModel{}
	}
	keep := func(ocpValue *string, priorValue types.String) types.String {
		if ocpValue == nil || *ocpValue == "" {
			if priorValue.IsUnknown() {
				return types.StringNull()
			}
			return priorValue
		}
		return types.StringValue(*ocpValue)
	}
	st := s.StorageConfig
	if st == nil || st.BaseInfo == nil {
		diags.AddError("OCP's strategy has no storage",
			fmt.Sprintf("The backup strategy of %s has no obBackupServiceStorageConfig; the provider cannot tell where backups go.", ref))
		return diags
	}
	storageType := strings.TrimPrefix(deref(st.BaseInfo.BackupStorageType), "BACKUP_STORAGE_")
	key := st.BaseInfo.AccessKey()
	if key == nil {
		key = &ocp.StorageAccessKey{}
	}
	next := &strategyStorageModel{
		ConfigName: types.StringPointerValue(st.ConfigName),
		Type:       types.StringValue(storageType),
		// Answers show the URL with its scheme (oss://bucket/path); the
		// configuration has none.
		URL:                      types.StringValue(schemeRE.ReplaceAllString(deref(st.BaseInfo.StorageURL), "")),
		Endpoint:                 keep(key.Endpoint, prior.Endpoint),
		AccessKeyID:              keep(key.AccessKeyID, prior.AccessKeyID),
		AccessKeySecret:          nullIfUnknown(prior.AccessKeySecret),
		AccessKeySecretWO:        types.StringNull(),
		AccessKeySecretWOVersion: nullIfUnknownInt(prior.AccessKeySecretWOVersion),
		Region:                   keep(key.Region, prior.Region),
		AppID:                    keep(key.AppID, prior.AppID),
		StorageID:                types.Int64PointerValue(st.StorageID.Int64()),
	}
	if st.AlarmStoragePercentageThreshold != nil {
		next.AlarmStoragePercentageThreshold = types.Int64Value(int64(*st.AlarmStoragePercentageThreshold))
	} else {
		next.AlarmStoragePercentageThreshold = nullIfUnknownInt(prior.AlarmStoragePercentageThreshold)
	}
	if storageType == "FILE" {
		next.Endpoint, next.AccessKeyID, next.Region, next.AppID = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	}
	m.Storage = next
	return diags
}

func nullIfUnknown(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

func nullIfUnknownInt(v types.Int64) types.Int64 {
	if v.IsUnknown() {
		return types.Int64Null()
	}
	return v
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// splitDays turns dayAndDataBackupModelMap into the two sets of days.
func splitDays(days map[string]string) (types.Set, types.Set, error) {
	var full, inc []attr.Value
	keys := make([]string, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		n, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
		if err != nil {
			return types.Set{}, types.Set{}, fmt.Errorf("day %q of dayAndDataBackupModelMap is not a number", k)
		}
		switch days[k] {
		case "FULL_BACKUP":
			full = append(full, types.Int64Value(n))
		case "INCREMENTAL_BACKUP":
			inc = append(inc, types.Int64Value(n))
		default:
			return types.Set{}, types.Set{}, fmt.Errorf("day %s has backup kind %q, neither FULL_BACKUP nor INCREMENTAL_BACKUP", k, days[k])
		}
	}
	fullSet := types.SetValueMust(types.Int64Type, full)
	if full == nil {
		fullSet = types.SetValueMust(types.Int64Type, []attr.Value{})
	}
	incSet := types.SetNull(types.Int64Type)
	if len(inc) > 0 {
		incSet = types.SetValueMust(types.Int64Type, inc)
	}
	return fullSet, incSet, nil
}

// clientContext is ctx for the OCP client, with the storage secret masked in
// any log line besides the client's own redaction by field name.
func (r *backupStrategyResource) clientContext(ctx context.Context, secret string) context.Context {
	ctx = r.provider.logContext(ctx)
	if r.provider.logging && secret != "" {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secret)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secret)
	}
	return ctx
}

// failure reports err as a diagnostic naming the strategy, with the storage
// secret masked should OCP have echoed it.
func failure(diags *diag.Diagnostics, summary string, ref ocp.StrategyRef, secret string, err error) {
	detail := err.Error()
	if len(secret) >= 4 {
		detail = strings.ReplaceAll(detail, secret, "<redacted>")
	}
	var opErr *ocp.OperationError
	if errors.As(err, &opErr) {
		detail += "\n\nOCP answered the request but reported this failure for the object (beSuccessful: false)."
	}
	if ref.TenantID != 0 && ocp.IsNoSuchAPI(err) {
		detail += "\n\nThis OCP has no tenant-level backup strategies; they need OCP 4.3 or later."
	}
	diags.AddError(fmt.Sprintf("%s of %s", summary, ref), detail)
}

// ambiguous reports whether OCP may have acted on a write whose answer was
// lost: no answer, a garbled one, or a server error from a gateway.
func ambiguous(err error) bool {
	var apiErr *ocp.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatus >= 500
	}
	var opErr *ocp.OperationError
	if errors.As(err, &opErr) {
		return false
	}
	return !errors.Is(err, context.Canceled)
}

func (r *backupStrategyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan backupStrategyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.provider.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	secret := r.secret(ctx, req.Config, &plan, &resp.Diagnostics)
	body := plan.request(ctx, secret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cctx := r.clientContext(ctx, secret)
	ref := plan.ref()
	client := r.provider.client

	existing, err := client.GetBackupStrategy(cctx, ref)
	if err != nil {
		failure(&resp.Diagnostics, "Unable to read the backup strategy", ref, secret, err)
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("A backup strategy already exists for %s", ref),
			fmt.Sprintf("OCP already has a backup strategy (id %d) for %s. Bring it under Terraform with "+
				"`terraform import <address> %s` or an import block with id = %q, then apply your configuration.",
				deref64(existing.ID), ref, strategyResourceID(ref), strategyResourceID(ref)))
		return
	}

	answer, err := client.CreateBackupStrategy(cctx, ref, body)
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ambiguous(err):
		// OCP may have created it before the answer was lost: look before deciding.
		found, readErr := client.GetBackupStrategy(cctx, ref)
		if readErr != nil || found == nil {
			failure(&resp.Diagnostics, "Unable to create the backup strategy", ref, secret, err)
			return
		}
		resp.Diagnostics.AddWarning(fmt.Sprintf("OCP's answer to the creation of the backup strategy of %s was lost", ref),
			fmt.Sprintf("The request failed (%v), yet OCP now has the strategy, so it was created. Its tasks could not "+
				"be followed; check them in OCP's console.", scrub(err.Error(), secret)))
	default:
		failure(&resp.Diagnostics, "Unable to create the backup strategy", ref, secret, err)
		return
	}

	if err := client.WaitForTasks(cctx, taskIDs); err != nil {
		failure(&resp.Diagnostics, "The creation of the backup strategy failed", ref, secret, err)
		// The strategy may exist although its task failed: keep it in state
		// (Terraform marks it tainted) so that the next apply replaces it.
		if found, readErr := client.GetBackupStrategy(cctx, ref); readErr == nil && found != nil {
			resp.Diagnostics.Append(plan.fromOCP(ref, found)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		return
	}
	r.readBack(cctx, ctx, ref, secret, &plan, &resp.State, &resp.Diagnostics)
}

// readBack reads the strategy after a write and saves it in state.
func (r *backupStrategyResource) readBack(clientCtx, ctx context.Context, ref ocp.StrategyRef, secret string, m *backupStrategyResourceModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	found, err := r.provider.client.GetBackupStrategy(clientCtx, ref)
	if err != nil {
		failure(diags, "Unable to read back the backup strategy", ref, secret, err)
		return
	}
	if found == nil {
		diags.AddError(fmt.Sprintf("The backup strategy of %s is missing after the write", ref),
			"OCP accepted the request and its tasks succeeded, but reading the strategy back finds none.")
		return
	}
	diags.Append(m.fromOCP(ref, found)...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

func deref64(l *ocp.Long) int64 {
	if l == nil {
		return 0
	}
	return int64(*l)
}

func scrub(s, secret string) string {
	if len(secret) >= 4 {
		return strings.ReplaceAll(s, secret, "<redacted>")
	}
	return s
}

func (r *backupStrategyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state backupStrategyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.provider.ready(&resp.Diagnostics) {
		return
	}
	ref := state.ref()
	secret := ""
	if state.Storage != nil {
		secret = state.Storage.AccessKeySecret.ValueString()
	}
	found, err := r.provider.client.GetBackupStrategy(r.clientContext(ctx, secret), ref)
	if err != nil {
		failure(&resp.Diagnostics, "Unable to read the backup strategy", ref, secret, err)
		return
	}
	if found == nil {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The backup strategy of %s is gone", ref),
			"OCP has no backup strategy there any more (deleted outside Terraform); the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(state.fromOCP(ref, found)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *backupStrategyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state backupStrategyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.provider.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	secret := r.secret(ctx, req.Config, &plan, &resp.Diagnostics)
	body := plan.request(ctx, secret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cctx := r.clientContext(ctx, secret)
	ref := plan.ref()
	client := r.provider.client

	var answer *ocp.BackupCommonResponse
	var err error
	toggled := onlyEnabledChanged(ctx, &plan, &state)
	if toggled {
		if plan.Schedule.Enabled.ValueBool() {
			answer, err = client.StartBackupSchedule(cctx, ref)
		} else {
			answer, err = client.StopBackupSchedule(cctx, ref)
		}
		if ocp.IsNoSuchAPI(err) {
			// OCP before 4.3 has no start/stopSchedule: the PATCH carries the flag.
			tflog.Debug(ctx, "startSchedule/stopSchedule not available; changing the schedule by PATCH")
			toggled = false
		}
	}
	if !toggled {
		answer, err = client.UpdateBackupStrategy(cctx, ref, body)
	}
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ambiguous(err):
		found, readErr := client.GetBackupStrategy(cctx, ref)
		check := plan
		if readErr == nil && found != nil && !check.fromOCP(ref, found).HasError() && sameStrategy(ctx, &check, &plan) {
			resp.Diagnostics.AddWarning(fmt.Sprintf("OCP's answer to the update of the backup strategy of %s was lost", ref),
				fmt.Sprintf("The request failed (%v), yet OCP's strategy now matches the plan, so it was applied. "+
					"Its tasks could not be followed; check them in OCP's console.", scrub(err.Error(), secret)))
			break
		}
		failure(&resp.Diagnostics, "Unable to update the backup strategy", ref, secret, err)
		return
	default:
		failure(&resp.Diagnostics, "Unable to update the backup strategy", ref, secret, err)
		return
	}
	if err := client.WaitForTasks(cctx, taskIDs); err != nil {
		failure(&resp.Diagnostics, "The update of the backup strategy failed", ref, secret, err)
		return
	}
	r.readBack(cctx, ctx, ref, secret, &plan, &resp.State, &resp.Diagnostics)
}

// onlyEnabledChanged reports whether schedule.enabled is the one difference
// between plan and state, so that start/stopSchedule can do the change.
func onlyEnabledChanged(ctx context.Context, plan, state *backupStrategyResourceModel) bool {
	if plan.Schedule == nil || state.Schedule == nil || plan.Schedule.Enabled.Equal(state.Schedule.Enabled) {
		return false
	}
	p, s := *plan, *state
	ps, ss := *plan.Schedule, *state.Schedule
	ps.Enabled = ss.Enabled
	p.Schedule, s.Schedule = &ps, &ss
	return sameStrategy(ctx, &p, &s) && plan.Storage != nil && state.Storage != nil &&
		plan.Storage.AccessKeySecret.Equal(state.Storage.AccessKeySecret) &&
		plan.Storage.AccessKeySecretWOVersion.Equal(state.Storage.AccessKeySecretWOVersion)
}

// sameStrategy compares what OCP holds of two models: the bodies they make,
// without secrets and ids, with times compared by meaning.
func sameStrategy(ctx context.Context, a, b *backupStrategyResourceModel) bool {
	body := func(m *backupStrategyResourceModel) string {
		c := *m
		if m.Schedule == nil || m.Storage == nil {
			return ""
		}
		s := *m.Schedule
		s.Time = canonicalTime(s.Time)
		c.Schedule = &s
		if m.Retention != nil {
			rt := *m.Retention
			rt.CleanTime = canonicalTime(rt.CleanTime)
			c.Retention = &rt
		}
		st := *m.Storage
		st.StorageID = types.Int64Null()
		c.Storage = &st
		var diags diag.Diagnostics
		out, err := json.Marshal(c.request(ctx, "", &diags))
		if err != nil || diags.HasError() {
			return ""
		}
		return string(out)
	}
	x := body(a)
	return x != "" && x == body(b)
}

func canonicalTime(v offsetTimeValue) offsetTimeValue {
	t, err := parseOffsetTime(v.ValueString())
	if err != nil {
		return v
	}
	s := fmt.Sprintf("%d@%d", t.nanos, t.offset)
	return newOffsetTime(&s)
}

func (r *backupStrategyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state backupStrategyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.provider.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	secret := ""
	if state.Storage != nil {
		secret = state.Storage.AccessKeySecret.ValueString()
	}
	cctx := r.clientContext(ctx, secret)
	ref := state.ref()
	client := r.provider.client
	answer, err := client.DeleteBackupStrategy(cctx, ref)
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ocp.IsNotFound(err):
		return
	case ambiguous(err):
		if found, readErr := client.GetBackupStrategy(cctx, ref); readErr == nil && found == nil {
			return
		}
		failure(&resp.Diagnostics, "Unable to delete the backup strategy", ref, secret, err)
		return
	default:
		failure(&resp.Diagnostics, "Unable to delete the backup strategy", ref, secret, err)
		return
	}
	if err := client.WaitForTasks(cctx, taskIDs); err != nil {
		failure(&resp.Diagnostics, "The deletion of the backup strategy failed", ref, secret, err)
	}
}

func (r *backupStrategyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	clusterPart, tenantPart, hasTenant := strings.Cut(req.ID, "/")
	cluster, err := strconv.ParseInt(clusterPart, 10, 64)
	var tenant int64
	if err == nil && hasTenant {
		tenant, err = strconv.ParseInt(tenantPart, 10, 64)
		if tenant < 1 {
			err = errors.New("tenant id below 1")
		}
	}
	if err != nil || cluster < 1 {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not \"<cluster_id>\" or \"<cluster_id>/<tenant_id>\" with ids of at least 1.", req.ID))
		return
	}
	ref := ocp.StrategyRef{ClusterID: cluster, TenantID: tenant}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strategyResourceID(ref))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), cluster)...)
	if tenant != 0 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("tenant_id"), tenant)...)
	}
}
