package ocptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StrategyKey names one backup strategy: a cluster's (TenantID 0) or a
// tenant's.
type StrategyKey struct {
	ClusterID, TenantID int64
}

func (k StrategyKey) String() string {
	if k.TenantID == 0 {
		return strconv.FormatInt(k.ClusterID, 10)
	}
	return fmt.Sprintf("%d/%d", k.ClusterID, k.TenantID)
}

// StrategyOp is one operation on a backup strategy, for InjectStrategy and
// StrategyRequests. Each has a cluster route and a tenant route (see
// StrategyRoute).
type StrategyOp string

// Operations on a backup strategy.
const (
	OpReadStrategy   StrategyOp = "read"
	OpCreateStrategy StrategyOp = "create"
	OpUpdateStrategy StrategyOp = "update"
	OpDeleteStrategy StrategyOp = "delete"
	OpStartSchedule  StrategyOp = "startSchedule"
	OpStopSchedule   StrategyOp = "stopSchedule"
)

// RouteTaskInstance is GET /api/v2/tasks/instances/{id}; its faults are
// keyed by the task id.
const RouteTaskInstance Route = "taskInstance"

// StrategyRoute is the route of op at the cluster level, or at the tenant
// level (faults keyed by the tenant id, as on every tenant route).
func StrategyRoute(op StrategyOp, tenant bool) Route {
	if tenant {
		return Route("tenantBackupStrategy." + string(op))
	}
	return Route("backupStrategy." + string(op))
}

// route and id are where faults and counters of op on the strategy at k
// are kept.
func (k StrategyKey) route(op StrategyOp) (Route, int64) {
	if k.TenantID == 0 {
		return StrategyRoute(op, false), k.ClusterID
	}
	return StrategyRoute(op, true), k.TenantID
}

// NoStrategyCode is the code of the fake's 404 for a missing strategy (see
// ShapeNotFound). OCP publishes no code for it; this one is made up.
const NoStrategyCode = "OBE11093"

// StrategyShape is how the fake answers GET backupStrategy, since OCP's
// documentation leaves it open.
type StrategyShape int

const (
	// ShapeObject is data holding the strategy itself, and "no strategy" as
	// an empty object (what OCP's console expects).
	ShapeObject StrategyShape = iota
	// ShapePage is data as a page holding the strategy, and "no strategy" as
	// an empty page (the cluster-level page's wrong sample read literally).
	ShapePage
	// ShapeNotFound is ShapeObject, with "no strategy" as a 404 carrying
	// NoStrategyCode.
	ShapeNotFound
)

// TaskPlan is how a task started by a strategy write runs: RUNNING for
// Polls polls (forever when negative), then SUCCESSFUL, or FAILED in the
// subtask FailSubtask when it is set.
type TaskPlan struct {
	Polls       int
	FailSubtask string
}

// DefaultTaskPolls is how many polls a task runs when no plan is queued.
const DefaultTaskPolls = 2

// backupState is the fake's memory of strategies and tasks. The zero value is
// ready once routeBackupStrategies has run.
type backupState struct {
	mu         sync.Mutex
	strategies map[StrategyKey]map[string]any
	// tracked clusters have their overview's strategy fields derived from
	// what is held here; the others serve their fixture as is.
	tracked      map[int64]bool
	createdByAPI map[StrategyKey]time.Time
	lastBodies   map[StrategyKey]map[string]any
	// secrets are the storage secrets held, which GET never returns.
	secrets     map[StrategyKey]string
	writes      map[StrategyKey]int
	shape       StrategyShape
	noSchedule  bool
	notSuccess  []BeSuccessfulFalse
	nextID      int64
	nextStorage int64
	tasks       map[int64]*taskInstance
	nextTask    int64
	plans       []TaskPlan
	now         backupNowState // backup_now.go
}

// BeSuccessfulFalse is a per-object failure OCP reports inside a successful
// envelope.
type BeSuccessfulFalse struct {
	Hint      string
	ErrorCode any
}

