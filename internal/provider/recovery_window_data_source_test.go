package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const windowAddress = "data.ocp_recovery_window.test"

// windowConfig reads one window as data.ocp_recovery_window.test; args are
// extra attributes such as tenant_id.
func windowConfig(clusterID int64, args ...string) string {
	return fmt.Sprintf("data \"ocp_recovery_window\" \"test\" {\n  cluster_id = %d\n  %s\n}\n", clusterID, strings.Join(args, "\n  "))
}

func expectWindow(name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(windowAddress, tfjsonpath.New(name), want)
}

func expectWindowAt(p tfjsonpath.Path, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(windowAddress, p, want)
}

// docExampleSections are the sections of backup-endpoints.md §6.1's example.
var docExampleSections = knownvalue.ListExact([]knownvalue.Check{
	knownvalue.ObjectExact(map[string]knownvalue.Check{
		"type": knownvalue.StringExact("FULL_DATA_BACKUP"), "backup_mode": knownvalue.StringExact("PHYSICAL_BACKUP"),
		"backup_dimension": knownvalue.StringExact("TENANT"), "start_time": knownvalue.Null(), "end_time": knownvalue.Null(),
		"full_backup_set_id": knownvalue.Int64Exact(3), "data_version": knownvalue.Int64Exact(-1),
		"freeze_time":      knownvalue.StringExact("1970-01-01T08:00:00+08:00"),
		"recoverable_time": knownvalue.StringExact("2024-09-02T02:04:10.8+08:00"),
	}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{
		"type": knownvalue.StringExact("LOG_BACKUP"), "backup_mode": knownvalue.StringExact("PHYSICAL_BACKUP"),
		"backup_dimension":   knownvalue.Null(),
		"start_time":         knownvalue.StringExact("2024-09-02T01:59:58+08:00"),
		"end_time":           knownvalue.StringExact("2024-09-04T09:59:12+08:00"),
		"full_backup_set_id": knownvalue.Null(), "data_version": knownvalue.Null(),
		"freeze_time": knownvalue.Null(), "recoverable_time": knownvalue.Null(),
	}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{
		"type": knownvalue.StringExact("RECOVERABLE"), "backup_mode": knownvalue.StringExact("PHYSICAL_BACKUP"),
		"backup_dimension":   knownvalue.Null(),
		"start_time":         knownvalue.StringExact("2024-09-02T02:04:10.8+08:00"),
		"end_time":           knownvalue.StringExact("2024-09-04T09:59:12+08:00"),
		"full_backup_set_id": knownvalue.Null(), "data_version": knownvalue.Null(),
		"freeze_time": knownvalue.Null(), "recoverable_time": knownvalue.Null(),
	}),
})

func TestRecoveryWindow_tenantRead(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.DocExampleClusterID, fmt.Sprintf("tenant_id = %d", ocptest.DocExampleTenantID)),
		expectWindow("cluster_id", knownvalue.Int64Exact(ocptest.DocExampleClusterID)),
		expectWindow("tenant_id", knownvalue.Int64Exact(ocptest.DocExampleTenantID)),
		expectWindow("cluster_name", knownvalue.StringExact("prod_ob")),
		expectWindow("ob_cluster_id", knownvalue.Int64Exact(12)),
		expectWindow("online", knownvalue.Bool(true)),
		expectWindow("tenant_name", knownvalue.StringExact("app_t1")),
		expectWindow("ob_tenant_id", knownvalue.Int64Exact(1004)),
		expectWindow("query_time_scope", knownvalue.StringExact("LATEST_SEVEN_DAYS")),
		expectWindow("recoverable_start_time", knownvalue.StringExact("2024-09-02T02:04:10.8+08:00")),
		expectWindow("recoverable_end_time", knownvalue.StringExact("2024-09-04T09:59:12+08:00")),
		expectWindow("sections", docExampleSections),
		expectWindow("tenants", knownvalue.Null()),
		expectWindow("start_time", knownvalue.Null()),
		expectWindow("end_time", knownvalue.Null()),
	)
}

func TestRecoveryWindow_clusterRead(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.DocExampleClusterID),
		expectWindow("tenant_id", knownvalue.Null()),
		expectWindow("tenant_name", knownvalue.Null()),
		expectWindow("ob_tenant_id", knownvalue.Null()),
		expectWindow("recoverable_start_time", knownvalue.StringExact("2024-09-02T02:04:10.8+08:00")),
		expectWindow("sections", docExampleSections),
		expectWindow("tenants", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"tenant_id":              knownvalue.Int64Exact(ocptest.DocExampleTenantID),
			"tenant_name":            knownvalue.StringExact("app_t1"),
			"ob_tenant_id":           knownvalue.Int64Exact(1004),
			"online":                 knownvalue.Bool(true),
			"query_time_scope":       knownvalue.StringExact("LATEST_SEVEN_DAYS"),
			"recoverable_start_time": knownvalue.StringExact("2024-09-02T02:04:10.8+08:00"),
			"recoverable_end_time":   knownvalue.StringExact("2024-09-04T09:59:12+08:00"),
			"sections":               docExampleSections,
		})})),
	)
}

