package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
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
		Steps: append([]resource.TestStep{{
			Config:          basicProvider(srv) + example(t, "resources/ocp_backup_strategy/resource.tf"),
			ConfigVariables: config.Variables{"oss_access_key_secret": config.StringVariable("example-secret-123")},
			ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
				if s := srv.Strategy(key); s == nil {
					return fmt.Errorf("cluster %d has no strategy", ocptest.ClusterNoStrategy)
				}
				return nil
			})},
		}}, unprotectStep(srv, key, basicProvider(srv)+example(t, "resources/ocp_backup_strategy/resource.tf"),
			config.Variables{"oss_access_key_secret": config.StringVariable("example-secret-123")})),
	})
}

var strategyResourceBlockRE = regexp.MustCompile(`(?m)^(resource "ocp_backup_strategy" "[^"]+" \{\n)`)

// unprotected is config with deletion_protection = false in each of its
// ocp_backup_strategy resources, so that they may be destroyed.
func unprotected(config string) string {
	return strategyResourceBlockRE.ReplaceAllString(config, "${1}  deletion_protection = false\n")
}

// unprotectStep applies config unprotected, before a test's destroy, and
// checks that turning the protection off wrote nothing to OCP.
func unprotectStep(srv *ocptest.Server, key ocptest.StrategyKey, config string, vars config.Variables) resource.TestStep {
	writes := 0
	return resource.TestStep{
		PreConfig:       func() { writes = srv.StrategyWrites(key) },
		Config:          unprotected(config),
		ConfigVariables: vars,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(strategyAddressOf(config), tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
			strategyCheck(func() error {
				if n := srv.StrategyWrites(key); n != writes {
					return fmt.Errorf("turning deletion_protection off wrote to OCP %d times", n-writes)
				}
				return nil
			}),
		},
	}
}

// strategyAddressOf is the address of the first ocp_backup_strategy of config.
func strategyAddressOf(config string) string {
	m := regexp.MustCompile(`resource "ocp_backup_strategy" "([^"]+)"`).FindStringSubmatch(config)
	if m == nil {
		return strategyAddress
	}
	return "ocp_backup_strategy." + m[1]
}

// unprotectWorkdir turns deletion_protection off in the configuration of a
// terraformWorkdir directory, for its destroy.
func unprotectWorkdir(t *testing.T, command func(args ...string) *exec.Cmd) {
	t.Helper()
	dir := strings.TrimPrefix(command().Args[1], "-chdir=")
	file := filepath.Join(dir, "main.tf")
	text, err := os.ReadFile(file)
	must(t, err)
	must(t, os.WriteFile(file, []byte(unprotected(string(text))), 0o600))
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
	run, command := terraformWorkdir(t, basicProvider(srv)+example(t, "policy/backup-baseline/main.tf"),
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
	// Deletion protection holds the destroy back, until turned off.
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err == nil || !errorPattern("Deletion protection is on").MatchString(out) {
		t.Fatalf("terraform destroy with deletion protection: err = %v\n%s", err, out)
	}
	if srv.Strategy(key) == nil {
		t.Fatal("a protected strategy was deleted")
	}
	writes := srv.StrategyWrites(key)
	unprotectWorkdir(t, command)
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform apply deletion_protection = false: %v\n%s", err, out)
	}
	if n := srv.StrategyWrites(key); n != writes {
		t.Errorf("turning deletion_protection off wrote to OCP %d times", n-writes)
	}
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform destroy: %v\n%s", err, out)
	}
	if srv.Strategy(key) != nil {
		t.Error("the baseline strategy is still in OCP after destroy")
	}
}

// The one-by-one import example and the fleet import example plan every
// import and no change, with no secret, and the imports write nothing.
func TestExampleBackupStrategyImports(t *testing.T) {
	t.Parallel()
	t.Run("one by one", func(t *testing.T) {
		srv := demoFleetServer(t)
		srv.PutStrategyBehindTerraform(ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}, ocptest.SampleStrategyBody("COS", true))
		run := terraformDir(t, basicProvider(srv)+example(t, "resources/ocp_backup_strategy/import.tf"))
		if out, err := run("plan", "-generate-config-out=generated.tf", "-input=false", "-no-color"); err != nil {
			t.Fatalf("terraform plan -generate-config-out: %v\n%s", err, out)
		}
		out, err := run("plan", "-input=false", "-no-color")
		if got := planSummaryRE.FindString(out); err != nil || got != "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy." {
			t.Fatalf("the plan: %q, err = %v\n%s", got, err, out)
		}
	})
	t.Run("fleet", func(t *testing.T) {
		skipBelowTerraform(t, version.Must(version.NewVersion("1.7.0")), "import blocks with for_each need Terraform 1.7")
		srv := demoFleetServer(t)
		run := terraformDir(t, basicProvider(srv)+example(t, "resources/ocp_backup_strategy/import-fleet.tf"))
		out, err := run("plan", "-input=false", "-no-color")
		if got := planSummaryRE.FindString(out); err != nil || !regexp.MustCompile(`^Plan: [1-9]\d* to import, 0 to add, 0 to change, 0 to destroy\.$`).MatchString(got) {
			t.Fatalf("the plan: %q, err = %v\n%s", got, err, out)
		}
		if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
			t.Fatalf("terraform apply: %v\n%s", err, out)
		}
		for _, id := range ocptest.DemoFleet {
			if n := srv.StrategyWrites(ocptest.StrategyKey{ClusterID: id}); n != 0 {
				t.Errorf("the import wrote to cluster %d's strategy %d times", id, n)
			}
		}
	})
}
