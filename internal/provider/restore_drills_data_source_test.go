package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const restoreDrillsAddress = "data.ocp_restore_drills.test"

// restoreDrillsConfig reads data.ocp_restore_drills.test with args.
func restoreDrillsConfig(args string) string {
	return "data \"ocp_restore_drills\" \"test\" {\n" + args + "\n}\n"
}

// drillsAre checks the drills, in order.
func drillsAre(drills ...map[string]knownvalue.Check) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(drills))
	for i, d := range drills {
		checks[i] = knownvalue.ObjectPartial(d)
	}
	return statecheck.ExpectKnownValue(restoreDrillsAddress, tfjsonpath.New("drills"), knownvalue.ListExact(checks))
}

// drill is the checks of one drills entry: its source, its counts and its
// last status; more adds checks.
func drill(cluster, tenant int64, tenantName string, restores, successful int64, lastStatus string, more map[string]knownvalue.Check) map[string]knownvalue.Check {
	checks := map[string]knownvalue.Check{
		"backup_cluster_id":   knownvalue.Int64Exact(cluster),
		"backup_tenant_id":    knownvalue.Int64Exact(tenant),
		"backup_tenant_name":  knownvalue.StringExact(tenantName),
		"restores":            knownvalue.Int64Exact(restores),
		"successful_restores": knownvalue.Int64Exact(successful),
		"last_status":         knownvalue.StringExact(lastStatus),
	}
	for k, v := range more {
		checks[k] = v
	}
	return checks
}

var noSuccess = map[string]knownvalue.Check{
	"last_successful_restore_time":       knownvalue.Null(),
	"last_successful_restore_point":      knownvalue.Null(),
	"last_successful_restore_cluster_id": knownvalue.Null(),
}

// The demo fleet restores each other's tenants: a restore listed by both
// its clusters counts once; success needs OCP's word and a finish time.
func TestRestoreDrills_fleet(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	noFailure := map[string]knownvalue.Check{"last_failure_time": knownvalue.Null()}
	readAndCheck(t, basicProvider(srv)+restoreDrillsConfig(""),
		drillsAre(
			// COMPLETED, the table's value, without successful: a success.
			drill(ocptest.ClusterHealthy, ocptest.TenantBilling, "billing", 1, 1, "COMPLETED", map[string]knownvalue.Check{
				"backup_cluster_name":                knownvalue.StringExact("prod-orders"),
				"last_successful_restore_time":       knownvalue.StringRegexp(timeIn("Z", 6)),
				"last_successful_restore_point":      knownvalue.StringRegexp(timeIn("Z", 6)),
				"last_successful_restore_cluster_id": knownvalue.Int64Exact(ocptest.ClusterTenant),
				"last_failure_time":                  knownvalue.Null(),
			}),
			// Listed by 101 and by 104, counted once each.
			drill(ocptest.ClusterHealthy, ocptest.TenantOrders, "orders", 2, 1, "FAILED", map[string]knownvalue.Check{
				"last_successful_restore_time":       knownvalue.StringRegexp(timeIn("+08:00", 3)),
				"last_successful_restore_cluster_id": knownvalue.Int64Exact(ocptest.ClusterStale),
				"last_failure_time":                  knownvalue.StringRegexp(timeIn("+08:00", 3)),
			}),
			// successful true without a finish time: not a success.
			drill(ocptest.ClusterNoStrategy, ocptest.TenantPayments, "payments", 1, 0, "RESTORE_SUCCESS", merge(noSuccess, noFailure)),
			// RESTORE_SUCCESS without successful counts; the running one is newest.
			drill(ocptest.ClusterPaused, 1011, "search", 2, 1, "THE TENANT IS BEING CREATED", map[string]knownvalue.Check{
				"last_successful_restore_cluster_id": knownvalue.Int64Exact(ocptest.ClusterNoStrategy),
				"last_failure_time":                  knownvalue.Null(),
			}),
		),
		statecheck.ExpectKnownValue(restoreDrillsAddress, tfjsonpath.New("skipped_cluster_ids"), knownvalue.ListExact(nil)),
	)
}

// merge is a and b in one map, b's values over a's.
func merge[V any](a, b map[string]V) map[string]V {
	m := map[string]V{}
	for _, part := range []map[string]V{a, b} {
		for k, v := range part {
			m[k] = v
		}
	}
	return m
}

