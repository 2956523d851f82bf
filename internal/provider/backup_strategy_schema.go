package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// timeTypeNote describes the form of schedule.time and retention.clean_time.
const timeTypeNote = "A time of day with its UTC offset: `\"02:00+08:00\"`, `\"02:00:00+08:00\"`, " +
	"`\"02:00:00.000+08:00\"`, `\"02:00+0800\"` or `\"18:00Z\"`. OCP writes it back as `\"02:00:00.000+08:00\"`; " +
	"times that are the same instant of the day, however written, never plan a change, after an import as well."

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
			"never enters state at all; change `access_key_secret_wo_version` to send a new one. The secret is sent " +
			"only on create, rotation or a change of the storage, so strategies made in OCP's console are adopted " +
			"(imported, even with `-generate-config-out`) and updated without it. `deletion_protection` (on by " +
			"default) keeps a plan from deleting or replacing the strategy.",
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
						PlanModifiers:       []planmodifier.String{equivalentTimeKept{}},
					},
					"full_backup_days":        days("Days with a full data backup; at least one.", true),
					"incremental_backup_days": days("Days with an incremental data backup; none in `full_backup_days`.", false),
					"enabled": schema.BoolAttribute{
						Optional: true,
						Computed: true,
						MarkdownDescription: "Whether the schedule runs (`true`) or is paused. " + keptNote("`true`") +
							" Toggling it alone uses OCP's `startSchedule`/`stopSchedule` where OCP has them (4.3 and later).",
						PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
					},
					"start_log_backup": schema.BoolAttribute{
						Optional: true,
						Computed: true,
						MarkdownDescription: "Whether OCP also runs log backup (archiving), as needed for point-in-time restore. " +
							keptNote("`true`"),
						PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
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
						PlanModifiers:       []planmodifier.String{equivalentTimeKept{}},
					},
				},
			},
			"thresholds": schema.SingleNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Alarm thresholds; they change when OCP alarms, not how it backs up. Each one left " +
					"out keeps the value OCP holds (after an import, or a change in OCP's console); a create sends the default.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"data_backup_timeout_minutes":          keptInt64("Alarm when a data backup runs longer than this, in minutes.", defaultDataBackupTimeoutMinutes),
					"no_successful_data_backup_alarm_days": keptInt64("Alarm after this many days without a successful data backup.", defaultNoSuccessfulDataBackupAlarmDays),
					"log_backup_delay_seconds":             keptInt64("Alarm when log backup lags more than this, in seconds.", defaultLogBackupDelaySeconds),
					"lib_ob_log_expire_days": schema.Int64Attribute{
						Optional: true,
						Computed: true,
						MarkdownDescription: "Days liboblog keeps its logs; `LOGICAL_BACKUP` only. Left out, it keeps the value " +
							"OCP holds; a create sends none.",
						Validators:    []validator.Int64{int64validator.AtLeast(1)},
						PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
					},
				},
			},
			"storage": schema.SingleNestedAttribute{
				Required: true,
				MarkdownDescription: "Where backups go. Which keys each `type` needs is checked at plan time: `FILE` takes none; " +
					"`OSS` needs `endpoint` and `access_key_id`; `COS` also `app_id`; `S3` needs `endpoint` and " +
					"`access_key_id`, and `region` for AWS S3 (not for Huawei OBS or GCS). The secret is needed only where a " +
					"plan sends it: on create, on rotation, and when `type`, `url`, `endpoint`, `access_key_id`, `region` or " +
					"`app_id` changes; other updates name OCP's storage by the top-level `storage_id` and send none.",
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
						MarkdownDescription: "Access key secret of the object store, sent on create, when it changes, and when the " +
							"storage changes. OCP never returns it: the configured value is kept in state (sensitive) and changes " +
							"made in OCP are not seen. Prefer `access_key_secret_wo`.",
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
						Optional: true,
						MarkdownDescription: "Any number; changing it sends `access_key_secret_wo` again (rotation). While it " +
							"stays the same, `access_key_secret_wo` is sent only on create and when the storage changes.",
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
						Optional:            true,
						Computed:            true,
						MarkdownDescription: "Alarm when the storage is fuller than this, in percent (1-100). " + keptNote(fmt.Sprint(defaultAlarmStoragePercentage)),
						Validators:          []validator.Int64{int64validator.Between(1, 100)},
						PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
					},
				},
			},
			// Beside storage, not in it: Terraform before 1.10 cannot plan the
			// configuration -generate-config-out writes when a nested
			// object holds a computed-only attribute (hashicorp/terraform#35478).
			"storage_id": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "OCP's ID of the strategy's storage configuration (`storageId`). An update that leaves " +
					"the storage as it is names it by this ID and sends no secret.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether Terraform refuses to delete the strategy (default `true`): with it on, a plan " +
					"that would delete the strategy (`terraform destroy`, the resource removed from the configuration or from " +
					"a shrinking `for_each`) or replace it (a new `cluster_id` or `tenant_id`) fails at plan time, and " +
					"nothing is sent to OCP. Set it to `false` and apply (which changes nothing in OCP) before such a plan.",
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// keptNote describes an Optional and Computed setting that OCP holds.
func keptNote(def string) string {
	return "Left out, it keeps the value OCP holds (after an import, or a change in OCP's console); a create sends " + def + "."
}

