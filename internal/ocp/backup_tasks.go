package ocp

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DataBackupTask is OCP's DataBackupHistoryWrapperTask: one data backup of
// a cluster or a tenant. Every field is a pointer: OCP leaves out whatever
// does not apply, and nil says so.
type DataBackupTask struct {
	TaskID                     *Long      `json:"taskId"`
	BackupSetID                *Long      `json:"backupSetId"`
	BackupMode                 *string    `json:"backupMode"`
	DataBackupTaskType         *string    `json:"dataBackupTaskType"`
	BackupType                 *string    `json:"backupType"`
	TaskType                   *string    `json:"taskType"`
	DataType                   *string    `json:"dataType"`
	Status                     *string    `json:"status"`
	ErrorMsg                   *string    `json:"errorMsg"`
	ClusterID                  *Long      `json:"clusterId"`
	ClusterName                *string    `json:"clusterName"`
	ObClusterID                *Long      `json:"obClusterId"`
	ClusterType                *string    `json:"clusterType"`
	TenantID                   *Long      `json:"tenantId"`
	TenantName                 *string    `json:"tenantName"`
	ObTenantID                 *Long      `json:"obTenantId"`
	BackupDimension            *string    `json:"backupDimension"`
	BackupURI                  *string    `json:"backupUri"`
	DataVersion                *Long      `json:"dataVersion"`
	SchemaVersion              *Long      `json:"schemaVersion"`
	StartTime                  *Timestamp `json:"startTime"`
	FinishTime                 *Timestamp `json:"finishTime"`
	SnapshotVersionTime        *Timestamp `json:"snapshotVersionTime"`
	Duration                   *Decimal   `json:"duration"`
	DataSecondaryBackupTaskIDs []Long     `json:"dataSecondaryBackupTaskIds"`
}

// LogBackupTask is OCP's LogBackupWrapperTask: the log archiving of a
// cluster or a tenant.
type LogBackupTask struct {
	ClusterID       *Long      `json:"clusterId"`
	ClusterName     *string    `json:"clusterName"`
	ObClusterID     *Long      `json:"obClusterId"`
	ClusterType     *string    `json:"clusterType"`
	TenantID        *Long      `json:"tenantId"`
	TenantName      *string    `json:"tenantName"`
	ObTenantID      *Long      `json:"obTenantId"`
	BackupDimension *string    `json:"backupDimension"`
	BackupMode      *string    `json:"backupMode"`
	BackupURI       *string    `json:"backupUri"`
	Status          *string    `json:"status"`
	ErrorMsg        *string    `json:"errorMsg"`
	CreateTime      *Timestamp `json:"createTime"`
	ModifyTime      *Timestamp `json:"modifyTime"`
	Checkpoint      *Timestamp `json:"checkpoint"`
	// Delay is documented as a long but sent as a decimal, in seconds.
	Delay         *Decimal `json:"delay"`
	AgentServerIP *string  `json:"agentServerIp"`
}

// Decimal is a number OCP documents as a long and sends with a fraction
// (delay, duration); a JSON string holding a number is read as well.
type Decimal float64

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// UnmarshalJSON accepts 47.8 and "47.8" alike.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	text := b
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		text = b[1 : len(b)-1]
	}
	// Only JSON's number syntax: ParseFloat also reads "NaN", "Inf" and
	// hex floats, which no OCP sends and no Terraform number holds.
	if !jsonNumber.Match(text) {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: reflect.TypeFor[Decimal]()}
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: reflect.TypeFor[Decimal]()}
	}
	*d = Decimal(f)
	return nil
}

// Float64 returns the value as a float64 pointer, nil staying nil.
func (d *Decimal) Float64() *float64 {
	if d == nil {
		return nil
	}
	v := float64(*d)
	return &v
}

