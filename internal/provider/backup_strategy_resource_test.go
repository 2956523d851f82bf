package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const strategyAddress = "ocp_backup_strategy.test"

// strategyStorageSecret is the OSS secret of strategyConfig's storage.
const strategyStorageSecret = "oss-Secret-4f9c2e"

// strategyOptions vary strategyConfig; zero values keep the defaults.
type strategyOptions struct {
	tenantID      int64
	mode          string // WEEK
	time          string // "02:00+08:00"
	fullDays      string // "[1]"
	incDays       string // "[3, 5]"; "-" leaves it out
	enabled       *bool
	retentionDays int // 14; -1 leaves retention out
	timeouts      string
	storage       string // replaces the storage object
	extra         string // more top-level attributes
	// protect leaves deletion_protection to its default, true; otherwise
	// it is false, so that the test's destroy may delete the strategy.
	protect bool
}

// strategyConfig is ocp_backup_strategy.test on clusterID, reached with HTTP
// Basic, plus the overview of the cluster read after it.
func strategyConfig(srv *ocptest.Server, clusterID int64, o strategyOptions) string {
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	var b strings.Builder
	b.WriteString(basicProvider(srv))
	fmt.Fprintf(&b, "resource \"ocp_backup_strategy\" \"test\" {\n  cluster_id  = %d\n", clusterID)
	if o.tenantID != 0 {
		fmt.Fprintf(&b, "  tenant_id   = %d\n", o.tenantID)
	}
	b.WriteString("  backup_mode = \"PHYSICAL_BACKUP\"\n  schedule = {\n")
	fmt.Fprintf(&b, "    mode = %q\n    time = %q\n    full_backup_days = %s\n", def(o.mode, "WEEK"), def(o.time, "02:00+08:00"), def(o.fullDays, "[1]"))
	if o.incDays != "-" {
		fmt.Fprintf(&b, "    incremental_backup_days = %s\n", def(o.incDays, "[3, 5]"))
	}
	if o.enabled != nil {
		fmt.Fprintf(&b, "    enabled = %v\n", *o.enabled)
	}
	b.WriteString("  }\n")
	switch {
	case o.retentionDays == 0:
		b.WriteString("  retention = {\n    days = 14\n    clean_time = \"05:00+08:00\"\n  }\n")
	case o.retentionDays > 0:
		fmt.Fprintf(&b, "  retention = {\n    days = %d\n    clean_time = \"05:00+08:00\"\n  }\n", o.retentionDays)
	}
	storage := o.storage
	if storage == "" {
		storage = fmt.Sprintf(`{
    config_name       = "oss_prod"
    type              = "OSS"
    url               = "my-bucket/ob/prod"
    endpoint          = "oss-cn-hangzhou.aliyuncs.com"
    access_key_id     = "AKIDEXAMPLE"
    access_key_secret = %q
  }`, strategyStorageSecret)
	}
	fmt.Fprintf(&b, "  storage = %s\n", storage)
	if o.timeouts != "" {
		fmt.Fprintf(&b, "  timeouts = %s\n", o.timeouts)
	}
	b.WriteString(o.extra)
	if !o.protect {
		b.WriteString("  deletion_protection = false\n")
	}
	b.WriteString("}\n")
	fmt.Fprintf(&b, `
data "ocp_cluster_backup_overview" "after" {
  cluster_id = %d
  depends_on = [ocp_backup_strategy.test]
}
`, clusterID)
	return b.String()
}

func boolRef(v bool) *bool { return &v }

// strategyCheckDestroy checks that the fake holds no strategy at key once
// Terraform has destroyed it.
func strategyCheckDestroy(srv *ocptest.Server, key ocptest.StrategyKey) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if s := srv.Strategy(key); s != nil {
			return fmt.Errorf("the strategy of %s is still in OCP after destroy: %v", key, s)
		}
		return nil
	}
}

// strategyCheck is a check of the fake's state after a step.
func strategyCheck(check func() error) statecheck.StateCheck { return fakeCheck{check} }

