package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// recipeVars are the -var arguments each recipe under examples/policy
// needs besides its defaults, as a user would pass them. A recipe missing
// here runs with none, and fails the test if it requires any.
var recipeVars = map[string][]string{
	"audit":                {"-var=cluster_ids=[101,102]"},
	"backup-before-deploy": {"-var=cluster_id=101", "-var=schema_version=v1"},
	"backup-baseline":      {"-var=storage_access_key_secret=baseline-oss-secret"},
	"backup-task-audit":    {"-var=cluster_id=101"},
	"check-warning":        {"-var=cluster_id=101"},
	"deploy-gate":          {"-var=cluster_id=101"},
	"restore-gate":         {"-var=cluster_id=101"},
}

// Every recipe under examples/policy runs on its own: copied as it is into
// an empty directory, it initialises with only the registry's provider
// (here a local mirror of the provider binary, offered as the version the
// CHANGELOG is about to release), and plans against the fake OCP server
// (the demo's fleet) with nothing but OCP_* variables and its own input
// variables. A recipe
// without required_providers would ask for hashicorp/ocp, which the mirror
// does not hold; one whose version constraint excludes the release would
// find no version to install.
func TestRecipesRunAsTheyAre(t *testing.T) {
	t.Parallel()
	tf := requireTerraform(t)
	srv := demoFleetServer(t)
	mirror := recipeMirror(t)
	recipes, err := os.ReadDir(filepath.Join("..", "..", "examples", "policy"))
	must(t, err)
	for _, recipe := range recipes {
		if !recipe.IsDir() {
			continue
		}
		name := recipe.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if name == "backup-before-deploy" {
				skipBelowTerraform(t, tfversion.Version1_14_0, actionsWhy)
			}
			dir := t.TempDir()
			work := filepath.Join(dir, name)
			copyDir(t, filepath.Join("..", "..", "examples", "policy", name), work)
			rc := filepath.Join(dir, "terraformrc")
			must(t, os.WriteFile(rc, []byte(`provider_installation {
  filesystem_mirror {
    path = "`+filepath.ToSlash(mirror)+`"
  }
}
`), 0o600))
			c := ocptest.DefaultCredentials
			run := func(args ...string) {
				t.Helper()
				cmd := exec.Command(tf, append([]string{"-chdir=" + work}, args...)...)
				cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_DATA_DIR="+filepath.Join(dir, "data"),
					"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
					"OCP_URL="+srv.URL, "OCP_USERNAME="+c.Username, "OCP_PASSWORD="+c.Password)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("terraform %s in a copy of examples/policy/%s: %v\n%s", args[0], name, err, out)
				}
			}
			run("init", "-input=false", "-no-color")
			lock, err := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
			must(t, err)
			if !regexp.MustCompile(`(?m)^\s*constraints\s*=\s*"[^"]+"`).Match(lock) {
				t.Errorf("examples/policy/%s pins no provider version (required_providers.ocp.version):\n%s", name, lock)
			}
			run(append([]string{"plan", "-input=false", "-no-color", "-lock=false"}, recipeVars[name]...)...)
		})
	}
}

// recipeMirror is a filesystem mirror (unpacked layout) holding the built
// provider as the newest version the CHANGELOG names.
func recipeMirror(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(builtProvider(t), "terraform-provider-ocp")
	mirror := t.TempDir()
	platform := filepath.Join(append([]string{mirror}, strings.Split(providerSource(), "/")...)...)
	platform = filepath.Join(platform, changelogVersion(t), runtime.GOOS+"_"+runtime.GOARCH)
	must(t, os.MkdirAll(platform, 0o700))
	must(t, os.Symlink(bin, filepath.Join(platform, "terraform-provider-ocp")))
	return mirror
}

// changelogVersion is the first release heading of CHANGELOG.md, such as
// 0.1.0 from "## 0.1.0 (Unreleased)".
func changelogVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	must(t, err)
	m := regexp.MustCompile(`(?m)^## v?(\d+\.\d+\.\d+)\b`).FindSubmatch(b)
	if m == nil {
		t.Fatal("CHANGELOG.md names no release (a heading such as \"## 0.1.0\")")
	}
	return string(m[1])
}

// copyDir copies the regular files of src into dst, as a user copies a
// recipe folder.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	must(t, os.MkdirAll(dst, 0o700))
	entries, err := os.ReadDir(src)
	must(t, err)
	for _, e := range entries {
		if e.IsDir() {
			copyDir(t, filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()))
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600))
	}
}

// withoutTerraformBlock is an example without its top-level terraform
// block, for the tests that run an example inside a configuration of their
// own: their harness declares the provider itself, and Terraform refuses a
// second required_providers entry for it.
func withoutTerraformBlock(src string) string {
	lines := strings.SplitAfter(src, "\n")
	var out strings.Builder
	inside := false
	for _, line := range lines {
		switch {
		case !inside && strings.TrimRight(line, " \r\n") == "terraform {":
			inside = true
		case inside:
			inside = strings.TrimRight(line, " \r\n") != "}"
		default:
			out.WriteString(line)
		}
	}
	return out.String()
}

// The provider page's way to find OCP's ids lists them by name.
func TestExampleFindIDs(t *testing.T) {
	t.Parallel()
	srv := demoFleetServer(t)
	cfg := strings.Replace(example(t, "provider/find-ids.tf"), "1000005", strconv.FormatInt(ocptest.ClusterTenant, 10), 1)
	readAndCheck(t, basicProvider(srv)+cfg,
		statecheck.ExpectKnownOutputValue("cluster_ids", knownvalue.MapPartial(map[string]knownvalue.Check{
			"prod-orders":   knownvalue.Int64Exact(ocptest.ClusterHealthy),
			"prod-payments": knownvalue.Int64Exact(ocptest.ClusterNoStrategy),
		})),
		statecheck.ExpectKnownOutputValue("tenant_ids", knownvalue.MapExact(map[string]knownvalue.Check{
			"orders": knownvalue.Int64Exact(ocptest.TenantDROrders),
		})),
	)
}
