package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The model of ocp_backup_strategy, and its mapping to OCP's request body and
// from OCP's strategy. The schema is in backup_strategy_schema.go, the
// operations in backup_strategy_resource.go.

var storageTypes = []string{"FILE", "OSS", "COS", "S3"}

type backupStrategyResourceModel struct {
	ID         types.String            `tfsdk:"id"`
	ClusterID  types.Int64             `tfsdk:"cluster_id"`
	TenantID   types.Int64             `tfsdk:"tenant_id"`
	StrategyID types.Int64             `tfsdk:"strategy_id"`
	BackupMode types.String            `tfsdk:"backup_mode"`
	Schedule   *strategyScheduleModel  `tfsdk:"schedule"`
	Retention  *strategyRetentionModel `tfsdk:"retention"`
	// Thresholds is an object, not a pointer: Optional and Computed, it is
	// unknown in a create plan that leaves it out.
	Thresholds         types.Object          `tfsdk:"thresholds"`
	Storage            *strategyStorageModel `tfsdk:"storage"`
	StorageID          types.Int64           `tfsdk:"storage_id"`
	DeletionProtection types.Bool            `tfsdk:"deletion_protection"`
	Timeouts           timeouts.Value        `tfsdk:"timeouts"`
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
		BackupScheduleTime:       str(ocpOffsetTime(s.Time.ValueString())),
		DayAndDataBackupModelMap: dayMap,
		StartLogBackup:           boolp(s.StartLogBackup, true),
		CleanEnabled:             boolp(types.BoolNull(), false),
	}
	if m.Retention != nil {
		*req.ScheduleConfig.CleanEnabled = true
		req.ScheduleConfig.BackupDataRetentionDays = long(m.Retention.Days)
		req.ScheduleConfig.CleanScheduleTime = str(ocpOffsetTime(m.Retention.CleanTime.ValueString()))
	}
	th := m.thresholds(ctx, diags)
	if th == nil {
		th = defaultThresholds()
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
		StorageID:                       long(m.StorageID),
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
		read := &strategyThresholdsModel{
			DataBackupTimeoutMinutes:        types.Int64PointerValue(th.DataBackupTimeoutMinutes.Int64()),
			NoSuccessfulDataBackupAlarmDays: types.Int64PointerValue(th.NoSuccessfulDataBackupAlarmDays.Int64()),
			LogBackupDelaySeconds:           types.Int64PointerValue(th.LogBackupDelaySeconds.Int64()),
			LibObLogExpireDays:              types.Int64PointerValue(th.LibObLogExpireDays.Int64()),
		}
		if deref(s.BackupMode) != "LOGICAL_BACKUP" {
			// Meaningless for a physical backup, and not configurable there:
			// a value OCP returns would plan a change nothing can resolve.
			read.LibObLogExpireDays = types.Int64Null()
		}
		m.setThresholds(read, &diags)
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
		// configuration has none, and may write the path another way.
		URL:                      keptURL(types.StringValue(schemeRE.ReplaceAllString(deref(st.BaseInfo.StorageURL), "")), prior.URL),
		Endpoint:                 keep(key.Endpoint, prior.Endpoint),
		AccessKeyID:              keep(key.AccessKeyID, prior.AccessKeyID),
		AccessKeySecret:          nullIfUnknown(prior.AccessKeySecret),
		AccessKeySecretWO:        types.StringNull(),
		AccessKeySecretWOVersion: nullIfUnknownInt(prior.AccessKeySecretWOVersion),
		Region:                   keep(key.Region, prior.Region),
		AppID:                    keep(key.AppID, prior.AppID),
	}
	if alarm := st.AlarmThreshold(); alarm != nil {
		next.AlarmStoragePercentageThreshold = types.Int64Value(int64(*alarm))
	} else {
		next.AlarmStoragePercentageThreshold = nullIfUnknownInt(prior.AlarmStoragePercentageThreshold)
	}
	if storageType == "FILE" {
		next.Endpoint, next.AccessKeyID, next.Region, next.AppID = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	}
	m.Storage = next
	m.StorageID = types.Int64PointerValue(st.StorageID.Int64())
	return diags
}