type fakeCheck struct{ check func() error }

func (c fakeCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check()
}

func scheduleOf(s map[string]any) map[string]any {
	m, _ := s["obBackupScheduleConfig"].(map[string]any)
	return m
}

func TestBackupStrategyResourceLifecycle(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	overview := "data.ocp_cluster_backup_overview.after"
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{
				// Create; the framework's plan after apply proves "no changes"
				// against OCP's "02:00:00.000+08:00".
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("id"), knownvalue.StringExact(fmt.Sprint(ocptest.ClusterNoStrategy))),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("strategy_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("storage_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("schedule").AtMapKey("time"), knownvalue.StringExact("02:00+08:00")),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("thresholds").AtMapKey("log_backup_delay_seconds"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue(overview, tfjsonpath.New("ob_cluster_backup_status"), knownvalue.StringExact("HAS_BACKUP_STRATEGY")),
					statecheck.ExpectKnownValue(overview, tfjsonpath.New("backup_schedule_status"), knownvalue.StringExact("NORMAL")),
					strategyCheck(func() error {
						body := srv.LastStrategyBody(key)
						sched := scheduleOf(body)
						if fmt.Sprint(sched["dayAndDataBackupModelMap"]) != "map[1:FULL_BACKUP 3:INCREMENTAL_BACKUP 5:INCREMENTAL_BACKUP]" {
							return fmt.Errorf("days sent: %v", sched["dayAndDataBackupModelMap"])
						}
						if !strings.Contains(fmt.Sprint(body), strategyStorageSecret) {
							return fmt.Errorf("the secret was not sent: %v", body)
						}
						if n := srv.StrategyWrites(key); n != 1 {
							return fmt.Errorf("%d writes after create", n)
						}
						return nil
					}),
				},
			},
			{
				// Update in place: one PATCH of the whole strategy.
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{fullDays: "[1, 4]", incDays: "[6]", retentionDays: 30, time: "03:30+08:00"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("retention").AtMapKey("days"), knownvalue.Int64Exact(30)),
					strategyCheck(func() error {
						sched := scheduleOf(srv.Strategy(key))
						if sched["backupScheduleTime"] != "03:30:00.000+08:00" || fmt.Sprint(sched["backupDataRetentionDays"]) != "30" {
							return fmt.Errorf("OCP holds %v", sched)
						}
						if n := srv.StrategyRequests(ocptest.OpUpdateStrategy, key); n != 1 {
							return fmt.Errorf("%d PATCH requests", n)
						}
						return nil
					}),
				},
			},
			{
				// Pause: stopSchedule, not a PATCH.
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{fullDays: "[1, 4]", incDays: "[6]", retentionDays: 30, time: "03:30+08:00", enabled: boolRef(false)}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(overview, tfjsonpath.New("backup_schedule_status"), knownvalue.StringExact("PAUSED")),
					strategyCheck(func() error {
						if n := srv.StrategyRequests(ocptest.OpStopSchedule, key); n != 1 {
							return fmt.Errorf("%d stopSchedule requests", n)
						}
						if n := srv.StrategyRequests(ocptest.OpUpdateStrategy, key); n != 1 {
							return fmt.Errorf("%d PATCH requests; pausing must not PATCH", n)
						}
						return nil
					}),
				},
			},
			{
				// Resume: startSchedule.
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{fullDays: "[1, 4]", incDays: "[6]", retentionDays: 30, time: "03:30+08:00", enabled: boolRef(true)}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(overview, tfjsonpath.New("backup_schedule_status"), knownvalue.StringExact("NORMAL")),
					strategyCheck(func() error {
						if n := srv.StrategyRequests(ocptest.OpStartSchedule, key); n != 1 {
							return fmt.Errorf("%d startSchedule requests", n)
						}
						return nil
					}),
				},
			},
			{
				// Import: everything but the secret OCP does not return.
				ResourceName:            strategyAddress,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"storage.access_key_secret", "deletion_protection"},
			},
		},
	})
}

