package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// ocp_restore_drills is a list data source (its schema and state come from
// listSpec and its field table) whose read is the fleet's: the restore
// tasks of every selected cluster, folded into one entry per restored
// source.

// NewRestoreDrillsDataSource is ocp_restore_drills.
func NewRestoreDrillsDataSource() datasource.DataSource {
	return &restoreDrillsDataSource{listDataSource[restoreDrill]{spec: restoreDrillsSpec}}
}

type restoreDrillsDataSource struct {
	listDataSource[restoreDrill]
}

var _ datasource.DataSourceWithConfigure = (*restoreDrillsDataSource)(nil)

var restoreDrillsSpec = listSpec[restoreDrill]{
	typeName: "restore_drills",
	description: "Proof that restores work, across a fleet: reads the restore task history " +
		"(`GET /api/v2/ob/clusters/{id}/backup/task/restoreTasks`, every page) of every cluster the selectors " +
		"choose, concurrently within `max_concurrent_requests`, and reports one entry per restored source (the " +
		"backup's cluster and tenant). A restore listed by both its backup cluster and its restore cluster counts " +
		"once, by task id. The selectors, `skip_unreadable` and the errors are those of " +
		"`ocp_cluster_backup_overviews`; with `types`, a cluster the list does not type is decided by its backup " +
		"overview. A restore counts as successful only when OCP says so explicitly (`successful` true, or, when " +
		"OCP leaves `successful` out, the status `RESTORE_SUCCESS` of its samples or `COMPLETED` of its tables) and it " +
		"has a finish time.",
	query: func() map[string]schema.Attribute {
		attrs := fleetFilterAttributes("restore tasks")
		attrs["since"] = schema.StringAttribute{
			Optional: true, Validators: []validator.String{sinceValidator{}},
			MarkdownDescription: "Count only restores created at or after this time, as RFC 3339 text (such as " +
				"`timeadd(plantimestamp(), \"-2160h\")`). Applied by the provider to each task's `createTime`; a task " +
				"without one then fails the read, naming it, since leaving it out could hide a failed restore. Without " +
				"it, every restore OCP lists counts. Other text fails the plan.",
		}
		return attrs
	},
	items: "drills",
	itemsDescription: "One entry per restored source, sorted by `backup_cluster_id`, then by `backup_tenant_name` " +
		"(absent values last); empty when no restore matches.",
	fields: restoreDrillFields,
}

// restoreSuccessStatuses say a restore succeeded when OCP leaves
// successful out: the samples' value and the table's.
var restoreSuccessStatuses = []string{"RESTORE_SUCCESS", "COMPLETED"}

// restoreDrill is the restores of one tenant's backups.
type restoreDrill struct {
	source                       *restoreTask // the newest task, for the source's ids and names
	restores, successful, failed int64
	lastSuccess                  *restoreTask
	lastFailureTime              *ocp.Timestamp
}

func (d restoreDrill) of(get func(restoreTask) *ocp.Long) *ocp.Long {
	if d.source == nil {
		return nil
	}
	return get(*d.source)
}

func (d restoreDrill) successOf(get func(restoreTask) *ocp.Timestamp) *ocp.Timestamp {
	if d.lastSuccess == nil {
		return nil
	}
	return get(*d.lastSuccess)
}

func (d restoreDrill) text(get func(restoreTask) *string) *string {
	if d.source == nil {
		return nil
	}
	return get(*d.source)
}

func longOf(n int64) *ocp.Long { l := ocp.Long(n); return &l }

