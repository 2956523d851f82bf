package ocptest

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"time"
)

// VendorExampleID is the cluster whose overview is the vendor's documented
// example response, verbatim.
const VendorExampleID = 1000005

// VendorExample is the data of the vendor's example response for
// GET /api/v2/ob/clusters/1/backup/overview, verbatim.
const VendorExample = `{
    "backupDimension": "CLUSTER",
    "backupScheduleStatus": "NORMAL",
    "clusterId": 1000005,
    "clusterName": "yc0820_17",
    "compactionStatus": "IDLE",
    "lastDataBackupTime": "2021-09-16T17:25:02.993+0800",
    "latestLogBackupCheckpoint": "2021-09-22T14:49:07.296+0800",
    "logBackupDelaySeconds": 98,
    "obBackupAbility": {
        "backupAbility": "PHYSICAL_BACKUP",
        "backupMode": "PHYSICAL_BACKUP",
        "obDataBackupSupportAbility": {
            "canDoIncrementalBackup": false,
            "fullBackupEnabled": true,
            "hint": "物理备份下，增量备份之前必须有一次全量的数据备份",
            "incrementBackupEnabled": true
        }
    },
    "obClusterBackupStatus": "HAS_BACKUP_STRATEGY",
    "obClusterId": 5,
    "obClusterStatus": "RUNNING",
    "obClusterType": "PRIMARY",
    "obVersion": "2.2.77",
    "primaryAndStandbyMode": false
}`

// VendorExampleEnvelope is the vendor's example response as a whole.
const VendorExampleEnvelope = `{
    "data": ` + VendorExample + `,
    "duration": 324,
    "server": "a83ad33525",
    "status": 200,
    "successful": true,
    "timestamp": "2021-09-22T14:50:46.414+08:00",
    "traceId": "52eddd79029d4a24"
}`

// Cluster ids of the built-in fixtures. The demo fleet's timestamps are set
// relative to the moment the server starts, so "healthy" stays fresh.
const (
	ClusterHealthy     int64 = 101 // PRIMARY, strategy, NORMAL schedule, backed up 3 hours ago
	ClusterNoStrategy  int64 = 102 // PRIMARY without a backup strategy
	ClusterPaused      int64 = 103 // schedule PAUSED, last backup 30 hours ago
	ClusterStale       int64 = 104 // schedule NORMAL, but the last backup is 9 days old and logs lag a day
	ClusterTenant      int64 = 105 // STANDBY, TENANT dimension, tenant fields set
	ClusterSparse      int64 = 201 // most fields absent, some sent as null
	ClusterLongStrings int64 = 202 // longs sent as JSON strings, beyond 2^53; an enum value and a field OCP does not document
)

// Tenants of the built-in fixtures.
const (
	TenantOrders   int64 = 1001 // of ClusterHealthy
	TenantBilling  int64 = 1002 // of ClusterHealthy
	TenantDROrders int64 = 7    // of ClusterTenant, the tenant its overview names
)

// fixtureCluster and fixtureTenant are the built-in clusters and tenants
// as every family's fixtures name them; at writes instants the way the
// cluster's OCP does.
type fixtureCluster struct {
	id, obID   int64
	name, kind string
	dimension  string
	at         taskTime
}

type fixtureTenant struct {
	id, obID int64
	name     string
}

var (
	healthyCluster = fixtureCluster{ClusterHealthy, 1, "prod-orders", "PRIMARY", "CLUSTER", cstMillis}
	pausedCluster  = fixtureCluster{ClusterPaused, 3, "prod-search", "PRIMARY", "CLUSTER", cstMillis}
	staleCluster   = fixtureCluster{ClusterStale, 4, "prod-ledger", "PRIMARY", "CLUSTER", cstMillis}
	standbyCluster = fixtureCluster{ClusterTenant, 5, "dr-orders", "STANDBY", "TENANT", utcMicros}

	ordersTenant   = fixtureTenant{TenantOrders, 1002, "orders"}   // of healthyCluster
	billingTenant  = fixtureTenant{TenantBilling, 1004, "billing"} // of healthyCluster
	searchTenant   = fixtureTenant{1011, 1002, "search"}           // of pausedCluster
	ledgerTenant   = fixtureTenant{1021, 1002, "ledger"}           // of staleCluster
	drOrdersTenant = fixtureTenant{TenantDROrders, 1002, "orders"} // of standbyCluster
)

