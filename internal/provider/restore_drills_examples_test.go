package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// The restore-drill audit passes a fleet whose primary's tenants were
// restored recently, and names each offender and why otherwise: a failed
// last drill, a success too old, a tenant never drilled.
func TestExampleRestoreDrillAudit(t *testing.T) {
	t.Parallel()
	const warning = "Warning: Check block assertion failed"
	audit := func(srv *ocptest.Server, days int) string {
		t.Helper()
		cfg := basicProvider(srv) + example(t, "policy/restore-drill-audit/main.tf")
		out, err := runTerraform(t, cfg, nil, "plan", "-no-color", "-input=false", fmt.Sprintf("-var=max_days_since_drill=%d", days))
		if err != nil {
			t.Fatalf("%d days: a check block must not fail the plan: %v\n%s", days, err, out)
		}
		return strings.Join(strings.Fields(out), " ")
	}
	// prod-orders' tenants were restored 3 and 40 days ago; the standby is
	// not audited, only read for the restores it received.
	orders := newServer(t, ocptest.WithClusters(ocptest.ClusterHealthy, ocptest.ClusterTenant))
	if flat := audit(orders, 90); strings.Contains(flat, warning) {
		t.Errorf("90 days: unexpected warning:\n%s", flat)
	}
	flat := audit(orders, 30)
	for _, want := range []string{warning,
		"Tenants of PRIMARY clusters without a successful restore in the last 30 days:",
		fmt.Sprintf("prod-orders (101) tenant orders (%d): last drill failed at ", ocptest.TenantOrders),
		"(last status FAILED)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("30 days: no %q in:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "billing") {
		t.Errorf("30 days: billing, restored 3 days ago, is named:\n%s", flat)
	}

	// The demo fleet: search's only success is 100 days old, ledger was
	// never restored.
	flat = audit(demoFleetServer(t), 90)
	for _, want := range []string{warning,
		"prod-search (103) tenant search (1011): last success finished at ",
		"over 90 days ago",
		"prod-ledger (104) tenant ledger (1021): never drilled",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("demo fleet: no %q in:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "tenant orders") || strings.Contains(flat, "dr-orders") {
		t.Errorf("demo fleet: a drilled tenant or the standby is named:\n%s", flat)
	}

	// Restores OCP names by tenant name only prove nothing about a tenant
	// with an ID (one created again under the same name has a new ID):
	// each tenant is named, never credited, and the plan goes on.
	byName := newServer(t, ocptest.WithClusters(ocptest.ClusterHealthy))
	now := time.Now()
	nameOnly := func(id int64, tenant string) map[string]any {
		return map[string]any{"id": id, "backupClusterId": ocptest.ClusterHealthy, "backupTenantName": tenant,
			"restoreClusterId": ocptest.ClusterHealthy, "status": "RESTORE_SUCCESS", "successful": true,
			"createTime": now.Add(-48 * time.Hour).Format(time.RFC3339), "finishTime": now.Add(-47 * time.Hour).Format(time.RFC3339)}
	}
	byName.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy, nameOnly(1, "orders"), nameOnly(2, "billing"))
	flat = audit(byName, 90)
	for _, want := range []string{warning,
		fmt.Sprintf("prod-orders (101) tenant orders (%d): never drilled", ocptest.TenantOrders),
		fmt.Sprintf("prod-orders (101) tenant billing (%d): never drilled", ocptest.TenantBilling),
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("drills by name only: no %q in:\n%s", want, flat)
		}
	}
}

func TestExampleRestoreDrills(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_restore_drills/data-source.tf"),
		statecheck.ExpectKnownOutputValue("last_restore_drill", knownvalue.MapExact(map[string]knownvalue.Check{
			"prod-orders/billing":    knownvalue.StringRegexp(timeIn("Z", 6)),
			"prod-orders/orders":     knownvalue.StringRegexp(timeIn("+08:00", 3)), // 40 days ago; it failed since
			"prod-payments/payments": knownvalue.Null(),                            // successful, but no finish time
			"prod-search/search":     knownvalue.Null(),                            // its success is 100 days old
		})),
		statecheck.ExpectKnownOutputValue("failing_drills", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("prod-orders/orders"),
		})),
	)
}