var restoreDrillFields = fieldTable[restoreDrill]{
	int64Field("backup_cluster_id", "OCP's ID of the cluster whose backups were restored.",
		func(d restoreDrill) *ocp.Long {
			return d.of(func(t restoreTask) *ocp.Long { return t.BackupClusterID })
		}),
	stringField("backup_cluster_name", "Name of that cluster, as the newest restore names it.",
		func(d restoreDrill) *string {
			return d.text(func(t restoreTask) *string { return t.BackupClusterName })
		}),
	int64Field("backup_tenant_id", "OCP's ID of the tenant whose backups were restored.",
		func(d restoreDrill) *ocp.Long { return d.of(func(t restoreTask) *ocp.Long { return t.BackupTenantID }) }),
	stringField("backup_tenant_name", "Name of that tenant, as the newest restore names it.",
		func(d restoreDrill) *string {
			return d.text(func(t restoreTask) *string { return t.BackupTenantName })
		}),
	int64Field("restores", "Restores of the source (since `since`), whatever their outcome.",
		func(d restoreDrill) *ocp.Long { return longOf(d.restores) }),
	int64Field("successful_restores", "Those that succeeded: OCP says so explicitly and they have a finish time.",
		func(d restoreDrill) *ocp.Long { return longOf(d.successful) }),
	int64Field("failed_restores", "Those that failed (see `last_failure_time`), counted whether or not OCP gives them "+
		"a time: a gate that must see every failure checks this, not `last_failure_time` alone.",
		func(d restoreDrill) *ocp.Long { return longOf(d.failed) }),
	timeField("last_successful_restore_time", "When the last successful restore finished (its `finish_time`); null without one.",
		func(d restoreDrill) *ocp.Timestamp {
			return d.successOf(func(t restoreTask) *ocp.Timestamp { return t.FinishTime })
		}),
	timeField("last_successful_restore_point", "The point in time that restore recovered to (its `restore_end_time`); null without one.",
		func(d restoreDrill) *ocp.Timestamp {
			return d.successOf(func(t restoreTask) *ocp.Timestamp { return t.RestoreEndTime })
		}),
	int64Field("last_successful_restore_cluster_id", "OCP's ID of the cluster that restore went into; null without one.",
		func(d restoreDrill) *ocp.Long {
			if d.lastSuccess == nil {
				return nil
			}
			return d.lastSuccess.RestoreClusterID
		}),
	enumField("last_status", "Status of the newest restore, by `create_time`, then by `id` (such as `FAILED`, or a phase "+
		"while it runs): "+restoreTaskStatusValues.note()+".",
		func(d restoreDrill) *string { return d.text(func(t restoreTask) *string { return t.Status }) }),
	timeField("last_failure_time", "When the newest failed restore ended (its `finish_time`, or its `create_time` when OCP "+
		"gives no finish time); null when none failed, or when no failed one has either time (`failed_restores` still counts them). A restore failed when OCP says `successful` false once it "+
		"finished, or its status is `FAILED`.",
		func(d restoreDrill) *ocp.Timestamp { return d.lastFailureTime }),
}

// restoreSucceeded is OCP saying explicitly that the restore succeeded, and
// it finishing. A record that contradicts itself (successful beside a
// status other than a success, or finished false) proves nothing, so it is
// no success.
func restoreSucceeded(t restoreTask) bool {
	if t.FinishTime == nil || (t.Finished != nil && !*t.Finished) {
		return false
	}
	successStatus := t.Status != nil && slices.Contains(restoreSuccessStatuses, restoreStatus(t))
	if t.Successful != nil {
		return *t.Successful && (t.Status == nil || successStatus)
	}
	return successStatus
}

// restoreFailed is OCP saying that a restore that ended did not succeed; a
// running one says successful false too.
func restoreFailed(t restoreTask) bool {
	if restoreSucceeded(t) {
		return false
	}
	ended := t.FinishTime != nil || (t.Finished != nil && *t.Finished)
	return (t.Successful != nil && !*t.Successful && ended) || restoreStatus(t) == "FAILED"
}

// restoreStatus is the task's status as OCP's tables spell it, upper-case
// and trimmed, as the status filters compare it; "" when OCP gives none.
func restoreStatus(t restoreTask) string {
	return strings.ToUpper(strings.TrimSpace(deref(t.Status)))
}

// newerTask orders a after b when it was created later, then by id; a
// task without a creation time is older than any with one.
func newerTask(a, b restoreTask) int {
	ac, bc := a.CreateTime != nil, b.CreateTime != nil
	if ac && bc {
		if c := a.CreateTime.Time().Compare(b.CreateTime.Time()); c != 0 {
			return c
		}
	} else if ac != bc {
		if ac {
			return 1
		}
		return -1
	}
	return cmp.Compare(deref64(a.ID), deref64(b.ID))
}

// drillKey is a restored source: the backup's cluster and tenant, the
// tenant by name when OCP gives no id.
type drillKey struct {
	cluster, tenant int64
	tenantName      string
}

// listedTask is a restore task and the cluster whose list held it.
type listedTask struct {
	task    restoreTask
	cluster int64
}

