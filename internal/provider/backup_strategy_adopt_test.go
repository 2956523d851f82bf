package provider

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Adopting strategies made in OCP's console: import, generated
// configuration, plans that show no change, updates that need no secret.

// storageConfigOf is the storage object of the strategy OCP holds at key.
func storageConfigOf(s map[string]any) map[string]any {
	m, _ := s["obBackupServiceStorageConfig"].(map[string]any)
	return m
}

// sentSecretOf is the storage secret a request body carried, or "".
func sentSecretOf(body map[string]any) string {
	base, _ := storageConfigOf(body)["obBackupStorageBaseInfo"].(map[string]any)
	for _, k := range []string{"ossAccessKey", "cosAccessKey", "s3AccessKey"} {
		if key, ok := base[k].(map[string]any); ok {
			secret, _ := key["accessKeySecret"].(string)
			return secret
		}
	}
	return ""
}

var secretLineRE = regexp.MustCompile(`(?m)^ *access_key_secret = .*\n`)

// withoutSecret is a strategyConfig without its storage secret.
func withoutSecret(config string) string { return secretLineRE.ReplaceAllString(config, "") }

// planSummary is the "Plan: ..." line of a terraform plan's output.
var planSummaryRE = regexp.MustCompile(`Plan: [^\n]*\.`)

// Each storage type, at cluster and tenant level: import blocks and
// -generate-config-out write a configuration whose next plan imports and
// changes nothing, with no secret; an update then works without one, and
// OCP keeps the secret it holds.
func TestBackupStrategyGeneratedConfigPlansClean(t *testing.T) {
	cases := []struct {
		storageType string
		tenant      int64
	}{{"FILE", 0}, {"OSS", 0}, {"COS", 0}, {"S3", 0}, {"S3", 9}}
	for _, tc := range cases {
		key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy, TenantID: tc.tenant}
		t.Run(fmt.Sprintf("%s %s", tc.storageType, key), func(t *testing.T) {
			srv := newServer(t)
			srv.PutStrategyBehindTerraform(key, ocptest.SampleStrategyBody(tc.storageType, true))
			held := srv.StrategySecret(key)
			run, command := terraformWorkdir(t, basicProvider(srv)+fmt.Sprintf(`
import {
  to = ocp_backup_strategy.adopted
  id = %q
}
`, key))
			if out, err := run("plan", "-generate-config-out=generated.tf", "-input=false", "-no-color"); err != nil {
				t.Fatalf("terraform plan -generate-config-out: %v\n%s", err, out)
			}
			out, err := run("plan", "-input=false", "-no-color")
			if got := planSummaryRE.FindString(out); err != nil || got != "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy." {
				t.Fatalf("the plan of the generated configuration: %q, err = %v\n%s", got, err, out)
			}
			if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("terraform apply (the import): %v\n%s", err, out)
			}
			if n := srv.StrategyWrites(key); n != 0 {
				t.Errorf("the import wrote to OCP %d times", n)
			}
			dir := strings.TrimPrefix(command().Args[1], "-chdir=")
			edit := func(from, to string) {
				t.Helper()
				file := filepath.Join(dir, "generated.tf")
				text, err := os.ReadFile(file)
				must(t, err)
				re := regexp.MustCompile(from)
				if !re.Match(text) {
					t.Fatalf("generated.tf has no %s:\n%s", from, text)
				}
				must(t, os.WriteFile(file, re.ReplaceAll(text, []byte(to)), 0o600))
			}
			edit(`(days\s*=\s*)14`, "${1}20")
			if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("terraform apply (an update without a secret): %v\n%s", err, out)
			}
			body := srv.LastStrategyBody(key)
			if secret := sentSecretOf(body); secret != "" {
				t.Errorf("the update sent a storage secret")
			}
			if id := storageConfigOf(body)["storageId"]; id == nil {
				t.Errorf("the update does not name the storage by storageId: %v", storageConfigOf(body))
			}
			if fmt.Sprint(scheduleOf(srv.Strategy(key))["backupDataRetentionDays"]) != "20" {
				t.Errorf("OCP holds %v after the update", scheduleOf(srv.Strategy(key)))
			}
			if got := srv.StrategySecret(key); got != held {
				t.Errorf("OCP's secret changed from %q to %q", held, got)
			}
			edit(`(deletion_protection\s*=\s*)true`, "${1}false")
			if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err == nil {
				t.Fatalf("destroy before deletion_protection = false was applied went ahead\n%s", out)
			}
			if out, err := run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("terraform apply deletion_protection = false: %v\n%s", err, out)
			}
			if out, err := run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil || srv.Strategy(key) != nil {
				t.Fatalf("terraform destroy: %v\n%s", err, out)
			}
		})
	}
}

