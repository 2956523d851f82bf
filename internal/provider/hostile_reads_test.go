package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Hostile answers to the recovery and task reads, through the real CLI as a
// user runs it.

// A server that echoes the password, or terminal escapes, in a tenant name
// that the error quotes must get neither shown, not even in the log
// Terraform writes of every error diagnostic.
func TestHostileRecoveryWindowEchoIsRedacted(t *testing.T) {
	t.Parallel()
	c := ocptest.DefaultCredentials
	srv := newServer(t)
	const id = ocptest.ClusterHealthy
	srv.SetBackupInfo(id, fmt.Sprintf(`{"clusterId": %d, "tenantBackupInfos": [{"tenantName": "%s\u001b[2J"}]}`, id, c.Password))
	out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+windowConfig(id),
		[]string{"TF_LOG=error"}, "plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "has no tenantId of at least 1") {
		t.Errorf("the error does not say what is wrong:\n%s", out)
	}
	for _, leak := range []string{c.Password, "\x1b"} {
		if strings.Contains(out, leak) {
			t.Errorf("the output shows %q:\n%s", leak, out)
		}
	}
}

// A duration or delay of "NaN" or "Infinity" is no number Terraform can
// hold: the read fails naming the field, and the provider does not crash.
func TestHostileNonFiniteNumbersFailTheRead(t *testing.T) {
	t.Parallel()
	const id = ocptest.ClusterHealthy
	for name, tc := range map[string]struct {
		set    func(*ocptest.Server)
		config string
		want   string
	}{
		"data task duration NaN": {
			set: func(s *ocptest.Server) {
				s.SetDataBackupTasks(id, map[string]any{"taskId": 1, "clusterId": id, "duration": "NaN"})
			},
			config: dataTasksConfig(fmt.Sprintf("cluster_id = %d", id)), want: `field "contents.duration"`,
		},
		"log task delay Infinity": {
			set: func(s *ocptest.Server) {
				s.SetLogBackupTasks(id, map[string]any{"clusterId": id, "delay": "-Infinity"})
			},
			config: fmt.Sprintf("data \"ocp_log_backup_tasks\" \"test\" {\n  cluster_id = %d\n}\n", id), want: `field "contents.delay"`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			tc.set(srv)
			out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+tc.config, nil, "plan", "-no-color", "-input=false")
			if err == nil {
				t.Fatalf("the plan passed:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			if !strings.Contains(flat, tc.want) || strings.Contains(flat, "panic") || strings.Contains(flat, "plugin crashed") {
				t.Errorf("want an error about %s, not a crash:\n%s", tc.want, out)
			}
		})
	}
}

// Clusters that fail with the same cause share one diagnostic, whatever
// the cause: not only OCP's error envelopes, but a proxy's page served for
// every cluster, answers about one other cluster, a dropped connection.
func TestHostileFleetFailuresOfOneCauseAreOneDiagnostic(t *testing.T) {
	t.Parallel()
	ids := []int64{ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterStale}
	for name, tc := range map[string]struct {
		fault func(id int64) ocptest.Fault
		want  string
	}{
		"an HTML page": {
			fault: func(int64) ocptest.Fault {
				return ocptest.Fault{Status: 200, Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>Sign in</body></html>"}
			},
			want: "HTML page",
		},
		"answers about another cluster": {
			fault: func(int64) ocptest.Fault {
				return ocptest.Fault{Status: 200, Body: `{"successful": true, "data": {"clusterId": 999}}`}
			},
			want: "about cluster 999",
		},
		"a dropped connection": {
			fault: func(int64) ocptest.Fault { return ocptest.Fault{CloseAfter: 10} },
			want:  "failed",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := demoFleetServer(t)
			for _, id := range ids {
				f := tc.fault(id)
				f.Times = -1
				srv.Inject(ocptest.RouteBackupInfo, id, f)
			}
			out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+windowsConfig("cluster_ids = [101, 102, 104]"),
				nil, "plan", "-no-color", "-input=false")
			if err == nil {
				t.Fatalf("the plan passed:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			if n := strings.Count(out, "Error: "); n != 1 {
				t.Errorf("%d error diagnostics, want 1:\n%s", n, out)
			}
			if !strings.Contains(flat, "Unable to read the restorable window of 3 OCP clusters") ||
				!strings.Contains(flat, "101, 102, 104 failed the same way") || !strings.Contains(flat, tc.want) {
				t.Errorf("the diagnostic does not list the clusters and the cause %q:\n%s", tc.want, out)
			}
		})
	}
}

// With types, a cluster the list does not type is decided by its overview.
// When skip_unreadable leaves that overview out, nothing states the
// cluster's type: it is skipped, not kept in a fleet it may not belong to.
func TestHostileUntypedClusterWithUnreadableOverviewIsSkipped(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	srv.EditListItem(ocptest.ClusterTenant, map[string]any{"type": nil})
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterTenant, ocptest.Fault{Times: -1, Status: 403, Code: "COM10009", Message: "permission denied"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: basicProvider(srv) + windowsConfig("types = [\"PRIMARY\"]\nskip_unreadable = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				windowClusterIDsAre(ocptest.ClusterHealthy, ocptest.ClusterNoStrategy, ocptest.ClusterPaused, ocptest.ClusterStale),
				statecheck.ExpectKnownValue(windowsAddress, tfjsonpath.New("skipped_cluster_ids"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(ocptest.ClusterTenant)})),
			},
		}},
	})
}