// since counts restores created from then on; types, cluster_ids and
// name choose the clusters read, and a restore counts from either side.
func TestRestoreDrills_sinceAndSelectors(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	step := func(args string, drills ...map[string]knownvalue.Check) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + restoreDrillsConfig(args),
			ConfigStateChecks: []statecheck.StateCheck{drillsAre(drills...)},
		}
	}
	billing := drill(ocptest.ClusterHealthy, ocptest.TenantBilling, "billing", 1, 1, "COMPLETED", nil)
	orders := drill(ocptest.ClusterHealthy, ocptest.TenantOrders, "orders", 2, 1, "FAILED", nil)
	payments := drill(ocptest.ClusterNoStrategy, ocptest.TenantPayments, "payments", 1, 0, "RESTORE_SUCCESS", nil)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`since = timeadd(plantimestamp(), "-720h")`,
				billing,
				drill(ocptest.ClusterHealthy, ocptest.TenantOrders, "orders", 1, 0, "FAILED", merge(noSuccess, map[string]knownvalue.Check{
					"last_failure_time": knownvalue.StringRegexp(timeIn("+08:00", 3)),
				})),
				payments,
				drill(ocptest.ClusterPaused, 1011, "search", 1, 0, "THE TENANT IS BEING CREATED", noSuccess),
			),
			step(`since = timeadd(plantimestamp(), "1h")`),
			// The standby only received billing; 104 only received orders.
			step(`types = ["STANDBY"]`, billing),
			step(fmt.Sprintf("cluster_ids = [%d, %d]", ocptest.ClusterStale, ocptest.ClusterStale), orders),
			step(`name = "payments"`, payments,
				drill(ocptest.ClusterPaused, 1011, "search", 1, 1, "RESTORE_SUCCESS", nil)),
		},
	})
}

// Success is OCP's explicit word and a finish time; a failure is OCP's
// word once the restore ended, or FAILED.
func TestRestoreDrills_successOnlyWhenExplicit(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.ClusterSparse))
	const at = "2026-01-02T03:04:05.000+0800"
	task := func(id, tenant int64, fields map[string]any) map[string]any {
		item := map[string]any{"id": id, "backupClusterId": ocptest.ClusterSparse, "backupTenantId": tenant,
			"backupTenantName": fmt.Sprintf("t%d", tenant), "createTime": fmt.Sprintf("2026-01-0%dT00:00:00.000+0800", id)}
		for k, v := range fields {
			item[k] = v
		}
		return item
	}
	srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterSparse,
		// Not successes: a status OCP does not document as one, successful
		// false, a documented success without a finish time.
		task(1, 1, map[string]any{"status": "SUCCESS", "finishTime": at}),
		task(2, 1, map[string]any{"status": "RESTORE_SUCCESS", "successful": false, "finished": true, "finishTime": at}),
		task(3, 1, map[string]any{"status": "COMPLETED"}),
		// A success, by status; and one by successful alone.
		task(4, 2, map[string]any{"status": "COMPLETED", "finishTime": at}),
		task(5, 3, map[string]any{"successful": true, "finishTime": at}),
		// Running: successful false, not finished; not a failure.
		task(6, 4, map[string]any{"status": "THE TENANT IS BEING CREATED", "successful": false, "finished": false}),
		// A record that contradicts itself is no success: FAILED beside
		// successful true counts as the failure its status says.
		task(7, 5, map[string]any{"status": "FAILED", "successful": true, "finished": true, "finishTime": at}),
	)
	readAndCheck(t, basicProvider(srv)+restoreDrillsConfig(fmt.Sprintf("cluster_ids = [%d]", ocptest.ClusterSparse)),
		drillsAre(
			drill(ocptest.ClusterSparse, 1, "t1", 3, 0, "COMPLETED", merge(noSuccess, map[string]knownvalue.Check{
				"last_failure_time": knownvalue.StringExact("2026-01-02T03:04:05.000+08:00"),
			})),
			drill(ocptest.ClusterSparse, 2, "t2", 1, 1, "COMPLETED", map[string]knownvalue.Check{
				"last_successful_restore_time":       knownvalue.StringExact("2026-01-02T03:04:05.000+08:00"),
				"last_successful_restore_point":      knownvalue.Null(),
				"last_successful_restore_cluster_id": knownvalue.Null(),
			}),
			drill(ocptest.ClusterSparse, 3, "t3", 1, 1, "", map[string]knownvalue.Check{"last_status": knownvalue.Null()}),
			drill(ocptest.ClusterSparse, 4, "t4", 1, 0, "THE TENANT IS BEING CREATED", map[string]knownvalue.Check{
				"last_failure_time": knownvalue.Null(),
			}),
			drill(ocptest.ClusterSparse, 5, "t5", 1, 0, "FAILED", merge(noSuccess, map[string]knownvalue.Check{
				"last_failure_time": knownvalue.StringExact("2026-01-02T03:04:05.000+08:00"),
			})),
		),
	)
}