// Without startSchedule/stopSchedule (OCP before 4.3), pausing PATCHes.
func TestBackupStrategyResourcePauseByPatch(t *testing.T) {
	srv := newServer(t)
	srv.DisableScheduleEndpoints()
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{time: "18:00:00Z"})},
			{
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{time: "18:00:00Z", enabled: boolRef(false)}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ocp_cluster_backup_overview.after", tfjsonpath.New("backup_schedule_status"), knownvalue.StringExact("PAUSED")),
					strategyCheck(func() error {
						if n := srv.StrategyRequests(ocptest.OpUpdateStrategy, key); n != 1 {
							return fmt.Errorf("%d PATCH requests, want 1", n)
						}
						if enabled := scheduleOf(srv.LastStrategyBody(key))["backupScheduleEnabled"]; enabled != false {
							return fmt.Errorf("backupScheduleEnabled sent as %v", enabled)
						}
						return nil
					}),
				},
			},
		},
	})
}

// A strategy deleted or changed in OCP's console is planned back.
func TestBackupStrategyResourceDrift(t *testing.T) {
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
						scheduleOf(s)["backupDataRetentionDays"] = 3
						scheduleOf(s)["backupScheduleTime"] = "04:00:00.000+08:00"
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("retention").AtMapKey("days"), knownvalue.Int64Exact(14)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
					sched := scheduleOf(srv.Strategy(key))
					if fmt.Sprint(sched["backupDataRetentionDays"]) != "14" || sched["backupScheduleTime"] != "02:00:00.000+08:00" {
						return fmt.Errorf("OCP holds %v after the correction", sched)
					}
					return nil
				})},
			},
			{
				PreConfig: func() { srv.DeleteStrategyBehindTerraform(key) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
					if srv.Strategy(key) == nil {
						return fmt.Errorf("the strategy was not created again")
					}
					return nil
				})},
			},
		},
	})
}

// The page shape and the 404 shape of "no strategy" work end to end.
func TestBackupStrategyResourceAnswerShapes(t *testing.T) {
	for name, shape := range map[string]ocptest.StrategyShape{"page": ocptest.ShapePage, "404": ocptest.ShapeNotFound} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t)
			srv.SetStrategyShape(shape)
			key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				CheckDestroy:             strategyCheckDestroy(srv, key),
				Steps: []resource.TestStep{
					{Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})},
					{ResourceName: strategyAddress, ImportState: true, ImportStateVerify: true,
						ImportStateVerifyIgnore: []string{"storage.access_key_secret", "deletion_protection"}},
				},
			})
		})
	}
}

func TestBackupStrategyResourceTenant(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy, TenantID: 9}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{tenantID: 9}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("id"), knownvalue.StringExact(fmt.Sprintf("%d/9", ocptest.ClusterNoStrategy))),
				},
			},
			{ResourceName: strategyAddress, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"storage.access_key_secret", "deletion_protection"}},
		},
	})
}

func TestBackupStrategyResourceCreateWhereOneExists(t *testing.T) {
	srv := newServer(t)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      strategyConfig(srv, ocptest.ClusterHealthy, strategyOptions{}),
			ExpectError: errorPattern(fmt.Sprintf(`already exists for cluster %d.*terraform import`, ocptest.ClusterHealthy)),
		}},
	})
}

