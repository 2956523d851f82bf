package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func TestExampleRecoveryWindowDataSource(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_recovery_window/data-source.tf"),
		statecheck.ExpectKnownOutputValueAtPath("orders_restorable", tfjsonpath.New("whole_last_day"), knownvalue.Bool(true)),
		statecheck.ExpectKnownOutputValue("tenants_short_of_a_day", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("reports"),
		})),
		statecheck.ExpectKnownOutputValue("reports_full_backups", knownvalue.ListSizeExact(1)),
	)
}

// The gate passes a cluster and a tenant restorable across the last day up
// to a minute ago, and fails each kind of shortfall with its own message.
func TestExampleRestoreGate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	gate := basicProvider(srv) + example(t, "policy/restore-gate/main.tf")
	step := func(vars config.Variables, expectError string) resource.TestStep {
		s := resource.TestStep{Config: gate, ConfigVariables: vars}
		if expectError != "" {
			s.ExpectError = errorPattern(expectError)
		}
		return s
	}
	cluster := func(id int64, extra ...config.Variables) config.Variables {
		v := config.Variables{"cluster_id": config.IntegerVariable(id)}
		for _, e := range extra {
			for k, x := range e {
				v[k] = x
			}
		}
		return v
	}
	tenant := func(id, tenantID int64) config.Variables {
		return cluster(id, config.Variables{"tenant_id": config.IntegerVariable(tenantID)})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(cluster(ocptest.ClusterHealthy), ""),
			step(cluster(ocptest.ClusterTenant), ""),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantOrders), ""),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantReports),
				`The tenant 12 of cluster 101 cannot be restored to every point of the last 24 hours: its window starts at \S+\.`),
			step(cluster(ocptest.ClusterNoStrategy), `The cluster 102 has no restorable window`),
			step(cluster(ocptest.ClusterPaused), `The restorable window of the cluster 103 ends at \S+, more than 15 minutes ago`),
			step(cluster(ocptest.ClusterStale), `The restorable window of the cluster 104 ends at \S+, more than 15 minutes ago`),
			// The window spans about a week: not 200 hours.
			step(cluster(ocptest.ClusterHealthy, config.Variables{"restore_hours": config.IntegerVariable(200)}),
				`cannot be restored to every point of the last 200 hours`),
			// Its end is 40 seconds old: too old for a zero-minute RPO.
			step(cluster(ocptest.ClusterHealthy, config.Variables{"max_lag_minutes": config.IntegerVariable(0)}),
				`ends at \S+, more than 0 minutes ago`),
		},
	})
}