// keptURL is OCP's storage URL, or the prior one when that writes the same
// path another way (sameStorageURL): what the configuration says stays in
// state, as Terraform requires after a write.
func keptURL(ocpURL, prior types.String) types.String {
	if sameStorageURL(ocpURL, prior) {
		return prior
	}
	return ocpURL
}

// settleUnknowns gives the values OCP would have computed, and that could
// not be read, null values, so that the plan can be saved as state.
func (m *backupStrategyResourceModel) settleUnknowns(ref ocp.StrategyRef) {
	m.ID = types.StringValue(strategyResourceID(ref))
	m.StrategyID = nullIfUnknownInt(m.StrategyID)
	m.StorageID = nullIfUnknownInt(m.StorageID)
}

// fillCreateDefaults gives what a create plan leaves unknown (the
// configuration left it out, and OCP holds nothing yet) the documented
// defaults, which the create then sends.
func (m *backupStrategyResourceModel) fillCreateDefaults(ctx context.Context, diags *diag.Diagnostics) {
	th := m.thresholds(ctx, diags)
	if th == nil {
		th = defaultThresholds()
	}
	def := defaultThresholds()
	th.DataBackupTimeoutMinutes = knownOr(th.DataBackupTimeoutMinutes, def.DataBackupTimeoutMinutes)
	th.NoSuccessfulDataBackupAlarmDays = knownOr(th.NoSuccessfulDataBackupAlarmDays, def.NoSuccessfulDataBackupAlarmDays)
	th.LogBackupDelaySeconds = knownOr(th.LogBackupDelaySeconds, def.LogBackupDelaySeconds)
	th.LibObLogExpireDays = nullIfUnknownInt(th.LibObLogExpireDays)
	m.setThresholds(th, diags)
	if s := m.Schedule; s != nil {
		for _, b := range []*types.Bool{&s.Enabled, &s.StartLogBackup} {
			if b.IsUnknown() {
				*b = types.BoolValue(true)
			}
		}
	}
	if st := m.Storage; st != nil {
		st.AlarmStoragePercentageThreshold = knownOr(st.AlarmStoragePercentageThreshold, types.Int64Value(defaultAlarmStoragePercentage))
	}
}

func knownOr(v, def types.Int64) types.Int64 {
	if v.IsUnknown() {
		return def
	}
	return v
}

func defaultThresholds() *strategyThresholdsModel {
	return &strategyThresholdsModel{
		DataBackupTimeoutMinutes:        types.Int64Value(defaultDataBackupTimeoutMinutes),
		NoSuccessfulDataBackupAlarmDays: types.Int64Value(defaultNoSuccessfulDataBackupAlarmDays),
		LogBackupDelaySeconds:           types.Int64Value(defaultLogBackupDelaySeconds),
		LibObLogExpireDays:              types.Int64Null(),
	}
}

// thresholds is the model's thresholds; nil when null or unknown.
func (m *backupStrategyResourceModel) thresholds(ctx context.Context, diags *diag.Diagnostics) *strategyThresholdsModel {
	if m.Thresholds.IsNull() || m.Thresholds.IsUnknown() {
		return nil
	}
	var th strategyThresholdsModel
	diags.Append(m.Thresholds.As(ctx, &th, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: false})...)
	return &th
}

func (m *backupStrategyResourceModel) setThresholds(th *strategyThresholdsModel, diags *diag.Diagnostics) {
	v, d := types.ObjectValue(thresholdsAttrTypes(), map[string]attr.Value{
		"data_backup_timeout_minutes":          th.DataBackupTimeoutMinutes,
		"no_successful_data_backup_alarm_days": th.NoSuccessfulDataBackupAlarmDays,
		"log_backup_delay_seconds":             th.LogBackupDelaySeconds,
		"lib_ob_log_expire_days":               th.LibObLogExpireDays,
	})
	diags.Append(d...)
	m.Thresholds = v
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

func deref64(l *ocp.Long) int64 {
	if l == nil {
		return 0
	}
	return int64(*l)
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
		c.StorageID = types.Int64Null()
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
