package provider

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// A create whose task outlives the timeout leaves a strategy in OCP: it
// stays in state, tainted, so that Terraform still knows it and a destroy
// removes it, instead of a next apply failing with "already exists"; the
// error says so, and how to keep the strategy instead.
func TestBackupStrategyHostileTimeoutKeepsStrategyInState(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	srv.QueueTasks(ocptest.TaskPlan{Polls: -1})
	run := terraformDir(t, strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{timeouts: `{ create = "2s" }`}))
	out, err := run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil || !strings.Contains(out, "the timeout ran out") {
		t.Fatalf("apply: err = %v\n%s", err, out)
	}
	if !errorPattern(`timeouts.create \(2s\) ran out`).MatchString(out) {
		t.Errorf("the error does not say which timeout to raise:\n%s", out)
	}
	if srv.Strategy(key) == nil {
		t.Fatal("the fake holds no strategy after the create")
	}
	if !errorPattern("Terraform marks it tainted: the next apply replaces it.*run `terraform untaint` on this resource's address").MatchString(out) {
		t.Errorf("the error does not say the strategy is tainted and what to do:\n%s", out)
	}
	out, err = run("plan", "-input=false", "-no-color")
	if err != nil || !errorPattern(strategyAddress+` is tainted, so must be replaced`).MatchString(out) {
		t.Fatalf("the strategy OCP holds is not in state, tainted: err = %v\n%s", err, out)
	}
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if srv.Strategy(key) != nil {
		t.Error("destroy left the strategy in OCP")
	}
}

// An update OCP refuses leaves the state as it was: a new secret (which OCP
// never returns, so a refresh cannot correct it) is not recorded as sent,
// and the next plan tries again.
func TestBackupStrategyHostileRefusedUpdateKeepsPriorState(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	withSecret := func(secret string) string {
		return strings.Replace(strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}), strategyStorageSecret, secret, 1)
	}
	rotated := withSecret("oss-Rotated-77aa01")
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: withSecret(strategyStorageSecret)},
			{
				PreConfig: func() {
					srv.InjectStrategy(ocptest.OpUpdateStrategy, key, ocptest.Error(400, "COM10002", "the storage cannot be reached"))
				},
				Config:      rotated,
				ExpectError: errorPattern(`the storage cannot be reached`),
			},
			{Config: rotated, PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: rotated},
		},
	})
}

// OCP writing a time's offset without its colon ("+0800", as in its
// timestamps) is the same time: no diff.
func TestBackupStrategyHostileOffsetWithoutColonIsNoDiff(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					srv.EditStrategyBehindTerraform(key, func(s map[string]any) {
						scheduleOf(s)["backupScheduleTime"] = "02:00:00.000+0800"
						scheduleOf(s)["cleanScheduleTime"] = "05:00:00+0800"
					})
				},
				Config:   config,
				PlanOnly: true,
			},
			{
				ResourceName: strategyAddress, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"storage.access_key_secret", "deletion_protection", "schedule.time", "retention.clean_time"},
			},
		},
	})
}

// alarmStoragePercentageThreshold where OCP's tables put it, inside
// obBackupStorageBaseInfo, is read as well as where its samples put it.
func TestBackupStrategyHostileAlarmThresholdInBaseInfo(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					srv.EditStrategyBehindTerraform(key, func(s map[string]any) {
						storage := s["obBackupServiceStorageConfig"].(map[string]any)
						storage["obBackupStorageBaseInfo"].(map[string]any)["alarmStoragePercentageThreshold"] = storage["alarmStoragePercentageThreshold"]
						delete(storage, "alarmStoragePercentageThreshold")
					})
				},
				ResourceName: strategyAddress, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"storage.access_key_secret", "deletion_protection"},
			},
		},
	})
}

