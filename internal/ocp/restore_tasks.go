package ocp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
)

// RestoreHistoryTask is OCP's RestoreHistoryTask: one restore of a
// tenant's backup. §6.4 documents the cluster list's fields, §4.4 the
// tenant list's, and the samples add more; every one of them is read.
type RestoreHistoryTask struct {
	ID                 *Long      `json:"id"`
	OcpJobID           *Long      `json:"ocpJobId"`
	BackupMode         *string    `json:"backupMode"`
	TriggerType        *string    `json:"triggerType"`
	RestoreObjectType  *string    `json:"restoreObjectType"`
	CreateTime         *Timestamp `json:"createTime"`
	FinishTime         *Timestamp `json:"finishTime"`
	BackupClusterID    *Long      `json:"backupClusterId"`
	BackupClusterName  *string    `json:"backupClusterName"`
	BackupObClusterID  *Long      `json:"backupObClusterId"`
	BackupTenantID     *Long      `json:"backupTenantId"`
	BackupTenantName   *string    `json:"backupTenantName"`
	BackupObTenantID   *Long      `json:"backupObTenantId"`
	RestoreClusterID   *Long      `json:"restoreClusterId"`
	RestoreClusterName *string    `json:"restoreClusterName"`
	RestoreObClusterID *Long      `json:"restoreObClusterId"`
	RestoreTenantName  *string    `json:"restoreTenantName"`
	RestorePoolListStr *string    `json:"restorePoolListStr"`
	RestoreURI         *string    `json:"restoreUri"`
	RestoreEndTime     *Timestamp `json:"restoreEndTime"`
	Status             *string    `json:"status"`
	StatusDesc         *string    `json:"statusDesc"`
	Progress           *Decimal   `json:"progress"`
	Finished           *bool      `json:"finished"`
	Successful         *bool      `json:"successful"`
	ErrorMsg           *string    `json:"errorMsg"`
}

// ListRestoreTasks reads every page of GET …/backup/task/restoreTasks
// (cluster or tenant), newest first by creation time, then by id.
func (c *Client) ListRestoreTasks(ctx context.Context, q TaskQuery, opts ...ListOption[RestoreHistoryTask]) ([]RestoreHistoryTask, error) {
	return listTasks(ctx, c, q, restoreTasks, opts...)
}

var restoreTasks = taskList[RestoreHistoryTask]{
	endpoint: "restoreTasks",
	key: func(q TaskQuery, t RestoreHistoryTask) (string, error) {
		if t.ID == nil {
			return "", errors.New("the restore task has no id")
		}
		if *t.ID < 1 {
			return "", fmt.Errorf("the restore task has id %d; OCP's task ids start at 1", *t.ID)
		}
		// OCP does not say whether a cluster's list holds the restores
		// into it or those of its backups: either is its own, any other
		// cluster is not.
		restore, backup := longOr(t.RestoreClusterID), longOr(t.BackupClusterID)
		if restore != q.ClusterID && backup != q.ClusterID {
			return "", fmt.Errorf("restore task %d restores a backup of cluster %s into cluster %s, neither of them cluster %d, which was asked for",
				*t.ID, idText(t.BackupClusterID), idText(t.RestoreClusterID), q.ClusterID)
		}
		return fmt.Sprintf("restore task %d", *t.ID), nil
	},
	status: func(t RestoreHistoryTask) *string { return t.Status },
	order: func(a, b RestoreHistoryTask) int {
		return cmp.Or(newestFirst(a.CreateTime, b.CreateTime), cmp.Compare(longOr(b.ID), longOr(a.ID)))
	},
}

func idText(id *Long) string {
	if id == nil {
		return "(not named)"
	}
	return fmt.Sprint(int64(*id))
}