// BackupTaskQuery selects backup tasks of a cluster, or of one of its
// tenants.
type BackupTaskQuery struct {
	ClusterID int64
	// TenantID reads the tenant-level endpoint (OCP 4.3 and later); zero
	// reads the cluster's.
	TenantID int64
	// StartTime and EndTime bound the tasks, as OCP applies them. They are
	// sent in the form each endpoint documents: an offset date-time to the
	// cluster endpoint, UTC to the second (start rounded down, end up) to
	// the tenant endpoint.
	StartTime, EndTime *time.Time
	// Statuses keeps tasks in any of these statuses: sent where OCP
	// documents the filter (the tenant endpoints), and always applied to
	// the answer too.
	Statuses []string
	// BackupSetID keeps the tasks of one data backup set (data tasks only):
	// sent to OCP, and applied to the answer too.
	BackupSetID *int64
	// PageSize is the number of tasks per request; zero means 500.
	PageSize int
}

// ListDataBackupTasks reads every page of GET …/backup/task/dataBackupTasks
// (cluster or tenant), newest first by start time (ties by task id, newest
// first; tasks without a start time last).
func (c *Client) ListDataBackupTasks(ctx context.Context, q BackupTaskQuery) ([]DataBackupTask, error) {
	list, err := q.list("dataBackupTasks")
	if err != nil {
		return nil, err
	}
	if q.BackupSetID != nil {
		list.query.Set("backupSetId", strconv.FormatInt(*q.BackupSetID, 10))
	}
	tasks, err := readPages(ctx, c, pagedList[DataBackupTask]{
		path: list.path, query: list.query, size: list.size,
		key: func(t DataBackupTask) (string, error) {
			if err := q.sameObject(t.ClusterID, t.TenantID); err != nil {
				return "", err
			}
			if t.TaskID == nil {
				return "", errors.New("the task has no taskId")
			}
			if *t.TaskID < 1 {
				return "", fmt.Errorf("the task has taskId %d; OCP's task ids start at 1", *t.TaskID)
			}
			// Backup sets, and so task ids, are numbered per tenant.
			return fmt.Sprintf("task %d%s", *t.TaskID, ofTenant(t.TenantID)), nil
		},
	})
	if err != nil {
		return nil, q.hint(err)
	}
	tasks = keepStatuses(tasks, q.Statuses, func(t DataBackupTask) *string { return t.Status })
	if q.BackupSetID != nil {
		// As with statuses, a server that ignores the filter must not
		// pass off another backup set's tasks as this one's.
		tasks = slices.DeleteFunc(tasks, func(t DataBackupTask) bool {
			return t.BackupSetID == nil || int64(*t.BackupSetID) != *q.BackupSetID
		})
	}
	slices.SortFunc(tasks, func(a, b DataBackupTask) int {
		return cmp.Or(newestFirst(a.StartTime, b.StartTime), cmp.Compare(longOr(b.TaskID), longOr(a.TaskID)),
			cmp.Compare(longOr(a.TenantID), longOr(b.TenantID)))
	})
	return tasks, nil
}

// ListLogBackupTasks reads every page of GET …/backup/task/logBackupTasks
// (cluster or tenant), newest first by creation time (those without one
// last).
func (c *Client) ListLogBackupTasks(ctx context.Context, q BackupTaskQuery) ([]LogBackupTask, error) {
	if q.BackupSetID != nil {
		return nil, errors.New("log backup tasks have no backup set")
	}
	list, err := q.list("logBackupTasks")
	if err != nil {
		return nil, err
	}
	tasks, err := readPages(ctx, c, pagedList[LogBackupTask]{
		path: list.path, query: list.query, size: list.size,
		key: func(t LogBackupTask) (string, error) {
			if err := q.sameObject(t.ClusterID, t.TenantID); err != nil {
				return "", err
			}
			// OCP gives log tasks no id; what one archives and since when
			// tells them apart. The instant, not its spelling, is the
			// time; the URL without its query, where OSS and S3 URLs
			// carry their keys, is the place.
			created := "no creation time"
			if t.CreateTime != nil {
				created = "created " + t.CreateTime.Time().UTC().Format(time.RFC3339Nano)
			}
			uri := ""
			if t.BackupURI != nil {
				place, _, _ := strings.Cut(*t.BackupURI, "?")
				uri = " to " + place
			}
			return fmt.Sprintf("log task%s, %s%s", ofTenant(t.TenantID), created, uri), nil
		},
	})
	if err != nil {
		return nil, q.hint(err)
	}
	tasks = keepStatuses(tasks, q.Statuses, func(t LogBackupTask) *string { return t.Status })
	slices.SortStableFunc(tasks, func(a, b LogBackupTask) int { return newestFirst(a.CreateTime, b.CreateTime) })
	return tasks, nil
}

