package ocptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// The restorable-window family: GET …/backup/info for a cluster and, as
// OCP 4.3 does, for a tenant.
//
// A cluster without a window of its own (SetBackupInfo) gets one derived
// from what the fake already says about it, so that windows, task
// histories and overviews agree:
//   - from its backup tasks (backup_tasks.go), per tenant: a section per
//     DONE data backup, a LOG_BACKUP section per log backup task (from its
//     creation to its checkpoint), and a RECOVERABLE section from the
//     earliest DONE full backup the newest log task covers to that log
//     task's checkpoint; the cluster's RECOVERABLE section is what every
//     tenant can reach;
//   - without tasks, from its overview: daily full backups back to seven
//     days before the latest one (none without a strategy), logs up to the
//     overview's log checkpoint, and a RECOVERABLE section from the oldest
//     full backup to that checkpoint.

// DocExampleClusterID and DocExampleTenantID are the ids of the constructed
// tenant-level example of backup-endpoints.md §6.1, which DocExampleTenantInfo
// serves verbatim.
const (
	DocExampleClusterID int64 = 1000007
	DocExampleTenantID  int64 = 1000021
)

// DocExampleTenantInfo is the data of the §6.1 example answer of
// GET /api/v2/ob/clusters/1000007/tenants/1000021/backup/info.
const DocExampleTenantInfo = `{
    "clusterId": 1000007, "clusterName": "prod_ob", "obClusterId": 12,
    "tenantId": 1000021, "tenantName": "app_t1", "obTenantId": 1004, "online": true,
    "obRecoverableInfoAggregation": {
      "obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
      "latestSevenDaysAggregation": {
        "obRecoverableSectionItems": [
          { "obRecoverableSectionItemType": "FULL_DATA_BACKUP", "backupDimension": "TENANT", "backupMode": "PHYSICAL_BACKUP",
            "dataBackupRecoverableInfo": { "fullBackupSetId": 3, "dataVersion": -1,
              "freezeTime": "1970-01-01T08:00:00+08:00", "recoverableTime": "2024-09-02T02:04:10.8+08:00" } },
          { "obRecoverableSectionItemType": "LOG_BACKUP", "backupMode": "PHYSICAL_BACKUP",
            "logRecoverableTimeInterval": { "startTime": "2024-09-02T01:59:58+08:00", "endTime": "2024-09-04T09:59:12+08:00" } },
          { "obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
            "realRecoverableTimeInterval": { "startTime": "2024-09-02T02:04:10.8+08:00", "endTime": "2024-09-04T09:59:12+08:00" } }
        ]
      }
    }
  }`

// OldNamingInfo is the window of VendorExampleID as OCP 4.0/4.2 document
// it: the RECOVERABLE section's interval is named logRecoverableTimeInterval,
// and offsets are written without a colon.
const OldNamingInfo = `{
    "clusterId": 1000005, "clusterName": "yc0820_17", "obClusterId": 5, "online": true,
    "tenantBackupInfos": [],
    "obRecoverableInfoAggregation": {
      "obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
      "latestSevenDaysAggregation": {
        "obRecoverableSectionItems": [
          { "obRecoverableSectionItemType": "FULL_DATA_BACKUP", "backupMode": "PHYSICAL_BACKUP",
            "dataBackupRecoverableInfo": { "fullBackupSetId": 1, "dataVersion": 1631783102,
              "freezeTime": "2021-09-16T17:05:02.993+0800", "recoverableTime": "2021-09-16T17:25:02.993+0800" } },
          { "obRecoverableSectionItemType": "LOG_BACKUP", "backupMode": "PHYSICAL_BACKUP",
            "logRecoverableTimeInterval": { "startTime": "2021-09-16T17:00:00+0800", "endTime": "2021-09-22T14:49:07.296+0800" } },
          { "obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
            "logRecoverableTimeInterval": { "startTime": "2021-09-16T17:25:02.993+0800", "endTime": "2021-09-22T14:49:07.296+0800" } }
        ]
      }
    }
  }`