func (s *Server) routeBackupStrategies(mux *http.ServeMux) {
	b := &s.backup
	b.strategies = map[StrategyKey]map[string]any{}
	b.tracked = map[int64]bool{}
	b.createdByAPI = map[StrategyKey]time.Time{}
	b.lastBodies = map[StrategyKey]map[string]any{}
	b.secrets = map[StrategyKey]string{}
	b.writes = map[StrategyKey]int{}
	b.tasks = map[int64]*taskInstance{}
	b.nextID, b.nextStorage, b.nextTask = 1, 31, 3000001
	s.seedStrategies()

	for _, prefix := range []string{
		"/api/v2/ob/clusters/{id}/backup/config/backupStrategy",
		"/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/config/backupStrategy",
	} {
		tenant := strings.Contains(prefix, "{tenantId}")
		for op, pattern := range map[StrategyOp]string{
			OpReadStrategy:   "GET " + prefix,
			OpCreateStrategy: "POST " + prefix,
			OpUpdateStrategy: "PATCH " + prefix,
			OpDeleteStrategy: "DELETE " + prefix,
			OpStartSchedule:  "POST " + prefix + "/startSchedule",
			OpStopSchedule:   "POST " + prefix + "/stopSchedule",
		} {
			s.handle(mux, pattern, StrategyRoute(op, tenant), s.serveStrategy(op))
		}
	}
	s.handle(mux, "GET /api/v2/tasks/instances/{id}", RouteTaskInstance, s.serveTask)
}

// seedStrategies gives the fixtures that say HAS_BACKUP_STRATEGY a strategy
// to read, import and change.
func (s *Server) seedStrategies() {
	seed := func(key StrategyKey, enabled bool) {
		body := SampleStrategyBody("OSS", enabled)
		s.backup.strategies[key] = s.storedStrategy(key, body, s.now())
		s.backup.secrets[key] = storageSecret(body)
		s.backup.tracked[key.ClusterID] = true
	}
	seed(StrategyKey{ClusterID: ClusterHealthy}, true)
	seed(StrategyKey{ClusterID: ClusterPaused}, false)
	seed(StrategyKey{ClusterID: ClusterStale}, true)
	seed(StrategyKey{ClusterID: ClusterTenant, TenantID: 7}, true)
}

// SampleStrategyBody is a valid request body for a strategy on storage type
// FILE, OSS, COS or S3, as OCP's samples build it.
func SampleStrategyBody(storageType string, enabled bool) map[string]any {
	base := map[string]any{
		"backupStorageType": "BACKUP_STORAGE_" + storageType,
		"storageUrl":        "my-bucket/ob/prod",
	}
	key := map[string]any{"endpoint": "oss-cn-hangzhou.aliyuncs.com", "accessKeyId": "AKIDEXAMPLE", "accessKeySecret": "fixture-secret-0001"}
	switch storageType {
	case "FILE":
		base["storageUrl"] = "/obbackup/prod"
	case "OSS":
		base["ossAccessKey"] = key
	case "COS":
		key["appId"] = "1250000000"
		base["cosAccessKey"] = key
	case "S3":
		key["region"] = "us-east-1"
		base["s3AccessKey"] = key
	}
	return map[string]any{
		"backupMode": "PHYSICAL_BACKUP",
		"obBackupScheduleConfig": map[string]any{
			"backupScheduleMode": "WEEK", "backupScheduleEnabled": enabled,
			"backupScheduleTime":       "02:00:00.000+08:00",
			"dayAndDataBackupModelMap": map[string]any{"1": "FULL_BACKUP", "3": "INCREMENTAL_BACKUP", "5": "INCREMENTAL_BACKUP"},
			"startLogBackup":           true, "cleanEnabled": true, "backupDataRetentionDays": 14,
			"cleanScheduleTime": "05:00:00.000+08:00",
		},
		"obBackupThresholdConfig": map[string]any{
			"dataBackupTimeoutMinutes": 240, "noSuccessfulDataBackupAlarmDays": 3, "logBackupDelaySeconds": 600,
		},
		"obBackupServiceStorageConfig": map[string]any{
			"configName": "oss_prod", "obBackupStorageBaseInfo": base, "alarmStoragePercentageThreshold": 80,
		},
	}
}