// A cluster OCP refuses is skipped under skip_unreadable; the restores it
// took part in still count from the other side. Any other failure names
// the cluster, HTTP status, OCP's code and message, and the trace id.
func TestRestoreDrills_errors(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.Inject(ocptest.RouteRestoreTasks, ocptest.ClusterPaused, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	failing := demoFleetServer(t)
	failing.Inject(ocptest.RouteRestoreTasks, ocptest.ClusterStale, ocptest.Fault{Times: -1, Status: 500,
		Body: `{"successful": false, "status": 500, "traceId": "7f3a9c0e5b2d4e61", "error": {"code": 60018, "message": "internal error"}}`})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      basicProvider(srv) + restoreDrillsConfig(""),
				ExpectError: errorPattern(`Unable to read the restore tasks of OCP cluster 103.*HTTP 403 \(Forbidden\), error code COM10009: permission denied`),
			},
			{
				Config: basicProvider(srv) + restoreDrillsConfig("skip_unreadable = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(restoreDrillsAddress, tfjsonpath.New("skipped_cluster_ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(ocptest.ClusterPaused)})),
					statecheck.ExpectKnownValue(restoreDrillsAddress, tfjsonpath.New("drills"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue(restoreDrillsAddress, tfjsonpath.New("drills").AtSliceIndex(3),
						knownvalue.ObjectPartial(drill(ocptest.ClusterPaused, 1011, "search", 2, 1, "THE TENANT IS BEING CREATED", nil))),
				},
			},
			{
				Config: basicProvider(failing, "max_retries = 0") + restoreDrillsConfig("skip_unreadable = true"),
				ExpectError: errorPattern(`Unable to read the restore tasks of OCP cluster 104.*HTTP 500 \(Internal Server Error\), ` +
					`error code 60018: internal error \[trace id 7f3a9c0e5b2d4e61\]`),
			},
		},
	})
}

// since must be RFC 3339 text; the plan fails before any request, and
// the message names since (Terraform before 1.12 may show only the data
// source's line).
func TestRestoreDrills_invalidSince(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	for _, since := range []string{"2026-01-02 03:04:05", "", "2026-01-02"} {
		planFails(t, basicProvider(srv)+restoreDrillsConfig(fmt.Sprintf("since = %q", since)),
			fmt.Sprintf(`Invalid since.*since: "%s" is not RFC 3339 text`, since))
	}
}

// restoreTaskItem is a restore task of tenant of ClusterHealthy into
// ClusterStale, created a day after 2026-01-01 per id, with fields.
func restoreTaskItem(id, tenant int64, fields map[string]any) map[string]any {
	item := map[string]any{"id": id, "backupClusterId": ocptest.ClusterHealthy, "backupTenantId": tenant,
		"backupTenantName": fmt.Sprintf("t%d", tenant), "restoreClusterId": ocptest.ClusterStale,
		"createTime": fmt.Sprintf("2026-01-0%dT00:00:00.000+0800", id)}
	for k, v := range fields {
		if v == nil {
			delete(item, k)
			continue
		}
		item[k] = v
	}
	return item
}