// generatedCluster is a cluster without fixtures of its own, and its one
// tenant, for WithTaskHistory.
func generatedCluster(id int64) (fixtureCluster, fixtureTenant) {
	return fixtureCluster{id, id, "cluster-" + strconv.FormatInt(id, 10), "PRIMARY", "CLUSTER", cstMillis},
		fixtureTenant{id*10 + 1, 1002, "t1"}
}

// taskTime writes instants the way each fixture cluster's OCP does.
type taskTime func(time.Time) string

var (
	cstMillis taskTime = func(t time.Time) string {
		return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04:05.000-0700")
	}
	utcMicros taskTime = func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
)

// DemoFleet lists the clusters of the offline demo, in id order.
var DemoFleet = []int64{ClusterHealthy, ClusterNoStrategy, ClusterPaused, ClusterStale, ClusterTenant}

// TimestampLayout is one way OCP writes a timestamp, and the RFC 3339 text
// the provider must turn it into.
type TimestampLayout struct {
	ClusterID int64
	Sent      string
	RFC3339   string
}

// TimestampLayouts are served as lastDataBackupTime of their clusters.
var TimestampLayouts = []TimestampLayout{
	{301, "2021-09-16T17:25:02.993+0800", "2021-09-16T17:25:02.993+08:00"},
	{302, "2021-09-16T17:25:02.993+08:00", "2021-09-16T17:25:02.993+08:00"},
	{303, "2021-09-16T09:25:02.993Z", "2021-09-16T09:25:02.993Z"},
	{304, "2021-09-16T17:25:02+0800", "2021-09-16T17:25:02+08:00"},
	{305, "2021-09-16T17:25:02.99+0800", "2021-09-16T17:25:02.99+08:00"},
	{306, "2021-09-16T17:25:02.99300+08:00", "2021-09-16T17:25:02.99300+08:00"},
	{307, "2021-09-16T17:25:02.993000+0800", "2021-09-16T17:25:02.993000+08:00"},
	{308, "2021-09-16T17:25:02.123456789-0330", "2021-09-16T17:25:02.123456789-03:30"},
}

// Fixtures returns the overview data of every built-in cluster, by id.
func Fixtures() map[int64]string {
	now := time.Now()
	ts := func(ago time.Duration) string {
		return now.Add(-ago).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04:05.000-0700")
	}
	ability := map[string]any{
		"backupAbility": "PHYSICAL_BACKUP", "backupMode": "PHYSICAL_BACKUP",
		"obDataBackupSupportAbility": map[string]any{
			"canDoIncrementalBackup": true, "fullBackupEnabled": true, "incrementBackupEnabled": true,
			"hint": "物理备份下，增量备份之前必须有一次全量的数据备份",
		},
	}
	cluster := func(id int64, name, clusterType string, fields map[string]any) string {
		data := map[string]any{
			"clusterId": id, "obClusterId": id - 100, "clusterName": name,
			"obClusterType": clusterType, "obClusterStatus": "RUNNING", "compactionStatus": "IDLE",
			"primaryAndStandbyMode": clusterType == "STANDBY", "obVersion": "4.2.1.0",
			"obBackupAbility": ability, "backupDimension": "CLUSTER",
		}
		maps.Copy(data, fields)
		for k, v := range data {
			if v == nil {
				delete(data, k)
			}
		}
		b, _ := json.Marshal(data)
		return string(b)
	}

	fixtures := map[int64]string{
		VendorExampleID: VendorExample,
		ClusterHealthy: cluster(ClusterHealthy, "prod-orders", "PRIMARY", map[string]any{
			"obClusterBackupStatus": "HAS_BACKUP_STRATEGY", "backupScheduleStatus": "NORMAL",
			"lastDataBackupTime": ts(3 * time.Hour), "latestLogBackupCheckpoint": ts(40 * time.Second),
			"logBackupDelaySeconds": 40, "backupSize": 512.5, "obStorageVolumeUnit": "GB",
		}),
		ClusterNoStrategy: cluster(ClusterNoStrategy, "prod-payments", "PRIMARY", map[string]any{
			"obClusterBackupStatus": "NO_BACKUP_STRATEGY", "backupScheduleStatus": "NONE",
			"obBackupAbility": nil, "backupDimension": nil,
		}),
		ClusterPaused: cluster(ClusterPaused, "prod-search", "PRIMARY", map[string]any{
			"obClusterBackupStatus": "HAS_BACKUP_STRATEGY", "backupScheduleStatus": "PAUSED",
			"lastDataBackupTime": ts(30 * time.Hour), "latestLogBackupCheckpoint": ts(30 * time.Hour),
			"logBackupDelaySeconds": 108000, "backupSize": 1.25, "obStorageVolumeUnit": "TB",
		}),
		ClusterStale: cluster(ClusterStale, "prod-ledger", "PRIMARY", map[string]any{
			"obClusterBackupStatus": "HAS_BACKUP_STRATEGY", "backupScheduleStatus": "NORMAL",
			"lastDataBackupTime": ts(9 * 24 * time.Hour), "latestLogBackupCheckpoint": ts(24 * time.Hour),
			"logBackupDelaySeconds": 86400, "backupSize": 87.3, "obStorageVolumeUnit": "GB",
		}),
		ClusterTenant: cluster(ClusterTenant, "dr-orders", "STANDBY", map[string]any{
			"obClusterBackupStatus": "HAS_BACKUP_STRATEGY", "backupScheduleStatus": "NORMAL",
			"backupDimension": "TENANT", "obTenantId": 1002, "tenantId": 7, "tenantName": "orders",
			"lastDataBackupTime": ts(5 * time.Hour), "latestLogBackupCheckpoint": ts(12 * time.Second),
			"logBackupDelaySeconds": 12, "backupSize": 64, "obStorageVolumeUnit": "GB",
		}),
		ClusterSparse: `{"clusterId": 201, "clusterName": "bare", "obClusterBackupStatus": "NO_BACKUP_STRATEGY",
			"tenantName": null, "lastDataBackupTime": null, "logBackupDelaySeconds": null,
			"primaryAndStandbyMode": null, "obBackupAbility": null, "backupSize": null}`,
		ClusterLongStrings: `{"clusterId": "202", "obClusterId": "9007199254740993", "clusterName": "big-ids",
			"obTenantId": "-9223372036854775808", "tenantId": 9223372036854775807,
			"logBackupDelaySeconds": "9007199254740993", "obClusterBackupStatus": "HAS_BACKUP_STRATEGY",
			"backupScheduleStatus": "SOME_FUTURE_STATUS",
			"someFieldOfANewerRelease": {"nested": [1, "two", null]}}`,
	}
	for _, l := range TimestampLayouts {
		fixtures[l.ClusterID] = fmt.Sprintf(`{"clusterId": %d, "clusterName": "layout-%d", "lastDataBackupTime": %q}`,
			l.ClusterID, l.ClusterID, l.Sent)
	}
	return fixtures
}

