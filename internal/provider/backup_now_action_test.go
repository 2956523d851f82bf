package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Actions, and the action blocks and action_trigger that run them, came
// with Terraform 1.14: older CLIs cannot parse these configurations.
var actionsNeed = tfversion.SkipBelow(tfversion.Version1_14_0)

const actionsWhy = "actions (action blocks, action_trigger, apply -invoke) came with Terraform 1.14"

// backupNowActionBlock is an ocp_backup_now action named "now", of the
// attributes given as HCL lines.
func backupNowActionBlock(attrs ...string) string {
	return fmt.Sprintf(`
action "ocp_backup_now" "now" {
  config {
    %s
  }
}
`, strings.Join(attrs, "\n    "))
}

// invokeBackupNow runs terraform apply -invoke on the action "now".
func invokeBackupNow(t *testing.T, srv *ocptest.Server, attrs ...string) (string, error) {
	t.Helper()
	skipBelowTerraform(t, tfversion.Version1_14_0, actionsWhy)
	return runTerraform(t, basicProvider(srv)+backupNowActionBlock(attrs...), nil,
		"apply", "-invoke=action.ocp_backup_now.now", "-auto-approve", "-input=false", "-no-color")
}

// terraform apply -invoke takes the backup asked for, on the storage OCP
// holds, named by storageId with no secret, reports its progress, and ends
// once the new data backup task is DONE.
func TestBackupNowActionInvoke(t *testing.T) {
	for _, tc := range []struct {
		name   string
		key    ocptest.StrategyKey
		mode   string
		ocpMod string
	}{
		{"cluster full", ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}, "", "FULL_BACKUP"},
		{"cluster incremental", ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}, "INCREMENTAL", "INCREMENTAL_BACKUP"},
		{"tenant full", ocptest.StrategyKey{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}, "FULL", "FULL_BACKUP"},
		{"tenant incremental", ocptest.StrategyKey{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}, "INCREMENTAL", "INCREMENTAL_BACKUP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			attrs := []string{fmt.Sprintf("cluster_id = %d", tc.key.ClusterID)}
			if tc.key.TenantID != 0 {
				attrs = append(attrs, fmt.Sprintf("tenant_id = %d", tc.key.TenantID))
			}
			if tc.mode != "" {
				attrs = append(attrs, fmt.Sprintf("mode = %q", tc.mode))
			}
			out, err := invokeBackupNow(t, srv, attrs...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if n := srv.BackupsStarted(tc.key); n != 1 {
				t.Errorf("%d backups started, want 1", n)
			}
			for _, want := range []string{"Action action.ocp_backup_now.now", "OCP accepted the backup",
				"is DONE", "Action complete"} {
				if !strings.Contains(out, want) {
					t.Errorf("no %q in the output:\n%s", want, out)
				}
			}
			body := srv.LastBackupNowBody(tc.key)
			storage, _ := body["obBackupServiceStorageConfig"].(map[string]any)
			held, _ := srv.Strategy(tc.key)["obBackupServiceStorageConfig"].(map[string]any)
			if body["dataBackupMode"] != tc.ocpMod || storage["storageId"] == nil || storage["storageId"] != held["storageId"] {
				t.Errorf("request body %v", body)
			}
			if text := fmt.Sprint(body); strings.Contains(text, "accessKeySecret") || strings.Contains(text, "fixture-secret") {
				t.Errorf("the request carries a secret: %v", body)
			}
		})
	}
}

// Every failure fails the apply, saying what failed, and none starts a
// second backup.
func TestBackupNowActionFailures(t *testing.T) {
	healthy := ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}
	for _, tc := range []struct {
		name    string
		key     ocptest.StrategyKey
		attrs   []string
		prepare func(*ocptest.Server)
		want    string
		started int
	}{
		{name: "no strategy", key: ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy},
			want: "nothing to back up to: OCP holds no backup strategy for cluster 102"},
		{name: "failed task", key: healthy, started: 1, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1, FailSubtask: "Run data backup"}})
		}, want: "failed in subtask .* \\(Run data backup\\)"},
		{name: "beSuccessful false", key: healthy, prepare: func(s *ocptest.Server) {
			s.FailNextWrite(ocptest.BeSuccessfulFalse{Hint: "log archiving is not running", ErrorCode: "OBE11071"})
		}, want: "log archiving is not running.*beSuccessful: false"},
		{name: "data backup failed", key: healthy, started: 1, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, DataStatus: "FAILED", ErrorMsg: "backup destination full"})
		}, want: "ended FAILED, not DONE: backup destination full"},
		{name: "timeout", key: healthy, started: 1, attrs: []string{`timeout = "2s"`}, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: -1}})
		}, want: "timeout \\(2s\\) ran out before OCP's backup ended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			if tc.prepare != nil {
				tc.prepare(srv)
			}
			attrs := append([]string{fmt.Sprintf("cluster_id = %d", tc.key.ClusterID)}, tc.attrs...)
			out, err := invokeBackupNow(t, srv, attrs...)
			if err == nil {
				t.Fatalf("the apply succeeded:\n%s", out)
			}
			if !errorPattern(tc.want).MatchString(out) {
				t.Errorf("no %q in the output:\n%s", tc.want, out)
			}
			if n := srv.BackupsStarted(tc.key); n != tc.started {
				t.Errorf("%d backups started, want %d", n, tc.started)
			}
			if tc.started == 0 && tc.name == "no strategy" && srv.Requests(ocptest.RouteBackupNow, tc.key.ClusterID) != 0 {
				t.Error("the backup was asked for without a strategy")
			}
		})
	}
}

