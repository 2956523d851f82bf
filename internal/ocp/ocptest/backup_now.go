package ocptest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Routes of an immediate data backup (POST …/backup/backupNow), cluster and
// tenant level; faults on the tenant route are keyed by the tenant id.
const (
	RouteBackupNow       Route = "backupNow"
	RouteTenantBackupNow Route = "tenantBackupNow"
)

// OpBackupNow is backupNow, for the answers it shares with strategy writes.
const OpBackupNow StrategyOp = "backupNow"

// NoStrategyForBackupCode is the fake's code for a backup asked of an object
// with no strategy; OCP publishes none.
const NoStrategyForBackupCode = "OBE11095"

// BackupPlan is how the next backup started by backupNow runs: its OCP task
// as Task says, then each new data backup task ends in DataStatus (DONE when
// empty) with ErrorMsg. A task that fails leaves its data backup FAILED.
type BackupPlan struct {
	Task       TaskPlan
	DataStatus string
	ErrorMsg   string
}

// backupNowState is what the fake remembers of backupNow; guarded by
// backupState.mu.
type backupNowState struct {
	plans   []BackupPlan
	started map[StrategyKey]int
	bodies  map[StrategyKey]map[string]any
}

func (s *Server) routesBackupNow(mux *http.ServeMux) {
	s.backup.now = backupNowState{started: map[StrategyKey]int{}, bodies: map[StrategyKey]map[string]any{}}
	s.handle(mux, "POST /api/v2/ob/clusters/{id}/backup/backupNow", RouteBackupNow, s.serveBackupNow)
	s.handle(mux, "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/backupNow", RouteTenantBackupNow, s.serveBackupNow)
}

// QueueBackups sets how the next backups started by backupNow run.
func (s *Server) QueueBackups(plans ...BackupPlan) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.now.plans = append(s.backup.now.plans, plans...)
}

// BackupsStarted is how many backups backupNow started at key.
func (s *Server) BackupsStarted(key StrategyKey) int {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	return s.backup.now.started[key]
}

// LastBackupNowBody is the body of the latest backupNow at key that
// started a backup, nil before one.
func (s *Server) LastBackupNowBody(key StrategyKey) map[string]any {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	if b, ok := s.backup.now.bodies[key]; ok {
		return cloneJSON(b)
	}
	return nil
}

// serveBackupNow starts a backup onto the storage of the strategy held at
// the object, which the body names by its storageId: an OCP task, and a new
// data backup task per tenant in the history, DOING until the task ends.
func (s *Server) serveBackupNow(r *http.Request, ids IDs) reply {
	key := StrategyKey{ClusterID: ids.Cluster, TenantID: ids.Tenant}
	if !s.hasCluster(key.ClusterID) {
		return s.clusterNotFound(key.ClusterID)
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return s.fail(http.StatusBadRequest, "COM10002", "the request body is not JSON: "+err.Error())
	}
	if mode, _ := body["dataBackupMode"].(string); mode != "FULL_BACKUP" && mode != "INCREMENTAL_BACKUP" {
		return s.fail(http.StatusBadRequest, "COM10002", fmt.Sprintf("dataBackupMode: %v is not one of FULL_BACKUP, INCREMENTAL_BACKUP", body["dataBackupMode"]))
	}
	storage, _ := body["obBackupServiceStorageConfig"].(map[string]any)
	if storage == nil {
		return s.fail(http.StatusBadRequest, "COM10002", "obBackupServiceStorageConfig: must not be null")
	}
	b := &s.backup
	b.mu.Lock()
	defer b.mu.Unlock()
	held, ok := b.strategies[key]
	if !ok {
		return s.fail(http.StatusBadRequest, NoStrategyForBackupCode, fmt.Sprintf("No backup strategy is configured for %s.", describeKey(key)))
	}
	heldStorage, _ := held["obBackupServiceStorageConfig"].(map[string]any)
	if fmt.Sprint(storage["storageId"]) != fmt.Sprint(heldStorage["storageId"]) {
		return s.fail(http.StatusBadRequest, "COM10002", fmt.Sprintf("obBackupServiceStorageConfig.storageId: %v is not the storage of the strategy of %s",
			storage["storageId"], describeKey(key)))
	}
	if len(b.notSuccess) > 0 {
		f := b.notSuccess[0]
		b.notSuccess = b.notSuccess[1:]
		return s.commonResponse(OpBackupNow, key, false, nil, f)
	}
	plan := BackupPlan{Task: TaskPlan{Polls: DefaultTaskPolls}}
	if len(b.now.plans) > 0 {
		plan, b.now.plans = b.now.plans[0], b.now.plans[1:]
	}
	b.now.started[key]++
	b.now.bodies[key] = cloneJSON(body)
	mode, _ := body["dataBackupMode"].(string)
	dataTasks := s.addDataBackupTasks(key, mode == "FULL_BACKUP")

	id := b.nextTask
	b.nextTask++
	b.tasks[id] = &taskInstance{id: id, name: "Backup now", clusterID: key.ClusterID, plan: plan.Task,
		onEnd: func(failed bool) {
			status, msg := plan.DataStatus, plan.ErrorMsg
			switch {
			case failed:
				status, msg = "FAILED", "the backup task failed"
			case status == "":
				status = "DONE"
			}
			s.endDataBackupTasks(key.ClusterID, dataTasks, status, msg)
		}}
	return s.commonResponse(OpBackupNow, key, true, []int64{id}, BeSuccessfulFalse{})
}

