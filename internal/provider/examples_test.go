package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// example reads a file under examples/, which users copy as it is, for a
// test configuration that declares the provider itself
// (TestRecipesRunAsTheyAre runs the recipes with their own declaration).
func example(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return withoutTerraformBlock(string(b))
}

// fromMarker is out from the first marker on (the start of terraform
// output -json's value, after any warnings); the test fails without one.
func fromMarker(t *testing.T, out, marker string) string {
	t.Helper()
	i := strings.Index(out, marker)
	if i < 0 {
		t.Fatalf("no %q in the output:\n%s", marker, out)
	}
	return out[i:]
}

// Both provider blocks of the example, each as its own plugin process the
// way Terraform runs them (in-process test servers share one framework
// server between aliases, which the framework does not expect).
func TestExampleProvider(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := ocptest.DefaultCredentials
	cfg := strings.Replace(example(t, "provider/provider.tf"), `"audit"`, fmt.Sprintf("%q", c.Username), 1) + `
data "ocp_cluster_backup_overview" "basic" {
  cluster_id = 101
}

data "ocp_cluster_backup_overview" "signed" {
  provider   = ocp.signed
  cluster_id = 101
}

output "names" {
  value = [data.ocp_cluster_backup_overview.basic.cluster_name, data.ocp_cluster_backup_overview.signed.cluster_name]
}
`
	run := terraformDir(t, cfg,
		"TF_VAR_ocp_url="+srv.URL, "TF_VAR_ocp_password="+c.Password,
		"TF_VAR_ocp_access_key_id="+c.AccessKeyID, "TF_VAR_ocp_access_key_secret="+c.AccessSecret)
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	out, err := run("output", "-json", "names")
	if err != nil {
		t.Fatalf("terraform output: %v\n%s", err, out)
	}
	if got := strings.Join(strings.Fields(fromMarker(t, out, "[")), ""); got != `["prod-orders","prod-orders"]` {
		t.Errorf("names = %s", got)
	}
}

func TestExampleDataSource(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_cluster_backup_overview/data-source.tf"),
		statecheck.ExpectKnownOutputValue("orders_backup", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"strategy":    knownvalue.StringExact("HAS_BACKUP_STRATEGY"),
			"schedule":    knownvalue.StringExact("NORMAL"),
			"last_backup": knownvalue.StringExact("2021-09-16T17:25:02.993+08:00"),
			"log_delay_s": knownvalue.Int64Exact(98),
			"backup_mode": knownvalue.StringExact("PHYSICAL_BACKUP"),
		})),
	)
}

// The gate passes a fresh cluster and fails each kind of unhealthy one
// with its own message.
func TestExampleDeployGate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	gate := basicProvider(srv) + example(t, "policy/deploy-gate/main.tf")
	step := func(id int64, expectError string) resource.TestStep {
		s := resource.TestStep{Config: gate, ConfigVariables: config.Variables{"cluster_id": config.IntegerVariable(id)}}
		if expectError != "" {
			s.ExpectError = errorPattern(expectError)
		}
		return s
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(ocptest.ClusterHealthy, ""),
			step(ocptest.ClusterTenant, ""),
			step(ocptest.ClusterNoStrategy, `Cluster 102 \(prod-payments\) has no backup strategy`),
			step(ocptest.ClusterPaused, `The backup schedule of cluster 103 is PAUSED, not NORMAL`),
			step(ocptest.ClusterStale, `The last data backup of cluster 104 \(\S+\) is older than 24 hours`),
			step(ocptest.VendorExampleID, `older than 24 hours`),
		},
	})
	// The delay threshold is a variable of its own.
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: gate,
			ConfigVariables: config.Variables{
				"cluster_id":            config.IntegerVariable(ocptest.ClusterHealthy),
				"max_log_delay_seconds": config.IntegerVariable(10),
			},
			ExpectError: regexp.MustCompile(`(?s)The log backup of cluster 101 lags 40 seconds, over\s+10`),
		}},
	})
}