// A 429 on the POST is sent again only once OCP's history shows no backup
// started, and the apply starts exactly one.
func TestBackupNowActionRateLimitedOnce(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}
	srv.Inject(ocptest.RouteBackupNow, key.ClusterID, ocptest.Error(http.StatusTooManyRequests, 429, "too many requests"))
	out, err := invokeBackupNow(t, srv, fmt.Sprintf("cluster_id = %d", key.ClusterID))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if n, posts := srv.BackupsStarted(key), srv.Requests(ocptest.RouteBackupNow, key.ClusterID); n != 1 || posts != 2 {
		t.Errorf("%d backups from %d requests, want 1 from 2", n, posts)
	}
	if !strings.Contains(out, "no backup started; asking again") {
		t.Errorf("the output does not say why it asked again:\n%s", out)
	}
}

// An invalid mode fails at plan time, naming the attribute and the
// upper-case form of a case slip, before OCP hears of anything.
func TestBackupNowActionInvalidConfig(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	for _, tc := range []struct{ attrs, want string }{
		{`mode = "full"`, `mode: "full" is not a backup mode; use "FULL" or "INCREMENTAL" (did you mean "FULL"?`},
		{`mode = "DIFFERENTIAL"`, `mode: "DIFFERENTIAL" is not a backup mode`},
		{`timeout = "soon"`, `time: invalid duration "soon"`},
		{`tenant_id = 0`, `tenant_id`},
	} {
		t.Run(tc.attrs, func(t *testing.T) {
			out, err := invokeBackupNow(t, srv, fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy), tc.attrs)
			if err == nil || !errorPattern(regexp.QuoteMeta(tc.want)).MatchString(out) {
				t.Errorf("want %q, got %v:\n%s", tc.want, err, out)
			}
		})
	}
}

// An action_trigger runs the backup before the resource it guards changes;
// a failed backup stops that change, and a later one runs it again.
func TestBackupNowActionTrigger(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}
	config := func(version string) string {
		return basicProvider(srv) + backupNowActionBlock(fmt.Sprintf("cluster_id = %d", key.ClusterID)) + fmt.Sprintf(`
resource "terraform_data" "migration" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.ocp_backup_now.now]
    }
  }
}
`, version)
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{actionsNeed},
		Steps: []resource.TestStep{
			{
				Config: config("v1"),
				Check:  func(*terraform.State) error { return expectBackups(srv, key, 1) },
			},
			{
				// The backup before the update fails: the migration must
				// not run, so its input stays v1 in state.
				PreConfig: func() {
					srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1, FailSubtask: "Run data backup"}})
				},
				Config:      config("v2"),
				ExpectError: regexp.MustCompile(`Unable to back up cluster 101`),
			},
			{
				// Nothing to change: the migration kept v1.
				Config:   config("v1"),
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					if err := expectBackups(srv, key, 2); err != nil {
						t.Error(err)
					}
				},
				Config: config("v2"),
				Check:  func(*terraform.State) error { return expectBackups(srv, key, 3) },
			},
		},
	})
}

func expectBackups(srv *ocptest.Server, key ocptest.StrategyKey, want int) error {
	if n := srv.BackupsStarted(key); n != want {
		return fmt.Errorf("%d backups started, want %d", n, want)
	}
	return nil
}

