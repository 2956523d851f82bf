package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const dataTasksAddress = "data.ocp_data_backup_tasks.test"

// dataTasksConfig reads data.ocp_data_backup_tasks.test with args.
func dataTasksConfig(args string) string {
	return "data \"ocp_data_backup_tasks\" \"test\" {\n" + args + "\n}\n"
}

// dataTaskIDsAre checks the task ids, in order.
func dataTaskIDsAre(ids ...int64) statecheck.StateCheck {
	return itemIDsAre(dataTasksAddress, "tasks", "task_id", ids...)
}

func dataTask(i int, name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(i).AtMapKey(name), want)
}

// The healthy cluster's history, newest first: task ids with equal start
// times highest first, the queued task last.
var healthyDataTaskOrder = []int64{8, 6, 4, 3, ocptest.TaskHealthyFailedIncremental, 2, 1, ocptest.TaskHealthyQueued}

func TestDataBackupTasks_cluster(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+dataTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy)),
		dataTaskIDsAre(healthyDataTaskOrder...),
		statecheck.ExpectKnownValue(dataTasksAddress, tfjsonpath.New("tasks").AtSliceIndex(4), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"task_id":                        knownvalue.Int64Exact(ocptest.TaskHealthyFailedIncremental),
			"backup_set_id":                  knownvalue.Int64Exact(ocptest.TaskHealthyFailedIncremental),
			"backup_mode":                    knownvalue.StringExact("PHYSICAL_BACKUP"),
			"data_backup_task_type":          knownvalue.StringExact("INCREMENTAL_BACKUP"),
			"backup_type":                    knownvalue.Null(),
			"task_type":                      knownvalue.Null(),
			"data_type":                      knownvalue.Null(),
			"status":                         knownvalue.StringExact("FAILED"),
			"error_msg":                      knownvalue.StringExact("log archive gap: incremental backup needs a continuous log"),
			"cluster_id":                     knownvalue.Int64Exact(ocptest.ClusterHealthy),
			"cluster_name":                   knownvalue.StringExact("prod-orders"),
			"ob_cluster_id":                  knownvalue.Int64Exact(1),
			"cluster_type":                   knownvalue.StringExact("PRIMARY"),
			"tenant_id":                      knownvalue.Int64Exact(ocptest.TenantOrders),
			"tenant_name":                    knownvalue.StringExact("orders"),
			"ob_tenant_id":                   knownvalue.Int64Exact(1002),
			"backup_dimension":               knownvalue.StringExact("CLUSTER"),
			"backup_uri":                     knownvalue.StringExact("file:///obbackup/prod-orders/1/1002/data"),
			"data_version":                   knownvalue.Int64Exact(-1),
			"schema_version":                 knownvalue.Int64Exact(1),
			"start_time":                     knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"finish_time":                    knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"snapshot_version_time":          knownvalue.StringRegexp(timeIn("+08:00", 3)),
			"duration":                       knownvalue.Float64Exact(180),
			"data_secondary_backup_task_ids": knownvalue.ListSizeExact(0),
		})),
		// The task that has not started has no times.
		dataTask(7, "status", knownvalue.StringExact("BEGINNING")),
		dataTask(7, "start_time", knownvalue.Null()),
		dataTask(7, "finish_time", knownvalue.Null()),
		dataTask(7, "duration", knownvalue.Null()),
		dataTask(0, "duration", knownvalue.Float64Exact(120.5)),
		dataTask(1, "duration", knownvalue.Float64Exact(360)),
	)
}