// LongStringsInfo is the window of ClusterLongStrings: longs as JSON
// strings beyond 2^53, a section type OCP does not document, a field of a
// newer release, and three RECOVERABLE sections of which the second ends last.
const LongStringsInfo = `{
    "clusterId": "202", "clusterName": "big-ids", "obClusterId": "9007199254740993", "online": false,
    "someFieldOfANewerRelease": {"nested": [1, "two", null]},
    "tenantBackupInfos": [
      { "tenantId": "9223372036854775807", "tenantName": "zeta", "obTenantId": "9007199254740995",
        "obRecoverableInfoAggregation": {"obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
          "latestSevenDaysAggregation": {"obRecoverableSectionItems": []}} },
      { "tenantId": 3, "tenantName": "alpha", "obTenantId": 1001, "online": true }
    ],
    "obRecoverableInfoAggregation": {
      "obQueryTimeScopeType": "SOME_FUTURE_SCOPE",
      "latestSevenDaysAggregation": {
        "obRecoverableSectionItems": [
          { "obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
            "realRecoverableTimeInterval": { "startTime": "2024-09-01T00:00:00Z", "endTime": "2024-09-02T00:00:00Z" } },
          { "obRecoverableSectionItemType": "INCREMENTAL_DATA_BACKUP", "backupMode": "PHYSICAL_BACKUP", "backupDimension": "CLUSTER",
            "dataBackupRecoverableInfo": { "fullBackupSetId": "9007199254740993", "dataVersion": "-9223372036854775808",
              "recoverableTime": "2024-09-03T01:02:03.123456789-03:30" } },
          { "obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
            "realRecoverableTimeInterval": { "startTime": "2024-09-03T08:00:00+08:00", "endTime": "2024-09-04T09:59:12.000001+08:00" } },
          { "obRecoverableSectionItemType": "SOME_FUTURE_SECTION", "backupMode": "PHYSICAL_BACKUP" },
          { "obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
            "realRecoverableTimeInterval": { "startTime": "2024-09-02T00:00:00Z", "endTime": "2024-09-04T01:59:12Z" } }
        ]
      }
    }
  }`

// Routes of the family, for Inject and Requests; faults on the tenant route
// are keyed by the tenant id.
const (
	RouteBackupInfo       Route = "backup-info"
	RouteTenantBackupInfo Route = "tenant-backup-info"
)

// recoveryState holds the windows set for clusters and tenants; the rest
// are derived. Guarded by Server.mu.
type recoveryState struct {
	started   time.Time
	clusters  map[int64]json.RawMessage
	tenants   map[[2]int64]json.RawMessage
	lastQuery url.Values
}

// loadRecovery sets the built-in windows of the clusters served.
func (s *Server) loadRecovery() {
	s.recovery = recoveryState{
		started:  time.Now(),
		clusters: map[int64]json.RawMessage{},
		tenants:  map[[2]int64]json.RawMessage{},
	}
	builtIn := map[int64]json.RawMessage{
		VendorExampleID:     json.RawMessage(OldNamingInfo),
		ClusterLongStrings:  json.RawMessage(LongStringsInfo),
		ClusterSparse:       json.RawMessage(`{"clusterId": 201, "clusterName": "bare"}`),
		DocExampleClusterID: docExampleClusterInfo(),
	}
	for id, data := range builtIn {
		if s.clusterIDs == nil || slices.Contains(s.clusterIDs, id) {
			s.recovery.clusters[id] = data
		}
	}
	if _, ok := s.recovery.clusters[DocExampleClusterID]; ok {
		s.recovery.tenants[[2]int64{DocExampleClusterID, DocExampleTenantID}] = json.RawMessage(DocExampleTenantInfo)
	}
}

// docExampleClusterInfo is the cluster-level answer holding the §6.1 tenant.
func docExampleClusterInfo() json.RawMessage {
	var tenant map[string]any
	_ = json.Unmarshal([]byte(DocExampleTenantInfo), &tenant)
	b, _ := json.Marshal(map[string]any{
		"clusterId": DocExampleClusterID, "clusterName": "prod_ob", "obClusterId": 12, "online": true,
		"tenantBackupInfos":            []any{tenant},
		"obRecoverableInfoAggregation": tenant["obRecoverableInfoAggregation"],
	})
	return b
}

func (s *Server) routesRecovery(mux *http.ServeMux) {
	s.loadRecovery()
	s.handle(mux, "GET /api/v2/ob/clusters/{id}/backup/info", RouteBackupInfo, s.serveClusterBackupInfo)
	s.handle(mux, "GET /api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/info", RouteTenantBackupInfo, s.serveTenantBackupInfo)
}

// SetBackupInfo serves data (ObClusterBackupInfo as OCP would send it) as
// the window of cluster id, instead of the one derived from its overview.
func (s *Server) SetBackupInfo(id int64, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recovery.clusters[id] = json.RawMessage(data)
}

// SetTenantBackupInfo serves data (ObTenantBackupInfo) for the tenant
// endpoint, instead of the tenant's element of the cluster's window.
func (s *Server) SetTenantBackupInfo(clusterID, tenantID int64, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recovery.tenants[[2]int64{clusterID, tenantID}] = json.RawMessage(data)
}