// restoreDrills folds the tasks of every cluster read into drills, each
// task once by id, those created before since (when set) left out. Two
// records of one id that disagree on which restore it is, or on how it
// ended, are an error; so is a counted restore whose source OCP does not
// name: neither can prove which tenant was drilled.
func restoreDrills(lists []fleetRead[int64, []restoreTask], since *time.Time) ([]restoreDrill, error) {
	byID := map[int64]int{}
	var tasks []listedTask
	for _, list := range lists {
		for _, t := range list.Value {
			// The client refuses a task without an id.
			id := int64(*t.ID)
			i, seen := byID[id]
			if !seen {
				byID[id] = len(tasks)
				tasks = append(tasks, listedTask{t, list.Key})
				continue
			}
			kept, err := sameRestore(tasks[i], listedTask{t, list.Key})
			if err != nil {
				return nil, err
			}
			tasks[i] = kept
		}
	}
	byKey := map[drillKey]*restoreDrill{}
	for _, lt := range tasks {
		t := lt.task
		if since != nil && t.CreateTime == nil {
			return nil, fmt.Errorf("OCP cluster %d lists restore task %d without its createTime, so `since` cannot "+
				"tell whether to count it, and leaving it out could hide a failed restore. Read it with "+
				"ocp_restore_tasks, or leave `since` out to count every restore", lt.cluster, int64(*t.ID))
		}
		if since != nil && t.CreateTime.Time().Before(*since) {
			continue
		}
		// OCP's ids start at 1: an id of 0, like an empty name, names nothing.
		tenantID, tenantName := deref64(t.BackupTenantID), strings.TrimSpace(deref(t.BackupTenantName))
		if deref64(t.BackupClusterID) < 1 || (tenantID < 1 && tenantName == "") {
			return nil, fmt.Errorf("OCP cluster %d lists restore task %d, which does not name the backup it restored "+
				"(backup cluster %s, backup tenant %s): it cannot show which tenant was restored, and a drill the "+
				"provider cannot attribute is neither counted nor guessed. Read it with ocp_restore_tasks; a `since` "+
				"after its creation leaves it out", lt.cluster, int64(*t.ID), longText(t.BackupClusterID), tenantText(t))
		}
		key := drillKey{cluster: int64(*t.BackupClusterID), tenant: tenantID}
		if tenantID < 1 {
			key.tenant, key.tenantName = 0, tenantName
		}
		d := byKey[key]
		if d == nil {
			d = &restoreDrill{}
			byKey[key] = d
		}
		d.add(t)
	}
	drills := make([]restoreDrill, 0, len(byKey))
	for _, d := range byKey {
		drills = append(drills, *d)
	}
	slices.SortFunc(drills, func(a, b restoreDrill) int {
		return cmp.Or(
			cmp.Compare(deref64(a.source.BackupClusterID), deref64(b.source.BackupClusterID)),
			absentLast(a.source.BackupTenantName == nil, b.source.BackupTenantName == nil),
			cmp.Compare(deref(a.source.BackupTenantName), deref(b.source.BackupTenantName)),
			cmp.Compare(deref64(a.source.BackupTenantID), deref64(b.source.BackupTenantID)),
		)
	})
	return drills, nil
}

// sameRestore is the record to count of two that two clusters' lists hold
// for one task id. They must name the same restore (backup cluster and
// tenant, restore cluster, creation time): otherwise they are two
// restores from different id spaces, or one conflicting record, and
// which tenant was drilled is unknown. They must not disagree on the
// outcome either (one a success, the other a failure). Of a restore that
// went on between the two reads, the record that saw it further is kept.
func sameRestore(a, b listedTask) (listedTask, error) {
	var differs []string
	if !samePointee(a.task.BackupClusterID, b.task.BackupClusterID) {
		differs = append(differs, fmt.Sprintf("backup cluster %s against %s", longText(a.task.BackupClusterID), longText(b.task.BackupClusterID)))
	}
	if !samePointee(a.task.BackupTenantID, b.task.BackupTenantID) || !samePointee(a.task.BackupTenantName, b.task.BackupTenantName) {
		differs = append(differs, fmt.Sprintf("backup tenant %s against %s", tenantText(a.task), tenantText(b.task)))
	}
	if !samePointee(a.task.RestoreClusterID, b.task.RestoreClusterID) {
		differs = append(differs, fmt.Sprintf("restore cluster %s against %s", longText(a.task.RestoreClusterID), longText(b.task.RestoreClusterID)))
	}
	if !sameTime(a.task.CreateTime, b.task.CreateTime) {
		differs = append(differs, fmt.Sprintf("creation time %s against %s", timeText(a.task.CreateTime), timeText(b.task.CreateTime)))
	}
	if (restoreSucceeded(a.task) && restoreFailed(b.task)) || (restoreFailed(a.task) && restoreSucceeded(b.task)) {
		differs = append(differs, fmt.Sprintf("outcome %s against %s", outcomeText(a.task), outcomeText(b.task)))
	}
	if len(differs) > 0 {
		return a, fmt.Errorf("OCP clusters %d and %d both list restore task %d, and their records disagree: %s (cluster %d's "+
			"record first). They are two restores under one id (another OCP's id space) or one record OCP contradicts, so "+
			"neither can show which tenant was restored, or how it ended", a.cluster, b.cluster, int64(*a.task.ID),
			strings.Join(differs, "; "), a.cluster)
	}
	if restoreProgress(b.task) > restoreProgress(a.task) {
		return b, nil
	}
	return a, nil
}