// A check block warns and lets the plan through; this runs the real
// binary because the testing framework does not show warnings.
func TestExampleCheckWarning(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cfg := basicProvider(srv) + example(t, "policy/check-warning/main.tf")
	for id, want := range map[int64]string{
		ocptest.ClusterHealthy: "",
		ocptest.ClusterStale:   "The last data backup of cluster 104 is older than 24 hours.",
		ocptest.ClusterPaused:  "The backup schedule of cluster 103 is not NORMAL.",
	} {
		out, err := runTerraform(t, cfg, nil, "plan", "-no-color", "-input=false", fmt.Sprintf("-var=cluster_id=%d", id))
		if err != nil {
			t.Fatalf("cluster %d: a check block must not fail the plan: %v\n%s", id, err, out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		if want == "" && strings.Contains(flat, "Check block assertion failed") {
			t.Errorf("cluster %d: unexpected warning:\n%s", id, out)
		}
		if want != "" && !strings.Contains(flat, "Warning: Check block assertion failed") || !strings.Contains(flat, want) {
			t.Errorf("cluster %d: no warning %q:\n%s", id, want, out)
		}
	}
}

// The audit runs on the real binary: terraform-plugin-testing cannot check
// for_each instances.
func TestExampleAudit(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	run := terraformDir(t, basicProvider(srv)+example(t, "policy/audit/main.tf"))
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color", "-var=cluster_ids=[101,102,103,104,105]"); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	out, err := run("output", "-json", "backup_audit")
	if err != nil {
		t.Fatalf("terraform output: %v\n%s", err, out)
	}
	var audit map[string]struct {
		Name       string  `json:"name"`
		Compliant  bool    `json:"compliant"`
		BackupSize *string `json:"backup_size"`
	}
	if err := json.Unmarshal([]byte(fromMarker(t, out, "{")), &audit); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := map[string]bool{"101": true, "102": false, "103": false, "104": false, "105": true}
	for id, compliant := range want {
		if a, ok := audit[id]; !ok || a.Compliant != compliant {
			t.Errorf("cluster %s: got %+v, want compliant=%v", id, a, compliant)
		}
	}
	if got := audit["101"].BackupSize; got == nil || *got != "512.5 GB" {
		t.Errorf("backup_size of 101: got %v", got)
	}
	if audit["102"].BackupSize != nil {
		t.Errorf("backup_size of 102 (no strategy) should be null")
	}
}

func TestExampleFleetDataSource(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_cluster_backup_overviews/data-source.tf"),
		statecheck.ExpectKnownOutputValue("prod_without_strategy", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("prod-payments"),
		})),
		statecheck.ExpectKnownOutputValue("unreadable", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.Int64Exact(999),
		})),
	)
}

func TestExampleFleetCheck(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	out, err := runTerraform(t, basicProvider(srv)+example(t, "policy/fleet-check/main.tf"), nil, "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("a check block must not fail the plan: %v\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"PRIMARY clusters without a backup strategy: prod-payments (102).",
		"PRIMARY clusters whose last data backup is older than 24h: prod-search (103, last ",
		"prod-ledger (104, last ",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the plan does not warn %q:\n%s", want, out)
		}
	}
	// The healthy primary and the standby are not named.
	for _, unwanted := range []string{"prod-orders", "dr-orders"} {
		if strings.Contains(flat, unwanted) {
			t.Errorf("the plan names %s:\n%s", unwanted, out)
		}
	}
}

func TestExampleDataBackupTasks(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_data_backup_tasks/data-source.tf"),
		statecheck.ExpectKnownOutputValue("newest_backup", knownvalue.StringRegexp(timeIn("+08:00", 3))),
		statecheck.ExpectKnownOutputValue("failed", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact(fmt.Sprintf("task %d: log archive gap: incremental backup needs a continuous log", ocptest.TaskHealthyFailedIncremental)),
			knownvalue.StringExact("task 1: backup destination full"),
		})),
	)
}

