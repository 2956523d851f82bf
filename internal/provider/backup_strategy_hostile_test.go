package provider

import (
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// A create whose task outlives the timeout leaves a strategy in OCP: it
// stays in state (tainted), so that Terraform still knows it and a destroy
// removes it, instead of a next apply failing with "already exists".
func TestBackupStrategyHostileTimeoutKeepsStrategyInState(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	srv.QueueTasks(ocptest.TaskPlan{Polls: -1})
	run := terraformDir(t, strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{timeouts: `{ create = "2s" }`}))
	out, err := run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil || !strings.Contains(out, "the timeout ran out") {
		t.Fatalf("apply: err = %v\n%s", err, out)
	}
	if srv.Strategy(key) == nil {
		t.Fatal("the fake holds no strategy after the create")
	}
	out, err = run("state", "list")
	if err != nil || !strings.Contains(out, strategyAddress) {
		t.Fatalf("the strategy OCP holds is not in state: err = %v\n%s", err, out)
	}
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if srv.Strategy(key) != nil {
		t.Error("destroy left the strategy in OCP")
	}
}
