package provider

import (
	"fmt"
	"strings"
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
		statecheck.ExpectKnownOutputValue("tenants_short_of_two_days", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("billing"),
		})),
		statecheck.ExpectKnownOutputValue("billing_full_backups", knownvalue.ListSizeExact(1)),
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
	tenant := func(id, tenantID int64, extra ...config.Variables) config.Variables {
		return cluster(id, append(extra, config.Variables{"tenant_id": config.IntegerVariable(tenantID)})...)
	}
	hours := func(n int) config.Variables { return config.Variables{"restore_hours": config.IntegerVariable(n)} }
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(cluster(ocptest.ClusterHealthy), ""),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantOrders), ""),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantOrders, hours(48)), ""),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantBilling, hours(48)),
				`The tenant 1002 of cluster 101 cannot be restored to every point of the last 48 hours: its window starts at \S+\.`),
			// The standby's first full backup ran 5 hours ago.
			step(cluster(ocptest.ClusterTenant), `The cluster 105 cannot be restored to every point of the last 24 hours`),
			step(cluster(ocptest.ClusterTenant, hours(4)), ""),
			step(cluster(ocptest.ClusterNoStrategy), `The cluster 102 has no restorable window`),
			step(cluster(ocptest.ClusterPaused), `The restorable window of the cluster 103 ends at \S+, more than 15 minutes ago`),
			step(cluster(ocptest.ClusterStale), `The restorable window of the cluster 104 ends at \S+, more than 15 minutes ago`),
			// The cluster's window spans about 27 hours: not 200.
			step(cluster(ocptest.ClusterHealthy, hours(200)),
				`cannot be restored to every point of the last 200 hours`),
			// Its end is 40 seconds old: too old for a zero-minute RPO.
			step(cluster(ocptest.ClusterHealthy, config.Variables{"max_lag_minutes": config.IntegerVariable(0)}),
				`ends at \S+, more than 0 minutes ago`),
		},
	})
}

func TestExampleRecoveryWindowsDataSource(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	srv.Inject(ocptest.RouteBackupInfo, ocptest.ClusterStale, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_recovery_windows/data-source.tf"),
		statecheck.ExpectKnownOutputValue("restore_point_over_an_hour_old", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("prod-payments"), knownvalue.StringExact("prod-search"),
		})),
		statecheck.ExpectKnownOutputValue("tenants_short_of_a_day", knownvalue.ListExact(nil)),
		statecheck.ExpectKnownOutputValue("unreadable", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.Int64Exact(ocptest.ClusterStale),
		})),
	)
}

// The audit warns about PRIMARY clusters with a short or no window and
// lets the plan through; the real binary shows the warning.
func TestExampleFleetRecoveryAudit(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	cfg := basicProvider(srv) + example(t, "policy/fleet-recovery-audit/main.tf")
	for hours, want := range map[int][]string{
		// prod-orders is restorable for about 27 hours (its billing tenant's first full backup).
		24: {"prod-payments (102, nothing restorable)"},
		48: {"prod-orders (101, restorable from ", "prod-payments (102, nothing restorable)"},
	} {
		out, err := runTerraform(t, cfg, nil, "plan", "-no-color", "-input=false", fmt.Sprintf("-var=min_window_hours=%d", hours))
		if err != nil {
			t.Fatalf("a check block must not fail the plan: %v\n%s", err, out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(flat, "Warning: Check block assertion failed") ||
			!strings.Contains(flat, fmt.Sprintf("PRIMARY clusters whose restorable window is shorter than %dh:", hours)) {
			t.Errorf("%dh: no warning:\n%s", hours, out)
		}
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("%dh: the warning does not name %q:\n%s", hours, w, out)
			}
		}
		// Long windows and the standby are not named.
		for _, unwanted := range []string{"prod-search", "prod-ledger", "dr-orders"} {
			if strings.Contains(flat, unwanted) {
				t.Errorf("%dh: the plan names %s:\n%s", hours, unwanted, out)
			}
		}
	}
}