func TestExampleLogBackupTasks(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_log_backup_tasks/data-source.tf"),
		statecheck.ExpectKnownOutputValue("archiving", knownvalue.MapExact(map[string]knownvalue.Check{
			"orders":  knownvalue.ObjectPartial(map[string]knownvalue.Check{"delay_s": knownvalue.Float64Exact(40.5)}),
			"billing": knownvalue.ObjectPartial(map[string]knownvalue.Check{"delay_s": knownvalue.Float64Exact(41.25)}),
		})),
	)
}

// The audit passes a cluster whose newest full backups succeeded and lists
// its recent failures; it fails a cluster whose newest full backup failed,
// and one that never finished a full backup.
func TestExampleBackupTaskAudit(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	audit := basicProvider(srv) + example(t, "policy/backup-task-audit/main.tf")
	step := func(vars config.Variables, expectError string, failedTaskIDs ...int64) resource.TestStep {
		s := resource.TestStep{Config: audit, ConfigVariables: vars}
		if expectError != "" {
			s.ExpectError = errorPattern(expectError)
			return s
		}
		checks := make([]knownvalue.Check, len(failedTaskIDs))
		for i, id := range failedTaskIDs {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"task_id": knownvalue.Int64Exact(id)})
		}
		s.ConfigStateChecks = []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("failed_tasks", knownvalue.ListExact(checks))}
		return s
	}
	cluster := func(id int64) config.Variables { return config.Variables{"cluster_id": config.IntegerVariable(id)} }
	tenant := func(id, tenantID int64) config.Variables {
		return config.Variables{"cluster_id": config.IntegerVariable(id), "tenant_id": config.IntegerVariable(tenantID)}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			// The failure of ten days ago is outside the week.
			step(cluster(ocptest.ClusterHealthy), "", ocptest.TaskHealthyFailedIncremental),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantOrders), "", ocptest.TaskHealthyFailedIncremental),
			step(tenant(ocptest.ClusterHealthy, ocptest.TenantBilling), ""),
			step(tenant(ocptest.ClusterTenant, ocptest.TenantDROrders), ""),
			step(cluster(ocptest.ClusterStale), ""),
			step(cluster(ocptest.ClusterPaused), fmt.Sprintf(`The newest full data backup of the cluster 103 did not succeed: task %d of tenant search, started \S+, is FAILED`,
				ocptest.TaskPausedFailedFull)),
			step(cluster(ocptest.ClusterNoStrategy), `The cluster 102 has no finished full data backup`),
		},
	})
	// The failure of ten days ago is listed once the window is wide enough.
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{step(config.Variables{
			"cluster_id": config.IntegerVariable(ocptest.ClusterHealthy), "days": config.IntegerVariable(11),
		}, "", ocptest.TaskHealthyFailedIncremental, 1)},
	})
}

// Every example under examples/data-sources, examples/resources and
// examples/policy is read by a test (example(t, path)), and every
// template embeds only such examples and documents a registered entity:
// users copy what the docs show, so what they show must run.
func TestEveryExampleAndTemplateHasATest(t *testing.T) {
	root := filepath.Join("..", "..")
	var tests strings.Builder
	sources, err := filepath.Glob("*_test.go")
	must(t, err)
	for _, f := range sources {
		b, err := os.ReadFile(f)
		must(t, err)
		tests.Write(b)
	}
	tested := func(rel string) bool { return strings.Contains(tests.String(), strconv.Quote(rel)) }
	for _, dir := range []string{"data-sources", "resources", "policy"} {
		must(t, filepath.WalkDir(filepath.Join(root, "examples", dir), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(root, "examples"), p)
			if !tested(filepath.ToSlash(rel)) {
				t.Errorf("examples/%s: no test reads it (example(t, %q))", filepath.ToSlash(rel), filepath.ToSlash(rel))
			}
			return nil
		}))
	}

	registered := map[string]bool{}
	p := New("test")()
	for _, newDS := range p.DataSources(context.Background()) {
		var resp datasource.MetadataResponse
		newDS().Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "ocp"}, &resp)
		registered["data-sources/"+resp.TypeName] = true
	}
	for _, newR := range p.Resources(context.Background()) {
		var resp fwresource.MetadataResponse
		newR().Metadata(context.Background(), fwresource.MetadataRequest{ProviderTypeName: "ocp"}, &resp)
		registered["resources/"+resp.TypeName] = true
	}
	embedded := regexp.MustCompile(`\{\{\s*(?:tffile|codefile\s+"[^"]*")\s+"examples/([^"]+)"\s*\}\}`)
	walked := 0
	must(t, filepath.WalkDir(filepath.Join(root, "templates"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md.tmpl") {
			return err
		}
		walked++
		rel, _ := filepath.Rel(filepath.Join(root, "templates"), p)
		rel = filepath.ToSlash(rel)
		kind, name, nested := strings.Cut(strings.TrimSuffix(rel, ".md.tmpl"), "/")
		if nested && (kind == "data-sources" || kind == "resources") && !registered[kind+"/ocp_"+name] {
			t.Errorf("templates/%s documents ocp_%s, which the provider does not register", rel, name)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range embedded.FindAllStringSubmatch(string(b), -1) {
			if !tested(m[1]) {
				t.Errorf("templates/%s shows examples/%s, which no test reads", rel, m[1])
			}
		}
		return nil
	}))
	if walked == 0 {
		t.Error("no template walked")
	}
}

