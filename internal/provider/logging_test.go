package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

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

// At TF_LOG=trace Terraform prints every log line of the provider process;
// none may show a credential, whichever scheme, and whether or not OCP
// accepts it.
func TestTraceLogsShowNoSecrets(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := ocptest.DefaultCredentials
	read := overviewConfig(ocptest.ClusterHealthy)
	wrongPassword, wrongSecret := "Wr0ng-Passw0rd-xyz", "0000wrongsecret0000"
	cases := []struct {
		name    string
		config  string
		secrets []string
		wantErr bool
	}{
		{"basic", basicProvider(srv), []string{c.Password, basicValue(c.Username, c.Password)}, false},
		{"access key", accessKeyProvider(srv), []string{c.AccessSecret}, false},
		{"wrong password", fmt.Sprintf(`provider "ocp" {
  url = %q
  username = %q
  password = %q
  max_retries = 0
}`, srv.URL, c.Username, wrongPassword), []string{wrongPassword, basicValue(c.Username, wrongPassword)}, true},
		{"wrong secret", fmt.Sprintf(`provider "ocp" {
  url = %q
  access_key_id = %q
  access_key_secret = %q
  max_retries = 0
}`, srv.URL, c.AccessKeyID, wrongSecret), []string{wrongSecret}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := runTerraform(t, tc.config+read, []string{"TF_LOG=trace"}, "plan", "-no-color", "-input=false")
			if (err != nil) != tc.wantErr {
				t.Fatalf("terraform plan: err = %v, want error %v\n%s", err, tc.wantErr, out)
			}
			for _, want := range []string{"OCP request", "@module=ocp.http", "status=", "trace_id=", "<redacted>"} {
				if !strings.Contains(out, want) {
					t.Errorf("the trace log lacks %q", want)
				}
			}
			if tc.wantErr && !strings.Contains(out, "HTTP 401 (Unauthorized), error code IAM10000") {
				t.Errorf("the error does not say what OCP answered:\n%s", out)
			}
			for _, secret := range tc.secrets {
				if n := strings.Count(out, secret); n > 0 {
					t.Errorf("the output shows the secret %q %d times", secret, n)
				}
			}
		})
	}
}

func basicValue(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}