// LastBackupInfoQuery is the query string of the latest backup/info request.
func (s *Server) LastBackupInfoQuery() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recovery.lastQuery
}

func (s *Server) serveClusterBackupInfo(r *http.Request, ids IDs) reply {
	s.mu.Lock()
	s.recovery.lastQuery = r.URL.Query()
	s.mu.Unlock()
	data := s.clusterBackupInfo(ids.Cluster)
	if data == nil {
		return s.clusterNotFound(ids.Cluster)
	}
	return s.ok(data)
}

func (s *Server) serveTenantBackupInfo(r *http.Request, ids IDs) reply {
	s.mu.Lock()
	s.recovery.lastQuery = r.URL.Query()
	s.mu.Unlock()
	for _, q := range []string{"startTime", "endTime"} {
		if v := r.URL.Query().Get(q); v != "" {
			if _, err := time.Parse("2006-01-02T15:04:05Z", v); err != nil {
				return s.fail(http.StatusBadRequest, "COM10002", q+" must be UTC, as YYYY-MM-DDThh:mm:ssZ: "+v)
			}
		}
	}
	data, clusterExists := s.tenantBackupInfo(ids.Cluster, ids.Tenant)
	switch {
	case !clusterExists:
		return s.clusterNotFound(ids.Cluster)
	case data == nil:
		return s.fail(http.StatusNotFound, TenantNotFoundCode, fmt.Sprintf("The specified tenant with the ID of %d does not exist.", ids.Tenant))
	default:
		return s.ok(data)
	}
}

// clusterBackupInfo is the window of cluster id: set, or derived (see the
// top of this file); nil when the cluster does not exist.
func (s *Server) clusterBackupInfo(id int64) json.RawMessage {
	s.mu.Lock()
	data, set := s.recovery.clusters[id]
	overview, exists := s.overviews[id]
	started := s.recovery.started
	dataTasks, logTasks := s.itemFields(RouteDataBackupTasks, id), s.itemFields(RouteLogBackupTasks, id)
	s.mu.Unlock()
	switch {
	case set:
		return data
	case !exists:
		return nil
	case len(dataTasks) > 0 || len(logTasks) > 0:
		return windowFromTasks(id, overview, dataTasks, logTasks)
	default:
		return windowFromOverview(id, overview, started)
	}
}

// tenantBackupInfo is the tenant's window, set or taken from the cluster's
// tenantBackupInfos with the cluster's identity added; nil data with
// clusterExists when the cluster has no such tenant.
func (s *Server) tenantBackupInfo(id, tenantID int64) (data json.RawMessage, clusterExists bool) {
	s.mu.Lock()
	data, ok := s.recovery.tenants[[2]int64{id, tenantID}]
	s.mu.Unlock()
	if ok {
		return data, true
	}
	clusterData := s.clusterBackupInfo(id)
	if clusterData == nil {
		return nil, false
	}
	var cluster struct {
		ClusterID   any              `json:"clusterId"`
		ClusterName any              `json:"clusterName"`
		ObClusterID any              `json:"obClusterId"`
		Tenants     []map[string]any `json:"tenantBackupInfos"`
	}
	_ = json.Unmarshal(clusterData, &cluster)
	for _, t := range cluster.Tenants {
		if fmt.Sprint(t["tenantId"]) != strconv.FormatInt(tenantID, 10) {
			continue
		}
		for k, v := range map[string]any{"clusterId": cluster.ClusterID, "clusterName": cluster.ClusterName, "obClusterId": cluster.ObClusterID} {
			if _, set := t[k]; !set && v != nil {
				t[k] = v
			}
		}
		b, _ := json.Marshal(t)
		return b, true
	}
	return nil, true
}

// windowIdentity is the identity part of a derived cluster window.
func windowIdentity(id int64, ov map[string]any) map[string]any {
	info := map[string]any{"clusterId": id}
	for _, k := range []string{"clusterName", "obClusterId"} {
		if v, ok := ov[k]; ok && v != nil {
			info[k] = v
		}
	}
	if status, ok := ov["obClusterStatus"].(string); ok {
		info["online"] = status == "RUNNING"
	}
	return info
}

func aggregation(sections []any) map[string]any {
	return map[string]any{
		"obQueryTimeScopeType":       "LATEST_SEVEN_DAYS",
		"latestSevenDaysAggregation": map[string]any{"obRecoverableSectionItems": sections},
	}
}

