package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// strategyDataConfig reads data.ocp_backup_strategy.test.
func strategyDataConfig(srv *ocptest.Server, clusterID, tenantID int64) string {
	tenant := ""
	if tenantID != 0 {
		tenant = fmt.Sprintf("tenant_id = %d", tenantID)
	}
	return basicProvider(srv) + fmt.Sprintf(`
data "ocp_backup_strategy" "test" {
  cluster_id = %d
  %s
}
`, clusterID, tenant)
}

func TestBackupStrategyDataSource(t *testing.T) {
	srv := newServer(t)
	const addr = "data.ocp_backup_strategy.test"
	at := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	t.Run("cluster", func(t *testing.T) {
		readAndCheck(t, strategyDataConfig(srv, ocptest.ClusterHealthy, 0),
			statecheck.ExpectKnownValue(addr, at("exists"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, at("backup_dimension"), knownvalue.StringExact("CLUSTER")),
			statecheck.ExpectKnownValue(addr, at("cluster_name"), knownvalue.StringExact("prod-orders")),
			statecheck.ExpectKnownValue(addr, at("create_time"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(addr, at("schedule").AtMapKey("time"), knownvalue.StringExact("02:00+08:00")),
			statecheck.ExpectKnownValue(addr, at("schedule").AtMapKey("full_backup_days"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(1)})),
			statecheck.ExpectKnownValue(addr, at("retention").AtMapKey("days"), knownvalue.Int64Exact(14)),
			statecheck.ExpectKnownValue(addr, at("storage").AtMapKey("type"), knownvalue.StringExact("OSS")),
			statecheck.ExpectKnownValue(addr, at("storage").AtMapKey("access_key_id"), knownvalue.StringExact("AKIDEXAMPLE")),
			statecheck.ExpectKnownValue(addr, at("thresholds").AtMapKey("log_backup_delay_seconds"), knownvalue.Int64Exact(600)),
		)
	})
	t.Run("paused", func(t *testing.T) {
		readAndCheck(t, strategyDataConfig(srv, ocptest.ClusterPaused, 0),
			statecheck.ExpectKnownValue(addr, at("schedule").AtMapKey("enabled"), knownvalue.Bool(false)))
	})
	t.Run("tenant", func(t *testing.T) {
		readAndCheck(t, strategyDataConfig(srv, ocptest.ClusterTenant, 7),
			statecheck.ExpectKnownValue(addr, at("backup_dimension"), knownvalue.StringExact("TENANT")),
			statecheck.ExpectKnownValue(addr, at("tenant_name"), knownvalue.NotNull()))
	})
	t.Run("none", func(t *testing.T) {
		readAndCheck(t, strategyDataConfig(srv, ocptest.ClusterNoStrategy, 0),
			statecheck.ExpectKnownValue(addr, at("exists"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(addr, at("strategy_id"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, at("schedule"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, at("storage"), knownvalue.Null()))
	})
	t.Run("no such API is an error", func(t *testing.T) {
		srv.InjectStrategy(ocptest.OpReadStrategy, ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy},
			ocptest.Error(404, ocptest.NoSuchAPICode, "no such API"))
		planFails(t, strategyDataConfig(srv, ocptest.ClusterHealthy, 0), `Unable to read the backup strategy of cluster 101.*HTTP 404`)
	})
}
