package provider

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// The fleet rules hold for every plural data source; they are tested here
// through ocp_cluster_backup_overviews.

// A cluster the list does not type is decided by its overview, never
// dropped; one typed nowhere fails the read.
func TestFleet_typesFilterDecidesUntypedClustersByTheirOverview(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(append(ocptest.DemoFleet, ocptest.ClusterSparse)...))
	srv.EditListItem(ocptest.ClusterTenant, map[string]any{"type": nil})
	srv.EditListItem(ocptest.ClusterHealthy, map[string]any{"type": ""})
	// The sparse cluster is left out by name, so that it does not fail the first steps.
	step := func(args string, ids ...int64) resource.TestStep {
		return resource.TestStep{
			Config:            basicProvider(srv) + overviewsConfig(`name = "-"`+"\n"+args),
			ConfigStateChecks: []statecheck.StateCheck{clusterIDsAre(ids...)},
		}
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`types = ["STANDBY"]`, ocptest.ClusterTenant),
			step(`types = ["PRIMARY"]`, ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterPaused, ocptest.ClusterStale),
			{
				Config: basicProvider(srv) + overviewsConfig(`types = ["PRIMARY"]`),
				ExpectError: errorPattern(`Unable to apply the types filter.*OCP states the type of cluster 201 neither in its ` +
					`cluster list nor in the cluster's backup overview`),
			},
		},
	})
}

// skip_unreadable skips what OCP says it will not show, and nothing else.
func TestFleet_skipUnreadableSkipsOnlyOCPsRefusals(t *testing.T) {
	t.Parallel()
	skipped := map[string]ocptest.Fault{
		"403":              ocptest.Error(403, "COM10009", "permission denied"),
		"403 without code": {Status: 403, Body: `{"successful": false, "status": 403}`},
		"404 OBE11001":     ocptest.Error(404, "OBE11001", "The specified cluster does not exist."),
		"400 OBE11001":     ocptest.Error(400, "OBE11001", "The specified cluster does not exist."),
	}
	failed := map[string]struct {
		fault ocptest.Fault
		want  string
	}{
		"404 without OCP's envelope": {ocptest.Fault{Status: 404, Body: `{"timestamp": "2024-01-01T00:00:00Z", "status": 404, "error": "Not Found"}`},
			`HTTP 404`},
		"HTML 404": {ocptest.Fault{Status: 404, Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>404 Not Found</body></html>"},
			`HTTP 404, but the body is an HTML page`},
		"404 no such API": {ocptest.Error(404, ocptest.NoSuchAPICode, "no such API"), `HTTP 404 \(Not Found\), error code COM10001`},
		"400 other code":  {ocptest.Error(400, "COM10002", "invalid argument"), `HTTP 400 \(Bad Request\), error code COM10002`},
		"404 empty body":  {ocptest.Fault{Status: 404, Body: " "}, `HTTP 404`},
	}
	for name, fault := range skipped {
		t.Run("skips "+name, func(t *testing.T) {
			t.Parallel()
			srv := demoFleetServer(t)
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterPaused, fault)
			readAndCheck(t, basicProvider(srv, "max_retries = 0")+overviewsConfig("skip_unreadable = true"),
				clusterIDsAre(ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterStale, ocptest.ClusterTenant),
				statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("skipped_cluster_ids"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(ocptest.ClusterPaused)})),
			)
		})
	}
	for name, tc := range failed {
		t.Run("fails on "+name, func(t *testing.T) {
			t.Parallel()
			srv := demoFleetServer(t)
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterPaused, tc.fault)
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      basicProvider(srv, "max_retries = 0") + overviewsConfig("skip_unreadable = true"),
					ExpectError: errorPattern(`Unable to read the backup overview of OCP cluster 103.*` + tc.want),
				}},
			})
		})
	}
}

// These run the real binary: terraform-plugin-testing shows neither
// warnings nor how many errors there were.

