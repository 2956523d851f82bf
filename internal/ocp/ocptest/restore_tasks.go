package ocptest

import (
	"fmt"
	"time"
)

// Routes of the restore task history, cluster and tenant level. Faults on
// the tenant route are keyed by the tenant id.
const (
	RouteRestoreTasks       Route = "restoreTasks"
	RouteTenantRestoreTasks Route = "tenantRestoreTasks"
)

// Restore tasks of the built-in fixtures: each is listed by the cluster
// backed up and by the cluster restored into.
const (
	// RestoreOrdersDrill restored TenantOrders of ClusterHealthy into
	// ClusterStale 40 days ago: RESTORE_SUCCESS, successful.
	RestoreOrdersDrill int64 = 1
	// RestoreOrdersFailed is the same drill 10 days ago: FAILED.
	RestoreOrdersFailed int64 = 2
	// RestoreBillingCompleted restored TenantBilling into ClusterTenant 3
	// days ago: COMPLETED, the table's value, without successful.
	RestoreBillingCompleted int64 = 3
	// RestoreSearchRunning restores ClusterPaused's search tenant into
	// ClusterHealthy: started an hour ago, not finished.
	RestoreSearchRunning int64 = 4
)

// The tenant path lists the restores of its tenant's backups: an item
// names the restored tenant by name only.
var restoreTaskList = ListRoute{
	Cluster: RouteRestoreTasks, Tenant: RouteTenantRestoreTasks, Path: "backup/task/restoreTasks",
	TenantField: "backupTenantId", TenantClusterField: "backupClusterId", TimeField: "createTime", StatusField: "status",
	Sort: byNumber("id"), Fixtures: builtInRestoreTasks,
}

type restoreSpec struct {
	id         int64
	from, into fixtureCluster
	tenant     fixtureTenant
	status     string
	successful any // nil: OCP leaves it out
	ago, took  time.Duration
	errorMsg   string
}

var restoreSpecs = []restoreSpec{
	{RestoreOrdersDrill, healthyCluster, staleCluster, ordersTenant, "RESTORE_SUCCESS", true, 40 * 24 * time.Hour, 35 * time.Minute, ""},
	{RestoreOrdersFailed, healthyCluster, staleCluster, ordersTenant, "FAILED", false, 10 * 24 * time.Hour, 12 * time.Minute,
		"restore failed: unit resources not enough in zone1"},
	{RestoreBillingCompleted, healthyCluster, standbyCluster, billingTenant, "COMPLETED", nil, 3 * 24 * time.Hour, 20 * time.Minute, ""},
	{RestoreSearchRunning, pausedCluster, healthyCluster, searchTenant, "THE TENANT IS BEING CREATED", nil, time.Hour, 0, ""},
}

// builtInRestoreTasks are the restores a cluster backed up or received.
func builtInRestoreTasks(_ *Server, id int64, now time.Time) []map[string]any {
	var items []map[string]any
	for _, sp := range restoreSpecs {
		if sp.from.id != id && sp.into.id != id {
			continue
		}
		created := now.Add(-sp.ago)
		item := map[string]any{
			"id": sp.id, "ocpJobId": 5000 + sp.id, "backupMode": "PHYSICAL_BACKUP", "triggerType": "NORMAL",
			"restoreObjectType": "TENANT", "createTime": sp.into.at(created),
			"backupClusterId": sp.from.id, "backupClusterName": sp.from.name, "backupObClusterId": sp.from.obID,
			"backupTenantId": sp.tenant.id, "backupTenantName": sp.tenant.name, "backupObTenantId": sp.tenant.obID,
			"restoreClusterId": sp.into.id, "restoreClusterName": sp.into.name, "restoreObClusterId": sp.into.obID,
			"restoreTenantName": sp.tenant.name + "_drill", "restorePoolListStr": "pool_" + sp.tenant.name + "_drill_zone1",
			"restoreUri":     fmt.Sprintf("file:///obbackup/%s/%d/%d", sp.from.name, sp.from.obID, sp.tenant.obID),
			"restoreEndTime": sp.into.at(created.Add(-time.Hour)),
			"status":         sp.status, "statusDesc": sp.status, "errorMsg": sp.errorMsg,
			"finished": sp.took > 0, "progress": 20,
		}
		if sp.took > 0 {
			item["finishTime"], item["progress"] = sp.into.at(created.Add(sp.took)), 100
		}
		if sp.successful != nil {
			item["successful"] = sp.successful
		}
		items = append(items, item)
	}
	return items
}