func interval(kind, dimension, field, start, end string) map[string]any {
	return map[string]any{
		"obRecoverableSectionItemType": kind, "backupMode": "PHYSICAL_BACKUP", "backupDimension": dimension,
		field: map[string]any{"startTime": start, "endTime": end},
	}
}

// span is an interval as the fake writes it, with its parsed ends.
type span struct {
	start, end         string
	startTime, endTime time.Time
}

func newSpan(start, end string) (span, bool) {
	st, ok1 := parseFixtureTime(start)
	et, ok2 := parseFixtureTime(end)
	return span{start, end, st, et}, ok1 && ok2
}

// windowFromTasks derives a window from the cluster's backup tasks.
func windowFromTasks(id int64, overviewData json.RawMessage, dataTasks, logTasks []map[string]any) json.RawMessage {
	var ov map[string]any
	_ = json.Unmarshal(overviewData, &ov)
	info := windowIdentity(id, ov)

	type tenant struct {
		first      map[string]any
		data, logs []map[string]any
	}
	var order []string
	tenants := map[string]*tenant{}
	add := func(task map[string]any, isData bool) {
		key := fmt.Sprint(task["tenantId"])
		t, ok := tenants[key]
		if !ok {
			t = &tenant{first: task}
			tenants[key] = t
			order = append(order, key)
		}
		if isData {
			t.data = append(t.data, task)
		} else {
			t.logs = append(t.logs, task)
		}
	}
	for _, task := range dataTasks {
		add(task, true)
	}
	for _, task := range logTasks {
		add(task, false)
	}

	var clusterData []any
	var clusterWindow, clusterLog *span
	everyTenantRestorable := len(order) > 0
	tenantInfos := make([]any, 0, len(order))
	for _, key := range order {
		t := tenants[key]
		dimension, _ := t.first["backupDimension"].(string)
		if dimension == "" {
			dimension = "CLUSTER"
		}
		// DONE data backups in the order they became restorable.
		type backup struct {
			task map[string]any
			at   time.Time
			text string
			full bool
		}
		var backups []backup
		for _, task := range t.data {
			text, _ := task["snapshotVersionTime"].(string)
			if text == "" {
				text, _ = task["finishTime"].(string)
			}
			at, ok := parseFixtureTime(text)
			if task["status"] != "DONE" || !ok {
				continue
			}
			backups = append(backups, backup{task, at, text, task["dataBackupTaskType"] == "FULL_BACKUP"})
		}
		slices.SortStableFunc(backups, func(a, b backup) int { return a.at.Compare(b.at) })
		var sections []any
		var fullSetID any
		for _, b := range backups {
			kind := "INCREMENTAL_DATA_BACKUP"
			if b.full {
				kind, fullSetID = "FULL_DATA_BACKUP", b.task["backupSetId"]
			}
			start, _ := b.task["startTime"].(string)
			dataVersion := b.task["dataVersion"]
			if dataVersion == nil {
				dataVersion = -1
			}
			section := map[string]any{
				"obRecoverableSectionItemType": kind, "backupMode": "PHYSICAL_BACKUP", "backupDimension": dimension,
				"dataBackupRecoverableInfo": map[string]any{
					"fullBackupSetId": fullSetID, "dataVersion": dataVersion, "freezeTime": start, "recoverableTime": b.text,
				},
			}
			sections = append(sections, section)
			clusterData = append(clusterData, section)
		}
		// Log backups, and the one reaching furthest.
		var newest *span
		for _, task := range t.logs {
			created, _ := task["createTime"].(string)
			checkpoint, _ := task["checkpoint"].(string)
			sp, ok := newSpan(created, checkpoint)
			if !ok {
				continue
			}
			sections = append(sections, interval("LOG_BACKUP", dimension, "logRecoverableTimeInterval", created, checkpoint))
			if newest == nil || sp.endTime.After(newest.endTime) {
				newest = &sp
			}
		}
		var window *span
		if newest != nil {
			for _, b := range backups {
				if b.full && !b.at.Before(newest.startTime) && !b.at.After(newest.endTime) {
					window = &span{b.text, newest.end, b.at, newest.endTime}
					break
				}
			}
		}
		if window != nil {
			sections = append(sections, interval("RECOVERABLE", dimension, "realRecoverableTimeInterval", window.start, window.end))
		}
		clusterWindow = intersect(clusterWindow, window, &everyTenantRestorable)
		logOK := true
		clusterLog = intersect(clusterLog, newest, &logOK)

		if sections == nil {
			sections = []any{}
		}
		ti := map[string]any{
			"tenantId": t.first["tenantId"], "tenantName": t.first["tenantName"], "obTenantId": t.first["obTenantId"],
			"obRecoverableInfoAggregation": aggregation(sections),
		}
		if online, ok := info["online"]; ok {
			ti["online"] = online
		}
		tenantInfos = append(tenantInfos, ti)
	}

	sections := clusterData
	if clusterLog != nil {
		sections = append(sections, interval("LOG_BACKUP", "CLUSTER", "logRecoverableTimeInterval", clusterLog.start, clusterLog.end))
	}
	if everyTenantRestorable && clusterWindow != nil {
		sections = append(sections, interval("RECOVERABLE", "CLUSTER", "realRecoverableTimeInterval", clusterWindow.start, clusterWindow.end))
	}
	if sections == nil {
		sections = []any{}
	}
	info["obRecoverableInfoAggregation"] = aggregation(sections)
	info["tenantBackupInfos"] = tenantInfos
	b, _ := json.Marshal(info)
	return b
}