// SetStrategyShape chooses how GET backupStrategy answers.
func (s *Server) SetStrategyShape(shape StrategyShape) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.shape = shape
}

// DisableScheduleEndpoints makes startSchedule and stopSchedule unknown
// paths, as on OCP before 4.3.
func (s *Server) DisableScheduleEndpoints() {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.noSchedule = true
}

// InjectStrategy queues faults for operation op on the strategy at key, as
// Inject does on op's route. A fault with a Status or Body answers without
// acting; a CloseAfter fault acts, then drops the answer; a Delay fault
// acts after the delay, unless the client gave up before.
func (s *Server) InjectStrategy(op StrategyOp, key StrategyKey, faults ...Fault) {
	route, id := key.route(op)
	s.Inject(route, id, faults...)
}

// FailNextWrite makes the next strategy write answer with a successful
// envelope whose backupObjectOpsResultList says beSuccessful: false.
func (s *Server) FailNextWrite(f BeSuccessfulFalse) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.notSuccess = append(s.backup.notSuccess, f)
}

// QueueTasks sets how the next tasks started by strategy writes run.
func (s *Server) QueueTasks(plans ...TaskPlan) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.plans = append(s.backup.plans, plans...)
}

// StrategyRequests is how many requests for op on key passed authentication,
// whether or not a fault answered them.
func (s *Server) StrategyRequests(op StrategyOp, key StrategyKey) int {
	route, id := key.route(op)
	return int(s.Requests(route, id))
}

// StrategyWrites is how many writes changed the strategy at key (creates,
// updates, deletes, schedule toggles that OCP acted on).
func (s *Server) StrategyWrites(key StrategyKey) int {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	return s.backup.writes[key]
}

// Strategy is the strategy held at key as GET returns it, or nil.
func (s *Server) Strategy(key StrategyKey) map[string]any {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	st, ok := s.backup.strategies[key]
	if !ok {
		return nil
	}
	return cloneJSON(st)
}

// LastStrategyBody is the body of the latest accepted POST or PATCH at key.
func (s *Server) LastStrategyBody(key StrategyKey) map[string]any {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	b, ok := s.backup.lastBodies[key]
	if !ok {
		return nil
	}
	return cloneJSON(b)
}

// StrategySecret is the storage secret OCP holds for the strategy at key
// ("" for none, as for FILE).
func (s *Server) StrategySecret(key StrategyKey) string {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	return s.backup.secrets[key]
}

// PutStrategyBehindTerraform makes the strategy at key from body (a request
// body such as SampleStrategyBody builds), as a user in OCP's console would:
// a strategy to import.
func (s *Server) PutStrategyBehindTerraform(key StrategyKey, body map[string]any) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	s.backup.strategies[key] = s.storedStrategy(key, body, s.now())
	s.backup.secrets[key] = storageSecret(body)
	s.backup.tracked[key.ClusterID] = true
}

// DeleteStrategyBehindTerraform removes the strategy at key, as a user in
// OCP's console would.
func (s *Server) DeleteStrategyBehindTerraform(key StrategyKey) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	delete(s.backup.strategies, key)
	s.backup.tracked[key.ClusterID] = true
}

// EditStrategyBehindTerraform changes the strategy at key in place, as a user
// in OCP's console would.
func (s *Server) EditStrategyBehindTerraform(key StrategyKey, edit func(strategy map[string]any)) {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	if st, ok := s.backup.strategies[key]; ok {
		edit(st)
	}
}