// The import commands of the resource's docs work as written: a strategy
// made by hand on the cluster, and the fake's tenant strategy, are
// imported under the addresses the script names.
func TestExampleBackupStrategyImportScript(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	script := example(t, "resources/ocp_backup_strategy/import.sh")
	var commands [][]string
	var config strings.Builder
	for _, line := range strings.Split(script, "\n") {
		args := strings.Fields(line)
		if len(args) != 4 || args[0] != "terraform" || args[1] != "import" {
			continue
		}
		commands = append(commands, args[1:])
		name := strings.TrimPrefix(args[2], "ocp_backup_strategy.")
		cluster, tenant, _ := strings.Cut(args[3], "/")
		clusterID, err := strconv.ParseInt(cluster, 10, 64)
		must(t, err)
		var o strategyOptions
		if tenant != "" {
			o.tenantID, err = strconv.ParseInt(tenant, 10, 64)
			must(t, err)
		}
		block := strings.TrimPrefix(strategyConfig(srv, clusterID, o), basicProvider(srv))
		block, _, _ = strings.Cut(block, "\ndata ")
		config.WriteString(strings.Replace(block, `"test"`, strconv.Quote(name), 1))
	}
	if len(commands) == 0 {
		t.Fatal("the script runs no terraform import")
	}
	run := terraformDir(t, basicProvider(srv)+config.String())
	// A strategy made by hand: here by Terraform, which then forgets it.
	first := commands[0][1]
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color", "-target="+first); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	if out, err := run("state", "rm", first); err != nil {
		t.Fatalf("terraform state rm: %v\n%s", err, out)
	}
	for _, args := range commands {
		if out, err := run(append(args[:1:1], "-input=false", "-no-color", args[1], args[2])...); err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	out, err := run("state", "list")
	if err != nil {
		t.Fatalf("terraform state list: %v\n%s", err, out)
	}
	for _, args := range commands {
		if !strings.Contains(out, args[1]) {
			t.Errorf("%s is not in the state:\n%s", args[1], out)
		}
	}
}

// A restore counts only when OCP says it succeeded and it finished: the
// COMPLETED restore without successful counts, the running one and the
// failed one do not.
func TestExampleRestoreTasks(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+example(t, "data-sources/ocp_restore_tasks/data-source.tf"),
		statecheck.ExpectKnownOutputValue("last_restore_drill", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":          knownvalue.Int64Exact(ocptest.RestoreBillingCompleted),
			"tenant":      knownvalue.StringExact("billing"),
			"finished_at": knownvalue.StringRegexp(timeIn("Z", 6)),
			"restored_to": knownvalue.StringRegexp(timeIn("Z", 6)),
		})),
		statecheck.ExpectKnownOutputValue("failed_restores", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact(fmt.Sprintf("restore %d: restore failed: unit resources not enough in zone1", ocptest.RestoreOrdersFailed)),
		})),
	)
}