func TestBackupStrategyResourceFailures(t *testing.T) {
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	cases := []struct {
		name    string
		setup   func(*ocptest.Server)
		options strategyOptions
		want    string
	}{
		{
			name:  "failed task",
			setup: func(s *ocptest.Server) { s.QueueTasks(ocptest.TaskPlan{Polls: 1, FailSubtask: "Start log archive"}) },
			want:  `OCP task \d+ \(Create backup strategy\) failed in subtask \d+ \(Start log archive\)`,
		},
		{
			name: "beSuccessful false",
			setup: func(s *ocptest.Server) {
				s.FailNextWrite(ocptest.BeSuccessfulFalse{Hint: "The backup storage is unreachable.", ErrorCode: "BACKUP_STORAGE_UNREACHABLE"})
			},
			want: `error code BACKUP_STORAGE_UNREACHABLE: The backup storage is unreachable.`,
		},
		{
			name:    "timeout",
			setup:   func(s *ocptest.Server) { s.QueueTasks(ocptest.TaskPlan{Polls: -1}) },
			options: strategyOptions{timeouts: `{ create = "2s" }`},
			want:    `OCP task \d+ \(Create backup strategy\) was still RUNNING when the wait ended: the timeout ran out`,
		},
		{
			name: "OCP rejects the body",
			setup: func(s *ocptest.Server) {
				s.InjectStrategy(ocptest.OpCreateStrategy, key, ocptest.Error(400, "COM10002", "obBackupServiceStorageConfig.configName: already used"))
			},
			want: `HTTP 400.*error code COM10002: obBackupServiceStorageConfig.configName: already used \[trace id`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			tc.setup(srv)
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				CheckDestroy:             strategyCheckDestroy(srv, key),
				Steps: []resource.TestStep{{
					Config:      strategyConfig(srv, ocptest.ClusterNoStrategy, tc.options),
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

// A write refused with 429 is sent again and made once; a write whose
// answer is lost is not sent again: the provider reads the strategy back.
func TestBackupStrategyResourceRetriedWriteNotDoubled(t *testing.T) {
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	cases := map[string]struct {
		fault        ocptest.Fault
		wantRequests int
	}{
		"429 then success": {ocptest.Fault{Status: 429, Message: "Excessive number of requests",
			Header: map[string]string{"Retry-After": "0"}}, 2},
		"answer lost": {ocptest.Fault{CloseAfter: 10}, 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t)
			srv.InjectStrategy(ocptest.OpCreateStrategy, key, tc.fault)
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				CheckDestroy:             strategyCheckDestroy(srv, key),
				Steps: []resource.TestStep{{
					Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}),
					ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
						if n := srv.StrategyRequests(ocptest.OpCreateStrategy, key); n != tc.wantRequests {
							return fmt.Errorf("%d create requests, want %d", n, tc.wantRequests)
						}
						if n := srv.StrategyWrites(key); n != 1 {
							return fmt.Errorf("%d strategies created, want 1", n)
						}
						return nil
					})},
				}},
			})
		})
	}
}

// The write-only secret is sent, never stored, sent again when its version
// changes, and not otherwise (Terraform 1.11 and later: write-only
// attributes).
func TestBackupStrategyResourceWriteOnlySecret(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	storage := func(secret string, version int) string {
		return fmt.Sprintf(`{
    config_name                  = "s3_prod"
    type                         = "S3"
    url                          = "bucket/ob"
    endpoint                     = "s3.us-east-1.amazonaws.com"
    access_key_id                = "AKIDEXAMPLE"
    access_key_secret_wo         = %q
    access_key_secret_wo_version = %d
    region                       = "us-east-1"
  }`, secret, version)
	}
	sentSecret := func(want string) statecheck.StateCheck {
		return strategyCheck(func() error {
			if body := fmt.Sprint(srv.LastStrategyBody(key)); !strings.Contains(body, "accessKeySecret:"+want) {
				return fmt.Errorf("OCP did not get secret %s: %s", want, body)
			}
			return nil
		})
	}
	noSecretInState := statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("storage").AtMapKey("access_key_secret_wo"), knownvalue.Null())
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{
				Config:            strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{storage: storage("wo-first-0001", 1)}),
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState, sentSecret("wo-first-0001")},
			},
			{
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{storage: storage("wo-second-0002", 2)}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState, sentSecret("wo-second-0002")},
			},
			{
				// A stale value in the variable, the version unchanged: an
				// update of something else sends no secret at all.
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{storage: storage("wo-stale-9999", 2), retentionDays: 30}),
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState, strategyCheck(func() error {
					body := srv.LastStrategyBody(key)
					if s := sentSecretOf(body); s != "" || fmt.Sprint(scheduleOf(body)["backupDataRetentionDays"]) != "30" {
						return fmt.Errorf("the update sent secret %q, schedule %v", s, scheduleOf(body))
					}
					if s := srv.StrategySecret(key); s != "wo-second-0002" {
						return fmt.Errorf("OCP holds secret %q", s)
					}
					return nil
				})},
			},
		},
	})
}

