package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// List resources and terraform query came with Terraform 1.14.
const queryWhy = "list resources and terraform query came with Terraform 1.14"

// queryDir is terraformDir with a .tfquery.hcl file beside main.tf; it also
// returns the configuration directory, where -generate-config-out writes.
func queryDir(t *testing.T, config, query string) (func(args ...string) (string, error), string) {
	t.Helper()
	skipBelowTerraform(t, tfversion.Version1_14_0, queryWhy)
	run, command := terraformWorkdir(t, config)
	dir := ""
	for _, arg := range command().Args {
		if d, ok := strings.CutPrefix(arg, "-chdir="); ok {
			dir = d
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, "fleet.tfquery.hcl"), []byte(query), 0o600))
	return run, dir
}

// fileStorage turns the strategy held at key into one on FILE storage, as
// made in OCP's console.
func fileStorage(srv *ocptest.Server, key ocptest.StrategyKey) {
	srv.EditStrategyBehindTerraform(key, func(st map[string]any) {
		storage, _ := st["obBackupServiceStorageConfig"].(map[string]any)
		storage["configName"] = "nfs"
		storage["obBackupStorageBaseInfo"] = map[string]any{"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/ledger"}
	})
}

// terraform query lists the strategies of the clusters the selectors
// choose, and with include_tenants those of their tenants, each by its
// identity.
func TestBackupStrategyQuery(t *testing.T) {
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	list := func(attrs string) string {
		return basicProvider(srv) + fmt.Sprintf(`
list "ocp_backup_strategy" "fleet" {
  provider = ocp
  config {
    %s
  }
}
`, attrs)
	}
	identity := func(cluster int64, tenant knownvalue.Check) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"cluster_id": knownvalue.Int64Exact(cluster), "tenant_id": tenant}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}, // queryWhy
		Steps: []resource.TestStep{
			// The query steps need a configuration beside them, which the
			// provider block of the query file configures.
			{Config: `locals { purpose = "query" }`},
			{
				// Every cluster of the fleet: the four cluster-level ones
				// with a strategy, not the tenant's.
				Query:  true,
				Config: list(""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ocp_backup_strategy.fleet", 3),
					querycheck.ExpectIdentity("ocp_backup_strategy.fleet", identity(ocptest.ClusterHealthy, knownvalue.Null())),
					querycheck.ExpectIdentity("ocp_backup_strategy.fleet", identity(ocptest.ClusterPaused, knownvalue.Null())),
					querycheck.ExpectIdentity("ocp_backup_strategy.fleet", identity(ocptest.ClusterStale, knownvalue.Null())),
				},
			},
			{
				Query:  true,
				Config: list(`types = ["STANDBY"]` + "\n    include_tenants = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ocp_backup_strategy.fleet", 1),
					querycheck.ExpectIdentity("ocp_backup_strategy.fleet",
						identity(ocptest.ClusterTenant, knownvalue.Int64Exact(ocptest.TenantDROrders))),
				},
			},
			{
				Query:  true,
				Config: list(fmt.Sprintf("cluster_ids = [%d, %d]", ocptest.ClusterPaused, ocptest.ClusterNoStrategy)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ocp_backup_strategy.fleet", 1),
					querycheck.ExpectIdentity("ocp_backup_strategy.fleet", identity(ocptest.ClusterPaused, knownvalue.Null())),
				},
			},
		},
	})
}

// A cluster whose strategy cannot be read fails the query: a fleet listed
// without it would be adopted without it.
func TestBackupStrategyQueryFailsClosed(t *testing.T) {
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	srv.InjectStrategy(ocptest.OpReadStrategy, ocptest.StrategyKey{ClusterID: ocptest.ClusterStale},
		ocptest.Error(403, "IAM10003", "no permission to read the backup strategy"))
	run, _ := queryDir(t, basicProvider(srv), `
list "ocp_backup_strategy" "fleet" {
  provider = ocp
  config {
    include_tenants = true
  }
}
`)
	out, err := run("query", "-no-color")
	if err == nil || !errorPattern(`no permission to read the backup strategy`).MatchString(out) {
		t.Fatalf("the query did not fail on the unreadable cluster: %v\n%s", err, out)
	}
}

// generateFleet runs terraform query -generate-config-out over every
// strategy of srv's fleet, tenants' included, checks that it wrote a
// resource and an import block by identity for each of them, and returns
// the run function and the generated configuration.
func generateFleet(t *testing.T, srv *ocptest.Server, want int, contains ...string) (func(args ...string) (string, error), string) {
	t.Helper()
	run, dir := queryDir(t, basicProvider(srv), `
list "ocp_backup_strategy" "fleet" {
  provider = ocp
  config {
    include_tenants = true
  }
}
`)
	if out, err := run("query", "-no-color", "-generate-config-out=generated.tf"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	must(t, err)
	text := string(generated)
	for _, w := range append([]string{`resource "ocp_backup_strategy"`, "import {", "identity = {",
		fmt.Sprintf("tenant_id  = %d", ocptest.TenantDROrders)}, contains...) {
		if !errorPattern(regexp.QuoteMeta(w)).MatchString(text) {
			t.Errorf("no %q in the generated configuration:\n%s", w, text)
		}
	}
	if n := strings.Count(text, "import {"); n != want {
		t.Errorf("%d import blocks, want %d:\n%s", n, want, text)
	}
	return run, text
}

// planImportsOnly checks that a plan of the generated configuration imports
// want strategies and changes nothing, and that OCP saw no write.
func planImportsOnly(t *testing.T, srv *ocptest.Server, run func(args ...string) (string, error), generated string, want int) {
	t.Helper()
	out, err := run("plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, generated)
	}
	if line := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", want); !strings.Contains(out, line) {
		t.Errorf("no %q: the plan of the generated configuration is not clean:\n%s\n%s", line, out, generated)
	}
	for _, id := range ocptest.DemoFleet {
		if n := srv.StrategyWrites(ocptest.StrategyKey{ClusterID: id}); n != 0 {
			t.Errorf("%d writes to the strategy of cluster %d", n, id)
		}
	}
}