// A strategy whose thresholds and storage alarm differ from the defaults
// imports with a configuration that leaves them out, and plans no change.
func TestBackupStrategyImportKeepsOCPSettings(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	body := ocptest.SampleStrategyBody("FILE", false)
	body["obBackupThresholdConfig"] = map[string]any{
		"dataBackupTimeoutMinutes": 100, "noSuccessfulDataBackupAlarmDays": 5, "logBackupDelaySeconds": 900,
	}
	storageConfigOf(body)["alarmStoragePercentageThreshold"] = 90
	scheduleOf(body)["startLogBackup"] = false
	srv.PutStrategyBehindTerraform(key, body)
	options := strategyOptions{protect: true, storage: `{
    config_name = "oss_prod"
    type        = "FILE"
    url         = "/obbackup/prod"
  }`}
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, options)
	options.retentionDays = 21
	changed := strategyConfig(srv, ocptest.ClusterNoStrategy, options)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{
				Config: config + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", strategyAddress, key),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("thresholds"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"data_backup_timeout_minutes":          knownvalue.Int64Exact(100),
						"no_successful_data_backup_alarm_days": knownvalue.Int64Exact(5),
						"log_backup_delay_seconds":             knownvalue.Int64Exact(900),
						"lib_ob_log_expire_days":               knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("storage").AtMapKey("alarm_storage_percentage_threshold"), knownvalue.Int64Exact(90)),
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("schedule").AtMapKey("enabled"), knownvalue.Bool(false)),
					strategyCheck(func() error {
						if n := srv.StrategyWrites(key); n != 0 {
							return fmt.Errorf("the import wrote to OCP %d times", n)
						}
						return nil
					}),
				},
			},
			{
				// An update of something else sends OCP's values back unchanged.
				Config: changed,
				ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
					body := srv.LastStrategyBody(key)
					th := fmt.Sprint(body["obBackupThresholdConfig"])
					if th != "map[dataBackupTimeoutMinutes:100 logBackupDelaySeconds:900 noSuccessfulDataBackupAlarmDays:5]" {
						return fmt.Errorf("thresholds sent: %s", th)
					}
					sched := scheduleOf(body)
					if fmt.Sprint(storageConfigOf(body)["alarmStoragePercentageThreshold"]) != "90" ||
						sched["startLogBackup"] != false || sched["backupScheduleEnabled"] != false {
						return fmt.Errorf("the update reset what OCP held: %v", body)
					}
					return nil
				})},
			},
			unprotectStep(srv, key, changed, nil),
		},
	})
}