// Times no time zone has, or that OCP would not parse, fail at plan time.
func TestBackupStrategyHostileTimeValidation(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	for name, tc := range map[string]struct{ time, want string }{
		"offset beyond +14:00":  {"02:00+15:00", `within -14:00 and \+14:00`},
		"offset beyond -14:00":  {"02:00-14:30", `within -14:00 and \+14:00`},
		"hour 24":               {"24:00+08:00", `"24:00\+08:00" is not a time of day`},
		"minute 60":             {"02:60Z", `"02:60Z" is not a time of day`},
		"clean time beyond +14": {"", `"05:00\+14:01" is not a time of day.*within -14:00`},
	} {
		t.Run(name, func(t *testing.T) {
			o := strategyOptions{time: tc.time}
			config := strategyConfig(srv, ocptest.ClusterNoStrategy, o)
			if tc.time == "" {
				config = strings.Replace(config, `clean_time = "05:00+08:00"`, `clean_time = "05:00+14:01"`, 1)
			}
			planFails(t, config, tc.want)
		})
	}
	for _, ok := range []string{"02:00+14:00", "02:00-12:00", "23:59:59.999999999Z"} {
		if _, err := parseOffsetTime(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// A failed task's diagnostic summary reads as a sentence naming the
// strategy.
func TestBackupStrategyHostileFailedTaskSummary(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	srv.QueueTasks(ocptest.TaskPlan{Polls: 0, FailSubtask: "Check backup storage"})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{{
			Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}),
			ExpectError: errorPattern(fmt.Sprintf(`Error: Unable to finish creating the backup strategy of cluster %d .*`+
				`OCP task \d+ \(Create backup strategy\) failed in subtask \d+ \(Check backup storage\)`, ocptest.ClusterNoStrategy)),
		}},
	})
}

// A storage secret OCP echoes in another spelling (URL-encoded, as in a
// URL it quotes) is masked like the secret itself, in diagnostics and at
// TF_LOG=trace.
func TestBackupStrategyHostileSecretEchoedEncoded(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY"
	encoded := strings.NewReplacer("/", "%2F", "+", "%2B").Replace(secret)
	srv.InjectStrategy(ocptest.OpCreateStrategy, key, ocptest.Error(400, "COM10002",
		"cannot reach oss://my-bucket/ob/prod?AccessKeyId=AKIDEXAMPLE&Key="+encoded))
	config := strings.Replace(strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}), strategyStorageSecret, secret, 1)
	for _, level := range []string{"", "TF_LOG=trace"} {
		out, err := runTerraform(t, config, []string{level}, "apply", "-auto-approve", "-input=false", "-no-color")
		if err == nil || !errorPattern("cannot reach oss://").MatchString(out) {
			t.Fatalf("%s apply: err = %v\n%s", level, err, out)
		}
		for _, form := range []string{secret, encoded} {
			if n := strings.Count(out, form); n > 0 {
				t.Errorf("%s: the output shows the storage secret as %q %d times", level, form, n)
			}
		}
		srv.InjectStrategy(ocptest.OpCreateStrategy, key, ocptest.Error(400, "COM10002",
			"cannot reach oss://my-bucket/ob/prod?AccessKeyId=AKIDEXAMPLE&Key="+encoded))
	}
}

// A storage secret too short to mask wherever it occurs is warned of at
// plan time, as the provider's own password is.
func TestBackupStrategyHostileShortSecretWarned(t *testing.T) {
	srv := newServer(t)
	config := strings.Replace(strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}), strategyStorageSecret, "sk-12", 1)
	out, err := runTerraform(t, config, nil, "validate", "-no-color")
	if err != nil || !strings.Contains(out, "too short to keep out of logs") {
		t.Fatalf("validate: err = %v\n%s", err, out)
	}
}