func (s *Server) serveStrategy(op StrategyOp) func(r *http.Request, ids IDs) reply {
	return func(r *http.Request, ids IDs) reply {
		key := StrategyKey{ClusterID: ids.Cluster, TenantID: ids.Tenant}
		if t := r.PathValue("tenantId"); t != "" && key.TenantID < 1 {
			return s.fail(http.StatusBadRequest, "COM10002", "invalid tenant id: "+t)
		}
		if !s.hasCluster(key.ClusterID) {
			return s.clusterNotFound(key.ClusterID)
		}
		s.backup.mu.Lock()
		noSchedule := s.backup.noSchedule
		s.backup.mu.Unlock()
		if noSchedule && (op == OpStartSchedule || op == OpStopSchedule) {
			return s.fail(http.StatusNotFound, NoSuchAPICode, "no such API: "+r.URL.Path)
		}
		var body map[string]any
		if op == OpCreateStrategy || op == OpUpdateStrategy {
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				return s.fail(http.StatusBadRequest, "COM10002", "the request body is not JSON: "+err.Error())
			}
			if problem := validateStrategyBody(body, op == OpUpdateStrategy); problem != "" {
				return s.fail(http.StatusBadRequest, "COM10002", problem)
			}
		}
		rep := s.actOnStrategy(op, key, body)
		if op == OpCreateStrategy && key.TenantID == 0 && rep.status == http.StatusOK {
			s.takeFirstBackup(key.ClusterID)
		}
		return rep
	}
}

// takeFirstBackup records, for a cluster without a task history, the full
// data backup and the log archiving that a new strategy starts, at once in
// the fake: the overview, the task history and the restorable window then
// tell the same story.
func (s *Server) takeFirstBackup(clusterID int64) {
	s.mu.Lock()
	overview := s.overviews[clusterID]
	hasHistory := s.hasTaskHistoryLocked(clusterID)
	s.mu.Unlock()
	if hasHistory {
		return
	}
	var ov map[string]any
	_ = json.Unmarshal(overview, &ov)
	name, _ := ov["clusterName"].(string)
	kind, _ := ov["obClusterType"].(string)
	obID, _ := ov["obClusterId"].(float64)
	// Every OceanBase cluster has its sys tenant, id 1.
	c := fixtureCluster{id: clusterID, obID: int64(obID), name: name, kind: kind, dimension: "CLUSTER", at: cstMillis}
	sys := fixtureTenant{id: 1, obID: 1, name: "sys"}
	now := s.now()
	s.SetDataBackupTasks(clusterID, c.dataTasks(now, dataTaskSpec{id: 1, tenant: sys, full: true, status: "DONE",
		ago: time.Minute, took: time.Minute})...)
	s.SetLogBackupTasks(clusterID, c.logTasks(now, logTaskSpec{tenant: sys, status: "RUNNING",
		created: time.Minute, moved: 0, checkpoint: 0})...)
}

