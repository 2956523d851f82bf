package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Which Terraform CLI the tests run, and what a test does when there is
// none or it is too old. CI runs the suite once per supported version by
// pointing TF_ACC_TERRAFORM_PATH at each binary.

// terraformMissing, when not empty, says why no Terraform CLI can run. The
// tests that need none (client, schema, model, mapping) still run; each one
// that drives the CLI fails with this message (see requireTerraform).
var terraformMissing string

// findTerraform sets TF_ACC_TERRAFORM_PATH to an absolute path of an
// executable Terraform CLI, or returns why there is none. A path that is
// not one would make terraform-plugin-testing end the whole test binary,
// and no path at all would make it download the latest release.
func findTerraform() string {
	const hint = "Install Terraform 1.5.7 or later on PATH, or name one with TF_ACC_TERRAFORM_PATH, and run again."
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			return "this test runs the real Terraform CLI, and no terraform binary is on PATH " +
				"(nor named by TF_ACC_TERRAFORM_PATH). " + hint
		}
		tf = found
	}
	abs, err := filepath.Abs(tf)
	if err == nil {
		var info os.FileInfo
		if info, err = os.Stat(abs); err == nil && (info.IsDir() || info.Mode()&0o111 == 0) {
			err = errors.New("not an executable file")
		}
	}
	if err != nil {
		os.Unsetenv("TF_ACC_TERRAFORM_PATH")
		return fmt.Sprintf("this test runs the real Terraform CLI, and %s is not one: %v. %s", tf, err, hint)
	}
	os.Setenv("TF_ACC_TERRAFORM_PATH", abs)
	return ""
}

// requireTerraform returns the Terraform CLI the tests run, or fails t
// saying how to provide one.
func requireTerraform(t *testing.T) string {
	t.Helper()
	if terraformMissing != "" {
		t.Fatal(terraformMissing)
	}
	return os.Getenv("TF_ACC_TERRAFORM_PATH")
}

// terraformTest runs tc through the Terraform CLI. Tests call it rather
// than resource.UnitTest, which ends the whole test binary when it finds
// no CLI (and .golangci.yml says so).
func terraformTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	requireTerraform(t)
	resource.UnitTest(t, tc) //nolint:forbidigo // the one call, guarded above
}

var (
	terraformVersionOnce sync.Once
	terraformVersion     *version.Version
	terraformVersionErr  error
)

// skipBelowTerraform skips a test that execs the Terraform CLI itself (see
// terraformDir) when that CLI is older than minimum, saying why: the
// feature under test needs a newer one. Tests that go through
// terraformTest use tfversion.SkipBelow in TerraformVersionChecks instead.
func skipBelowTerraform(t *testing.T, minimum *version.Version, why string) {
	t.Helper()
	tf := requireTerraform(t)
	terraformVersionOnce.Do(func() {
		out, err := exec.Command(tf, "version", "-json").Output()
		if err != nil {
			terraformVersionErr = fmt.Errorf("%s version -json: %w", tf, err)
			return
		}
		var v struct {
			Version string `json:"terraform_version"`
		}
		if err := json.Unmarshal(out, &v); err != nil {
			terraformVersionErr = fmt.Errorf("%s version -json: %w\n%s", tf, err, out)
			return
		}
		terraformVersion, terraformVersionErr = version.NewVersion(v.Version)
	})
	if terraformVersionErr != nil {
		t.Fatal(terraformVersionErr)
	}
	// Like tfversion.SkipBelow, a prerelease of minimum counts as minimum.
	if terraformVersion.Core().LessThan(minimum) {
		t.Skipf("Terraform %s is older than %s: %s", terraformVersion, minimum, why)
	}
}

// skipBelowTerraform reads the version of the CLI under test and skips
// below the minimum, and only there.
func TestSkipBelowTerraform(t *testing.T) {
	t.Parallel()
	ran := false
	t.Run("newer than any release", func(t *testing.T) {
		skipBelowTerraform(t, version.Must(version.NewVersion("99.0.0")), "no Terraform is that new")
		ran = true
	})
	if ran {
		t.Error("did not skip on a CLI older than the minimum")
	}
	ran = false
	t.Run("the oldest supported", func(t *testing.T) {
		skipBelowTerraform(t, tfversion.Version1_5_0, "the tests need check blocks and plantimestamp()")
		ran = true
	})
	if !ran {
		t.Error("skipped on a supported CLI")
	}
}

// The real-binary harness: for what terraform-plugin-testing cannot show
// (warnings, for_each instances, signals, several provider processes).

var (
	providerBinaryOnce sync.Once
	providerBinaryDir  string
	providerBinaryErr  error
)

// builtProvider builds the real provider binary once per test run, for tests
// that run it the way Terraform users do: as a plugin process.
func builtProvider(t *testing.T) string {
	t.Helper()
	providerBinaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "terraform-provider-ocp-bin") //nolint:usetesting // shared by every test of the run; TestMain removes it
		if err != nil {
			providerBinaryErr = err
			return
		}
		providerBinaryDir = dir
		out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-ocp"),
			"github.com/ocp-terraform/terraform-provider-ocp").CombinedOutput()
		if err != nil {
			providerBinaryErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if providerBinaryErr != nil {
		t.Fatal(providerBinaryErr)
	}
	return providerBinaryDir
}

// terraformDir prepares a working directory with config and the built
// provider installed through a dev override; its run function runs the
// Terraform CLI there and returns everything it printed.
func terraformDir(t *testing.T, config string, env ...string) func(args ...string) (string, error) {
	t.Helper()
	run, _ := terraformWorkdir(t, config, env...)
	return run
}

// terraformWorkdir is terraformDir that also gives the command itself, for
// a test that must signal it.
func terraformWorkdir(t *testing.T, config string, env ...string) (func(args ...string) (string, error), func(args ...string) *exec.Cmd) {
	t.Helper()
	tf := requireTerraform(t)
	bin := builtProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	source := providerSource()
	must(t, os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, source, bin)), 0o600))
	must(t, os.MkdirAll(filepath.Join(dir, "config"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "config", "main.tf"), []byte(fmt.Sprintf(`terraform {
  required_providers {
    ocp = { source = %q }
  }
}
`, source)+config), 0o600))
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command(tf, append([]string{"-chdir=" + filepath.Join(dir, "config")}, args...)...)
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_DATA_DIR="+filepath.Join(dir, "data"),
			"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		cmd.Env = append(cmd.Env, env...)
		return cmd
	}
	return func(args ...string) (string, error) {
		out, err := command(args...).CombinedOutput()
		return string(out), err
	}, command
}

// providerSource is the provider's address in terraformDir's
// configurations and dev override. Its host comes from TF_ACC_PROVIDER_HOST,
// as in terraform-plugin-testing, so that the harness also runs on OpenTofu
// (TF_ACC_PROVIDER_HOST=registry.opentofu.org), whose default registry
// differs.
func providerSource() string {
	host := "registry.terraform.io"
	if v := os.Getenv("TF_ACC_PROVIDER_HOST"); v != "" {
		host = strings.TrimSuffix(v, "/")
	}
	return host + "/ocp-terraform/ocp"
}

// runTerraform runs one Terraform command on config in a fresh directory.
func runTerraform(t *testing.T, config string, env []string, args ...string) (string, error) {
	t.Helper()
	return terraformDir(t, config, env...)(args...)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