// A task id both clusters list is one restore when both records name the
// same one: the record that saw it further (ended, with its outcome)
// counts, whichever cluster was read first. Records that disagree on the
// restore (another OCP's id space, a conflicting record) or on its outcome
// (a success against a failure) are an error naming both clusters, never
// one merged drill.
func TestRestoreDrills_sameIDFromTwoClusters(t *testing.T) {
	t.Parallel()
	const at = "2026-01-02T03:04:05.000+0800"
	running := restoreTaskItem(2, 1, map[string]any{"status": "THE TENANT IS BEING CREATED", "successful": false, "finished": false})
	done := restoreTaskItem(2, 1, map[string]any{"status": "RESTORE_SUCCESS", "successful": true, "finished": true, "finishTime": at})
	failed := restoreTaskItem(2, 1, map[string]any{"status": "FAILED", "successful": false, "finished": true, "finishTime": at})
	server := func(healthy, stale map[string]any) *ocptest.Server {
		srv := newServer(t, ocptest.WithClusters(ocptest.ClusterHealthy, ocptest.ClusterStale))
		srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy, healthy)
		srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterStale, stale)
		return srv
	}
	succeeded := drillsAre(drill(ocptest.ClusterHealthy, 1, "t1", 1, 1, "RESTORE_SUCCESS", map[string]knownvalue.Check{
		"failed_restores":              knownvalue.Int64Exact(0),
		"last_successful_restore_time": knownvalue.StringExact("2026-01-02T03:04:05.000+08:00"),
	}))
	step := func(srv *ocptest.Server, wantError string) resource.TestStep {
		s := resource.TestStep{Config: basicProvider(srv) + restoreDrillsConfig("")}
		if wantError == "" {
			s.ConfigStateChecks = []statecheck.StateCheck{succeeded}
		} else {
			s.ExpectError = errorPattern(wantError)
		}
		return s
	}
	otherTenant := restoreTaskItem(2, 9, map[string]any{"backupTenantName": "t1"})
	otherCluster := restoreTaskItem(2, 1, map[string]any{"backupClusterId": ocptest.ClusterStale, "restoreClusterId": ocptest.ClusterHealthy})
	otherTime := restoreTaskItem(2, 1, map[string]any{"createTime": "2025-06-01T00:00:00Z"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(server(running, done), ""),
			step(server(done, running), ""),
			// Finished without a finish time, then with one.
			step(server(restoreTaskItem(2, 1, map[string]any{"status": "RESTORE_SUCCESS", "successful": true, "finished": true}), done), ""),
			// The same instant written in another offset is the same record.
			step(server(done, restoreTaskItem(2, 1, map[string]any{"createTime": "2026-01-01T16:00:00Z"})), ""),
			step(server(restoreTaskItem(2, 1, nil), otherTenant), `Unable to count the restore drills.*OCP clusters 101 and 104 both `+
				`list restore task 2, and their records disagree: backup tenant 1 "t1" against 9 "t1"`),
			step(server(restoreTaskItem(2, 1, nil), otherCluster), `OCP clusters 101 and 104 both list restore task 2.*`+
				`backup cluster 101 against 104; restore cluster 104 against 101`),
			step(server(restoreTaskItem(2, 1, nil), otherTime), `OCP clusters 101 and 104 both list restore task 2.*`+
				`creation time 2026-01-02T00:00:00.000\+08:00 against 2025-06-01T00:00:00Z`),
			step(server(done, failed), `OCP clusters 101 and 104 both list restore task 2.*outcome succeeded against failed`),
		},
	})
}

// A restore whose backup OCP does not name (no backup cluster, or a tenant
// with neither id nor name) cannot prove which tenant was drilled: an
// error naming the task and its cluster, never a drill that could pass
// for a tenant's. One created before since does not count, so no error.
func TestRestoreDrills_unattributedRestore(t *testing.T) {
	t.Parallel()
	success := map[string]any{"status": "RESTORE_SUCCESS", "successful": true, "finishTime": "2026-01-03T01:00:00.000+0800"}
	server := func(task map[string]any) *ocptest.Server {
		srv := newServer(t, ocptest.WithClusters(ocptest.ClusterStale))
		srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterStale, restoreTaskItem(3, 1, success), task)
		return srv
	}
	noTenant := restoreTaskItem(1, 1, merge(success, map[string]any{"backupTenantId": nil, "backupTenantName": nil}))
	noCluster := restoreTaskItem(1, 1, merge(success, map[string]any{"backupClusterId": nil}))
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: basicProvider(server(noTenant)) + restoreDrillsConfig(""),
				ExpectError: errorPattern(`Unable to count the restore drills.*OCP cluster 104 lists restore task 1, which does ` +
					`not name the backup it restored \(backup cluster 101, backup tenant \(not named\)\): it cannot show which tenant was restored`),
			},
			{
				Config:      basicProvider(server(noCluster)) + restoreDrillsConfig(""),
				ExpectError: errorPattern(`OCP cluster 104 lists restore task 1.*\(backup cluster \(not named\), backup tenant 1 "t1"\)`),
			},
			{
				Config: basicProvider(server(noTenant)) + restoreDrillsConfig(`since = "2026-01-02T00:00:00+08:00"`),
				ConfigStateChecks: []statecheck.StateCheck{
					drillsAre(drill(ocptest.ClusterHealthy, 1, "t1", 1, 1, "RESTORE_SUCCESS", nil)),
				},
			},
		},
	})
}