// actOnStrategy performs op and returns the status and body of OCP's answer.
func (s *Server) actOnStrategy(op StrategyOp, key StrategyKey, body map[string]any) reply {
	b := &s.backup
	b.mu.Lock()
	defer b.mu.Unlock()
	notFound := func() reply {
		return s.fail(http.StatusNotFound, NoStrategyCode, fmt.Sprintf("No backup strategy exists for %s.", describeKey(key)))
	}
	current, exists := b.strategies[key]
	if op == OpReadStrategy {
		return s.readStrategy(current, exists)
	}
	if len(b.notSuccess) > 0 {
		f := b.notSuccess[0]
		b.notSuccess = b.notSuccess[1:]
		return s.commonResponse(op, key, false, nil, f)
	}
	var tasks []int64
	switch op {
	case OpCreateStrategy:
		if exists {
			return s.fail(http.StatusBadRequest, "OBE11092", fmt.Sprintf("A backup strategy already exists for %s.", describeKey(key)))
		}
		b.strategies[key] = s.storedStrategy(key, body, s.now())
		b.secrets[key] = storageSecret(body)
		b.createdByAPI[key] = s.now()
		b.lastBodies[key] = cloneJSON(body)
		if key.TenantID == 0 {
			tasks = append(tasks, b.startTask(key, "Create backup strategy"))
		}
	case OpUpdateStrategy:
		if !exists {
			return notFound()
		}
		// OCP's PATCH samples name the storage by storageId. The provider
		// assumes, and the fake does, that such a PATCH without the secret
		// keeps the secret OCP holds; a new storage cannot do without one.
		oldStorage, _ := current["obBackupServiceStorageConfig"].(map[string]any)
		newStorage, _ := body["obBackupServiceStorageConfig"].(map[string]any)
		sameStorage := storageIdentity(oldStorage) == storageIdentity(newStorage)
		secret := storageSecret(body)
		if secret == "" && needsSecret(newStorage) {
			switch {
			case !sameStorage:
				return s.fail(http.StatusBadRequest, "COM10002", "obBackupServiceStorageConfig.obBackupStorageBaseInfo: "+
					"accessKeySecret must not be null for a new storage")
			case fmt.Sprint(newStorage["storageId"]) != fmt.Sprint(oldStorage["storageId"]):
				return s.fail(http.StatusBadRequest, "COM10002", "obBackupServiceStorageConfig.storageId: "+
					"name the existing storage, or send accessKeySecret")
			}
			secret = b.secrets[key]
		}
		if sameStorage {
			// Keep the id, whatever the body says of it.
			newStorage = cloneJSON(newStorage)
			newStorage["storageId"] = oldStorage["storageId"]
			body = cloneJSON(body)
			body["obBackupServiceStorageConfig"] = newStorage
		} else if newStorage != nil {
			delete(newStorage, "storageId")
		}
		next := s.storedStrategy(key, body, s.now())
		next["id"], next["createTime"] = current["id"], current["createTime"]
		b.strategies[key] = next
		b.secrets[key] = secret
		b.lastBodies[key] = cloneJSON(body)
	case OpDeleteStrategy:
		if !exists {
			return notFound()
		}
		delete(b.strategies, key)
		delete(b.secrets, key)
		delete(b.createdByAPI, key)
		tasks = append(tasks, b.startTask(key, "Delete backup strategy"))
	case OpStartSchedule, OpStopSchedule:
		if !exists {
			return notFound()
		}
		sched, _ := current["obBackupScheduleConfig"].(map[string]any)
		if sched != nil {
			sched["backupScheduleEnabled"] = op == OpStartSchedule
		}
		current["updateTime"] = ocpTimestamp(s.now())
		name := "Start backup schedule"
		if op == OpStopSchedule {
			name = "Stop backup schedule"
		}
		tasks = append(tasks, b.startTask(key, name))
	}
	b.writes[key]++
	b.tracked[key.ClusterID] = true
	return s.commonResponse(op, key, true, tasks, BeSuccessfulFalse{})
}

func (s *Server) readStrategy(current map[string]any, exists bool) reply {
	switch {
	case exists && s.backup.shape == ShapePage:
		return s.ok(map[string]any{
			"contents": []any{current},
			"page":     map[string]int{"number": 1, "size": 10, "totalElements": 1, "totalPages": 1},
		})
	case exists:
		return s.ok(current)
	case s.backup.shape == ShapePage:
		return s.ok(json.RawMessage(`{"contents": [], "page": {"number": 1, "size": 10, "totalElements": 0, "totalPages": 0}}`))
	case s.backup.shape == ShapeNotFound:
		return s.fail(http.StatusNotFound, NoStrategyCode, "No backup strategy is configured.")
	default:
		return s.ok(json.RawMessage(`{}`))
	}
}

var taskTypes = map[StrategyOp]string{
	OpCreateStrategy: "CREATE_BACKUP_STRATEGY", OpUpdateStrategy: "UPDATE_BACKUP_STRATEGY",
	OpDeleteStrategy: "DELETE_BACKUP_STRATEGY", OpStartSchedule: "START_BACKUP_SCHEDULE",
	OpStopSchedule: "STOP_BACKUP_SCHEDULE", OpBackupNow: "DATA_BACKUP_NOW",
}

// commonResponse is OCP's BackupCommonResponse in its envelope.
func (s *Server) commonResponse(op StrategyOp, key StrategyKey, ok bool, tasks []int64, failure BeSuccessfulFalse) reply {
	object := map[string]any{"clusterId": key.ClusterID, "backupDimension": "CLUSTER"}
	if key.TenantID != 0 {
		object["tenantId"] = key.TenantID
		object["backupDimension"] = "TENANT"
	}
	if tasks == nil {
		tasks = []int64{}
	}
	result := map[string]any{"beSuccessful": ok, "obBackupObjectList": []any{object}, "taskIdList": tasks}
	if !ok {
		result["hint"] = failure.Hint
		result["errorCode"] = failure.ErrorCode
	}
	return s.ok(map[string]any{
		"obBackupTaskType":          taskTypes[op],
		"backupObjectOpsResultList": []any{result},
	})
}

