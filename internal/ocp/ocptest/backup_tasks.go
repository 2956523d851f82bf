package ocptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
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

// Tenants of the built-in fixtures.
const (
	TenantOrders   int64 = 1001 // of ClusterHealthy
	TenantBilling  int64 = 1002 // of ClusterHealthy
	TenantDROrders int64 = 7    // of ClusterTenant, the tenant its overview names
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

// taskState holds the backup task histories the fake serves, by cluster,
// oldest first (OCP documents no order).
type taskState struct {
	data    map[int64][]fakeTask
	log     map[int64][]fakeTask
	tenants map[int64][]int64
	history int // WithTaskHistory
}

// fakeTask is one task: its fields, for filters, and its JSON, marshalled
// once so that serving a page costs the fake little.
type fakeTask struct {
	fields map[string]any
	raw    json.RawMessage
}

// WithTaskHistory gives every served cluster without built-in tasks n data
// backup tasks (one a day, DONE) and one running log backup task, for
// benchmarks and large fleets.
func WithTaskHistory(n int) Option { return func(s *Server) { s.tasks.history = n } }

func (s *Server) routesBackupTasks(mux *http.ServeMux) {
	cluster := "GET /api/v2/ob/clusters/{id}/backup/task/"
	tenant := "GET /api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/task/"
	s.handle(mux, cluster+"dataBackupTasks", RouteDataBackupTasks, s.serveTasks(RouteDataBackupTasks, false, true))
	s.handle(mux, tenant+"dataBackupTasks", RouteTenantDataBackupTasks, s.serveTasks(RouteTenantDataBackupTasks, true, true))
	s.handle(mux, cluster+"logBackupTasks", RouteLogBackupTasks, s.serveTasks(RouteLogBackupTasks, false, false))
	s.handle(mux, tenant+"logBackupTasks", RouteTenantLogBackupTasks, s.serveTasks(RouteTenantLogBackupTasks, true, false))
}

// The cluster endpoints take an OffsetDateTime; the tenant endpoints UTC
// to the second, as OCP documents them.
var (
	offsetDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$`)
	utcSecond      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// serveTasks answers a task list: the cluster's (or tenant's) tasks whose
// start (data) or creation (log) time is within startTime..endTime, of
// backupSetId, and, on tenant routes only, in one of the status values.
func (s *Server) serveTasks(route Route, tenantRoute, data bool) func(*http.Request, IDs) reply {
	return func(r *http.Request, ids IDs) reply {
		if !s.hasCluster(ids.Cluster) {
			return s.clusterNotFound(ids.Cluster)
		}
		if data {
			s.advanceBackups(ids.Cluster)
		}
		s.mu.Lock()
		all := s.tasks.log[ids.Cluster]
		if data {
			all = s.tasks.data[ids.Cluster]
		}
		tenants := s.tasks.tenants[ids.Cluster]
		s.mu.Unlock()
		if tenantRoute && !slices.Contains(tenants, ids.Tenant) {
			return s.fail(http.StatusNotFound, TenantNotFoundCode,
				fmt.Sprintf("The specified tenant with the ID of %d does not exist in cluster %d.", ids.Tenant, ids.Cluster))
		}

		q := r.URL.Query()
		layout, form := offsetDateTime, "an offset date-time such as 2021-09-16T15:14:51.397+08:00"
		if tenantRoute {
			layout, form = utcSecond, "UTC in the form YYYY-MM-DDThh:mm:ssZ"
		}
		var bounds [2]*time.Time
		for i, name := range []string{"startTime", "endTime"} {
			v := q.Get(name)
			if v == "" {
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, v)
			if !layout.MatchString(v) || err != nil {
				return s.fail(http.StatusBadRequest, "COM10002", fmt.Sprintf("%s must be %s, not %q", name, form, v))
			}
			bounds[i] = &t
		}
		timeField := "createTime"
		if data {
			timeField = "startTime"
		}
		var items []any
		for _, t := range all {
			task := t.fields
			if tenantRoute && fmt.Sprint(task["tenantId"]) != strconv.FormatInt(ids.Tenant, 10) {
				continue
			}
			if v := q.Get("backupSetId"); data && v != "" && fmt.Sprint(task["backupSetId"]) != v {
				continue
			}
			if statuses := q["status"]; tenantRoute && len(statuses) > 0 && !slices.Contains(statuses, fmt.Sprint(task["status"])) {
				continue
			}
			if bounds[0] != nil || bounds[1] != nil {
				text, _ := task[timeField].(string)
				at, err := parseOCPTime(text)
				if err != nil || (bounds[0] != nil && at.Before(*bounds[0])) || (bounds[1] != nil && at.After(*bounds[1])) {
					continue
				}
			}
			items = append(items, t.raw)
		}
		if items == nil {
			items = []any{}
		}
		return s.page(r, route, items)
	}
}

// parseOCPTime reads the layouts the fixtures write.
func parseOCPTime(text string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a fixture time: %q", text)
}

// SetDataBackupTasks replaces the data backup tasks of a cluster (each as
// OCP would send it); tenants served on tenant routes follow their tenantId.
func (s *Server) SetDataBackupTasks(clusterID int64, tasks ...map[string]any) {
	s.setTasks(clusterID, tasks, true)
}

// SetLogBackupTasks replaces the log backup tasks of a cluster.
func (s *Server) SetLogBackupTasks(clusterID int64, tasks ...map[string]any) {
	s.setTasks(clusterID, tasks, false)
}

func (s *Server) setTasks(clusterID int64, tasks []map[string]any, data bool) {
	stored := make([]fakeTask, len(tasks))
	for i, t := range tasks {
		raw, err := json.Marshal(t)
		if err != nil {
			panic(fmt.Sprintf("ocptest: task %v: %v", t, err))
		}
		stored[i] = fakeTask{fields: t, raw: raw}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if data {
		s.tasks.data[clusterID] = stored
	} else {
		s.tasks.log[clusterID] = stored
	}
	for _, t := range tasks {
		id, err := strconv.ParseInt(fmt.Sprint(t["tenantId"]), 10, 64)
		if err == nil && !slices.Contains(s.tasks.tenants[clusterID], id) {
			s.tasks.tenants[clusterID] = append(s.tasks.tenants[clusterID], id)
		}
	}
}

// taskTime writes instants the way each fixture cluster's OCP does.
type taskTime func(time.Time) string

var (
	cstMillis taskTime = func(t time.Time) string {
		return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04:05.000-0700")
	}
	utcMicros taskTime = func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
)

type fixtureTenant struct {
	id, obID int64
	name     string
}

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

type fixtureCluster struct {
	id, obID   int64
	name, kind string
	dimension  string
	at         taskTime
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
	slices.SortFunc(tasks, func(a, b map[string]any) int { return int(a["taskId"].(int64) - b["taskId"].(int64)) })
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

func (s *Server) loadTasks() {
	s.tasks.data = map[int64][]fakeTask{}
	s.tasks.log = map[int64][]fakeTask{}
	s.tasks.tenants = map[int64][]int64{}
	now := time.Now()
	const day = 24 * time.Hour
	orders, billing := fixtureTenant{TenantOrders, 1002, "orders"}, fixtureTenant{TenantBilling, 1004, "billing"}
	healthy := fixtureCluster{ClusterHealthy, 1, "prod-orders", "PRIMARY", "CLUSTER", cstMillis}
	search := fixtureTenant{1011, 1002, "search"}
	paused := fixtureCluster{ClusterPaused, 3, "prod-search", "PRIMARY", "CLUSTER", cstMillis}
	ledger := fixtureTenant{1021, 1002, "ledger"}
	stale := fixtureCluster{ClusterStale, 4, "prod-ledger", "PRIMARY", "CLUSTER", cstMillis}
	drOrders := fixtureTenant{TenantDROrders, 1002, "orders"}
	standby := fixtureCluster{ClusterTenant, 5, "dr-orders", "STANDBY", "TENANT", utcMicros}

	builtIn := map[int64]func(){
		ClusterHealthy: func() {
			s.setTasks(ClusterHealthy, healthy.dataTasks(now,
				dataTaskSpec{1, orders, true, "FAILED", 10 * day, 5 * time.Minute, "backup destination full"},
				dataTaskSpec{2, orders, true, "DONE", 8 * day, 40 * time.Minute, ""},
				dataTaskSpec{3, orders, true, "DONE", 27 * time.Hour, 42 * time.Minute, ""},
				dataTaskSpec{4, billing, true, "DONE", 27 * time.Hour, 12 * time.Minute, ""},
				dataTaskSpec{TaskHealthyFailedIncremental, orders, false, "FAILED", 2 * day, 3 * time.Minute, "log archive gap: incremental backup needs a continuous log"},
				dataTaskSpec{6, orders, false, "DONE", 3 * time.Hour, 6 * time.Minute, ""},
				dataTaskSpec{TaskHealthyQueued, orders, false, "BEGINNING", 0, 0, ""},
				dataTaskSpec{8, billing, false, "DONE", 3 * time.Hour, 2*time.Minute + 500*time.Millisecond, ""},
			), true)
			s.setTasks(ClusterHealthy, healthy.logTasks(now,
				logTaskSpec{orders, "STOPPED", 30 * day, 20 * day, 20 * day, 0, "", ""},
				logTaskSpec{orders, "RUNNING", 20 * day, 30 * time.Second, 40 * time.Second, 40.5, "", "xxx.xxx.xxx.xxx"},
				logTaskSpec{billing, "RUNNING", 19 * day, 30 * time.Second, 41 * time.Second, 41.25, "", ""},
			), false)
		},
		ClusterPaused: func() {
			s.setTasks(ClusterPaused, paused.dataTasks(now,
				dataTaskSpec{11, search, true, "DONE", 8 * day, 20 * time.Minute, ""},
				dataTaskSpec{TaskPausedFailedFull, search, true, "FAILED", 30 * time.Hour, 4 * time.Minute, "backup destination unreachable"},
			), true)
			s.setTasks(ClusterPaused, paused.logTasks(now,
				logTaskSpec{search, "INTERRUPTED", 20 * day, 30 * time.Hour, 30 * time.Hour, 108000, "archive destination unreachable", ""},
			), false)
		},
		ClusterStale: func() {
			s.setTasks(ClusterStale, stale.dataTasks(now,
				dataTaskSpec{21, ledger, true, "DONE", 9 * day, 55 * time.Minute, ""},
			), true)
			s.setTasks(ClusterStale, stale.logTasks(now,
				logTaskSpec{ledger, "RUNNING", 20 * day, time.Minute, day, 86400, "", ""},
			), false)
		},
		ClusterTenant: func() {
			s.setTasks(ClusterTenant, standby.dataTasks(now,
				dataTaskSpec{31, drOrders, true, "DONE", 5 * time.Hour, 245*time.Second + 800*time.Millisecond, ""},
			), true)
			s.setTasks(ClusterTenant, standby.logTasks(now,
				logTaskSpec{drOrders, "RUNNING", 10 * day, 10 * time.Second, 12 * time.Second, 12.25, "", ""},
			), false)
		},
	}
	for id := range s.overviews {
		if load, ok := builtIn[id]; ok {
			load()
			continue
		}
		if s.tasks.history > 0 {
			s.generateTasks(id, now)
		}
	}
}

// generateTasks is WithTaskHistory's history for cluster id.
func (s *Server) generateTasks(id int64, now time.Time) {
	c := fixtureCluster{id, id, "cluster-" + strconv.FormatInt(id, 10), "PRIMARY", "CLUSTER", cstMillis}
	tenant := fixtureTenant{id*10 + 1, 1002, "t1"}
	specs := make([]dataTaskSpec, s.tasks.history)
	for i := range specs {
		specs[i] = dataTaskSpec{int64(i + 1), tenant, i%7 == 0, "DONE", time.Duration(s.tasks.history-i) * 24 * time.Hour, 10 * time.Minute, ""}
	}
	s.setTasks(id, c.dataTasks(now, specs...), true)
	s.setTasks(id, c.logTasks(now, logTaskSpec{tenant, "RUNNING", 30 * 24 * time.Hour, time.Minute, time.Minute, 30.5, "", ""}), false)
}