// FleetClusterID is the id of generated cluster i, for fleets of any size.
func FleetClusterID(i int) int64 { return 10001 + int64(i) }

// FleetCluster is the overview of generated cluster i: mostly healthy, with
// every seventh cluster lacking a strategy and every eleventh stale.
func FleetCluster(i int, now time.Time) string {
	id := FleetClusterID(i)
	age := 2 * time.Hour
	if i%11 == 10 {
		age = 10 * 24 * time.Hour
	}
	ts := func(ago time.Duration) string {
		return now.Add(-ago).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04:05.000-0700")
	}
	status, schedule := "HAS_BACKUP_STRATEGY", "NORMAL"
	if i%7 == 6 {
		status, schedule = "NO_BACKUP_STRATEGY", "NONE"
	}
	clusterType := "PRIMARY"
	if i%5 == 4 {
		clusterType = "STANDBY"
	}
	return fmt.Sprintf(`{"clusterId": %d, "obClusterId": %d, "clusterName": "fleet-%04d", "obClusterType": %q,
  "obClusterStatus": "RUNNING", "compactionStatus": "IDLE", "primaryAndStandbyMode": false, "obVersion": "4.2.1.0",
  "obClusterBackupStatus": %q, "backupScheduleStatus": %q, "backupDimension": "CLUSTER",
  "obBackupAbility": {"backupAbility": "PHYSICAL_BACKUP", "backupMode": "PHYSICAL_BACKUP",
    "obDataBackupSupportAbility": {"canDoIncrementalBackup": true, "fullBackupEnabled": true, "incrementBackupEnabled": true, "hint": ""}},
  "lastDataBackupTime": %q, "latestLogBackupCheckpoint": %q, "logBackupDelaySeconds": 30,
  "backupSize": 100.5, "obStorageVolumeUnit": "GB"}`,
		id, i+1, i, clusterType, status, schedule, ts(age), ts(30*time.Second))
}

// FleetIDs are the ids of n generated clusters, for WithClusters.
func FleetIDs(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = FleetClusterID(i)
	}
	return ids
}