// taskEndpoint is where a task list is read, before paging.
type taskEndpoint struct {
	path  string
	query url.Values
	size  int
}

// list is the endpoint and query for q.
func (q BackupTaskQuery) list(endpoint string) (taskEndpoint, error) {
	if q.ClusterID < 1 {
		return taskEndpoint{}, fmt.Errorf("cluster id %d: OCP's cluster ids start at 1", q.ClusterID)
	}
	if q.TenantID < 0 {
		return taskEndpoint{}, fmt.Errorf("tenant id %d: OCP's tenant ids start at 1", q.TenantID)
	}
	l := taskEndpoint{
		path:  fmt.Sprintf("/api/v2/ob/clusters/%d/backup/task/%s", q.ClusterID, endpoint),
		query: url.Values{},
		size:  cmp.Or(q.PageSize, 500),
	}
	l.size = min(l.size, maxPageSize)
	start, end := q.StartTime, q.EndTime
	if q.TenantID > 0 {
		l.path = fmt.Sprintf("/api/v2/ob/clusters/%d/tenants/%d/backup/task/%s", q.ClusterID, q.TenantID, endpoint)
		// The tenant endpoints take UTC to the second, and document the
		// status filter.
		const utc = "2006-01-02T15:04:05Z"
		if start != nil {
			l.query.Set("startTime", start.UTC().Truncate(time.Second).Format(utc))
		}
		if end != nil {
			rounded := end.UTC().Truncate(time.Second)
			if rounded.Before(*end) {
				rounded = rounded.Add(time.Second)
			}
			l.query.Set("endTime", rounded.Format(utc))
		}
		for _, s := range q.Statuses {
			l.query.Add("status", s)
		}
		return l, nil
	}
	const offsetDateTime = "2006-01-02T15:04:05.999999999Z07:00"
	if start != nil {
		l.query.Set("startTime", start.Format(offsetDateTime))
	}
	if end != nil {
		l.query.Set("endTime", end.Format(offsetDateTime))
	}
	return l, nil
}

// sameObject fails when an item names a cluster or tenant other than the
// one asked for: OCP's answer would then prove nothing about it.
func (q BackupTaskQuery) sameObject(clusterID, tenantID *Long) error {
	if clusterID != nil && int64(*clusterID) != q.ClusterID {
		return fmt.Errorf("it names cluster %d, but cluster %d was asked for", *clusterID, q.ClusterID)
	}
	if q.TenantID > 0 && tenantID != nil && int64(*tenantID) != q.TenantID {
		return fmt.Errorf("it names tenant %d, but tenant %d of cluster %d was asked for", *tenantID, q.TenantID, q.ClusterID)
	}
	return nil
}

// TenantAPIHint is added to a 404 from a tenant-level endpoint: OCP before
// 4.3 has none.
const TenantAPIHint = "tenant-level backup APIs need OCP 4.3 or later; an older OCP answers 404 for them"

// hint explains an answer from a tenant endpoint that says "no such
// endpoint" (withTenantAPIHint): an older OCP, or its web server, has none.
func (q BackupTaskQuery) hint(err error) error {
	if q.TenantID < 1 {
		return err
	}
	return withTenantAPIHint(err)
}

func keepStatuses[T any](tasks []T, statuses []string, status func(T) *string) []T {
	if len(statuses) == 0 {
		return tasks
	}
	return slices.DeleteFunc(tasks, func(t T) bool {
		s := status(t)
		return s == nil || !slices.Contains(statuses, *s)
	})
}

// newestFirst orders later instants first and absent ones last.
func newestFirst(a, b *Timestamp) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return b.Time().Compare(a.Time())
}

func longOr(l *Long) int64 {
	if l == nil {
		return -1 << 63
	}
	return int64(*l)
}

func ofTenant(id *Long) string {
	if id == nil {
		return ""
	}
	return fmt.Sprintf(" of tenant %d", *id)
}
