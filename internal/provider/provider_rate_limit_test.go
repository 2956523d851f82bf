package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// rateLimitFleetServer serves n generated clusters under the given options.
func rateLimitFleetServer(t *testing.T, n int, opts ...ocptest.Option) *ocptest.Server {
	t.Helper()
	srv := ocptest.New(append(opts, ocptest.WithClusters(ocptest.FleetIDs(n)...))...)
	t.Cleanup(srv.Close)
	return srv
}

// A fleet read under a per-user limit far below its request count finishes
// with every cluster, though max_retries is 0: waiting for OCP's window is
// not a failure.
func TestClusterBackupOverviews_underRateLimit(t *testing.T) {
	t.Parallel()
	const n = 30
	srv := rateLimitFleetServer(t, n, ocptest.WithRateLimit(12, time.Second))
	const slots = 4
	readAndCheck(t, basicProvider(srv, "max_retries = 0", fmt.Sprintf("max_concurrent_requests = %d", slots))+overviewsConfig(""),
		statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("overviews"), knownvalue.ListSizeExact(n)),
		statecheck.ExpectKnownValue(overviewsAddress, tfjsonpath.New("overviews").AtSliceIndex(n-1).AtMapKey("cluster_id"),
			knownvalue.Int64Exact(ocptest.FleetClusterID(n-1))),
	)
	requests, refused := srv.Stats().Requests, srv.RateStats().Refused
	reads := (requests - refused) / (n + 1) // a listing and n overviews each
	if reads < 2 {
		t.Fatalf("%d requests: the test did not read the fleet", requests)
	}
	// Each Terraform command starts a new provider, which knows nothing of
	// the window until its first answers: only the requests it sends
	// before then, one per slot, may be refused.
	if refused > reads*slots {
		t.Errorf("%d of %d requests were refused with 429 over %d reads", refused, requests, reads)
	}
}

// max_rate_limit_wait ends a read that the limit would hold too long, with
// an error naming the cluster and quoting OCP's figures.
func TestMaxRateLimitWaitEndsTheRead(t *testing.T) {
	t.Parallel()
	srv := rateLimitFleetServer(t, 20, ocptest.WithRateLimit(5, time.Hour))
	planFails(t, basicProvider(srv, `max_rate_limit_wait = "2s"`)+overviewsConfig(""),
		`Unable to read the backup overview of (?:OCP cluster 100\d\d|\d+ OCP clusters .*The answer for cluster 100\d\d:) .*OCP's rate limit held back GET /api/v2/ob/clusters/100\d\d/backup/overview `+
			`longer than max_rate_limit_wait \(2s\) allows.*RateLimit-Limit: 5, RateLimit-Remaining: \d, RateLimit-Reset: 3600`)
	// Held-back requests are not sent: at most the requests in flight when
	// the window closed were refused.
	if refused := srv.RateStats().Refused; refused > 8 {
		t.Errorf("%d requests were refused: the client kept sending into a spent window", refused)
	}
}

// max_requests_per_second keeps the pace OCP sees under its value.
func TestMaxRequestsPerSecondPacesTheProvider(t *testing.T) {
	t.Parallel()
	const n, perSecond = 16, 4
	srv := rateLimitFleetServer(t, n)
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprint(ocptest.FleetClusterID(i))
	}
	step := resource.TestStep{
		Config: basicProvider(srv, fmt.Sprintf("max_requests_per_second = %d", perSecond)) +
			overviewsConfig("cluster_ids = ["+strings.Join(ids, ", ")+"]"),
		PlanOnly: true,
	}
	terraformTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: []resource.TestStep{step}})
	stats := srv.RateStats()
	if len(stats.Arrivals) < n {
		t.Fatalf("only %d requests: the test did not read the fleet", len(stats.Arrivals))
	}
	// Generous: a second may straddle two reads by separate provider
	// instances, each with its own pace; unpaced, all n arrive at once.
	if most := stats.MaxInWindow(time.Second); most > 2*perSecond+2 {
		t.Errorf("%d requests arrived within one second, with max_requests_per_second = %d", most, perSecond)
	}
}

func TestRateLimitSettingErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	for setting, want := range map[string]string{
		`max_rate_limit_wait = "soon"`:   `max_rate_limit_wait`,
		`max_rate_limit_wait = "0s"`:     `Invalid max_rate_limit_wait.*greater than zero`,
		`max_requests_per_second = 0`:    `Invalid max_requests_per_second.*greater than 0`,
		`max_requests_per_second = -2.5`: `Invalid max_requests_per_second.*greater than 0`,
	} {
		planFails(t, basicProvider(srv, setting)+overviewConfig(ocptest.ClusterHealthy), want)
	}
}

