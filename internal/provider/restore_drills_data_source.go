package provider

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
			Optional: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "Count only restores created at or after this time, as RFC 3339 text (such as " +
				"`timeadd(plantimestamp(), \"-2160h\")`). Applied by the provider to each task's `createTime`; a task " +
				"without one is then left out. Without it, every restore OCP lists counts.",
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
	source               *restoreTask // the newest task, for the source's ids and names
	restores, successful int64
	lastSuccess          *restoreTask
	lastFailureTime      *ocp.Timestamp
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
		"gives no finish time); null when none failed. A restore failed when OCP says `successful` false once it "+
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
	successStatus := t.Status != nil && slices.Contains(restoreSuccessStatuses, *t.Status)
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
	return (t.Successful != nil && !*t.Successful && ended) || (t.Status != nil && *t.Status == "FAILED")
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

// drillKey is a restored source: the backup's cluster and tenant (0 when
// OCP names none; its ids start at 1), the tenant by name when OCP gives no
// id.
type drillKey struct {
	cluster, tenant int64
	tenantName      string
}

// restoreDrills folds the tasks of every cluster read into drills, each
// task once by id, those created before since (when set) left out.
func restoreDrills(lists [][]restoreTask, since *time.Time) []restoreDrill {
	seen := map[int64]bool{}
	byKey := map[drillKey]*restoreDrill{}
	for _, tasks := range lists {
		for _, t := range tasks {
			// The client refuses a task without an id.
			if seen[int64(*t.ID)] {
				continue
			}
			seen[int64(*t.ID)] = true
			if since != nil && (t.CreateTime == nil || t.CreateTime.Time().Before(*since)) {
				continue
			}
			key := drillKey{cluster: deref64(t.BackupClusterID), tenant: deref64(t.BackupTenantID)}
			if t.BackupTenantID == nil && t.BackupTenantName != nil {
				key.tenantName = *t.BackupTenantName
			}
			d := byKey[key]
			if d == nil {
				d = &restoreDrill{}
				byKey[key] = d
			}
			d.add(t)
		}
	}
	drills := make([]restoreDrill, 0, len(byKey))
	for _, d := range byKey {
		drills = append(drills, *d)
	}
	slices.SortFunc(drills, func(a, b restoreDrill) int {
		return cmp.Or(
			absentLast(a.source.BackupClusterID == nil, b.source.BackupClusterID == nil),
			cmp.Compare(deref64(a.source.BackupClusterID), deref64(b.source.BackupClusterID)),
			absentLast(a.source.BackupTenantName == nil, b.source.BackupTenantName == nil),
			cmp.Compare(deref(a.source.BackupTenantName), deref(b.source.BackupTenantName)),
			cmp.Compare(deref64(a.source.BackupTenantID), deref64(b.source.BackupTenantID)),
		)
	})
	return drills
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

type restoreDrillsConfigModel struct {
	fleetFilterModel
	Since             timetypes.RFC3339 `tfsdk:"since"`
	Drills            types.List        `tfsdk:"drills"`
	SkippedClusterIDs types.List        `tfsdk:"skipped_cluster_ids"`
}

func (d *restoreDrillsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config restoreDrillsConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	var since *time.Time
	if !config.Since.IsNull() {
		t, diags := config.Since.ValueRFC3339Time()
		resp.Diagnostics.Append(diags...)
		since = &t
	}
	if resp.Diagnostics.HasError() {
		return
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
	lists := make([][]restoreTask, len(results))
	for i, r := range results {
		lists[i] = r.Value
	}

	// The list data source's state is the configuration with its list
	// filled in; skipped_cluster_ids is filled in here first.
	var configured map[string]tftypes.Value
	if err := req.Config.Raw.As(&configured); err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	values := maps.Clone(configured)
	ids := make([]tftypes.Value, len(skipped))
	for i, id := range skipped {
		ids[i] = tftypes.NewValue(tftypes.Number, id)
	}
	values["skipped_cluster_ids"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, ids)
	state, err := d.state(ctx, tftypes.NewValue(req.Config.Raw.Type(), values), restoreDrills(lists, since))
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	setReadState(ctx, resp, state)
}