// A cluster read lists each tenant's window; billing, backed up for the
// first time 27 hours ago, limits the cluster's.
func TestRecoveryWindow_tenantsSortedAndGateable(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterHealthy)+`
locals {
  w = data.ocp_recovery_window.test
}
output "tenant_ids" {
  value = [for t in local.w.tenants : t.tenant_id]
}
output "cluster_restorable_48h_ago" {
  value = timecmp(local.w.recoverable_start_time, timeadd(plantimestamp(), "-48h")) <= 0
}
output "tenants_restorable_48h_ago" {
  value = { for t in local.w.tenants : t.tenant_name => timecmp(t.recoverable_start_time, timeadd(plantimestamp(), "-48h")) <= 0 }
}
output "section_types" {
  value = distinct([for s in local.w.sections : s.type])
}
`,
		expectWindow("cluster_name", knownvalue.StringExact("prod-orders")),
		expectWindow("recoverable_end_time", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$`))),
		statecheck.ExpectKnownOutputValue("tenant_ids", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.Int64Exact(ocptest.TenantOrders), knownvalue.Int64Exact(ocptest.TenantBilling),
		})),
		// The cluster reaches back only as far as its newest tenant, billing.
		statecheck.ExpectKnownOutputValue("cluster_restorable_48h_ago", knownvalue.Bool(false)),
		statecheck.ExpectKnownOutputValue("tenants_restorable_48h_ago", knownvalue.MapExact(map[string]knownvalue.Check{
			"orders": knownvalue.Bool(true), "billing": knownvalue.Bool(false),
		})),
		statecheck.ExpectKnownOutputValue("section_types", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("FULL_DATA_BACKUP"), knownvalue.StringExact("INCREMENTAL_DATA_BACKUP"),
			knownvalue.StringExact("LOG_BACKUP"), knownvalue.StringExact("RECOVERABLE"),
		})),
	)
}

// OCP 4.0/4.2 name the RECOVERABLE interval logRecoverableTimeInterval.
func TestRecoveryWindow_oldNaming(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.VendorExampleID),
		expectWindow("recoverable_start_time", knownvalue.StringExact("2021-09-16T17:25:02.993+08:00")),
		expectWindow("recoverable_end_time", knownvalue.StringExact("2021-09-22T14:49:07.296+08:00")),
		expectWindowAt(tfjsonpath.New("sections").AtSliceIndex(2).AtMapKey("start_time"), knownvalue.StringExact("2021-09-16T17:25:02.993+08:00")),
		expectWindowAt(tfjsonpath.New("sections").AtSliceIndex(0).AtMapKey("data_version"), knownvalue.Int64Exact(1631783102)),
		expectWindow("tenants", knownvalue.ListExact(nil)),
	)
}

func TestRecoveryWindow_longsUnknownValuesAndSeveralWindows(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	sections := tfjsonpath.New("sections")
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterLongStrings)+`
output "set_id_plus_one" {
  value = data.ocp_recovery_window.test.sections[1].full_backup_set_id + 1
}
`,
		expectWindow("ob_cluster_id", knownvalue.Int64Exact(9007199254740993)),
		expectWindow("online", knownvalue.Bool(false)),
		expectWindow("query_time_scope", knownvalue.StringExact("SOME_FUTURE_SCOPE")),
		// The RECOVERABLE section ending last, though it is neither first nor last.
		expectWindow("recoverable_start_time", knownvalue.StringExact("2024-09-03T08:00:00+08:00")),
		expectWindow("recoverable_end_time", knownvalue.StringExact("2024-09-04T09:59:12.000001+08:00")),
		expectWindowAt(sections.AtSliceIndex(1).AtMapKey("data_version"), knownvalue.Int64Exact(-9223372036854775808)),
		expectWindowAt(sections.AtSliceIndex(1).AtMapKey("recoverable_time"), knownvalue.StringExact("2024-09-03T01:02:03.123456789-03:30")),
		expectWindowAt(sections.AtSliceIndex(3).AtMapKey("type"), knownvalue.StringExact("SOME_FUTURE_SECTION")),
		expectWindow("sections", knownvalue.ListSizeExact(5)),
		statecheck.ExpectKnownOutputValue("set_id_plus_one", knownvalue.NumberExact(big.NewFloat(9007199254740994))),
		expectWindow("tenants", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"tenant_id": knownvalue.Int64Exact(3), "tenant_name": knownvalue.StringExact("alpha"),
				"ob_tenant_id": knownvalue.Int64Exact(1001), "online": knownvalue.Bool(true),
				"query_time_scope": knownvalue.Null(), "recoverable_start_time": knownvalue.Null(),
				"recoverable_end_time": knownvalue.Null(), "sections": knownvalue.Null(),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"tenant_id": knownvalue.Int64Exact(9223372036854775807), "tenant_name": knownvalue.StringExact("zeta"),
				"ob_tenant_id": knownvalue.Int64Exact(9007199254740995), "online": knownvalue.Null(),
				"query_time_scope": knownvalue.StringExact("LATEST_SEVEN_DAYS"), "recoverable_start_time": knownvalue.Null(),
				"recoverable_end_time": knownvalue.Null(), "sections": knownvalue.ListExact(nil),
			}),
		})),
	)
}

func TestRecoveryWindow_absentIsNull(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	checks := []statecheck.StateCheck{expectWindow("cluster_name", knownvalue.StringExact("bare"))}
	for _, name := range []string{"ob_cluster_id", "online", "tenant_name", "ob_tenant_id", "query_time_scope",
		"recoverable_start_time", "recoverable_end_time", "sections", "tenants"} {
		checks = append(checks, expectWindow(name, knownvalue.Null()))
	}
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterSparse), checks...)
}

// Without a strategy there is nothing to restore: an empty list of
// sections and a null window, which a gate reads as a failure.
func TestRecoveryWindow_noStrategy(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterNoStrategy),
		expectWindow("sections", knownvalue.ListExact(nil)),
		expectWindow("recoverable_start_time", knownvalue.Null()),
		expectWindow("recoverable_end_time", knownvalue.Null()),
	)
}

func TestRecoveryWindow_timesPassedThrough(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	times := `start_time = "2024-09-01T08:30:15.5+08:00"` + "\n" + `end_time = "2024-09-04T00:00:00Z"`
	check := func(start, end string) func(*testing.T) {
		return func(t *testing.T) {
			q := srv.LastBackupInfoQuery()
			if q.Get("startTime") != start || q.Get("endTime") != end {
				t.Errorf("OCP got %v, want startTime %s and endTime %s", q, start, end)
			}
		}
	}
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterHealthy, times),
		expectWindow("start_time", knownvalue.StringExact("2024-09-01T08:30:15.5+08:00")))
	t.Run("cluster", check("2024-09-01T08:30:15.5+08:00", "2024-09-04T00:00:00Z"))
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterHealthy, times, fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders)),
		expectWindow("tenant_name", knownvalue.StringExact("orders")))
	t.Run("tenant", check("2024-09-01T00:30:15Z", "2024-09-04T00:00:00Z"))
}

func TestRecoveryWindow_olderOCP(t *testing.T) {
	t.Parallel()
	srv := ocptest.New(ocptest.WithoutTenantAPIs())
	t.Cleanup(srv.Close)
	planFails(t, basicProvider(srv)+windowConfig(ocptest.ClusterHealthy, fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders)),
		`Unable to read the restorable window of tenant 1001 of OCP cluster 101 .* HTTP 404 .* error code COM10001: no such API: .*tenant-level backup APIs need OCP 4.3 or later`)
	// The cluster read still works there.
	readAndCheck(t, basicProvider(srv)+windowConfig(ocptest.ClusterHealthy), expectWindow("tenants", knownvalue.ListSizeExact(2)))
}

func TestRecoveryWindow_invalidConfig(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	planFails(t, basicProvider(srv)+windowConfig(0), `cluster_id.*must be at least 1`)
	planFails(t, basicProvider(srv)+windowConfig(1, "tenant_id = 0"), `tenant_id.*must be at least 1`)
	planFails(t, basicProvider(srv)+windowConfig(1, `start_time = "yesterday"`), `Invalid RFC3339 String Value.*yesterday`)
}

func TestRecoveryWindow_failsClosed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const id = ocptest.ClusterPaused
	tenant := fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders)
	step := func(pre func(), config, want string) resource.TestStep {
		return resource.TestStep{PreConfig: pre, Config: basicProvider(srv) + config, PlanOnly: true, ExpectError: errorPattern(want)}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(func() { srv.SetBackupInfo(id, `null`) }, windowConfig(id),
				`Unable to read the restorable window of OCP cluster 103 .* has no data`),
			step(func() { srv.SetBackupInfo(id, `{"clusterId": 104, "clusterName": "prod-ledger"}`) }, windowConfig(id),
				`about cluster 104, not 103 as asked`),
			step(func() { srv.SetTenantBackupInfo(id, ocptest.TenantOrders, `{"clusterId": 103, "tenantId": 12}`) }, windowConfig(id, tenant),
				`Unable to read the restorable window of tenant 1001 of OCP cluster 103 .* about tenant 12, not 1001 as asked`),
			step(nil, windowConfig(999),
				`OBE11001: The specified cluster with the ID of 999 does not exist`),
		},
	})
}