// The recipe backs the cluster up before the migration is created or
// changed, not when nothing changes; a failed backup stops the migration,
// and a cluster that fails the gate is refused before any backup.
func TestExampleBackupBeforeDeploy(t *testing.T) {
	skipBelowTerraform(t, tfversion.Version1_14_0, actionsWhy)
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}
	run := terraformDir(t, basicProvider(srv)+example(t, "policy/backup-before-deploy/main.tf"))
	apply := func(cluster int64, version string) (string, error) {
		return run("apply", "-auto-approve", "-input=false", "-no-color",
			fmt.Sprintf("-var=cluster_id=%d", cluster), "-var=schema_version="+version)
	}
	for i, step := range []struct {
		version string
		fail    bool
		backups int
	}{
		{"v1", false, 1},
		{"v1", false, 1}, // nothing changes: no backup
		{"v2", true, 2},  // the backup fails: the migration stays at v1
		{"v2", false, 3},
	} {
		if step.fail {
			srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1, FailSubtask: "Run data backup"}})
		}
		out, err := apply(key.ClusterID, step.version)
		if (err != nil) != step.fail {
			t.Fatalf("step %d: %v\n%s", i, err, out)
		}
		if n := srv.BackupsStarted(key); n != step.backups {
			t.Fatalf("step %d: %d backups started, want %d\n%s", i, n, step.backups, out)
		}
		if step.fail {
			if out, err := run("output", "-raw", "migrated_to"); err != nil || out != "v1" {
				t.Fatalf("the migration ran although its backup failed: %v %s", err, out)
			}
		}
	}
	paused := ocptest.StrategyKey{ClusterID: ocptest.ClusterPaused}
	out, err := runTerraform(t, basicProvider(srv)+example(t, "policy/backup-before-deploy/main.tf"), nil,
		"apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-var=cluster_id=%d", paused.ClusterID), "-var=schema_version=v1")
	if err == nil || !errorPattern("is PAUSED, not NORMAL").MatchString(out) || srv.BackupsStarted(paused) != 0 {
		t.Fatalf("the gate let a paused cluster through, or it was backed up: %v\n%s", err, out)
	}
}

// The action's example runs as documented against a fake OCP whose cluster
// and tenant carry the example's ids.
func TestExampleBackupNowAction(t *testing.T) {
	skipBelowTerraform(t, tfversion.Version1_14_0, actionsWhy)
	srv := newServer(t)
	src := example(t, "actions/ocp_backup_now/action.tf")
	src = strings.ReplaceAll(src, "cluster_id = 1000007\n    tenant_id  = 1001", fmt.Sprintf("cluster_id = %d\n    tenant_id  = %d", ocptest.ClusterTenant, ocptest.TenantDROrders))
	src = strings.ReplaceAll(src, "cluster_id = 1000007", fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy))
	run := terraformDir(t, basicProvider(srv)+src)
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := run("apply", "-invoke=action.ocp_backup_now.orders_tenant", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if a, b := srv.BackupsStarted(ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}),
		srv.BackupsStarted(ocptest.StrategyKey{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}); a != 1 || b != 1 {
		t.Errorf("%d cluster and %d tenant backups, want 1 and 1", a, b)
	}
}

// invokeDirect runs the action's Invoke in process with the attributes
// given, and sendProgress as Terraform's progress reader; it returns once
// Invoke does, or fails the test when Invoke is still running after a
// minute.
func invokeDirect(t *testing.T, srv *ocptest.Server, attrs map[string]tftypes.Value,
	sendProgress func(action.InvokeProgressEvent),
) *action.InvokeResponse {
	t.Helper()
	ctx := context.Background()
	a := &backupNowAction{configured: &providerData{client: testClient(t, srv)}}
	var sch action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &sch)
	typ := sch.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range attrs {
		vals[name] = v
	}
	req := action.InvokeRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: tftypes.NewValue(typ, vals)}}
	resp := &action.InvokeResponse{SendProgress: sendProgress}
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Invoke(ctx, req, resp)
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the action is still running a minute after it was invoked")
	}
	return resp
}

// A Terraform that stops reading progress never holds the backup past its
// timeout: the action ends on time, failing on the timeout, and sends
// nothing more once its context has ended.
func TestBackupNowActionStalledProgressReader(t *testing.T) {
	srv := newServer(t)
	srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: -1}})
	release := make(chan struct{})
	var sent atomic.Int32
	resp := invokeDirect(t, srv, map[string]tftypes.Value{
		"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.ClusterHealthy),
		"timeout":    tftypes.NewValue(tftypes.String, "2s"),
	}, func(action.InvokeProgressEvent) {
		sent.Add(1)
		<-release
	})
	close(release)
	if !resp.Diagnostics.HasError() || !strings.Contains(fmt.Sprint(resp.Diagnostics), "timeout (2s) ran out") {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
	if n := srv.BackupsStarted(ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}); n != 1 {
		t.Errorf("%d backups started, want 1", n)
	}
	// The one send Terraform never read is all there was: the backup's
	// later messages waited in the queue and went with the action.
	time.Sleep(100 * time.Millisecond)
	if n := sent.Load(); n != 1 {
		t.Errorf("%d progress messages sent, want the 1 that blocked", n)
	}
}