// Unknown values (here from terraform_data, known only at apply) in each
// set and in scalars pass validate and plan; at apply they are checked
// before any request, and an invalid one fails naming its attribute.
func TestBackupStrategyUnknownValues(t *testing.T) {
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	unknowns := func(full, inc, clock string) string {
		return fmt.Sprintf(`
resource "terraform_data" "full" {
  input = %s
}
resource "terraform_data" "inc" {
  input = %s
}
resource "terraform_data" "time" {
  input = %q
}
resource "terraform_data" "days" {
  input = 9
}
`, full, inc, clock)
	}
	config := func(srv *ocptest.Server, full, inc, clock string) string {
		c := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{
			fullDays: "[terraform_data.full.output]", incDays: "[3, terraform_data.inc.output]", time: "TIME",
		})
		c = strings.Replace(c, `time = "TIME"`, "time = terraform_data.time.output", 1)
		c = strings.Replace(c, "days = 14", "days = terraform_data.days.output", 1)
		return c + unknowns(full, inc, clock)
	}
	t.Run("valid", func(t *testing.T) {
		srv := newServer(t)
		cfg := config(srv, "1", "5", "02:00:00+08:00")
		if out, err := runTerraform(t, cfg, nil, "validate", "-no-color"); err != nil {
			t.Fatalf("terraform validate: %v\n%s", err, out)
		}
		terraformTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			CheckDestroy:             strategyCheckDestroy(srv, key),
			Steps: []resource.TestStep{{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(strategyAddress, tfjsonpath.New("schedule").AtMapKey("time")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{strategyCheck(func() error {
					sched := scheduleOf(srv.LastStrategyBody(key))
					if fmt.Sprint(sched["dayAndDataBackupModelMap"]) != "map[1:FULL_BACKUP 3:INCREMENTAL_BACKUP 5:INCREMENTAL_BACKUP]" ||
						fmt.Sprint(sched["backupDataRetentionDays"]) != "9" || sched["backupScheduleTime"] != "02:00:00+08:00" {
						return fmt.Errorf("OCP got %v", sched)
					}
					return nil
				})},
			}},
		})
	})
	invalid := map[string]struct{ full, inc, clock, want string }{
		"weekday 8":       {"8", "5", "02:00+08:00", `schedule.full_backup_days: day 8 is out of range`},
		"day in both":     {"1", "1", "02:00+08:00", `schedule.incremental_backup_days: day 1 is in both`},
		"incremental day": {"1", "0", "02:00+08:00", `schedule.incremental_backup_days`},
		"time":            {"1", "5", "25:00+08:00", `schedule.time: "25:00\+08:00" is not a time of day`},
	}
	for name, tc := range invalid {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t)
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if n := srv.StrategyRequests(ocptest.OpCreateStrategy, key); n != 0 {
						return fmt.Errorf("an invalid strategy reached OCP: %d create requests", n)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config:      config(srv, tc.full, tc.inc, tc.clock),
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

// Independent mistakes are all reported in one plan, each naming its
// attribute in its text.
func TestBackupStrategyAllErrorsAtOnce(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{
		fullDays: "[8]", time: "25:00+08:00",
		storage: `{ config_name = "o", type = "OSS", url = "oss://bucket/ob", access_key_id = "a", access_key_secret = "secret-long-enough" }`,
	})
	config = strings.Replace(config, `clean_time = "05:00+08:00"`, `clean_time = "5am"`, 1)
	out, err := runTerraform(t, config, nil, "plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	for _, want := range []string{
		`schedule.full_backup_days: day 8 is out of range`,
		`schedule.time: "25:00\+08:00" is not a time of day`,
		`retention.clean_time: "5am" is not a time of day`,
		`storage.url: write the storage URL without "oss://"`,
		`storage.endpoint: storage type OSS needs storage.endpoint`,
	} {
		if !errorPattern(want).MatchString(out) {
			t.Errorf("the plan does not report %q:\n%s", want, out)
		}
	}
}

// Times that are the same instant of the day, however written, plan no
// change against state, after a create as after an import.
func TestBackupStrategyTimesWrittenAnyWay(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	written := func(clock, clean string) string {
		c := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{protect: true, time: clock})
		return strings.Replace(c, `clean_time = "05:00+08:00"`, fmt.Sprintf("clean_time = %q", clean), 1)
	}
	steps := []resource.TestStep{{Config: written("02:00:00+08:00", "05:00+08:00")}}
	for _, form := range [][2]string{
		{"02:00+08:00", "05:00:00+08:00"}, {"02:00:00.000+08:00", "05:00:00.000+08:00"}, {"02:00+0800", "05:00:00+0800"},
	} {
		steps = append(steps, resource.TestStep{Config: written(form[0], form[1]), PlanOnly: true})
	}
	steps = append(steps,
		// Without the secret, which OCP never returns: the import plans nothing.
		resource.TestStep{Config: withoutSecret(written("02:00:00.000+0800", "05:00:00+08:00")), ResourceName: strategyAddress,
			ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		resource.TestStep{Config: written("02:00+0800", "05:00+08:00"), ConfigStateChecks: []statecheck.StateCheck{
			strategyCheck(func() error {
				if n := srv.StrategyWrites(key); n != 1 {
					return fmt.Errorf("%d writes; the form of a time must not write", n)
				}
				return nil
			}),
		}},
		unprotectStep(srv, key, written("02:00+0800", "05:00+08:00"), nil),
	)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps:                    steps,
	})
}

