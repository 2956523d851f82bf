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

const restoreTasksAddress = "data.ocp_restore_tasks.test"

// restoreTasksConfig reads data.ocp_restore_tasks.test with args.
func restoreTasksConfig(args string) string {
	return "data \"ocp_restore_tasks\" \"test\" {\n" + args + "\n}\n"
}

// restoreTaskIDsAre checks the restore task ids, in order.
func restoreTaskIDsAre(ids ...int64) statecheck.StateCheck {
	return itemIDsAre(restoreTasksAddress, "tasks", "id", ids...)
}

// Every field, from a restore that says it succeeded and from one that
// leaves successful out; a restore appears in the lists of both clusters.
func TestRestoreTasks_fields(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+restoreTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterStale)),
		restoreTaskIDsAre(ocptest.RestoreOrdersFailed, ocptest.RestoreOrdersDrill),
		statecheck.ExpectKnownValue(restoreTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                    knownvalue.Int64Exact(ocptest.RestoreOrdersDrill),
			"ocp_job_id":            knownvalue.Int64Exact(5000 + ocptest.RestoreOrdersDrill),
			"backup_mode":           knownvalue.StringExact("PHYSICAL_BACKUP"),
			"trigger_type":          knownvalue.StringExact("NORMAL"),
			"restore_object_type":   knownvalue.StringExact("TENANT"),
			"create_time":           knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"finish_time":           knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"backup_cluster_id":     knownvalue.Int64Exact(ocptest.ClusterHealthy),
			"backup_cluster_name":   knownvalue.StringExact("prod-orders"),
			"backup_ob_cluster_id":  knownvalue.Int64Exact(1),
			"backup_tenant_id":      knownvalue.Int64Exact(ocptest.TenantOrders),
			"backup_tenant_name":    knownvalue.StringExact("orders"),
			"backup_ob_tenant_id":   knownvalue.Int64Exact(1002),
			"restore_cluster_id":    knownvalue.Int64Exact(ocptest.ClusterStale),
			"restore_cluster_name":  knownvalue.StringExact("prod-ledger"),
			"restore_ob_cluster_id": knownvalue.Int64Exact(4),
			"restore_tenant_name":   knownvalue.StringExact("orders_drill"),
			"restore_pool_list_str": knownvalue.StringExact("pool_orders_drill_zone1"),
			"restore_uri":           knownvalue.StringExact("file:///obbackup/prod-orders/1/1002"),
			"restore_end_time":      knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"status":                knownvalue.StringExact("RESTORE_SUCCESS"),
			"status_desc":           knownvalue.StringExact("RESTORE_SUCCESS"),
			"progress":              knownvalue.Float64Exact(100),
			"finished":              knownvalue.Bool(true),
			"successful":            knownvalue.Bool(true),
			"error_msg":             knownvalue.StringExact(""),
		})),
	)
	readAndCheck(t, basicProvider(srv)+restoreTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterTenant)),
		restoreTaskIDsAre(ocptest.RestoreBillingCompleted),
		statecheck.ExpectKnownValue(restoreTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("successful"), knownvalue.Null()),
		statecheck.ExpectKnownValue(restoreTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("restore_end_time"),
			knownvalue.StringRegexp(timeIn("Z", 6))),
	)
}

// Newest first, every page, time bounds, the status filter, the tenant
// read.
func TestRestoreTasks_filters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + restoreTasksConfig(fmt.Sprintf("cluster_id = %d\n", ocptest.ClusterHealthy)+args),
			ConfigStateChecks: []statecheck.StateCheck{restoreTaskIDsAre(ids...)},
		}
	}
	all := []int64{ocptest.RestoreSearchRunning, ocptest.RestoreBillingCompleted, ocptest.RestoreOrdersFailed, ocptest.RestoreOrdersDrill}
	paged := step("", all...)
	paged.PreConfig = func() { srv.SetPaging(ocptest.RouteRestoreTasks, ocptest.Paging{MaxSize: 1, CountField: "totalPage"}) }
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step("", all...),
			paged,
			step(`start_time = timeadd(plantimestamp(), "-120h")`, ocptest.RestoreSearchRunning, ocptest.RestoreBillingCompleted),
			step(`end_time = timeadd(plantimestamp(), "-120h")`, ocptest.RestoreOrdersFailed, ocptest.RestoreOrdersDrill),
			step(`statuses = ["FAILED", "COMPLETED"]`, ocptest.RestoreBillingCompleted, ocptest.RestoreOrdersFailed),
			step(fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders), ocptest.RestoreOrdersFailed, ocptest.RestoreOrdersDrill),
			step(fmt.Sprintf("tenant_id = %d\nstatuses = [\"RESTORE_SUCCESS\"]", ocptest.TenantOrders), ocptest.RestoreOrdersDrill),
		},
	})
	if got := srv.LastQuery(ocptest.RouteTenantRestoreTasks)["status"]; len(got) != 1 || got[0] != "RESTORE_SUCCESS" {
		t.Errorf("status sent to the tenant endpoint as %v", got)
	}
}

func TestRestoreTasks_errors(t *testing.T) {
	t.Parallel()
	stranger := `{"successful": true, "data": {"contents": [{"id": 9, "backupClusterId": 102, "restoreClusterId": 103}],
	  "page": {"number": 1, "size": 500, "totalElements": 1, "totalPages": 1}}}`
	cases := []struct {
		name   string
		opts   []ocptest.Option
		prep   func(*ocptest.Server)
		args   string
		expect string
	}{
		{"OCP before 4.3", []ocptest.Option{ocptest.WithoutTenantAPIs()}, nil, fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders),
			`Unable to read the restore tasks of tenant 1001 of OCP cluster 101.*HTTP 404 \(Not Found\), error code COM10001.*` +
				`tenant-level backup APIs need OCP 4.3 or later`},
		{"a restore of neither cluster", nil, func(s *ocptest.Server) {
			s.Inject(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy, ocptest.Fault{Status: 200, Body: stranger})
		}, "", `restore task 9 restores a backup of cluster 102 into cluster 103, neither of them cluster 101`},
		{"no id", nil, func(s *ocptest.Server) {
			s.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy, map[string]any{"restoreClusterId": ocptest.ClusterHealthy})
		}, "", `the restore task has no id`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			if tc.prep != nil {
				tc.prep(srv)
			}
			planFails(t, basicProvider(srv, "max_retries = 0")+restoreTasksConfig(fmt.Sprintf("cluster_id = %d\n", ocptest.ClusterHealthy)+tc.args), tc.expect)
		})
	}
}
