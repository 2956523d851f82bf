package ocptest

import (
	"fmt"
	"time"
)

// Routes of the backup task history, cluster and tenant level. Faults on
// tenant routes are keyed by the tenant id.
const (
	RouteDataBackupTasks       Route = "dataBackupTasks"
	RouteTenantDataBackupTasks Route = "tenantDataBackupTasks"
	RouteLogBackupTasks        Route = "logBackupTasks"
	RouteTenantLogBackupTasks  Route = "tenantLogBackupTasks"
)

// Task ids of the built-in fixtures that tests single out.
const (
	// TaskHealthyFailedIncremental is the FAILED incremental backup of
	// TenantOrders, two days ago.
	TaskHealthyFailedIncremental int64 = 5
	// TaskHealthyQueued is TenantOrders' task that has not started: no
	// start time, status BEGINNING.
	TaskHealthyQueued int64 = 7
	// TaskPausedFailedFull is ClusterPaused's newest full backup, FAILED 30
	// hours ago.
	TaskPausedFailedFull int64 = 12
)

// TenantNotFoundCode is the fake's code for a tenant a cluster does not
// have; OCP publishes none.
const TenantNotFoundCode = "OBE12001"

// The backup task lists. The fake holds each cluster's tasks oldest first
// (OCP documents no order); tenant paths serve those of their tenantId.
var (
	dataBackupTaskList = ListRoute{
		Cluster: RouteDataBackupTasks, Tenant: RouteTenantDataBackupTasks, Path: "backup/task/dataBackupTasks",
		TenantField: "tenantId", TimeField: "startTime", StatusField: "status", Filters: []string{"backupSetId"},
		Sort: byNumber("taskId"), Fixtures: builtInDataTasks,
		BeforeServe: (*Server).advanceBackups, // backup_now.go
	}
	logBackupTaskList = ListRoute{
		Cluster: RouteLogBackupTasks, Tenant: RouteTenantLogBackupTasks, Path: "backup/task/logBackupTasks",
		TenantField: "tenantId", TimeField: "createTime", StatusField: "status", Fixtures: builtInLogTasks,
	}
)

// WithTaskHistory gives every served cluster without built-in tasks n data
// backup tasks (one a day, DONE) and one running log backup task, for
// benchmarks and large fleets.
func WithTaskHistory(n int) Option { return func(s *Server) { s.taskHistory = n } }

// SetDataBackupTasks replaces the data backup tasks of a cluster (each as
// OCP would send it): SetItems of RouteDataBackupTasks.
func (s *Server) SetDataBackupTasks(clusterID int64, tasks ...map[string]any) {
	s.SetItems(RouteDataBackupTasks, clusterID, tasks...)
}

// SetLogBackupTasks replaces the log backup tasks of a cluster: SetItems of
// RouteLogBackupTasks.
func (s *Server) SetLogBackupTasks(clusterID int64, tasks ...map[string]any) {
	s.SetItems(RouteLogBackupTasks, clusterID, tasks...)
}

// hasTaskHistoryLocked reports whether the fake holds backup tasks of the
// cluster; mu is held.
func (s *Server) hasTaskHistoryLocked(clusterID int64) bool {
	return len(s.lists[RouteDataBackupTasks][clusterID]) > 0 || len(s.lists[RouteLogBackupTasks][clusterID]) > 0
}

// taskTime writes instants the way each fixture cluster's OCP does.
type dataTaskSpec struct {
	id       int64
	tenant   fixtureTenant
	full     bool
	status   string
	ago      time.Duration // since the start; zero: not started
	took     time.Duration
	errorMsg string
}

type logTaskSpec struct {
	tenant          fixtureTenant
	status          string
	created, moved  time.Duration // ago
	checkpoint      time.Duration // ago
	delay           float64
	errorMsg, agent string
}

func (c fixtureCluster) common(t fixtureTenant, mode string) map[string]any {
	return map[string]any{
		"clusterId": c.id, "clusterName": c.name, "obClusterId": c.obID, "clusterType": c.kind,
		"tenantId": t.id, "tenantName": t.name, "obTenantId": t.obID,
		"backupDimension": c.dimension, "backupMode": mode,
	}
}

func (c fixtureCluster) dataTasks(now time.Time, specs ...dataTaskSpec) []map[string]any {
	var tasks []map[string]any
	for _, sp := range specs {
		t := c.common(sp.tenant, "PHYSICAL_BACKUP")
		kind := "INCREMENTAL_BACKUP"
		if sp.full {
			kind = "FULL_BACKUP"
		}
		t["taskId"], t["backupSetId"], t["dataBackupTaskType"], t["status"] = sp.id, sp.id, kind, sp.status
		t["errorMsg"], t["dataVersion"], t["schemaVersion"] = sp.errorMsg, -1, 1
		t["backupUri"] = fmt.Sprintf("file:///obbackup/%s/%d/%d/data", c.name, c.obID, sp.tenant.obID)
		t["dataSecondaryBackupTaskIds"] = []int64{}
		if sp.ago > 0 {
			start := now.Add(-sp.ago)
			t["startTime"] = c.at(start)
			if sp.status != "DOING" {
				t["finishTime"] = c.at(start.Add(sp.took))
				t["snapshotVersionTime"] = c.at(start.Add(sp.took - time.Second))
				t["duration"] = sp.took.Seconds()
			}
		}
		tasks = append(tasks, t)
	}
	return tasks
}