// The sender drops the oldest messages a slow reader has not taken, never
// blocks the reporter, and sends nothing once the action's context ended.
func TestBackupNowProgressSender(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	entered, release := make(chan struct{}), make(chan struct{})
	var got []string
	p := startProgress(ctx, func(e action.InvokeProgressEvent) {
		entered <- struct{}{}
		<-release
		got = append(got, e.Message)
	}, func() string { return "idle" })
	p.report("first")
	<-entered // the reader holds the first message and reads no more
	for i := range 3 * progressQueue {
		p.report(fmt.Sprint(i))
	}
	cancel()
	close(release)
	go func() {
		for range entered {
		}
	}()
	<-p.done
	close(entered)
	p.report("after the end")
	if len(got) != 1 || got[0] != "first" {
		t.Errorf("sent %q, want only the first message", got)
	}
	// The queue holds the newest messages (the sender, seeing the end, may
	// have taken one off without sending it).
	var kept []string
	for len(p.queue) > 0 {
		kept = append(kept, <-p.queue)
	}
	var want []string
	for i := 2 * progressQueue; i < 3*progressQueue; i++ {
		want = append(want, fmt.Sprint(i))
	}
	if len(kept) < progressQueue-1 || strings.Join(kept, " ") != strings.Join(want[progressQueue-len(kept):], " ") {
		t.Errorf("queued %q, want the newest of %q", kept, want)
	}
}

// The action ends well only once OCP's history proves the backup it started
// DONE: for a cluster, a task of its own DONE for every tenant OCP's backup
// info lists online, however late each appears; a backup that OCP started by
// itself meanwhile is no proof, and after a 429 it is neither followed nor
// doubled.
func TestBackupNowActionProvesItsOwnBackup(t *testing.T) {
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterHealthy}
	tenants := []int64{ocptest.TenantOrders, ocptest.TenantBilling}
	for _, tc := range []struct {
		name    string
		attrs   []string
		prepare func(*ocptest.Server)
		// want are patterns of the output; failing, that the apply fails.
		want    []string
		failing bool
		started int
	}{
		{name: "tenants appear one by one", started: 1, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, Stagger: true, AppearAt: 1})
		}, want: []string{"is DONE \\(task {0} of tenant 1001 DONE, task {1} of tenant 1002 DONE\\)"}},
		{name: "a tenant left out", started: 1, failing: true, attrs: []string{`timeout = "3s"`}, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, LeaveOut: []int64{ocptest.TenantBilling}})
		}, want: []string{"tenant 1002 has no task DONE yet", "timeout \\(3s\\) ran out"}},
		{name: "no tenant listed", failing: true, prepare: func(s *ocptest.Server) {
			s.SetBackupInfo(key.ClusterID, fmt.Sprintf(`{"clusterId": %d, "tenantBackupInfos": []}`, key.ClusterID))
		}, want: []string{"lists no tenant that is online", "No backup was started"}},
		{name: "a backup of no stated mode meanwhile", started: 1, prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, AppearAt: 3})
			s.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 900, Tenant: ocptest.TenantOrders, Status: "DONE"})
		}, want: []string{"task 900 of tenant 1001 DONE \\(it states no dataBackupTaskType, so it does not prove this backup\\)",
			"is DONE \\(task {0} of tenant 1001 DONE, task 900 of tenant 1001 DONE .*task {1} of tenant 1002 DONE\\)"}},
		{name: "a backup started during a 429", failing: true, prepare: func(s *ocptest.Server) {
			s.Inject(ocptest.RouteBackupNow, key.ClusterID, ocptest.Error(http.StatusTooManyRequests, 429, "too many requests"))
			s.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 904, Tenant: ocptest.TenantOrders,
				Mode: "FULL_BACKUP", Status: "DOING"})
		}, want: []string{"shows a backup that started meanwhile \\(task 904 of tenant 1001\\)", "was not sent again"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			tc.prepare(srv)
			out, err := invokeBackupNow(t, srv, append([]string{fmt.Sprintf("cluster_id = %d", key.ClusterID)}, tc.attrs...)...)
			if (err != nil) != tc.failing {
				t.Fatalf("error %v, want failing %v:\n%s", err, tc.failing, out)
			}
			own := srv.BackupTaskIDs(key)
			for _, want := range tc.want {
				for i, id := range own {
					if i < len(tenants) {
						want = strings.ReplaceAll(want, fmt.Sprintf("{%d}", i), fmt.Sprint(id))
					}
				}
				if !errorPattern(want).MatchString(out) {
					t.Errorf("no %q in the output:\n%s", want, out)
				}
			}
			if n := srv.BackupsStarted(key); n != tc.started {
				t.Errorf("%d backups started, want %d", n, tc.started)
			}
		})
	}
}
