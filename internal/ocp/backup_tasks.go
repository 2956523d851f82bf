package ocp

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// BackupTaskScope is what every backup task says of the object it backs
// up, data and log alike.
type BackupTaskScope struct {
	ClusterID       *Long   `json:"clusterId"`
	ClusterName     *string `json:"clusterName"`
	ObClusterID     *Long   `json:"obClusterId"`
	ClusterType     *string `json:"clusterType"`
	TenantID        *Long   `json:"tenantId"`
	TenantName      *string `json:"tenantName"`
	ObTenantID      *Long   `json:"obTenantId"`
	BackupDimension *string `json:"backupDimension"`
	BackupMode      *string `json:"backupMode"`
	BackupURI       *string `json:"backupUri"`
	ErrorMsg        *string `json:"errorMsg"`
}

// DataBackupTask is OCP's DataBackupHistoryWrapperTask: one data backup of
// a cluster or a tenant. Every field is a pointer: OCP leaves out whatever
// does not apply, and nil says so.
type DataBackupTask struct {
	BackupTaskScope
	TaskID                     *Long      `json:"taskId"`
	BackupSetID                *Long      `json:"backupSetId"`
	DataBackupTaskType         *string    `json:"dataBackupTaskType"`
	BackupType                 *string    `json:"backupType"`
	TaskType                   *string    `json:"taskType"`
	DataType                   *string    `json:"dataType"`
	Status                     *string    `json:"status"`
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
	BackupTaskScope
	Status     *string    `json:"status"`
	CreateTime *Timestamp `json:"createTime"`
	ModifyTime *Timestamp `json:"modifyTime"`
	Checkpoint *Timestamp `json:"checkpoint"`
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

// WithBackupSet keeps the data backup tasks of one backup set: OCP's
// backupSetId filter, applied to the answer too.
func WithBackupSet(id int64) ListOption[DataBackupTask] {
	return func(q *ListQuery[DataBackupTask]) {
		q.Values.Set("backupSetId", strconv.FormatInt(id, 10))
		q.Keep = append(q.Keep, func(t DataBackupTask) bool { return t.BackupSetID != nil && int64(*t.BackupSetID) == id })
	}
}

// ListDataBackupTasks reads every page of GET …/backup/task/dataBackupTasks
// (cluster or tenant), newest first by start time (ties by task id, newest
// first; tasks without a start time last).
func (c *Client) ListDataBackupTasks(ctx context.Context, q TaskQuery, opts ...ListOption[DataBackupTask]) ([]DataBackupTask, error) {
	return listTasks(ctx, c, q, dataBackupTasks, opts...)
}

var dataBackupTasks = taskList[DataBackupTask]{
	endpoint: "dataBackupTasks",
	key: func(q TaskQuery, t DataBackupTask) (string, error) {
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
	status: func(t DataBackupTask) *string { return t.Status },
	order: func(a, b DataBackupTask) int {
		return cmp.Or(newestFirst(a.StartTime, b.StartTime), cmp.Compare(longOr(b.TaskID), longOr(a.TaskID)),
			cmp.Compare(longOr(a.TenantID), longOr(b.TenantID)))
	},
}

// ListLogBackupTasks reads every page of GET …/backup/task/logBackupTasks
// (cluster or tenant), newest first by creation time (those without one
// last).
func (c *Client) ListLogBackupTasks(ctx context.Context, q TaskQuery, opts ...ListOption[LogBackupTask]) ([]LogBackupTask, error) {
	return listTasks(ctx, c, q, logBackupTasks, opts...)
}

var logBackupTasks = taskList[LogBackupTask]{
	endpoint: "logBackupTasks",
	key: func(q TaskQuery, t LogBackupTask) (string, error) {
		if err := q.sameObject(t.ClusterID, t.TenantID); err != nil {
			return "", err
		}
		// OCP gives log tasks no id; what one archives and since when
		// tells them apart. The instant, not its spelling, is the time;
		// the URL without its query, where OSS and S3 URLs carry their
		// keys, is the place.
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
	status: func(t LogBackupTask) *string { return t.Status },
	order:  func(a, b LogBackupTask) int { return newestFirst(a.CreateTime, b.CreateTime) },
}