func describeKey(key StrategyKey) string {
	if key.TenantID == 0 {
		return fmt.Sprintf("cluster %d", key.ClusterID)
	}
	return fmt.Sprintf("tenant %d of cluster %d", key.TenantID, key.ClusterID)
}

func ocpTimestamp(t time.Time) string {
	return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04:05.000-0700")
}

// storedStrategy is what GET returns for a strategy made from body: OCP's
// identity fields added, times in OCP's long form, and no secret.
func (s *Server) storedStrategy(key StrategyKey, body map[string]any, now time.Time) map[string]any {
	st := cloneJSON(body)
	delete(st, "obBackupObjectList")
	s.mu.Lock()
	var ov map[string]any
	_ = json.Unmarshal(s.overviews[key.ClusterID], &ov)
	s.mu.Unlock()
	st["id"] = s.backup.nextID
	s.backup.nextID++
	st["type"] = "BACKUP"
	st["clusterId"] = key.ClusterID
	st["clusterName"] = ov["clusterName"]
	st["obClusterId"] = ov["obClusterId"]
	st["backupDimension"] = "CLUSTER"
	if key.TenantID != 0 {
		st["backupDimension"] = "TENANT"
		st["tenantId"] = key.TenantID
		st["tenantName"] = fmt.Sprintf("tenant_%d", key.TenantID)
		st["obTenantId"] = 1000 + key.TenantID
	}
	st["createTime"] = ocpTimestamp(now)
	st["updateTime"] = ocpTimestamp(now)
	st["secondaryBackupEnabled"] = false
	if sched, ok := st["obBackupScheduleConfig"].(map[string]any); ok {
		if _, set := sched["backupScheduleEnabled"]; !set {
			sched["backupScheduleEnabled"] = true
		}
		for _, f := range []string{"backupScheduleTime", "cleanScheduleTime"} {
			if v, ok := sched[f].(string); ok {
				sched[f] = longOffsetTime(v)
			}
		}
	}
	if storage, ok := st["obBackupServiceStorageConfig"].(map[string]any); ok {
		if _, set := storage["storageId"]; !set {
			storage["storageId"] = s.backup.nextStorage
			s.backup.nextStorage++
		}
		if base, ok := storage["obBackupStorageBaseInfo"].(map[string]any); ok {
			for _, k := range []string{"ossAccessKey", "cosAccessKey", "s3AccessKey"} {
				if ak, ok := base[k].(map[string]any); ok {
					delete(ak, "accessKeySecret")
				}
			}
		}
	}
	return st
}

var offsetTimeRE = regexp.MustCompile(`^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$`)

// longOffsetTime writes an OffsetTime the way OCP's samples do:
// "02:00:00.000+08:00".
func longOffsetTime(v string) string {
	m := offsetTimeRE.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	sec := m[3]
	if sec == "" {
		sec = "00"
	}
	frac := (m[4] + "000")[:3]
	return fmt.Sprintf("%s:%s:%s.%s%s", m[1], m[2], sec, frac, m[5])
}

// storageKeyObjects are the key objects of obBackupStorageBaseInfo by type.
var storageKeyObjects = map[string]string{
	"BACKUP_STORAGE_OSS": "ossAccessKey", "BACKUP_STORAGE_COS": "cosAccessKey", "BACKUP_STORAGE_S3": "s3AccessKey",
}

// storageKey is the key object of a storage config, or nil.
func storageKey(storage map[string]any) map[string]any {
	base, _ := storage["obBackupStorageBaseInfo"].(map[string]any)
	storageType, _ := base["backupStorageType"].(string)
	key, _ := base[storageKeyObjects[storageType]].(map[string]any)
	return key
}