// timeIn matches RFC 3339 text in offset with digits fraction digits.
func timeIn(offset string, digits int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{%d}%s$`, digits, regexp.QuoteMeta(offset)))
}

func TestDataBackupTasks_tenant(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+dataTasksConfig(fmt.Sprintf("cluster_id = %d\ntenant_id = %d", ocptest.ClusterTenant, ocptest.TenantDROrders)),
		dataTaskIDsAre(31),
		dataTask(0, "backup_dimension", knownvalue.StringExact("TENANT")),
		dataTask(0, "cluster_type", knownvalue.StringExact("STANDBY")),
		dataTask(0, "tenant_id", knownvalue.Int64Exact(ocptest.TenantDROrders)),
		// OCP's text as sent: UTC with microseconds.
		dataTask(0, "start_time", knownvalue.StringRegexp(timeIn("Z", 6))),
		dataTask(0, "snapshot_version_time", knownvalue.StringRegexp(timeIn("Z", 6))),
		dataTask(0, "duration", knownvalue.Float64Exact(245.8)),
	)
}

// The statuses filter gives the same answer at both levels, and the time
// bounds and the backup set filter narrow the history.
func TestDataBackupTasks_filters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + dataTasksConfig(fmt.Sprintf("cluster_id = %d\n", ocptest.ClusterHealthy)+args),
			ConfigStateChecks: []statecheck.StateCheck{dataTaskIDsAre(ids...)},
		}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`statuses = ["FAILED"]`, ocptest.TaskHealthyFailedIncremental, 1),
			step(fmt.Sprintf(`statuses = ["FAILED"]`+"\n"+`tenant_id = %d`, ocptest.TenantOrders), ocptest.TaskHealthyFailedIncremental, 1),
			step(fmt.Sprintf(`statuses = ["DONE", "BEGINNING"]`+"\n"+`tenant_id = %d`, ocptest.TenantBilling), 8, 4),
			step(`statuses = ["CANCELED"]`),
			step(`start_time = timeadd(plantimestamp(), "-50h")`, 8, 6, 4, 3, ocptest.TaskHealthyFailedIncremental),
			step(`start_time = timeadd(plantimestamp(), "-50h")`+"\n"+`end_time = timeadd(plantimestamp(), "-26h")`, 4, 3, ocptest.TaskHealthyFailedIncremental),
			step(fmt.Sprintf(`start_time = timeadd(plantimestamp(), "-50h")`+"\n"+`tenant_id = %d`, ocptest.TenantOrders), 6, 3, ocptest.TaskHealthyFailedIncremental),
			step(`backup_set_id = 2`, 2),
		},
	})
}

// What OCP leaves out or sends as null is null; values it does not
// document pass through; longs sent as strings stay exact.
func TestDataBackupTasks_sparseAndOddValues(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetDataBackupTasks(ocptest.ClusterHealthy,
		map[string]any{"taskId": 1, "clusterId": ocptest.ClusterHealthy, "status": nil, "dataSecondaryBackupTaskIds": nil},
		map[string]any{"taskId": "9007199254740993", "clusterId": "101", "status": "SOME_FUTURE_STATUS",
			"dataSecondaryBackupTaskIds": []any{"9007199254740995", 4}, "duration": "1.5", "startTime": "2024-08-09T08:02:57.715753Z"},
	)
	checks := []statecheck.StateCheck{
		dataTaskIDsAre(9007199254740993, 1),
		dataTask(0, "status", knownvalue.StringExact("SOME_FUTURE_STATUS")),
		dataTask(0, "data_secondary_backup_task_ids", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.Int64Exact(9007199254740995), knownvalue.Int64Exact(4)})),
		dataTask(0, "duration", knownvalue.Float64Exact(1.5)),
		dataTask(0, "start_time", knownvalue.StringExact("2024-08-09T08:02:57.715753Z")),
	}
	for _, name := range []string{"backup_set_id", "backup_mode", "data_backup_task_type", "backup_type", "task_type",
		"data_type", "status", "error_msg", "cluster_name", "ob_cluster_id", "cluster_type", "tenant_id", "tenant_name",
		"ob_tenant_id", "backup_dimension", "backup_uri", "data_version", "schema_version", "start_time", "finish_time",
		"snapshot_version_time", "duration", "data_secondary_backup_task_ids"} {
		checks = append(checks, dataTask(1, name, knownvalue.Null()))
	}
	readAndCheck(t, basicProvider(srv)+dataTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy))+`
output "id_plus_one" {
  value = data.ocp_data_backup_tasks.test.tasks[0].task_id + 1
}
`, append(checks, statecheck.ExpectKnownOutputValue("id_plus_one", knownvalue.NumberExact(big.NewFloat(9007199254740994))))...)
}

// Every page is read, and pages that do not add up fail the read.
func TestDataBackupTasks_paging(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	config := basicProvider(srv) + dataTasksConfig(fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy))
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.SetPaging(ocptest.RouteDataBackupTasks, ocptest.Paging{MaxSize: 3, CountField: "totalPage"})
				},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{dataTaskIDsAre(healthyDataTaskOrder...)},
			},
			{
				PreConfig: func() { srv.SetPaging(ocptest.RouteDataBackupTasks, ocptest.Paging{MaxSize: 3, RepeatFirstPage: true}) },
				Config:    config,
				ExpectError: errorPattern(`Unable to read the data backup tasks of OCP cluster 101.*cannot be trusted \(page 2\): ` +
					`the page repeats item task 1 of tenant 1001, already read on page 1`),
			},
			{
				PreConfig:   func() { srv.SetPaging(ocptest.RouteDataBackupTasks, ocptest.Paging{Contents: "null"}) },
				Config:      config,
				ExpectError: errorPattern(`OCP's answer has no data`),
			},
		},
	})
}

