package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func TestExampleBackupStrategyResource(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		// The example sends its secret write-only, from an ephemeral variable.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:           strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{{
			Config:          basicProvider(srv) + example(t, "resources/ocp_backup_strategy/resource.tf"),
			ConfigVariables: config.Variables{"oss_access_key_secret": config.StringVariable("example-secret-123")},
			ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
				if s := srv.Strategy(key); s == nil {
					return fmt.Errorf("cluster %d has no strategy", ocptest.ClusterNoStrategy)
				}
				return nil
			})},
		}},
	})
}

func TestExampleBackupStrategyDataSource(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_backup_strategy/data-source.tf"),
		statecheck.ExpectKnownOutputValue("orders_strategy", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mode":      knownvalue.StringExact("PHYSICAL_BACKUP"),
			"schedule":  knownvalue.StringExact("running"),
			"full_days": knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(1)}),
			"storage":   knownvalue.StringExact("OSS:my-bucket/ob/prod"),
		})))
}

// The baseline lands on the one PRIMARY cluster without a strategy, leaves
// the others alone, and plans no change afterwards although the cluster now
// has a strategy; the deploy gate then passes on it. The real binary runs
// it: terraform-plugin-testing cannot check for_each instances.
func TestExampleBackupBaseline(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	run := terraformDir(t, basicProvider(srv)+example(t, "policy/backup-baseline/main.tf"),
		"TF_VAR_storage_access_key_secret=baseline-secret-42")
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	out, err := run("output", "-json", "baseline_clusters")
	if err != nil {
		t.Fatalf("terraform output: %v\n%s", err, out)
	}
	if got := strings.Join(strings.Fields(out), ""); got != fmt.Sprintf("[%d]", ocptest.ClusterNoStrategy) {
		t.Errorf("baseline_clusters = %s", out)
	}
	for _, id := range []int64{ocptest.ClusterHealthy, ocptest.ClusterPaused, ocptest.ClusterStale} {
		if n := srv.StrategyWrites(ocptest.StrategyKey{ClusterID: id}); n != 0 {
			t.Errorf("cluster %d's own strategy was written %d times", id, n)
		}
	}
	// The set has not shrunk: exit code 0 is "no changes".
	if out, err := run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("the second plan is not empty: %v\n%s", err, out)
	}
	// The deploy gate passes on the cluster that had no strategy.
	readAndCheck(t, basicProvider(srv)+strings.Replace(example(t, "policy/deploy-gate/main.tf"),
		"type        = number", fmt.Sprintf("type        = number\n  default     = %d", ocptest.ClusterNoStrategy), 1))
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform destroy: %v\n%s", err, out)
	}
	if srv.Strategy(key) != nil {
		t.Error("the baseline strategy is still in OCP after destroy")
	}
}
