package provider

import (
	"fmt"
	"strings"
	"testing"

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
