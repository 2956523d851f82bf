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
	// LeaveOut are tenants a cluster backup makes no task for, as OCP may
	// for a tenant on a strategy of its own.
	LeaveOut []int64
	// AppearAt holds the backup's tasks out of the history until the
	// AppearAt-th read of it after the request (0 shows them at once).
	AppearAt int
	// Stagger shows a cluster backup's tasks one tenant per read of the
	// history, each in the state the backup is in by then.
	Stagger bool
}

// ForeignBackup is a data backup that OCP starts by itself, by a schedule
// or for another user: one task in the history of a cluster, counted in no
// BackupsStarted.
type ForeignBackup struct {
	// AtRead is the read of the cluster's history, counted from now (1 is
	// the next), whose answer first shows the task.
	AtRead int
	TaskID int64
	Tenant int64
	// Mode is its dataBackupTaskType; empty leaves the field out.
	Mode   string
	Status string
	// StartedAgo is how long before it appears it started.
	StartedAgo time.Duration
}

// backupNowState is what the fake remembers of backupNow; guarded by
// backupState.mu.
type backupNowState struct {
	plans   []BackupPlan
	started map[StrategyKey]int
	bodies  map[StrategyKey]map[string]any
	taskIDs map[StrategyKey][]int64
	// unseen are tasks on their way into a cluster's history.
	unseen []unseenTask
}

// unseenTask is a data backup task that a cluster's history shows from
// its readsLeft-th read on; end, when set, is the state of its backup by
// then.
type unseenTask struct {
	clusterID int64
	readsLeft int
	fields    map[string]any
	end       *backupEnd
}

// backupEnd is how a backup started by backupNow ended, once it has.
type backupEnd struct {
	ended           bool
	status, message string
}

func (s *Server) routesBackupNow(mux *http.ServeMux) {
	s.backup.now = backupNowState{started: map[StrategyKey]int{}, bodies: map[StrategyKey]map[string]any{},
		taskIDs: map[StrategyKey][]int64{}}
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

// BackupTaskIDs are the taskIds of the data backup tasks of the latest
// backup started at key, shown in the history or on their way there.
func (s *Server) BackupTaskIDs(key StrategyKey) []int64 {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	return slices.Clone(s.backup.now.taskIDs[key])
}

// StartForeignBackup adds a backup OCP starts by itself to the history of
// the cluster at key (a tenant key puts it in that tenant's).
func (s *Server) StartForeignBackup(key StrategyKey, f ForeignBackup) {
	tenant := f.Tenant
	if key.TenantID != 0 {
		tenant = key.TenantID
	}
	task := s.backupTasks(key, []int64{tenant}, f.Mode == "FULL_BACKUP", s.now().Add(-f.StartedAgo))[0]
	task["taskId"], task["backupSetId"], task["status"] = f.TaskID, f.TaskID, f.Status
	if f.Mode == "" {
		delete(task, "dataBackupTaskType")
	}
	if f.Status != "DOING" {
		task["finishTime"] = cstMillis(s.now())
	}
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.now.unseen = append(s.backup.now.unseen, unseenTask{clusterID: key.ClusterID, readsLeft: f.AtRead, fields: task})
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
	tenants := []int64{key.TenantID}
	if key.TenantID == 0 {
		tenants = s.clusterTenants(key.ClusterID)
	}
	tenants = slices.DeleteFunc(tenants, func(t int64) bool { return slices.Contains(plan.LeaveOut, t) })
	tasks := s.backupTasks(key, tenants, mode == "FULL_BACKUP", s.now())
	end := &backupEnd{}
	b.now.taskIDs[key] = nil
	for i, task := range tasks {
		reads := plan.AppearAt
		if plan.Stagger {
			reads += i
		}
		b.now.taskIDs[key] = append(b.now.taskIDs[key], task["taskId"].(int64))
		if reads == 0 {
			s.addToHistory(key.ClusterID, task)
			continue
		}
		b.now.unseen = append(b.now.unseen, unseenTask{clusterID: key.ClusterID, readsLeft: reads, fields: task, end: end})
	}
	dataTasks := b.now.taskIDs[key]

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
			*end = backupEnd{ended: true, status: status, message: msg}
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
	var still []unseenTask
	for _, u := range b.now.unseen {
		if u.clusterID != clusterID {
			still = append(still, u)
			continue
		}
		if u.readsLeft--; u.readsLeft > 0 {
			still = append(still, u)
			continue
		}
		if u.end != nil && u.end.ended {
			u.fields["status"], u.fields["errorMsg"] = u.end.status, u.end.message
			u.fields["finishTime"] = cstMillis(s.now())
		}
		s.addToHistory(clusterID, u.fields)
	}
	b.now.unseen = still
}

// clusterTenants are the tenants a cluster backup backs up: those the
// fake knows of the cluster, or its sys tenant (id 1) when none.
func (s *Server) clusterTenants(clusterID int64) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenants := slices.Clone(s.tenants[clusterID]); len(tenants) > 0 {
		return tenants
	}
	return []int64{1} // every OceanBase cluster has its sys tenant, id 1
}

// backupTasks are DOING data backup tasks of the object at key started at
// start, one per tenant, numbered after the newest of the cluster's history.
func (s *Server) backupTasks(key StrategyKey, tenants []int64, full bool, start time.Time) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ov map[string]any
	_ = json.Unmarshal(s.overviews[key.ClusterID], &ov)
	name, _ := ov["clusterName"].(string)
	kind, _ := ov["obClusterType"].(string)
	obID, _ := ov["obClusterId"].(float64)
	c := fixtureCluster{id: key.ClusterID, obID: int64(obID), name: name, kind: kind, dimension: "CLUSTER", at: cstMillis}
	if key.TenantID != 0 {
		c.dimension = "TENANT"
	}
	history := s.lists[RouteDataBackupTasks][key.ClusterID]
	next := int64(0)
	for _, t := range history {
		if id, err := strconv.ParseInt(fmt.Sprint(t.fields["taskId"]), 10, 64); err == nil {
			next = max(next, id)
		}
	}
	var tasks []map[string]any
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
		tasks = append(tasks, c.dataTasks(start.Add(time.Nanosecond), dataTaskSpec{id: next, tenant: ft, full: full, status: "DOING", ago: 1})[0])
	}
	return tasks
}

// addToHistory appends task to a cluster's data backup history; its
// tenant becomes one the cluster has.
func (s *Server) addToHistory(clusterID int64, task map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists[RouteDataBackupTasks][clusterID] = append(s.lists[RouteDataBackupTasks][clusterID], fakeItem{fields: task, raw: mustJSON(task)})
	if tenant, err := strconv.ParseInt(fmt.Sprint(task["tenantId"]), 10, 64); err == nil && tenant != 0 &&
		!slices.Contains(s.tenants[clusterID], tenant) {
		s.tenants[clusterID] = append(s.tenants[clusterID], tenant)
	}
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