// restoreProgress is how far a record saw a restore go: 2 when it saw
// the outcome (success or failure), 1 when it saw it end without one, 0
// while it ran. Of two reads of one restore, the later shows more.
func restoreProgress(t restoreTask) int {
	switch {
	case restoreSucceeded(t) || restoreFailed(t):
		return 2
	case t.FinishTime != nil || (t.Finished != nil && *t.Finished):
		return 1
	}
	return 0
}

// samePointee reports whether a and b are both absent, or both the same.
func samePointee[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameTime(a, b *ocp.Timestamp) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Time().Equal(b.Time()))
}

func tenantText(t restoreTask) string {
	if t.BackupTenantName == nil {
		return longText(t.BackupTenantID)
	}
	return fmt.Sprintf("%s %q", longText(t.BackupTenantID), *t.BackupTenantName)
}

// longText is OCP's id, or says that OCP named none.
func longText(id *ocp.Long) string {
	if id == nil {
		return "(not named)"
	}
	return fmt.Sprint(int64(*id))
}

func timeText(t *ocp.Timestamp) string {
	if t == nil {
		return "(none)"
	}
	return t.String()
}

func outcomeText(t restoreTask) string {
	switch {
	case restoreSucceeded(t):
		return "succeeded"
	case restoreFailed(t):
		return "failed"
	}
	return fmt.Sprintf("ended with status %q", deref(t.Status))
}

// add counts one restore of the source.
func (d *restoreDrill) add(t restoreTask) {
	task := t
	d.restores++
	if d.source == nil || newerTask(t, *d.source) > 0 {
		d.source = &task
	}
	switch {
	case restoreSucceeded(t):
		d.successful++
		if d.lastSuccess == nil || cmp.Or(t.FinishTime.Time().Compare(d.lastSuccess.FinishTime.Time()),
			cmp.Compare(deref64(t.ID), deref64(d.lastSuccess.ID))) > 0 {
			d.lastSuccess = &task
		}
	case restoreFailed(t):
		d.failed++
		at := cmp.Or(t.FinishTime, t.CreateTime)
		if at != nil && (d.lastFailureTime == nil || at.Time().After(d.lastFailureTime.Time())) {
			d.lastFailureTime = at
		}
	}
}

func absentLast(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

var _ validator.String = sinceValidator{}

// sinceValidator checks since at plan time, naming it in the message: the
// error of timetypes' own check does not, and Terraform before 1.12 may
// show only the data source's line.
type sinceValidator struct{}

func (sinceValidator) Description(context.Context) string {
	return "value must be RFC 3339 text, such as \"2026-01-02T03:04:05Z\""
}

func (v sinceValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (sinceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseSince(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid since", err.Error())
	}
}

// parseSince reads since as Terraform's time functions write it.
func parseSince(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("since: %q is not RFC 3339 text, such as \"2026-01-02T03:04:05Z\", \"2026-01-02T11:04:05+08:00\" "+
			"or timeadd(plantimestamp(), \"-2160h\")", s)
	}
	return t, nil
}

type restoreDrillsConfigModel struct {
	fleetFilterModel
	Since             types.String `tfsdk:"since"`
	Drills            types.List   `tfsdk:"drills"`
	SkippedClusterIDs types.List   `tfsdk:"skipped_cluster_ids"`
}

func (d *restoreDrillsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config restoreDrillsConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	var since *time.Time
	if !config.Since.IsNull() {
		t, err := parseSince(config.Since.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("since"), "Invalid since", err.Error())
			return
		}
		since = &t
	}
	ctx = d.configured.logContext(ctx)
	client := d.configured.client
	read := func(ctx context.Context, id int64) ([]restoreTask, error) {
		return client.ListRestoreTasks(ctx, ocp.TaskQuery{ClusterID: id})
	}
	// A restore task does not say its cluster's type; the overview does.
	results, skipped, diags := readUntypedFleet(ctx, client, config.fleetFilterModel, read, fleetReport{
		what: "the restore tasks", attr: path.Root("drills"), skipUnreadable: config.SkipUnreadable.ValueBool(),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The list data source's state is the configuration with its list
	// filled in; skipped_cluster_ids is filled in here first.
	values, err := configValues(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	values["skipped_cluster_ids"] = numberList(skipped)
	drills, err := restoreDrills(results, since)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("drills"), "Unable to count the restore drills", err.Error())
		return
	}
	state, err := d.state(ctx, tftypes.NewValue(req.Config.Raw.Type(), values), drills)
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	setReadState(ctx, resp, state)
}