// advanceBackups counts a read of a cluster's data backup history as a poll
// of each of its backups' tasks, which in OCP run whoever watches them: a
// client that lost OCP's answer follows the backup in the history alone.
func (s *Server) advanceBackups(clusterID int64, _ time.Time) {
	b := &s.backup
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range b.tasks {
		if t.onEnd == nil || t.clusterID != clusterID {
			continue
		}
		if t.polls++; t.plan.Polls >= 0 && t.polls > t.plan.Polls {
			t.onEnd(t.plan.FailSubtask != "")
			t.onEnd = nil
		}
	}
}

// addDataBackupTasks adds a DOING data backup task to the history of the
// object at key, one per tenant for a cluster, and returns their taskIds.
func (s *Server) addDataBackupTasks(key StrategyKey, full bool) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ov map[string]any
	_ = json.Unmarshal(s.overviews[key.ClusterID], &ov)
	name, _ := ov["clusterName"].(string)
	kind, _ := ov["obClusterType"].(string)
	obID, _ := ov["obClusterId"].(float64)
	c := fixtureCluster{id: key.ClusterID, obID: int64(obID), name: name, kind: kind, dimension: "CLUSTER", at: cstMillis}
	tenants := slices.Clone(s.tenants[key.ClusterID])
	if key.TenantID != 0 {
		c.dimension, tenants = "TENANT", []int64{key.TenantID}
	}
	if len(tenants) == 0 {
		tenants = []int64{1} // every OceanBase cluster has its sys tenant, id 1
	}
	history := s.lists[RouteDataBackupTasks][key.ClusterID]
	next := int64(0)
	for _, t := range history {
		if id, err := strconv.ParseInt(fmt.Sprint(t.fields["taskId"]), 10, 64); err == nil {
			next = max(next, id)
		}
	}
	now := s.now()
	var ids []int64
	for _, tenant := range tenants {
		next++
		ft := fixtureTenant{id: tenant, obID: 1000 + tenant, name: fmt.Sprintf("tenant_%d", tenant)}
		for _, t := range history {
			if fmt.Sprint(t.fields["tenantId"]) == strconv.FormatInt(tenant, 10) {
				ft.name, _ = t.fields["tenantName"].(string)
				ft.obID, _ = strconv.ParseInt(fmt.Sprint(t.fields["obTenantId"]), 10, 64)
				break
			}
		}
		task := c.dataTasks(now, dataTaskSpec{id: next, tenant: ft, full: full, status: "DOING", ago: 1})[0]
		history = append(history, fakeItem{fields: task, raw: mustJSON(task)})
		ids = append(ids, next)
		if !slices.Contains(s.tenants[key.ClusterID], tenant) {
			s.tenants[key.ClusterID] = append(s.tenants[key.ClusterID], tenant)
		}
	}
	s.lists[RouteDataBackupTasks][key.ClusterID] = history
	return ids
}

// endDataBackupTasks ends the data backup tasks taskIds of a cluster.
func (s *Server) endDataBackupTasks(clusterID int64, taskIDs []int64, status, errorMsg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	history := slices.Clone(s.lists[RouteDataBackupTasks][clusterID])
	for i, t := range history {
		id, _ := strconv.ParseInt(fmt.Sprint(t.fields["taskId"]), 10, 64)
		if !slices.Contains(taskIDs, id) {
			continue
		}
		fields := maps.Clone(t.fields)
		fields["status"], fields["errorMsg"] = status, errorMsg
		fields["finishTime"] = cstMillis(s.now())
		history[i] = fakeItem{fields: fields, raw: mustJSON(fields)}
	}
	s.lists[RouteDataBackupTasks][clusterID] = history
}

func mustJSON(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("ocptest: %v: %v", v, err))
	}
	return raw
}