func TestDataBackupTasks_errors(t *testing.T) {
	t.Parallel()
	other := `{"successful": true, "data": {"contents": [{"taskId": 3, "clusterId": 101, "tenantId": 1002}],
	  "page": {"number": 1, "size": 500, "totalElements": 1, "totalPages": 1}}}`
	cases := []struct {
		name   string
		opts   []ocptest.Option
		prep   func(*ocptest.Server)
		args   string
		expect string
	}{
		{"OCP before 4.3", []ocptest.Option{ocptest.WithoutTenantAPIs()}, nil, fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders),
			`Unable to read the data backup tasks of tenant 1001 of OCP cluster 101.*HTTP 404 \(Not Found\), error code COM10001.*` +
				`tenant-level backup APIs need OCP 4.3 or later`},
		{"another tenant", nil, func(s *ocptest.Server) {
			s.Inject(ocptest.RouteTenantDataBackupTasks, ocptest.TenantOrders, ocptest.Fault{Status: 200, Body: other})
		}, fmt.Sprintf("tenant_id = %d", ocptest.TenantOrders), `it names tenant 1002, but tenant 1001 of cluster 101 was asked for`},
		{"no such cluster", nil, func(s *ocptest.Server) { s.RemoveCluster(ocptest.ClusterHealthy) }, "",
			`HTTP 404 \(Not Found\), error code OBE11001`},
		{"no such tenant", nil, nil, "tenant_id = 4242", `HTTP 404 \(Not Found\), error code OBE12001: The specified tenant with the ID of 4242 does not exist`},
		{"server error", nil, func(s *ocptest.Server) {
			s.InjectRoute(ocptest.RouteDataBackupTasks, ocptest.Fault{Times: -1, Status: 500, Code: "COM00000", Message: "database unavailable"})
		}, "", `HTTP 500 \(Internal Server Error\), error code COM00000: database unavailable \[trace id [0-9a-f]+\]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			if tc.prep != nil {
				tc.prep(srv)
			}
			planFails(t, basicProvider(srv, "max_retries = 0")+dataTasksConfig(fmt.Sprintf("cluster_id = %d\n", ocptest.ClusterHealthy)+tc.args), tc.expect)
		})
	}
}

func TestDataBackupTasks_invalidConfig(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	for args, want := range map[string]string{
		`cluster_id = 0`: `must be at least 1`,
		`cluster_id = 1` + "\n" + `tenant_id = 0`:            `must be at least 1`,
		`cluster_id = 1` + "\n" + `backup_set_id = 0`:        `must be at least 1`,
		`cluster_id = 1` + "\n" + `start_time = "yesterday"`: `Invalid RFC3339 String Value`,
		`cluster_id = 1` + "\n" + `statuses = []`:            `set must contain at least 1 elements`,
		`cluster_id = 1` + "\n" + `start_time = "2024-09-02T00:00:00Z"` + "\n" + `end_time = "2024-09-01T23:59:59+00:00"`: `end_time 2024-09-01T23:59:59\+00:00 is before start_time`,
	} {
		planFails(t, basicProvider(srv)+dataTasksConfig(args), want)
	}
}