// With deletion_protection on, destroy and replacement fail at plan time
// and send nothing; turned off (which writes nothing), destroy deletes.
func TestBackupStrategyDeletionProtection(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	protected := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{protect: true})
	noDelete := strategyCheck(func() error {
		if n := srv.StrategyRequests(ocptest.OpDeleteStrategy, key); n != 0 {
			return fmt.Errorf("%d DELETE requests with deletion protection on", n)
		}
		return nil
	})
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if n := srv.StrategyRequests(ocptest.OpDeleteStrategy, key); n != 1 {
				return fmt.Errorf("%d DELETE requests, want 1", n)
			}
			return strategyCheckDestroy(srv, key)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: protected,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      protected,
				Destroy:     true,
				ExpectError: errorPattern(`deletion_protection: this plan deletes the backup strategy of cluster 102, and deletion_protection is true`),
			},
			{
				Config:      strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{protect: true, tenantID: 9}),
				PlanOnly:    true,
				ExpectError: errorPattern(`deletion_protection: this plan replaces \(a new cluster_id or tenant_id\) the backup strategy of cluster 102`),
			},
			{Config: protected, ConfigStateChecks: []statecheck.StateCheck{noDelete}},
			unprotectStep(srv, key, protected, nil),
		},
	})
}

// An update that rotates nothing names OCP's storage by storageId and
// sends no secret; a new access_key_secret is sent; a new storage takes the
// secret, and fails at plan time when none is configured.
func TestBackupStrategySecretSentOnlyWhenItMust(t *testing.T) {
	srv := newServer(t)
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	config := func(days int, secret, url string) string {
		c := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{retentionDays: days})
		c = strings.Replace(c, `"my-bucket/ob/prod"`, fmt.Sprintf("%q", url), 1)
		if secret == "" {
			return withoutSecret(c)
		}
		return strings.Replace(c, strategyStorageSecret, secret, 1)
	}
	lastBody := func(check func(body map[string]any) error) statecheck.StateCheck {
		return strategyCheck(func() error { return check(srv.LastStrategyBody(key)) })
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             strategyCheckDestroy(srv, key),
		Steps: []resource.TestStep{
			{Config: config(14, strategyStorageSecret, "my-bucket/ob/prod")},
			{
				Config: config(20, strategyStorageSecret, "my-bucket/ob/prod"),
				ConfigStateChecks: []statecheck.StateCheck{lastBody(func(body map[string]any) error {
					if s := sentSecretOf(body); s != "" || storageConfigOf(body)["storageId"] == nil {
						return fmt.Errorf("an update that rotates nothing sent secret %q, storageId %v", s, storageConfigOf(body)["storageId"])
					}
					if s := srv.StrategySecret(key); s != strategyStorageSecret {
						return fmt.Errorf("OCP holds secret %q", s)
					}
					return nil
				})},
			},
			{
				// Without a secret in the configuration, the same.
				Config: config(21, "", "my-bucket/ob/prod"),
				ConfigStateChecks: []statecheck.StateCheck{lastBody(func(body map[string]any) error {
					if s := sentSecretOf(body); s != "" || fmt.Sprint(scheduleOf(body)["backupDataRetentionDays"]) != "21" {
						return fmt.Errorf("sent secret %q, schedule %v", s, scheduleOf(body))
					}
					return nil
				})},
			},
			{
				// An OCP that asks for the secret all the same: the error
				// says what the update assumed, and what to do.
				PreConfig: func() {
					srv.InjectStrategy(ocptest.OpUpdateStrategy, key, ocptest.Error(400, "COM10002", "accessKeySecret: must not be null"))
				},
				Config: config(22, "", "my-bucket/ob/prod"),
				ExpectError: errorPattern(`accessKeySecret: must not be null.*named OCP's storage by its id \(storageId \d+\) and sent no secret.*` +
					`change storage.access_key_secret_wo_version`),
			},
			{
				Config:      config(21, "", "my-bucket/ob/other"),
				PlanOnly:    true,
				ExpectError: errorPattern(`storage.access_key_secret_wo: this plan changes storage.url, so OCP cannot reuse the storage it holds`),
			},
			{
				Config: config(21, "oss-Rotated-77aa01", "my-bucket/ob/prod"),
				ConfigStateChecks: []statecheck.StateCheck{lastBody(func(body map[string]any) error {
					if s := sentSecretOf(body); s != "oss-Rotated-77aa01" || storageConfigOf(body)["storageId"] == nil {
						return fmt.Errorf("a rotation sent secret %q, storageId %v", s, storageConfigOf(body)["storageId"])
					}
					return nil
				})},
			},
			{
				Config: config(21, "oss-Rotated-77aa01", "my-bucket/ob/other"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(strategyAddress, tfjsonpath.New("storage_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{lastBody(func(body map[string]any) error {
					if s := sentSecretOf(body); s != "oss-Rotated-77aa01" {
						return fmt.Errorf("a new storage was sent secret %q", s)
					}
					return nil
				})},
			},
		},
	})
}