// storageSecret is the secret a body sends, or "".
func storageSecret(body map[string]any) string {
	storage, _ := body["obBackupServiceStorageConfig"].(map[string]any)
	secret, _ := storageKey(storage)["accessKeySecret"].(string)
	return secret
}

// needsSecret reports whether the storage type has a secret.
func needsSecret(storage map[string]any) bool {
	base, _ := storage["obBackupStorageBaseInfo"].(map[string]any)
	storageType, _ := base["backupStorageType"].(string)
	return storageKeyObjects[storageType] != ""
}

// storageIdentity is what a storage is known by: type, URL (without a
// scheme) and the key object's fields other than the secret.
func storageIdentity(storage map[string]any) string {
	base, _ := storage["obBackupStorageBaseInfo"].(map[string]any)
	url, _ := base["storageUrl"].(string)
	if _, rest, found := strings.Cut(url, "://"); found {
		url = rest
	}
	key := storageKey(storage)
	return fmt.Sprint(base["backupStorageType"], "|", url, "|", key["endpoint"], "|", key["accessKeyId"], "|",
		key["region"], "|", key["appId"])
}

// validateStrategyBody checks what OCP's tables mark required, and answers
// as OCP would: the first problem, by its field path. A PATCH may leave the
// secret out (see actOnStrategy).
func validateStrategyBody(body map[string]any, patch bool) string {
	missing := func(path string) string { return path + ": must not be null" }
	obj := func(m map[string]any, k string) (map[string]any, bool) {
		v, ok := m[k].(map[string]any)
		return v, ok
	}
	if v, _ := body["backupMode"].(string); v != "PHYSICAL_BACKUP" && v != "LOGICAL_BACKUP" {
		if body["backupMode"] == nil {
			return missing("backupMode")
		}
		return fmt.Sprintf("backupMode: %v is not one of LOGICAL_BACKUP, PHYSICAL_BACKUP", body["backupMode"])
	}
	sched, ok := obj(body, "obBackupScheduleConfig")
	if !ok {
		return missing("obBackupScheduleConfig")
	}
	for _, f := range []string{"backupScheduleMode", "backupScheduleTime", "dayAndDataBackupModelMap", "startLogBackup"} {
		if sched[f] == nil {
			return missing("obBackupScheduleConfig." + f)
		}
	}
	mode, _ := sched["backupScheduleMode"].(string)
	if mode != "WEEK" && mode != "MONTH" {
		return fmt.Sprintf("obBackupScheduleConfig.backupScheduleMode: %v is not one of WEEK, MONTH", sched["backupScheduleMode"])
	}
	if t, _ := sched["backupScheduleTime"].(string); !offsetTimeRE.MatchString(t) {
		return fmt.Sprintf("obBackupScheduleConfig.backupScheduleTime: %q is not an OffsetTime", t)
	}
	days, _ := sched["dayAndDataBackupModelMap"].(map[string]any)
	if len(days) == 0 {
		return "obBackupScheduleConfig.dayAndDataBackupModelMap: must not be empty"
	}
	maxDay := 7
	if mode == "MONTH" {
		maxDay = 31
		if len(days) > 10 {
			return "obBackupScheduleConfig.dayAndDataBackupModelMap: at most 10 days may be chosen for MONTH"
		}
	}
	full := false
	for d, m := range days {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > maxDay {
			return fmt.Sprintf("obBackupScheduleConfig.dayAndDataBackupModelMap: day %q is out of range for %s", d, mode)
		}
		switch m {
		case "FULL_BACKUP":
			full = true
		case "INCREMENTAL_BACKUP":
		default:
			return fmt.Sprintf("obBackupScheduleConfig.dayAndDataBackupModelMap: %v is not FULL_BACKUP or INCREMENTAL_BACKUP", m)
		}
	}
	if !full {
		return "obBackupScheduleConfig.dayAndDataBackupModelMap: at least one day must be FULL_BACKUP"
	}
	if clean, _ := sched["cleanEnabled"].(bool); clean {
		if sched["backupDataRetentionDays"] == nil {
			return missing("obBackupScheduleConfig.backupDataRetentionDays")
		}
	}
	thresholds, ok := obj(body, "obBackupThresholdConfig")
	if !ok {
		return missing("obBackupThresholdConfig")
	}
	for _, f := range []string{"dataBackupTimeoutMinutes", "noSuccessfulDataBackupAlarmDays", "logBackupDelaySeconds"} {
		if thresholds[f] == nil {
			return missing("obBackupThresholdConfig." + f)
		}
	}
	storage, ok := obj(body, "obBackupServiceStorageConfig")
	if !ok {
		return missing("obBackupServiceStorageConfig")
	}
	for _, f := range []string{"configName", "alarmStoragePercentageThreshold"} {
		if storage[f] == nil {
			return missing("obBackupServiceStorageConfig." + f)
		}
	}
	base, ok := obj(storage, "obBackupStorageBaseInfo")
	if !ok {
		return missing("obBackupServiceStorageConfig.obBackupStorageBaseInfo")
	}
	url, _ := base["storageUrl"].(string)
	if url == "" {
		return missing("obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl")
	}
	if strings.Contains(url, "://") {
		return "obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl: must not include a protocol"
	}
	storageType, _ := base["backupStorageType"].(string)
	if storageType == "" {
		return missing("obBackupServiceStorageConfig.obBackupStorageBaseInfo.backupStorageType")
	}
	if storageType == "BACKUP_STORAGE_FILE" {
		return ""
	}
	name, known := storageKeyObjects[storageType]
	if !known {
		return "obBackupServiceStorageConfig.obBackupStorageBaseInfo.backupStorageType: unknown type " + storageType
	}
	ak, ok := obj(base, name)
	if !ok {
		return missing("obBackupServiceStorageConfig.obBackupStorageBaseInfo." + name)
	}
	fields := []string{"endpoint", "accessKeyId", "accessKeySecret"}
	if name == "cosAccessKey" {
		fields = append(fields, "appId")
	}
	for _, f := range fields {
		if v, _ := ak[f].(string); v == "" && (f != "accessKeySecret" || !patch) {
			return missing("obBackupServiceStorageConfig.obBackupStorageBaseInfo." + name + "." + f)
		}
	}
	return ""
}

