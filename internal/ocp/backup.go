package ocp

import (
	"context"
	"fmt"
	"net/http"
)

// ClusterBackupOverview is OCP's ClusterBackupInfoDetail. Every field is a
// pointer: OCP leaves out whatever does not apply, and nil says so.
type ClusterBackupOverview struct {
	ClusterID                 *Long            `json:"clusterId"`
	ObClusterID               *Long            `json:"obClusterId"`
	ClusterName               *string          `json:"clusterName"`
	ObTenantID                *Long            `json:"obTenantId"`
	TenantID                  *Long            `json:"tenantId"`
	TenantName                *string          `json:"tenantName"`
	ObClusterType             *string          `json:"obClusterType"`
	ObClusterStatus           *string          `json:"obClusterStatus"`
	CompactionStatus          *string          `json:"compactionStatus"`
	PrimaryAndStandbyMode     *bool            `json:"primaryAndStandbyMode"`
	ObVersion                 *string          `json:"obVersion"`
	ObClusterBackupStatus     *string          `json:"obClusterBackupStatus"`
	ObBackupAbility           *ObBackupAbility `json:"obBackupAbility"`
	BackupDimension           *string          `json:"backupDimension"`
	BackupScheduleStatus      *string          `json:"backupScheduleStatus"`
	LastDataBackupTime        *Timestamp       `json:"lastDataBackupTime"`
	LatestLogBackupCheckpoint *Timestamp       `json:"latestLogBackupCheckpoint"`
	LogBackupDelaySeconds     *Long            `json:"logBackupDelaySeconds"`
	BackupSize                *float64         `json:"backupSize"`
	ObStorageVolumeUnit       *string          `json:"obStorageVolumeUnit"`
}

// ObBackupAbility says which kinds of backup a cluster can run.
type ObBackupAbility struct {
	BackupAbility              *string                     `json:"backupAbility"`
	BackupMode                 *string                     `json:"backupMode"`
	ObDataBackupSupportAbility *ObDataBackupSupportAbility `json:"obDataBackupSupportAbility"`
}

// ObDataBackupSupportAbility is sent by real servers although OCP's API table
// leaves it out.
type ObDataBackupSupportAbility struct {
	CanDoIncrementalBackup *bool   `json:"canDoIncrementalBackup"`
	FullBackupEnabled      *bool   `json:"fullBackupEnabled"`
	IncrementBackupEnabled *bool   `json:"incrementBackupEnabled"`
	Hint                   *string `json:"hint"`
}

// GetClusterBackupOverview reads GET /api/v2/ob/clusters/{id}/backup/overview.
func (c *Client) GetClusterBackupOverview(ctx context.Context, clusterID int64) (*ClusterBackupOverview, error) {
	path := fmt.Sprintf("/api/v2/ob/clusters/%d/backup/overview", clusterID)
	var overview ClusterBackupOverview
	if err := c.get(ctx, path, nil, &overview); err != nil {
		return nil, err
	}
	if err := checkIdentity(http.MethodGet, path, "cluster", clusterID, overview.ClusterID); err != nil {
		return nil, err
	}
	return &overview, nil
}