// keptInt64 is an alarm threshold: Optional and Computed, at least 1, left
// out it keeps OCP's value.
func keptInt64(description string, def int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description + " " + keptNote(fmt.Sprint(def)),
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
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
		"(default 30 minutes each). When a create's answer is lost or its tasks outlive the limit, the provider " +
		"still reads the strategy for up to one minute past the limit, to learn whether OCP holds it."
	for name, nested := range a.Attributes {
		s, ok := nested.(schema.StringAttribute)
		if !ok {
			continue
		}
		s.MarkdownDescription = fmt.Sprintf("Limit for %s, a [Go duration](https://pkg.go.dev/time#ParseDuration) "+
			"such as `\"30m\"`, `\"1h30m\"` or `\"90s\"`; default `\"30m\"`.", name)
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
// mode, storage keys against the type, logical-only thresholds. What is
// unknown yet is checked once known: Terraform validates again at apply,
// and Create and Update check again before any request (see checkConfig).
func (r *backupStrategyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateStrategyConfig(ctx, req.Config, &resp.Diagnostics)
}

// attributeGetter is what the configuration, the plan and the state share.
type attributeGetter interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

// validateStrategyConfig reports every problem it finds, each on its
// attribute and naming it in its text: Terraform before 1.12 shows a nested
// attribute's error at the resource's line.
func validateStrategyConfig(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) {
	get := func(p path.Path, target any) bool {
		d := config.GetAttribute(ctx, p, target)
		diags.Append(d...)
		return !d.HasError()
	}
	var backupMode types.String
	get(path.Root("backup_mode"), &backupMode)
	schedule := path.Root("schedule")
	var mode types.String
	var full, incremental types.Set
	if get(schedule.AtName("mode"), &mode) && get(schedule.AtName("full_backup_days"), &full) &&
		get(schedule.AtName("incremental_backup_days"), &incremental) {
		validateDays(schedule, mode, full, incremental, diags)
	}
	libObLogPath := path.Root("thresholds").AtName("lib_ob_log_expire_days")
	var libObLog types.Int64
	if get(libObLogPath, &libObLog) && !libObLog.IsNull() && backupMode.ValueString() == "PHYSICAL_BACKUP" {
		diags.AddAttributeError(libObLogPath, "Attribute for logical backup only",
			"thresholds.lib_ob_log_expire_days applies to LOGICAL_BACKUP only; remove it or set backup_mode = \"LOGICAL_BACKUP\".")
	}
	validateStorageKeys(ctx, config, diags)
}

// storageKeys are the storage attributes whose presence depends on the type.
var storageKeys = []string{"endpoint", "access_key_id", "access_key_secret", "access_key_secret_wo", "region", "app_id"}

func validateStorageKeys(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) {
	storage := path.Root("storage")
	var storageType types.String
	if d := config.GetAttribute(ctx, storage.AtName("type"), &storageType); d.HasError() {
		diags.Append(d...)
		return
	}
	set, unknownSet := map[string]bool{}, map[string]bool{}
	for _, name := range storageKeys {
		var v types.String
		diags.Append(config.GetAttribute(ctx, storage.AtName(name), &v)...)
		set[name] = !v.IsNull() && !v.IsUnknown()
		unknownSet[name] = v.IsUnknown()
		if secret := v.ValueString(); set[name] && strings.HasPrefix(name, "access_key_secret") &&
			secret != "" && len(secret) < ocp.MinMaskableSecretLength {
			// Not attached to the attribute: Terraform would print its line
			// of configuration, and the value of a variable it names.
			diags.AddWarning("Storage secret too short to keep out of logs",
				fmt.Sprintf("storage.%s has fewer than %d characters. Masking every occurrence of so short a value "+
					"would reveal it, so logs and error messages mask it only where it is known to sit (JSON fields "+
					"named like secrets); an OCP that echoes it elsewhere would show it.", name, ocp.MinMaskableSecretLength))
		}
	}
	if storageType.IsUnknown() || storageType.IsNull() {
		return
	}
	t := storageType.ValueString()
	var required, forbidden []string
	switch t {
	case "FILE":
		forbidden = storageKeys
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
				fmt.Sprintf("storage.%s: storage type %s needs storage.%s.", name, t, name))
		}
	}
	for _, name := range forbidden {
		if set[name] {
			diags.AddAttributeError(storage.AtName(name), "Storage attribute not allowed",
				fmt.Sprintf("storage.%s: storage type %s does not take storage.%s; remove it.", name, t, name))
		}
	}
}

