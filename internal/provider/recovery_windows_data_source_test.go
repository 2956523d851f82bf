package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const windowsAddress = "data.ocp_recovery_windows.test"

func windowsConfig(args string) string {
	return "data \"ocp_recovery_windows\" \"test\" {\n" + args + "\n}\n"
}

func windowClusterIDsAre(ids ...int64) statecheck.StateCheck {
	return itemIDsAre(windowsAddress, "windows", "cluster_id", ids...)
}

func TestRecoveryWindows_filters(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{
			Config: basicProvider(srv) + windowsConfig(args),
			ConfigStateChecks: []statecheck.StateCheck{
				windowClusterIDsAre(ids...),
				statecheck.ExpectKnownValue(windowsAddress, tfjsonpath.New("skipped_cluster_ids"), knownvalue.ListExact(nil)),
			},
		}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step("", ocptest.DemoFleet...),
			step(`name = "orders"`, ocptest.ClusterHealthy, ocptest.ClusterTenant),
			step(`types = ["PRIMARY"]`, ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterPaused, ocptest.ClusterStale),
			step(`statuses = ["CREATING"]`),
			step(`cluster_ids = [105, 101, 105]`, ocptest.ClusterHealthy, ocptest.ClusterTenant),
		},
	})
}

// Each element is exactly what a cluster read of ocp_recovery_window
// computes, with cluster_id; the tenants are sorted there too.
func TestRecoveryWindows_elementIsAClusterRead(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	readAndCheck(t, basicProvider(srv)+windowsConfig(`cluster_ids = [101, 102, 105]`)+`
# count rather than for_each: the testing framework cannot check for_each instances.
data "ocp_recovery_window" "one" {
  count      = 3
  cluster_id = [101, 102, 105][count.index]
}

locals {
  inputs   = ["tenant_id", "start_time", "end_time"]
  singular = { for w in data.ocp_recovery_window.one : tostring(w.cluster_id) => { for k, v in w : k => v if !contains(local.inputs, k) } }
  plural   = { for w in data.ocp_recovery_windows.test.windows : tostring(w.cluster_id) => w }
}

output "same" {
  value = { for id, w in local.singular : id => jsonencode(w) == jsonencode(local.plural[id]) }
}

output "attribute_names" {
  value = keys(data.ocp_recovery_windows.test.windows[0])
}
`,
		statecheck.ExpectKnownOutputValue("same", knownvalue.MapExact(map[string]knownvalue.Check{
			"101": knownvalue.Bool(true), "102": knownvalue.Bool(true), "105": knownvalue.Bool(true),
		})),
		statecheck.ExpectKnownOutputValue("attribute_names", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("cluster_id"), knownvalue.StringExact("cluster_name"), knownvalue.StringExact("ob_cluster_id"),
			knownvalue.StringExact("ob_tenant_id"), knownvalue.StringExact("online"), knownvalue.StringExact("query_time_scope"),
			knownvalue.StringExact("recoverable_end_time"), knownvalue.StringExact("recoverable_start_time"),
			knownvalue.StringExact("sections"), knownvalue.StringExact("tenant_name"), knownvalue.StringExact("tenants"),
		})),
		statecheck.ExpectKnownValue(windowsAddress, tfjsonpath.New("windows").AtSliceIndex(0).AtMapKey("tenants"),
			knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"tenant_id": knownvalue.Int64Exact(ocptest.TenantOrders)}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"tenant_id": knownvalue.Int64Exact(ocptest.TenantBilling)}),
			})),
		statecheck.ExpectKnownValue(windowsAddress, tfjsonpath.New("windows").AtSliceIndex(1).AtMapKey("recoverable_end_time"), knownvalue.Null()),
	)
}

func TestRecoveryWindows_skipUnreadable(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.Inject(ocptest.RouteBackupInfo, ocptest.ClusterPaused, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: basicProvider(srv) + windowsConfig("cluster_ids = [101, 103, 999]\nskip_unreadable = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					windowClusterIDsAre(ocptest.ClusterHealthy),
					statecheck.ExpectKnownValue(windowsAddress, tfjsonpath.New("skipped_cluster_ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.Int64Exact(ocptest.ClusterPaused), knownvalue.Int64Exact(999),
					})),
				},
			},
			{
				Config:      basicProvider(srv) + windowsConfig("cluster_ids = [101, 103]"),
				ExpectError: errorPattern(`Unable to read the restorable window of OCP cluster 103 .* HTTP 403`),
			},
		},
	})
}

// A window that fails closed fails the fleet read, naming the cluster;
// clusters failing the same way share one diagnostic.
func TestRecoveryWindows_failuresNameTheClusters(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.SetBackupInfo(ocptest.ClusterStale, `{"clusterId": 105}`)
	for _, id := range []int64{ocptest.ClusterHealthy, ocptest.ClusterNoStrategy} {
		srv.Inject(ocptest.RouteBackupInfo, id, ocptest.Fault{Times: -1, Status: 500, Code: "COM10500", Message: "internal error"})
	}
	planFails(t, basicProvider(srv, "max_retries = 0")+windowsConfig("cluster_ids = [101, 102, 104]\nskip_unreadable = true\n"),
		`(?:Unable to read the restorable window of 2 OCP clusters.*101, 102 failed the same way.*HTTP 500.*about cluster 105, not 104`+
			`|about cluster 105, not 104.*Unable to read the restorable window of 2 OCP clusters.*101, 102)`)
}

// A window does not state the cluster's type: a cluster the list does not
// type is decided by its overview, never dropped.
func TestRecoveryWindows_untypedClustersDecidedByTheirOverview(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.EditListItem(ocptest.ClusterTenant, map[string]any{"type": nil})
	srv.EditListItem(ocptest.ClusterHealthy, map[string]any{"type": ""})
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{Config: basicProvider(srv) + windowsConfig(args), ConfigStateChecks: []statecheck.StateCheck{windowClusterIDsAre(ids...)}}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`types = ["STANDBY"]`, ocptest.ClusterTenant),
			step(`types = ["PRIMARY"]`, ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterPaused, ocptest.ClusterStale),
		},
	})
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterPaused); n != 0 {
		t.Errorf("a typed cluster's overview was read %d times", n)
	}
}