func TestBackupStrategyResourcePlanTimeValidation(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	file := func(extra string) string {
		return fmt.Sprintf(`{
    config_name = "nfs"
    type        = "FILE"
    url         = "/obbackup"
    %s
  }`, extra)
	}
	oss := func(lines string) string {
		return fmt.Sprintf(`{
    config_name = "oss"
    type        = "OSS"
    url         = "bucket/ob"
    %s
  }`, lines)
	}
	cases := map[string]struct {
		options strategyOptions
		want    string
	}{
		"weekday 8":              {strategyOptions{fullDays: "[8]"}, `day 8 is out of range: days run from 1 \(Monday\) to 7`},
		"day in both":            {strategyOptions{fullDays: "[1, 3]"}, `day 3 is in both full_backup_days and incremental_backup_days`},
		"day 32":                 {strategyOptions{mode: "MONTH", fullDays: "[32]", incDays: "-"}, `full_backup_days`},
		"eleven days in MONTH":   {strategyOptions{mode: "MONTH", fullDays: "[1,2,3,4,5,6]", incDays: "[7,8,9,10,11]"}, `schedule.full_backup_days: OCP allows at most 10 days for MONTH in full_backup_days and incremental_backup_days together; 11 are chosen`},
		"no full day":            {strategyOptions{fullDays: "[]"}, `full_backup_days`},
		"hour 25":                {strategyOptions{time: "25:00+08:00"}, `"25:00\+08:00" is not a time of day with its offset`},
		"time without offset":    {strategyOptions{time: "02:00"}, `"02:00" is not a time of day with its offset`},
		"URL with a scheme":      {strategyOptions{storage: `{ config_name = "o", type = "OSS", url = "oss://bucket/ob", endpoint = "e", access_key_id = "a", access_key_secret = "s" }`}, `without "oss://"`},
		"OSS without endpoint":   {strategyOptions{storage: oss(`access_key_id = "a"` + "\n" + `access_key_secret = "s"`)}, `storage type OSS needs storage.endpoint`},
		"OSS without secret":     {strategyOptions{storage: oss(`endpoint = "e"` + "\n" + `access_key_id = "a"`)}, `storage.access_key_secret_wo: this plan creates the strategy, which sends the OSS storage secret to OCP, and none is configured`},
		"FILE with a key":        {strategyOptions{storage: file(`access_key_id = "a"`)}, `storage type FILE does not take storage.access_key_id`},
		"COS without app_id":     {strategyOptions{storage: `{ config_name = "c", type = "COS", url = "b/o", endpoint = "e", access_key_id = "a", access_key_secret = "s" }`}, `storage type COS needs storage.app_id`},
		"logical-only threshold": {strategyOptions{extra: "  thresholds = { lib_ob_log_expire_days = 3 }\n"}, `LOGICAL_BACKUP only`},
		"tenant 0":               {strategyOptions{tenantID: -1}, `tenant_id`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			planFails(t, strategyConfig(srv, ocptest.ClusterNoStrategy, tc.options), tc.want)
		})
	}
}