func TestRateLimitEnvironment(t *testing.T) {
	srv := newServer(t)
	t.Setenv("OCP_URL", srv.URL)
	t.Setenv("OCP_USERNAME", ocptest.DefaultCredentials.Username)
	t.Setenv("OCP_PASSWORD", ocptest.DefaultCredentials.Password)
	read := `provider "ocp" {}` + overviewConfig(ocptest.ClusterHealthy)
	for env, want := range map[[2]string]string{
		{"OCP_MAX_RATE_LIMIT_WAIT", "forever"}:  `Invalid max_rate_limit_wait.*From the OCP_MAX_RATE_LIMIT_WAIT environment variable`,
		{"OCP_MAX_RATE_LIMIT_WAIT", "-1m"}:      `Invalid max_rate_limit_wait.*OCP_MAX_RATE_LIMIT_WAIT`,
		{"OCP_MAX_REQUESTS_PER_SECOND", "0"}:    `Invalid OCP_MAX_REQUESTS_PER_SECOND.*greater than 0`,
		{"OCP_MAX_REQUESTS_PER_SECOND", "fast"}: `Invalid OCP_MAX_REQUESTS_PER_SECOND`,
	} {
		planFails(t, read, want, func() { t.Setenv(env[0], env[1]) })
		t.Setenv(env[0], "")
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("invalid settings sent %d requests to OCP", n)
	}

	// Valid values from the environment are taken: a second read is paced
	// behind the first, and a spent window fails at once past a short wait.
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{
		Header: map[string]string{"RateLimit-Limit": "1", "RateLimit-Remaining": "0", "RateLimit-Reset": "600"}})
	t.Setenv("OCP_MAX_RATE_LIMIT_WAIT", "1s")
	t.Setenv("OCP_MAX_REQUESTS_PER_SECOND", "0.5")
	planFails(t, read+fmt.Sprintf(`data "ocp_cluster_backup_overview" "second" {
  cluster_id = %d
  depends_on = [data.ocp_cluster_backup_overview.test]
}
`, ocptest.ClusterNoStrategy), `max_rate_limit_wait \(1s\).*RateLimit-Reset: 600`)
}

// At TF_LOG=debug the provider says once per wait, not once per request,
// that it waits on the rate limit, for how long, and OCP's figures.
func TestRateLimitWaitIsLoggedOnce(t *testing.T) {
	t.Parallel()
	const n = 30
	srv := rateLimitFleetServer(t, n, ocptest.WithRateLimit(12, time.Second))
	out, err := runTerraform(t, basicProvider(srv)+overviewsConfig(""), []string{"TF_LOG=debug"}, "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	lines := 0
	for line := range strings.Lines(out) {
		if strings.Contains(line, "OCP rate limit reached") {
			lines++
			for _, want := range []string{"wait_ms=", "ratelimit_limit=12", "ratelimit_reset="} {
				if !strings.Contains(line, want) {
					t.Errorf("the line lacks %q: %s", want, line)
				}
			}
		}
	}
	// 31 requests, 12 per window: two or three waits.
	if lines == 0 || lines > 5 {
		t.Errorf("%d wait lines for %d requests", lines, srv.Stats().Requests)
	}
}

// Interrupting Terraform (Ctrl-C) while a read waits on the rate limit ends
// the wait: Terraform stops the provider, which cancels the read, instead
// of sitting out the hour OCP's window has left.
func TestInterruptEndsARateLimitWait(t *testing.T) {
	t.Parallel()
	srv := rateLimitFleetServer(t, 20, ocptest.WithRateLimit(5, time.Hour))
	dir := t.TempDir()
	bin := builtProvider(t)
	rc := filepath.Join(dir, "terraformrc")
	must(t, os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/ocp-terraform/ocp", bin), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    ocp = { source = "ocp-terraform/ocp" }
  }
}
`+basicProvider(srv, `max_rate_limit_wait = "2h"`)+overviewsConfig("")), 0o600))
	var out strings.Builder
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "-chdir="+dir, "plan", "-no-color", "-input=false")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_DATA_DIR="+filepath.Join(dir, "data"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// The listing and four overviews spend the window; the rest of the
	// fleet waits on it.
	for srv.Stats().Requests < 5 {
		select {
		case err := <-done:
			t.Fatalf("terraform plan ended before the window was spent: %v\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	must(t, cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("terraform plan succeeded after an interrupt:\n%s", out.String())
		}
	case <-time.After(5 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform plan still waits on the rate limit after an interrupt:\n%s", out.String())
	}
	// One diagnostic for the whole fleet, not one per cluster.
	if flat := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(flat, "Reading the backup overview of 20 OCP clusters was cancelled") {
		t.Errorf("the output does not say the read was cancelled:\n%s", out.String())
	}
}