// intersect narrows acc to what sp also covers; a missing sp clears ok.
func intersect(acc, sp *span, ok *bool) *span {
	switch {
	case sp == nil:
		*ok = false
		return acc
	case acc == nil:
		c := *sp
		return &c
	}
	c := *acc
	if sp.startTime.After(c.startTime) {
		c.start, c.startTime = sp.start, sp.startTime
	}
	if sp.endTime.Before(c.endTime) {
		c.end, c.endTime = sp.end, sp.endTime
	}
	if c.endTime.Before(c.startTime) {
		*ok = false
	}
	return &c
}

// windowFromOverview derives a window from the overview alone; started
// stands for "now" for the seven-day scope.
func windowFromOverview(id int64, overviewData json.RawMessage, started time.Time) json.RawMessage {
	var ov map[string]any
	_ = json.Unmarshal(overviewData, &ov)
	str := func(k string) string { s, _ := ov[k].(string); return s }
	info := windowIdentity(id, ov)

	lastFull, okFull := parseFixtureTime(str("lastDataBackupTime"))
	checkpoint, okLog := parseFixtureTime(str("latestLogBackupCheckpoint"))
	hasWindow := str("obClusterBackupStatus") == "HAS_BACKUP_STRATEGY" && okFull
	if !okLog {
		checkpoint = lastFull
	}
	var zone *time.Location
	if okFull {
		zone = lastFull.Location()
	}
	window := func(dimension string) []any {
		if !hasWindow {
			return []any{}
		}
		fulls := []time.Time{lastFull}
		for t := lastFull.Add(-24 * time.Hour); t.After(started.Add(-7 * 24 * time.Hour)); t = t.Add(-24 * time.Hour) {
			fulls = append([]time.Time{t}, fulls...)
		}
		sections := make([]any, 0, len(fulls)+2)
		for i, t := range fulls {
			sections = append(sections, map[string]any{
				"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "backupMode": "PHYSICAL_BACKUP", "backupDimension": dimension,
				"dataBackupRecoverableInfo": map[string]any{
					"fullBackupSetId": i + 1, "dataVersion": -1,
					"freezeTime": fixtureTime(t.Add(-10*time.Minute), zone), "recoverableTime": fixtureTime(t, zone),
				},
			})
		}
		return append(sections,
			interval("LOG_BACKUP", dimension, "logRecoverableTimeInterval", fixtureTime(fulls[0].Add(-5*time.Minute), zone), fixtureTime(checkpoint, zone)),
			interval("RECOVERABLE", dimension, "realRecoverableTimeInterval", fixtureTime(fulls[0], zone), fixtureTime(checkpoint, zone)))
	}
	info["obRecoverableInfoAggregation"] = aggregation(window("CLUSTER"))
	tenants := []any{}
	if tenantID, ok := ov["tenantId"]; ok && tenantID != nil && str("backupDimension") == "TENANT" {
		t := map[string]any{"tenantId": tenantID, "obTenantId": ov["obTenantId"], "tenantName": ov["tenantName"],
			"obRecoverableInfoAggregation": aggregation(window("TENANT"))}
		if online, ok := info["online"]; ok {
			t["online"] = online
		}
		tenants = append(tenants, t)
	}
	info["tenantBackupInfos"] = tenants
	b, _ := json.Marshal(info)
	return b
}

// parseFixtureTime reads the layouts the fixtures write.
func parseFixtureTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// fixtureTime writes t as the fixtures do, in the overview's zone.
func fixtureTime(t time.Time, zone *time.Location) string {
	if zone != nil {
		t = t.In(zone)
	}
	return t.Format("2006-01-02T15:04:05.000-0700")
}