// An OCP without startSchedule/stopSchedule may say so in any 404 or 405,
// not only OCP's "no such API" code: pausing then falls back to the PATCH,
// which carries the whole strategy and fails itself should the strategy be
// gone.
func TestBackupStrategyHostilePauseFallsBackOnAnyMissingEndpoint(t *testing.T) {
	answers := map[string]ocptest.Fault{
		"Spring 404": {Status: 404, Body: `{"timestamp":"2024-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/api/v2"}`},
		"HTML 404":   {Status: 404, Body: "<html><body>Not Found</body></html>", Header: map[string]string{"Content-Type": "text/html"}},
		"405":        {Status: 405, Code: "COM10000", Message: "Request method 'POST' not supported"},
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t)
			key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				CheckDestroy:             strategyCheckDestroy(srv, key),
				Steps: []resource.TestStep{
					{Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})},
					{
						PreConfig: func() { srv.InjectStrategy(ocptest.OpStopSchedule, key, answer) },
						Config:    strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{enabled: boolRef(false)}),
						ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
							if enabled := scheduleOf(srv.Strategy(key))["backupScheduleEnabled"]; enabled != false {
								return fmt.Errorf("OCP's schedule is enabled = %v", enabled)
							}
							return nil
						})},
					},
				},
			})
		})
	}
}

// libObLogExpireDays means nothing to a physical backup, and the
// configuration may not set it there: OCP returning one must not plan a
// change that no configuration can resolve.
func TestBackupStrategyHostileLibObLogOnPhysicalIsNoDiff(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					srv.EditStrategyBehindTerraform(key, func(s map[string]any) {
						s["obBackupThresholdConfig"].(map[string]any)["libObLogExpireDays"] = 0
					})
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// Ctrl-C during the wait for a create's task: the strategy OCP accepted
// stays in state, tainted, and the error says what to do.
func TestBackupStrategyHostileInterruptedCreateIsTainted(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	srv.QueueTasks(ocptest.TaskPlan{Polls: -1})
	run, command := terraformWorkdir(t, strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}))
	cmd := command("apply", "-auto-approve", "-input=false", "-no-color")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Start())
	deadline := time.Now().Add(time.Minute)
	for srv.Strategy(key) == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	must(t, cmd.Process.Signal(syscall.SIGINT))
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the interrupted apply passed:\n%s", out.String())
	}
	if !errorPattern("Terraform marks it tainted.*terraform untaint").MatchString(out.String()) {
		t.Errorf("the error does not say the strategy is tainted and what to do:\n%s", out.String())
	}
	plan, err := run("plan", "-input=false", "-no-color")
	if err != nil || !errorPattern(strategyAddress+` is tainted, so must be replaced`).MatchString(plan) {
		t.Fatalf("the strategy OCP holds is not in state, tainted: err = %v\n%s", err, plan)
	}
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
}

// terraform apply -replace and a tainted strategy plan their create with no
// prior state, so the plan-time check never sees their delete: with
// deletion_protection on, Delete refuses them before any request, and the
// strategy OCP holds stays.
func TestBackupStrategyHostileReplaceRespectsProtection(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	run, _ := terraformWorkdir(t, strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{protect: true}))
	if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	route, id := ocptest.StrategyRoute(ocptest.OpDeleteStrategy, false), key.ClusterID
	for _, step := range [][]string{
		{"apply", "-auto-approve", "-input=false", "-no-color", "-replace=" + strategyAddress},
		{"taint", strategyAddress},
		{"apply", "-auto-approve", "-input=false", "-no-color"},
	} {
		out, err := run(step...)
		if step[0] == "taint" {
			if err != nil {
				t.Fatalf("taint: %v\n%s", err, out)
			}
			continue
		}
		if err == nil || !errorPattern(`Deletion protection is on.*deletion_protection: this plan deletes or replaces`).MatchString(out) {
			t.Fatalf("%v: the protected strategy was not refused its delete: err = %v\n%s", step, err, out)
		}
		if n := srv.Requests(route, id); n != 0 {
			t.Fatalf("%v: %d DELETE requests reached OCP", step, n)
		}
		if srv.Strategy(key) == nil {
			t.Fatalf("%v: the strategy is gone from OCP", step)
		}
	}
}