// When every cluster is skipped, a warning says so with the count.
func TestFleet_warnsWhenEveryClusterIsSkipped(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.InjectRoute(ocptest.RouteOverview, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	out, err := runTerraform(t, basicProvider(srv)+overviewsConfig("skip_unreadable = true"), nil, "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("skipping every cluster must not fail the plan: %v\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if want := "Warning: Every OCP cluster was skipped: 5 unreadable"; !strings.Contains(flat, want) {
		t.Errorf("no warning %q:\n%s", want, out)
	}
	if want := "all 5 clusters (101, 102, 103, 104, 105)"; !strings.Contains(flat, want) {
		t.Errorf("the warning does not list the clusters (%q):\n%s", want, out)
	}
}

// Failures with one cause are one error listing the clusters (capped);
// distinct causes keep their own errors.
func TestFleet_failuresCollapsedByCause(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.FleetIDs(30)...))
	srv.InjectRoute(ocptest.RouteOverview, ocptest.Fault{Times: -1, Status: 500, Code: "COM00000", Message: "database unavailable"})
	srv.Inject(ocptest.RouteOverview, ocptest.FleetClusterID(3), ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	srv.Inject(ocptest.RouteOverview, ocptest.FleetClusterID(4), ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+overviewsConfig(""), nil, "plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if n := strings.Count(flat, "Error: "); n != 2 {
		t.Errorf("%d errors, want 2 (one per cause):\n%s", n, out)
	}
	for _, want := range []string{
		"Error: Unable to read the backup overview of 28 OCP clusters",
		"OCP clusters 10001, 10002, 10003, 10006, 10007,",
		"and 8 more (28 in all) failed the same way. The answer for cluster 10001:",
		"HTTP 500 (Internal Server Error), error code COM00000: database unavailable",
		"Error: Unable to read the backup overview of 2 OCP clusters",
		"OCP clusters 10004, 10005 failed the same way",
		"error code COM10009: permission denied",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// Ctrl-C during a fleet read is one error, not one per cluster.
func TestFleet_cancellationIsOneError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ocptest.WithClusters(ocptest.FleetIDs(20)...))
	srv.InjectRoute(ocptest.RouteOverview, ocptest.Fault{Times: -1, Delay: time.Minute})
	_, command := terraformWorkdir(t, basicProvider(srv, "max_concurrent_requests = 4")+overviewsConfig(""))
	cmd := command("plan", "-no-color", "-input=false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Start())
	deadline := time.Now().Add(time.Minute)
	for srv.Stats().PeakInFlight < 4 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	must(t, cmd.Process.Signal(syscall.SIGINT))
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the interrupted plan passed:\n%s", out.String())
	}
	flat := strings.Join(strings.Fields(out.String()), " ")
	if n := strings.Count(flat, "Reading the backup overview of 20 OCP clusters was cancelled"); n != 1 {
		t.Errorf("%d cancellation errors, want 1:\n%s", n, out.String())
	}
	if regexp.MustCompile(`OCP cluster \d+`).MatchString(flat) {
		t.Errorf("a cluster has an error of its own:\n%s", out.String())
	}
}

// The singular data source's errors are unchanged by the fleet's rules.
func TestFleet_oneFailureNamesItsCluster(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterStale, ocptest.Fault{Times: -1, Status: 500, Message: "database unavailable"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      basicProvider(srv, "max_retries = 0") + overviewsConfig(fmt.Sprintf("cluster_ids = [%d, %d]", ocptest.ClusterHealthy, ocptest.ClusterStale)),
			ExpectError: errorPattern(`Unable to read the backup overview of OCP cluster 104.*HTTP 500.*database unavailable`),
		}},
	})
}

// decideTypes is how a plural data source whose answers carry no cluster
// type applies the types filter: the overview decides untyped clusters.
func TestFleet_decideTypesReadsTheOverviewOfUntypedClusters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t, ocptest.WithClusters(ocptest.DemoFleet...))
	srv.EditListItem(ocptest.ClusterTenant, map[string]any{"type": nil})
	srv.EditListItem(ocptest.ClusterPaused, map[string]any{"type": nil})
	client := testClient(t, srv)
	filter := fleetFilterModel{
		Name: types.StringNull(), Statuses: types.SetNull(types.StringType), ClusterIDs: types.ListNull(types.Int64Type),
		Types: types.SetValueMust(types.StringType, []attr.Value{types.StringValue("STANDBY")}),
	}
	sel, diags := selectClusters(ctx, client, filter)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if want := []int64{ocptest.ClusterPaused, ocptest.ClusterTenant}; !slices.Equal(sel.IDs, want) {
		t.Fatalf("before: %v, want %v", sel.IDs, want)
	}
	srv.ResetStats()
	if diags := sel.decideTypes(ctx, client, false); diags.HasError() {
		t.Fatal(diags)
	}
	if want := []int64{ocptest.ClusterTenant}; !slices.Equal(sel.IDs, want) {
		t.Errorf("after: %v, want %v", sel.IDs, want)
	}
	if n := srv.Stats().Requests; n != 2 {
		t.Errorf("%d requests, want one overview per untyped cluster", n)
	}
}