// validateDays checks the known days; an unknown element is checked at
// apply, once known.
func validateDays(schedule path.Path, mode types.String, full, incremental types.Set, diags *diag.Diagnostics) {
	if mode.IsUnknown() {
		return
	}
	maxDay, unit := int64(7), "1 (Monday) to 7 (Sunday) for WEEK"
	if mode.ValueString() == "MONTH" {
		maxDay, unit = 31, "1 to 31 for MONTH"
	}
	fullDays, incDays := knownDays(full), knownDays(incremental)
	for _, set := range []struct {
		name string
		days []int64
	}{{"full_backup_days", fullDays}, {"incremental_backup_days", incDays}} {
		for _, d := range set.days {
			if d < 1 || d > maxDay {
				diags.AddAttributeError(schedule.AtName(set.name), "Day out of range",
					fmt.Sprintf("schedule.%s: day %d is out of range: days run from %s.", set.name, d, unit))
			}
		}
	}
	for _, d := range incDays {
		if slices.Contains(fullDays, d) {
			diags.AddAttributeError(schedule.AtName("incremental_backup_days"), "Day in both sets",
				fmt.Sprintf("schedule.incremental_backup_days: day %d is in both full_backup_days and incremental_backup_days; "+
					"a day has one kind of backup.", d))
		}
	}
	if n := len(fullDays) + len(incDays); mode.ValueString() == "MONTH" && n > maxMonthDays {
		diags.AddAttributeError(schedule.AtName("full_backup_days"), "Too many days",
			fmt.Sprintf("schedule.full_backup_days: OCP allows at most %d days for MONTH in full_backup_days and "+
				"incremental_backup_days together; %d are chosen.", maxMonthDays, n))
	}
}

// knownDays are the known elements of a set of days (a set's elements
// differ, so these are distinct days).
func knownDays(set types.Set) []int64 {
	var days []int64
	for _, e := range set.Elements() {
		if v, ok := e.(types.Int64); ok && !v.IsUnknown() && !v.IsNull() {
			days = append(days, v.ValueInt64())
		}
	}
	return days
}
