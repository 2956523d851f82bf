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

const logTasksAddress = "data.ocp_log_backup_tasks.test"

// logTasksConfig reads data.ocp_log_backup_tasks.test with args.
func logTasksConfig(args string) string {
	return "data \"ocp_log_backup_tasks\" \"test\" {\n" + args + "\n}\n"
}

func logTask(i int, name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(logTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(i).AtMapKey(name), want)
}

// logTasksAre checks each task's tenant and status, in order.
func logTasksAre(tenantsAndStatuses ...any) statecheck.StateCheck {
	var checks []knownvalue.Check
	for i := 0; i < len(tenantsAndStatuses); i += 2 {
		checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"tenant_id": knownvalue.Int64Exact(tenantsAndStatuses[i].(int64)),
			"status":    knownvalue.StringExact(tenantsAndStatuses[i+1].(string)),
		}))
	}
	return statecheck.ExpectKnownValue(logTasksAddress, tfjsonpath.New("tasks"), knownvalue.ListExact(checks))
}

func TestLogBackupTasks_cluster(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+logTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy)),
		// Newest first by create_time.
		logTasksAre(ocptest.TenantBilling, "RUNNING", ocptest.TenantOrders, "RUNNING", ocptest.TenantOrders, "STOPPED"),
		statecheck.ExpectKnownValue(logTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"cluster_id":       knownvalue.Int64Exact(ocptest.ClusterHealthy),
			"cluster_name":     knownvalue.StringExact("prod-orders"),
			"ob_cluster_id":    knownvalue.Int64Exact(1),
			"cluster_type":     knownvalue.StringExact("PRIMARY"),
			"tenant_id":        knownvalue.Int64Exact(ocptest.TenantOrders),
			"tenant_name":      knownvalue.StringExact("orders"),
			"ob_tenant_id":     knownvalue.Int64Exact(1002),
			"backup_dimension": knownvalue.StringExact("CLUSTER"),
			"backup_mode":      knownvalue.StringExact("PHYSICAL_BACKUP"),
			"backup_uri":       knownvalue.StringExact("file:///obbackup/prod-orders/1/1002/clog"),
			"status":           knownvalue.StringExact("RUNNING"),
			"error_msg":        knownvalue.StringExact(""),
			"create_time":      knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"modify_time":      knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"checkpoint":       knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"delay":            knownvalue.Float64Exact(40.5),
			"agent_server_ip":  knownvalue.StringExact("xxx.xxx.xxx.xxx"),
		})),
		logTask(0, "agent_server_ip", knownvalue.Null()),
		logTask(0, "delay", knownvalue.Float64Exact(41.25)),
		logTask(2, "delay", knownvalue.Float64Exact(0)),
	)
}

func TestLogBackupTasks_tenantAndFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	step := func(clusterID int64, args string, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + logTasksConfig(fmt.Sprintf("cluster_id = %d\n", clusterID)+args),
			ConfigStateChecks: checks,
		}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(ocptest.ClusterTenant, fmt.Sprintf("tenant_id = %d", ocptest.TenantDROrders),
				logTasksAre(ocptest.TenantDROrders, "RUNNING"),
				logTask(0, "checkpoint", knownvalue.StringRegexp(timeIn("Z", 6))),
				logTask(0, "backup_dimension", knownvalue.StringExact("TENANT")),
				logTask(0, "delay", knownvalue.Float64Exact(12.25))),
			step(ocptest.ClusterHealthy, `statuses = ["STOPPED"]`, logTasksAre(ocptest.TenantOrders, "STOPPED")),
			step(ocptest.ClusterHealthy, fmt.Sprintf("statuses = [\"RUNNING\"]\ntenant_id = %d", ocptest.TenantOrders),
				logTasksAre(ocptest.TenantOrders, "RUNNING")),
			step(ocptest.ClusterHealthy, `start_time = timeadd(plantimestamp(), "-481h")`+"\n"+`end_time = plantimestamp()`,
				logTasksAre(ocptest.TenantBilling, "RUNNING", ocptest.TenantOrders, "RUNNING")),
			step(ocptest.ClusterPaused, "",
				logTask(0, "status", knownvalue.StringExact("INTERRUPTED")),
				logTask(0, "error_msg", knownvalue.StringExact("archive destination unreachable")),
				logTask(0, "delay", knownvalue.Float64Exact(108000))),
			step(ocptest.ClusterNoStrategy, "", statecheck.ExpectKnownValue(logTasksAddress, tfjsonpath.New("tasks"), knownvalue.ListSizeExact(0))),
		},
	})
}

func TestLogBackupTasks_errors(t *testing.T) {
	t.Parallel()
	old := newServer(t, ocptest.WithoutTenantAPIs())
	planFails(t, basicProvider(old)+logTasksConfig(fmt.Sprintf("cluster_id = %d\ntenant_id = %d", ocptest.ClusterHealthy, ocptest.TenantOrders)),
		`Unable to read the log backup tasks of tenant 1001 of OCP cluster 101.*error code COM10001.*tenant-level backup APIs need OCP 4.3 or later`)

	srv := newServer(t)
	srv.InjectRoute(ocptest.RouteLogBackupTasks, ocptest.Fault{Status: 200, Body: `{"successful": true,
	  "data": {"contents": [{"clusterId": 999, "status": "RUNNING"}], "page": {"totalElements": 1, "totalPages": 1}}}`})
	planFails(t, basicProvider(srv)+logTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy)),
		`Unable to read the log backup tasks of OCP cluster 101.*it names cluster 999, but cluster 101 was asked for`)

	planFails(t, basicProvider(old)+logTasksConfig("cluster_id = 1\nbackup_set_id = 1"), `An argument named "backup_set_id" is not expected here`)
}