// overviewWithStrategy derives the overview's strategy fields from the
// strategies held for a tracked cluster, so that applying a strategy shows
// in the overview; untracked clusters keep their fixture.
func (s *Server) overviewWithStrategy(id int64, data json.RawMessage) json.RawMessage {
	b := &s.backup
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.tracked[id] {
		return data
	}
	var ov map[string]any
	if err := json.Unmarshal(data, &ov); err != nil {
		return data
	}
	var held []StrategyKey
	for k := range b.strategies {
		if k.ClusterID == id {
			held = append(held, k)
		}
	}
	if len(held) == 0 {
		ov["obClusterBackupStatus"] = "NO_BACKUP_STRATEGY"
		ov["backupScheduleStatus"] = "NONE"
	} else {
		ov["obClusterBackupStatus"] = "HAS_BACKUP_STRATEGY"
		status, dimension := "PAUSED", "TENANT"
		for _, k := range held {
			if k.TenantID == 0 {
				dimension = "CLUSTER"
			}
			if sched, ok := b.strategies[k]["obBackupScheduleConfig"].(map[string]any); ok && sched["backupScheduleEnabled"] == true {
				status = "NORMAL"
			}
		}
		ov["backupScheduleStatus"] = status
		ov["backupDimension"] = dimension
		// A strategy created through the API takes its first backup at once
		// in the fake, so that a gate on freshness can pass.
		for _, k := range held {
			if at, ok := b.createdByAPI[k]; ok && ov["lastDataBackupTime"] == nil {
				ov["lastDataBackupTime"] = ocpTimestamp(at)
				ov["latestLogBackupCheckpoint"] = ocpTimestamp(at)
				ov["logBackupDelaySeconds"] = 0
			}
		}
	}
	out, err := json.Marshal(ov)
	if err != nil {
		return data
	}
	return out
}

func cloneJSON(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}