// A storage url written with a trailing slash names the same path as
// OCP's without one: an import plans no change and asks for no secret, an
// update names the storage by its id with OCP's spelling and sends no
// secret, and a refresh keeps the spelling in state whichever way OCP
// answers.
func TestBackupStrategyStorageURLWrittenAnotherWay(t *testing.T) {
	key := ocptest.StrategyKey{ClusterID: ocptest.ClusterNoStrategy}
	storage := func(url, secret string) string {
		s := fmt.Sprintf(`{
    config_name   = "oss_prod"
    type          = "OSS"
    url           = %q
    endpoint      = "oss-cn-hangzhou.aliyuncs.com"
    access_key_id = "AKIDEXAMPLE"
`, url)
		if secret != "" {
			s += fmt.Sprintf("    access_key_secret = %q\n", secret)
		}
		return s + "  }"
	}
	urlIs := func(url string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(strategyAddress, tfjsonpath.New("storage").AtMapKey("url"), knownvalue.StringExact(url))
	}
	// OCP answers with the url of body, a strategy like strategyConfig's.
	answerWith := func(srv *ocptest.Server, url string, retentionDays int) {
		body := ocptest.SampleStrategyBody("OSS", true)
		scheduleOf(body)["backupDataRetentionDays"] = retentionDays
		storageConfigOf(body)["obBackupStorageBaseInfo"].(map[string]any)["storageUrl"] = url
		srv.PutStrategyBehindTerraform(key, body)
	}
	importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", strategyAddress, key)

	t.Run("import", func(t *testing.T) {
		srv := newServer(t)
		answerWith(srv, "my-bucket/ob/prod", 14)
		held := srv.StrategySecret(key)
		options := strategyOptions{protect: true, storage: storage("my-bucket/ob/prod/", "")}
		config := strategyConfig(srv, ocptest.ClusterNoStrategy, options)
		options.retentionDays = 21
		changed := strategyConfig(srv, ocptest.ClusterNoStrategy, options)
		terraformTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			CheckDestroy:             strategyCheckDestroy(srv, key),
			Steps: []resource.TestStep{
				{
					// The plan after the apply must be empty too.
					Config: config + importBlock,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(strategyAddress, plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{urlIs("my-bucket/ob/prod"), strategyCheck(func() error {
						if n := srv.StrategyWrites(key); n != 0 {
							return fmt.Errorf("the import wrote to OCP %d times", n)
						}
						return nil
					})},
				},
				{
					Config: changed,
					ConfigStateChecks: []statecheck.StateCheck{urlIs("my-bucket/ob/prod"), strategyCheck(func() error {
						body := srv.LastStrategyBody(key)
						if secret := sentSecretOf(body); secret != "" {
							return errors.New("the update sent a storage secret")
						}
						base, _ := storageConfigOf(body)["obBackupStorageBaseInfo"].(map[string]any)
						if storageConfigOf(body)["storageId"] == nil || base["storageUrl"] != "my-bucket/ob/prod" {
							return fmt.Errorf("the update does not name OCP's storage as OCP holds it: %v", storageConfigOf(body))
						}
						if got := srv.StrategySecret(key); got != held {
							return fmt.Errorf("OCP's secret changed from %q to %q", held, got)
						}
						return nil
					})},
				},
				{
					// OCP now writes the path with a slash: the state keeps its own.
					PreConfig:         func() { answerWith(srv, "my-bucket/ob/prod/", 21) },
					Config:            changed,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{urlIs("my-bucket/ob/prod")},
				},
				unprotectStep(srv, key, changed, nil),
			},
		})
	})

	t.Run("create", func(t *testing.T) {
		srv := newServer(t)
		config := strategyConfig(srv, ocptest.ClusterNoStrategy, strategyOptions{storage: storage("my-bucket/ob/prod/", strategyStorageSecret)})
		terraformTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			CheckDestroy:             strategyCheckDestroy(srv, key),
			Steps: []resource.TestStep{
				{Config: config, ConfigStateChecks: []statecheck.StateCheck{urlIs("my-bucket/ob/prod/")}},
				{
					// OCP answers without the slash: no change, and what the
					// configuration says stays in state.
					PreConfig:         func() { answerWith(srv, "my-bucket/ob/prod", 14) },
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{urlIs("my-bucket/ob/prod/")},
				},
			},
		})
	})
}