// terraform query -generate-config-out writes a resource and an import
// block for each strategy of a fleet on FILE storage, one of them
// tenant-level; a plan of them imports every one and changes none.
func TestBackupStrategyQueryGenerateConfig(t *testing.T) {
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	for _, key := range []ocptest.StrategyKey{{ClusterID: ocptest.ClusterHealthy}, {ClusterID: ocptest.ClusterPaused},
		{ClusterID: ocptest.ClusterStale}, {ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}} {
		fileStorage(srv, key)
	}
	run, generated := generateFleet(t, srv, 4, `type                               = "FILE"`)
	planImportsOnly(t, srv, run, generated, 4)
}

// The strategy's identity is its cluster and tenant: set on create, kept
// through an update, and enough for an import block to import it.
func TestBackupStrategyIdentity(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  ocptest.StrategyKey
	}{
		{"cluster", ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}},
		{"tenant", ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantOrders}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			config := func(days int) string {
				// Protected, as an import is: the import step then plans no change.
				return strategyConfig(srv, tc.key.ClusterID, strategyOptions{protect: true, tenantID: tc.key.TenantID, retentionDays: days, storage: `{
    config_name = "nfs"
    type        = "FILE"
    url         = "/obbackup/payments"
  }`})
			}
			var tenant knownvalue.Check = knownvalue.Null()
			if tc.key.TenantID != 0 {
				tenant = knownvalue.Int64Exact(tc.key.TenantID)
			}
			identity := statecheck.ExpectIdentity(strategyAddress, map[string]knownvalue.Check{
				"cluster_id": knownvalue.Int64Exact(tc.key.ClusterID), "tenant_id": tenant,
			})
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				// Resource identity, and import blocks that name it, came
				// with Terraform 1.12.
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				CheckDestroy:           strategyCheckDestroy(srv, tc.key),
				Steps: []resource.TestStep{
					{Config: config(14), ConfigStateChecks: []statecheck.StateCheck{identity}},
					{Config: config(21), ConfigStateChecks: []statecheck.StateCheck{identity}},
					{Config: config(21), ResourceName: strategyAddress, ImportState: true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity},
					unprotectStep(srv, tc.key, config(21), nil),
				},
			})
		})
	}
}

// The same on a fleet of FILE and OSS strategies, one tenant-level: the
// generated configuration holds no secret (OCP never returns one), and its
// plan must still import every strategy and change none. This relies on
// the adoption rules of ocp_backup_strategy (issue 16: no secret needed to
// adopt a strategy whose storage does not change).
func TestBackupStrategyQueryGenerateConfigWithoutSecrets(t *testing.T) {
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	fileStorage(srv, ocptest.StrategyKey{ClusterID: ocptest.ClusterStale})
	run, generated := generateFleet(t, srv, 4, `type                               = "FILE"`, `type                               = "OSS"`)
	planImportsOnly(t, srv, run, generated, 4)
}

// The selectors are checked as the fleet data sources check them, before
// OCP is asked for anything.
func TestBackupStrategyQueryInvalidSelectors(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	for _, tc := range []struct{ config, want string }{
		{`types = ["primary"]`, `types: "primary" is not a value OCP documents for this filter.*did you mean "PRIMARY"`},
		{`statuses = ["running"]`, `statuses: "running" is not a value OCP documents for this filter.*did you mean "RUNNING"`},
		{`name = "prod"` + "\n    cluster_ids = [101]", `cannot be specified when`},
		{`cluster_ids = [0]`, `must be at least 1`},
	} {
		t.Run(tc.config, func(t *testing.T) {
			run, _ := queryDir(t, basicProvider(srv), fmt.Sprintf(`
list "ocp_backup_strategy" "fleet" {
  provider = ocp
  config {
    %s
  }
}
`, tc.config))
			out, err := run("query", "-no-color")
			if err == nil || !errorPattern(tc.want).MatchString(out) {
				t.Errorf("want %q, got %v:\n%s", tc.want, err, out)
			}
		})
	}
}

// The list resource's example finds the strategies of the primary clusters
// named like "prod" in the demo fleet.
func TestExampleBackupStrategyListResource(t *testing.T) {
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	run, _ := queryDir(t, basicProvider(srv), example(t, "list-resources/ocp_backup_strategy/list-resource.tfquery.hcl"))
	out, err := run("query", "-no-color")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"prod-orders (101)", "prod-search (103)", "prod-ledger (104)"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the query's output:\n%s", want, out)
		}
	}
	if strings.Contains(out, "dr-orders") {
		t.Errorf("the STANDBY cluster was listed:\n%s", out)
	}
}

// The import-by-identity example imports the fake's tenant strategy, and
// with -generate-config-out plans that import and nothing else.
func TestExampleBackupStrategyImportByIdentity(t *testing.T) {
	skipBelowTerraform(t, tfversion.Version1_12_0, "import blocks that name a resource by identity came with Terraform 1.12")
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}
	fileStorage(srv, key)
	src := example(t, "resources/ocp_backup_strategy/import-by-identity.tf")
	src = strings.NewReplacer("1000007", fmt.Sprint(key.ClusterID), "1001", fmt.Sprint(key.TenantID)).Replace(src)
	out, err := runTerraform(t, basicProvider(srv)+src, nil, "plan", "-no-color", "-input=false", "-generate-config-out=generated.tf")
	if err != nil || !strings.Contains(out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("%v\n%s", err, out)
	}
}