func TestOffsetTimeForms(t *testing.T) {
	same := [][2]string{
		{"02:00+08:00", "02:00:00.000+08:00"}, {"02:00:00+08:00", "02:00:00.000+08:00"},
		{"18:00Z", "18:00:00.000Z"}, {"18:00Z", "18:00+00:00"}, {"23:59:59.5-03:30", "23:59:59.500-03:30"},
	}
	for _, pair := range same {
		a, errA := parseOffsetTime(pair[0])
		b, errB := parseOffsetTime(pair[1])
		if errA != nil || errB != nil || a != b {
			t.Errorf("%s and %s differ: %v %v", pair[0], pair[1], errA, errB)
		}
	}
	if a, _ := parseOffsetTime("02:00+08:00"); a == (offsetTime{nanos: 18 * 3600 * 1e9}) {
		t.Error("02:00+08:00 equals 18:00Z: the offset is part of the schedule")
	}
	for _, bad := range []string{"2:00+08:00", "24:00Z", "02:60Z", "02:00", "02:00+19:00", "02:00+08:60", "02:00 +08:00"} {
		if _, err := parseOffsetTime(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	for in, want := range map[string]string{"02:00:00.000+08:00": "02:00+08:00", "02:00:30.000Z": "02:00:30Z", "02:00:00.250+08:00": "02:00:00.25+08:00"} {
		if got := shortOffsetTime(in); got != want {
			t.Errorf("shortOffsetTime(%q) = %q, want %q", in, got, want)
		}
	}
}

// At TF_LOG=trace the strategy's request bodies are logged, and the storage
// secret appears nowhere in Terraform's output, not even when OCP quotes it
// back in an error.
func TestBackupStrategyTraceLogsShowNoStorageSecret(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	srv.InjectStrategy(ocptest.OpUpdateStrategy, key, ocptest.Error(400, "COM10002", "invalid accessKeySecret "+strategyStorageSecret))
	config := strings.Replace(strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{}), "days = 14", "days = var.days", 1) +
		"variable \"days\" {\n  type = number\n}\n"
	run := terraformDir(t, config, "TF_LOG=trace")
	out, err := run("apply", "-auto-approve", "-input=false", "-no-color", "-var=days=14")
	if err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	if !strings.Contains(out, "request_body") || !strings.Contains(out, "<redacted>") {
		t.Errorf("the trace log has no redacted request body")
	}
	if n := strings.Count(out, strategyStorageSecret); n > 0 {
		t.Errorf("the output of the create shows the storage secret %d times", n)
	}
	out, err = run("apply", "-auto-approve", "-input=false", "-no-color", "-var=days=20")
	if err == nil || !strings.Contains(out, "invalid accessKeySecret") {
		t.Fatalf("the refused update: err = %v\n%s", err, out)
	}
	if n := strings.Count(out, strategyStorageSecret); n > 0 {
		t.Errorf("the output of the refused update shows the storage secret %d times", n)
	}
	if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color", "-var=days=14"); err != nil {
		t.Fatalf("terraform destroy: %v\n%s", err, out)
	}
}

// An update or a delete whose answer is lost is not sent again: the
// provider reads the strategy back and finds the write done.
func TestBackupStrategyResourceLostAnswers(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if n := srv.StrategyRequests(ocptest.OpDeleteStrategy, key); n != 1 {
				return fmt.Errorf("%d DELETE requests, want 1", n)
			}
			return strategyCheckDestroy(srv, key)(s)
		},
		Steps: []resource.TestStep{
			{Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{})},
			{
				PreConfig: func() {
					srv.InjectStrategy(ocptest.OpUpdateStrategy, key, ocptest.Fault{CloseAfter: 10})
					srv.InjectStrategy(ocptest.OpDeleteStrategy, key, ocptest.Fault{CloseAfter: 10})
				},
				Config: strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{retentionDays: 21}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("retention").AtMapKey("days"), knownvalue.Int64Exact(21)),
					strategyCheck(func() error {
						if n := srv.StrategyRequests(ocptest.OpUpdateStrategy, key); n != 1 {
							return fmt.Errorf("%d PATCH requests, want 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// An import block plans no change against the same configuration when no
// secret is involved (FILE storage).
func TestBackupStrategyResourceImportBlock(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{protect: true, storage: `{
    config_name = "nfs"
    type        = "FILE"
    url         = "/obbackup/payments"
  }`})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, ResourceName: strategyAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			unprotectStep(srv, key, config, nil),
		},
	})
}
