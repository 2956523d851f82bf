package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const overviewsAddress = "data.ocp_cluster_backup_overviews.test"

// demoFleetServer serves only the demo fleet, so that listings are predictable.
func demoFleetServer(t *testing.T) *ocptest.Server {
	t.Helper()
	return newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
}

func overviewsConfig(args string) string {
	return "data \"ocp_cluster_backup_overviews\" \"test\" {\n" + args + "\n}\n"
}

func clusterIDsAre(ids ...int64) statecheck.StateCheck {
	return itemIDsAre(overviewsAddress, "overviews", "cluster_id", ids...)
}

func TestClusterBackupOverviews_listing(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + overviewsConfig(args),
			ConfigStateChecks: []statecheck.StateCheck{clusterIDsAre(ids...)},
		}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step("", ocptest.DemoFleet...),
			step(`name = "orders"`, ocptest.ClusterHealthy, ocptest.ClusterTenant),
			step(`types = ["STANDBY"]`, ocptest.ClusterTenant),
			step(`statuses = ["RUNNING", "CREATING"]`+"\n"+`types = ["PRIMARY"]`,
				ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterPaused, ocptest.ClusterStale),
			step(`statuses = ["CREATING"]`),
			step(`name = "no-such-cluster"`),
		},
	})
}

// Each element is exactly what the singular data source reads.
func TestClusterBackupOverviews_sameAsSingular(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ids := []int64{ocptest.ClusterSparse, ocptest.VendorExampleID, ocptest.ClusterLongStrings, ocptest.ClusterTenant}
	config := basicProvider(srv) + overviewsConfig(fmt.Sprintf("cluster_ids = [%d, %d, %d, %d]", ids[0], ids[1], ids[2], ids[3]))
	for _, id := range ids {
		config += fmt.Sprintf("data \"ocp_cluster_backup_overview\" \"c%d\" {\n  cluster_id = %d\n}\n", id, id)
	}
	config += `
output "same" {
  value = jsonencode(data.ocp_cluster_backup_overviews.test.overviews) == jsonencode([
    data.ocp_cluster_backup_overview.c105,
    data.ocp_cluster_backup_overview.c201,
    data.ocp_cluster_backup_overview.c202,
    data.ocp_cluster_backup_overview.c1000005,
  ])
}
`
	readAndCheck(t, config,
		clusterIDsAre(ocptest.ClusterTenant, ocptest.ClusterSparse, ocptest.ClusterLongStrings, ocptest.VendorExampleID),
		statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("overviews").AtSliceIndex(3).AtMapKey("last_data_backup_time"),
			knownvalue.StringExact("2021-09-16T17:25:02.993+08:00")),
		statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("overviews").AtSliceIndex(1).AtMapKey("ob_backup_ability"),
			knownvalue.Null()),
	)
}

func TestClusterBackupOverviews_clusterIDsSkipTheListing(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{Times: -1, Status: 500, Message: "the listing must not be called"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:            basicProvider(srv) + overviewsConfig(`cluster_ids = [104, 101, 101]`),
			ConfigStateChecks: []statecheck.StateCheck{clusterIDsAre(ocptest.ClusterHealthy, ocptest.ClusterStale)},
		}},
	})
}

func TestClusterBackupOverviews_errors(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterNoStrategy, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterPaused, ocptest.Fault{Times: -1, Status: 404, Code: "OBE11001", Message: "The specified cluster with the ID of 103 does not exist."})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// Every failed cluster is reported, not just the first.
				Config: basicProvider(srv) + overviewsConfig(""),
				ExpectError: regexp.MustCompile(`(?s)(OCP cluster 102.*COM10009: permission denied.*OCP cluster 103.*OBE11001|` +
					`OCP cluster 103.*OBE11001.*OCP cluster 102.*COM10009: permission denied)`),
			},
			{
				Config: basicProvider(srv) + overviewsConfig("skip_unreadable = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					clusterIDsAre(ocptest.ClusterHealthy, ocptest.ClusterStale, ocptest.ClusterTenant),
					statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("skipped_cluster_ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(102), knownvalue.Int64Exact(103)})),
				},
			},
			{
				// Other failures still fail under skip_unreadable.
				PreConfig: func() {
					srv.Inject(ocptest.RouteOverview, ocptest.ClusterStale, ocptest.Fault{Times: -1, Status: 500, Message: "database unavailable"})
				},
				Config:      basicProvider(srv, "max_retries = 0") + overviewsConfig("skip_unreadable = true"),
				ExpectError: regexp.MustCompile(`(?s)OCP cluster 104.*HTTP 500.*database unavailable`),
			},
		},
	})
}

func TestClusterBackupOverviews_invalidConfig(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	for args, want := range map[string]string{
		`cluster_ids = [1]` + "\n" + `name = "x"`: `Invalid Attribute Combination`,
		`types = ["PRIMRY"]`:                      `"PRIMRY" is not a value OCP documents`,
		`cluster_ids = [0]`:                       `must be at least 1`,
		`statuses = []`:                           `set must contain at least 1 elements`,
	} {
		planFails(t, basicProvider(srv)+overviewsConfig(args), want)
	}
}

// max_concurrent_requests holds across every data source of the provider,
// whatever Terraform's parallelism.
func TestMaxConcurrentRequestsAcrossDataSources(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.FleetIDs(40)...))
	srv.SetLatency(20 * time.Millisecond)
	config := basicProvider(srv, "max_concurrent_requests = 3")
	for i := range 3 {
		config += fmt.Sprintf("data \"ocp_cluster_backup_overviews\" \"all_%d\" {}\n", i)
	}
	for i := range 10 {
		config += fmt.Sprintf("data \"ocp_cluster_backup_overview\" \"one_%d\" {\n  cluster_id = %d\n}\n", i, ocptest.FleetClusterID(i))
	}
	readAndCheck(t, config,
		statecheck.ExpectKnownValue("data.ocp_cluster_backup_overviews.all_2", tfjsonpath.New("overviews"), knownvalue.ListSizeExact(40)),
	)
	stats := srv.Stats()
	if stats.PeakInFlight > 3 {
		t.Errorf("peak of %d requests in flight, want at most 3 (%+v)", stats.PeakInFlight, stats)
	}
	if stats.Requests < 3*41+10 {
		t.Errorf("only %d requests: the test did not exercise the bound", stats.Requests)
	}
}