func (c fixtureCluster) logTasks(now time.Time, specs ...logTaskSpec) []map[string]any {
	var tasks []map[string]any
	for _, sp := range specs {
		t := c.common(sp.tenant, "PHYSICAL_BACKUP")
		t["status"], t["errorMsg"], t["delay"] = sp.status, sp.errorMsg, sp.delay
		t["backupUri"] = fmt.Sprintf("file:///obbackup/%s/%d/%d/clog", c.name, c.obID, sp.tenant.obID)
		t["createTime"], t["modifyTime"] = c.at(now.Add(-sp.created)), c.at(now.Add(-sp.moved))
		t["checkpoint"] = c.at(now.Add(-sp.checkpoint))
		if sp.agent != "" {
			t["agentServerIp"] = sp.agent
		}
		tasks = append(tasks, t)
	}
	return tasks
}

// builtInDataTasks are the data backup tasks of a served cluster: its
// fixture's, or WithTaskHistory's.
func builtInDataTasks(s *Server, id int64, now time.Time) []map[string]any {
	const day = 24 * time.Hour
	switch id {
	case ClusterHealthy:
		return healthyCluster.dataTasks(now,
			dataTaskSpec{1, ordersTenant, true, "FAILED", 10 * day, 5 * time.Minute, "backup destination full"},
			dataTaskSpec{2, ordersTenant, true, "DONE", 8 * day, 40 * time.Minute, ""},
			dataTaskSpec{3, ordersTenant, true, "DONE", 27 * time.Hour, 42 * time.Minute, ""},
			dataTaskSpec{4, billingTenant, true, "DONE", 27 * time.Hour, 12 * time.Minute, ""},
			dataTaskSpec{TaskHealthyFailedIncremental, ordersTenant, false, "FAILED", 2 * day, 3 * time.Minute, "log archive gap: incremental backup needs a continuous log"},
			dataTaskSpec{6, ordersTenant, false, "DONE", 3 * time.Hour, 6 * time.Minute, ""},
			dataTaskSpec{TaskHealthyQueued, ordersTenant, false, "BEGINNING", 0, 0, ""},
			dataTaskSpec{8, billingTenant, false, "DONE", 3 * time.Hour, 2*time.Minute + 500*time.Millisecond, ""},
		)
	case ClusterPaused:
		return pausedCluster.dataTasks(now,
			dataTaskSpec{11, searchTenant, true, "DONE", 8 * day, 20 * time.Minute, ""},
			dataTaskSpec{TaskPausedFailedFull, searchTenant, true, "FAILED", 30 * time.Hour, 4 * time.Minute, "backup destination unreachable"},
		)
	case ClusterStale:
		return staleCluster.dataTasks(now, dataTaskSpec{21, ledgerTenant, true, "DONE", 9 * day, 55 * time.Minute, ""})
	case ClusterTenant:
		return standbyCluster.dataTasks(now, dataTaskSpec{31, drOrdersTenant, true, "DONE", 5 * time.Hour, 245*time.Second + 800*time.Millisecond, ""})
	}
	if s.taskHistory == 0 {
		return nil
	}
	c, tenant := generatedCluster(id)
	specs := make([]dataTaskSpec, s.taskHistory)
	for i := range specs {
		specs[i] = dataTaskSpec{int64(i + 1), tenant, i%7 == 0, "DONE", time.Duration(s.taskHistory-i) * day, 10 * time.Minute, ""}
	}
	return c.dataTasks(now, specs...)
}

// builtInLogTasks are the log backup tasks of a served cluster: its
// fixture's, or WithTaskHistory's.
func builtInLogTasks(s *Server, id int64, now time.Time) []map[string]any {
	const day = 24 * time.Hour
	switch id {
	case ClusterHealthy:
		return healthyCluster.logTasks(now,
			logTaskSpec{ordersTenant, "STOPPED", 30 * day, 20 * day, 20 * day, 0, "", ""},
			logTaskSpec{ordersTenant, "RUNNING", 20 * day, 30 * time.Second, 40 * time.Second, 40.5, "", "xxx.xxx.xxx.xxx"},
			logTaskSpec{billingTenant, "RUNNING", 19 * day, 30 * time.Second, 41 * time.Second, 41.25, "", ""},
		)
	case ClusterPaused:
		return pausedCluster.logTasks(now,
			logTaskSpec{searchTenant, "INTERRUPTED", 20 * day, 30 * time.Hour, 30 * time.Hour, 108000, "archive destination unreachable", ""})
	case ClusterStale:
		return staleCluster.logTasks(now, logTaskSpec{ledgerTenant, "RUNNING", 20 * day, time.Minute, day, 86400, "", ""})
	case ClusterTenant:
		return standbyCluster.logTasks(now, logTaskSpec{drOrdersTenant, "RUNNING", 10 * day, 10 * time.Second, 12 * time.Second, 12.25, "", ""})
	}
	if s.taskHistory == 0 {
		return nil
	}
	c, tenant := generatedCluster(id)
	return c.logTasks(now, logTaskSpec{tenant, "RUNNING", 30 * day, time.Minute, time.Minute, 30.5, "", ""})
}