// A failed restore is always counted in failed_restores; last_failure_time
// is its finish time, else its creation time, and null only when OCP gives
// it neither, which failed_restores still shows to a gate.
func TestRestoreDrills_failureWithoutTime(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.ClusterStale))
	failedAt := map[string]any{"status": "FAILED", "successful": false, "finished": true}
	srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterStale,
		// Tenant 1: a success, then a failure without any time.
		restoreTaskItem(1, 1, map[string]any{"status": "RESTORE_SUCCESS", "successful": true, "finishTime": "2026-01-01T01:00:00.000+0800"}),
		restoreTaskItem(2, 1, merge(failedAt, map[string]any{"createTime": nil})),
		// Tenant 2: a failure with only its creation time.
		restoreTaskItem(3, 2, failedAt),
		// Tenant 3: FAILED without finished or any time.
		restoreTaskItem(4, 3, map[string]any{"status": "FAILED", "createTime": nil}),
	)
	readAndCheck(t, basicProvider(srv)+restoreDrillsConfig(""),
		drillsAre(
			drill(ocptest.ClusterHealthy, 1, "t1", 2, 1, "RESTORE_SUCCESS", map[string]knownvalue.Check{
				"failed_restores":   knownvalue.Int64Exact(1),
				"last_failure_time": knownvalue.Null(),
			}),
			drill(ocptest.ClusterHealthy, 2, "t2", 1, 0, "FAILED", map[string]knownvalue.Check{
				"failed_restores":   knownvalue.Int64Exact(1),
				"last_failure_time": knownvalue.StringExact("2026-01-03T00:00:00.000+08:00"),
			}),
			drill(ocptest.ClusterHealthy, 3, "t3", 1, 0, "FAILED", map[string]knownvalue.Check{
				"failed_restores":   knownvalue.Int64Exact(1),
				"last_failure_time": knownvalue.Null(),
			}),
		),
	)
}

// Records a hostile or careless OCP sends: tenant id 0 names no tenant, so
// two such restores are told apart by name; a status written in lower case
// is still OCP's FAILED; and with since, a task without createTime is an
// error, since leaving it out could hide a failure.
func TestRestoreDrills_hostileRecords(t *testing.T) {
	t.Parallel()
	success := map[string]any{"status": "RESTORE_SUCCESS", "successful": true, "finishTime": "2026-01-03T01:00:00.000+0800"}
	server := func(tasks ...map[string]any) *ocptest.Server {
		srv := newServer(t, ocptest.WithClusters(ocptest.ClusterStale))
		srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterStale, tasks...)
		return srv
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: basicProvider(server(
					restoreTaskItem(1, 0, merge(success, map[string]any{"backupTenantName": "orders"})),
					restoreTaskItem(2, 0, map[string]any{"backupTenantName": "billing", "status": "RUNNING"}),
				)) + restoreDrillsConfig(""),
				ConfigStateChecks: []statecheck.StateCheck{drillsAre(
					drill(ocptest.ClusterHealthy, 0, "billing", 1, 0, "RUNNING", nil),
					drill(ocptest.ClusterHealthy, 0, "orders", 1, 1, "RESTORE_SUCCESS", nil),
				)},
			},
			{
				Config: basicProvider(server(
					restoreTaskItem(1, 0, map[string]any{"backupTenantName": " "}),
				)) + restoreDrillsConfig(""),
				ExpectError: errorPattern(`OCP cluster 104 lists restore task 1, which does not name the backup it restored`),
			},
			{
				Config: basicProvider(server(
					restoreTaskItem(1, 1, map[string]any{"status": " failed", "finishTime": "2026-01-01T02:00:00.000+0800"}),
				)) + restoreDrillsConfig(""),
				ConfigStateChecks: []statecheck.StateCheck{drillsAre(
					drill(ocptest.ClusterHealthy, 1, "t1", 1, 0, " failed", map[string]knownvalue.Check{
						"failed_restores":   knownvalue.Int64Exact(1),
						"last_failure_time": knownvalue.StringExact("2026-01-01T02:00:00.000+08:00"),
					}),
				)},
			},
			{
				Config: basicProvider(server(
					restoreTaskItem(1, 1, success),
					restoreTaskItem(2, 1, map[string]any{"status": "FAILED", "successful": false, "createTime": nil,
						"finishTime": "2026-01-03T02:00:00.000+0800"}),
				)) + restoreDrillsConfig(`since = "2026-01-01T00:00:00+08:00"`),
				ExpectError: errorPattern("OCP cluster 104 lists restore task 2 without its createTime, so `since` cannot"),
			},
		},
	})
}
