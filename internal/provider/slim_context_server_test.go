package provider

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// callerValue stands for the logging values tf6server puts in every call's
// context.
type callerValue struct{}

// arrival is what one RPC's context looked like when it reached the
// framework, and while its stream was read.
type arrival struct {
	ctx               context.Context
	marked, cancelled bool
	streamedLive      bool
}

// recorder stands in for the framework's server and notes the context each
// RPC receives; during, if set, runs inside every call.
type recorder struct {
	mu     sync.Mutex
	seen   map[string]*arrival
	during func(ctx context.Context)
}

func record[Resp any](r *recorder, ctx context.Context, method string, resp Resp) Resp {
	r.mu.Lock()
	r.seen[method] = &arrival{ctx: ctx, marked: ctx.Value(callerValue{}) != nil, cancelled: ctx.Err() != nil}
	during := r.during
	r.mu.Unlock()
	if during != nil {
		during(ctx)
	}
	return resp
}

// stream is a stream of one element that notes whether the call's context
// was still live while it was read.
func stream[T any](r *recorder, ctx context.Context, method string) func(func(T) bool) {
	return func(yield func(T) bool) {
		r.mu.Lock()
		r.seen[method].streamedLive = ctx.Err() == nil
		r.mu.Unlock()
		var zero T
		yield(zero)
	}
}

// Every RPC, whichever interface of terraform-plugin-go declares it, must
// reach the framework through call: with quiet logs on a context without the
// caller's values that ends with the call (or its stream) and with the
// caller's context; with logs requested on the caller's own context.
func TestSlimContextServerEveryRPC(t *testing.T) {
	methods := reflect.TypeFor[frameworkServer]()
	for _, slim := range []bool{true, false} {
		t.Run(fmt.Sprintf("slim=%v", slim), func(t *testing.T) {
			rec := &recorder{seen: map[string]*arrival{}}
			server := &slimContextServer{next: rec, slim: slim}
			caller := context.WithValue(context.Background(), callerValue{}, true)
			for i := range methods.NumMethod() {
				m := methods.Method(i)
				out := reflect.ValueOf(server).MethodByName(m.Name).Call([]reflect.Value{
					reflect.ValueOf(caller), reflect.New(m.Type.In(1).Elem()),
				})
				if err, _ := out[1].Interface().(error); err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
				got := rec.seen[m.Name]
				if got == nil {
					t.Errorf("%s did not reach the framework", m.Name)
					continue
				}
				if got.marked == slim {
					t.Errorf("%s: the framework got the caller's values: %v, want %v", m.Name, got.marked, !slim)
				}
				if got.cancelled {
					t.Errorf("%s: the context was cancelled on arrival", m.Name)
				}
				if !drain(out[0].Interface()) && slim && got.ctx.Err() == nil {
					t.Errorf("%s: the context outlives the call", m.Name)
				}
				if isStream(out[0].Interface()) {
					if !got.streamedLive {
						t.Errorf("%s: the context ended before its stream was read", m.Name)
					}
					if slim && got.ctx.Err() == nil {
						t.Errorf("%s: the context outlives its stream", m.Name)
					}
				}
			}
			if len(rec.seen) != methods.NumMethod() {
				t.Errorf("%d of %d RPCs reached the framework", len(rec.seen), methods.NumMethod())
			}
		})
	}
}

// drain reads a stream answer to its end; it reports whether resp was one.
func drain(resp any) bool {
	switch s := resp.(type) {
	case *tfprotov6.ListResourceServerStream:
		for range s.Results {
		}
	case *tfprotov6.InvokeActionServerStream:
		for range s.Events {
		}
	case *tfprotov6.ReadStateBytesStream:
		for range s.Chunks {
		}
	default:
		return false
	}
	return true
}

func isStream(resp any) bool {
	switch resp.(type) {
	case *tfprotov6.ListResourceServerStream, *tfprotov6.InvokeActionServerStream, *tfprotov6.ReadStateBytesStream:
		return true
	}
	return false
}

// The slim context ends when the caller's does: cancelled before the call,
// or during it (gRPC cancelling the call, or tf6server's StopProvider).
func TestSlimContextFollowsCaller(t *testing.T) {
	rec := &recorder{seen: map[string]*arrival{}}
	server := &slimContextServer{next: rec, slim: true}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := server.ReadDataSource(cancelled, &tfprotov6.ReadDataSourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if !rec.seen["ReadDataSource"].cancelled {
		t.Error("a call whose context was cancelled reached the framework on a live context")
	}

	caller, cancel := context.WithCancel(context.Background())
	rec.during = func(ctx context.Context) {
		cancel()
		<-ctx.Done() // blocks for good if the cancellation is lost
	}
	if _, err := server.ReadDataSource(caller, &tfprotov6.ReadDataSourceRequest{}); err != nil {
		t.Fatal(err)
	}
}

// configuredServer is the provider served through slimContextServer with
// quiet logs, configured for srv with the given extra provider attributes.
func configuredServer(t *testing.T, srv *ocptest.Server, extra map[string]tftypes.Value) (*slimContextServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server := newSlimContextServer(providerserver.NewProtocol6(New("test")())())
	server.slim = true
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := ocptest.DefaultCredentials
	config := map[string]tftypes.Value{
		"url":      tftypes.NewValue(tftypes.String, srv.URL),
		"username": tftypes.NewValue(tftypes.String, c.Username),
		"password": tftypes.NewValue(tftypes.String, c.Password),
	}
	for k, v := range extra {
		config[k] = v
	}
	dv := tfprotov6.DynamicValue{MsgPack: dynamicValue(t, schemas.Provider, config)}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &dv})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return server, schemas
}

// StopProvider must still cancel a read in flight: the framework's own
// cancellation reaches the provider through the slim context. The caller's
// context here never ends, and OCP answers after an hour: only StopProvider
// can end the read.
func TestStopProviderCancelsInFlightRead(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	server, schemas := configuredServer(t, srv, map[string]tftypes.Value{
		"request_timeout": tftypes.NewValue(tftypes.String, "1h"),
		"max_retries":     tftypes.NewValue(tftypes.Number, 0),
	})
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Delay: time.Hour})
	config := tfprotov6.DynamicValue{MsgPack: dynamicValue(t, schemas.DataSourceSchemas["ocp_cluster_backup_overview"],
		map[string]tftypes.Value{"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.ClusterHealthy)})}

	done := make(chan *tfprotov6.ReadDataSourceResponse, 1)
	go func() {
		resp, _ := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
			TypeName: "ocp_cluster_backup_overview", Config: &config,
		})
		done <- resp
	}()
	for srv.Stats().Requests == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := server.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	resp := <-done
	if resp == nil || len(resp.Diagnostics) == 0 || !strings.Contains(resp.Diagnostics[0].Detail+resp.Diagnostics[0].Summary, "cancel") {
		t.Fatalf("the stopped read did not fail as cancelled: %+v", resp)
	}
}

// The heap a plan leaves behind must not grow with its number of data
// sources: validate+read through tf6server (logging included) over the
// served wrapper, a couple of thousand times, retains next to nothing.
// Without the workaround each pair kept about 23 KiB, its contexts and
// their logging state; with it, about 0.7 KiB (the framework still keeps a
// cancel function and two spent contexts per call). The bound, 4 KiB, is
// far from both.
func TestSlimContextHeapFlat(t *testing.T) {
	restore := clearLogEnv()
	t.Cleanup(restore)
	QuietLogsUnlessRequested()
	srv := newServer(t)
	plugin := startPlugin(t, srv)
	read := plugin.readRequest(t, "ocp_cluster_backup_overview", map[string]tftypes.Value{
		"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.VendorExampleID),
	})
	validateAndRead := func(n int) {
		for range n {
			callRPC(t, plugin.server, "ValidateDataResourceConfig", read)
			callRPC(t, plugin.server, "ReadDataSource", read)
		}
	}
	validateAndRead(200) // connections, pools and caches settle
	before := liveHeap()
	const pairs = 2000
	validateAndRead(pairs)
	after := liveHeap()
	runtime.KeepAlive(plugin.server) // what it retains is the point
	perPair := (int64(after) - int64(before)) / pairs
	t.Logf("live heap %d KiB -> %d KiB: %d bytes per validate+read", before>>10, after>>10, perPair)
	if perPair > 4096 {
		t.Errorf("each validate+read left %d bytes on the heap; want at most 4 KiB", perPair)
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// startTerraform starts the Terraform CLI on config, with the built provider
// installed through a dev override, in its own process group as a shell
// would, so that a signal reaches Terraform and the provider alike.
func startTerraform(t *testing.T, config string, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	bin := builtProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	must(t, os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/ocp-terraform/ocp" = %q
  }
  direct {}
}
`, bin)), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    ocp = { source = "ocp-terraform/ocp" }
  }
}
`+config), 0o600))
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_DATA_DIR="+filepath.Join(dir, "data"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start())
	return cmd, out
}

// Ctrl-C during a read that OCP would answer in an hour ends the plan at
// once: Terraform stops the provider, and the read is cancelled.
func TestInterruptEndsSlowRead(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Delay: time.Hour})
	cmd, out := startTerraform(t, basicProvider(srv, `request_timeout = "1h"`, "max_retries = 0")+
		overviewConfig(ocptest.ClusterHealthy), "plan", "-no-color", "-input=false")
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for srv.Stats().Requests == 0 {
		select {
		case err := <-exited:
			t.Fatalf("terraform plan ended before the read: %v\n%s", err, out)
		case <-time.After(20 * time.Millisecond):
		}
	}
	must(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	err := <-exited
	if err == nil {
		t.Fatalf("the interrupted plan succeeded:\n%s", out)
	}
	if !errorPattern("was cancelled").MatchString(out.String()) {
		t.Errorf("the plan did not end with the cancelled read:\n%s", out)
	}
}

// -debug still serves the provider: Terraform reattaches to it and plans.
func TestDebugModeServes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	provider := exec.Command(filepath.Join(builtProvider(t), "terraform-provider-ocp"), "-debug")
	stdout, err := provider.StdoutPipe()
	must(t, err)
	must(t, provider.Start())
	t.Cleanup(func() {
		_ = provider.Process.Signal(os.Interrupt)
		_ = provider.Wait()
	})
	reattach := regexp.MustCompile(`TF_REATTACH_PROVIDERS='(.*)'`)
	var providers string
	lines := bufio.NewScanner(stdout)
	for providers == "" && lines.Scan() {
		if m := reattach.FindStringSubmatch(lines.Text()); m != nil {
			providers = m[1]
		}
	}
	if providers == "" {
		t.Fatalf("the provider printed no TF_REATTACH_PROVIDERS: %v", lines.Err())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    ocp = { source = "ocp-terraform/ocp" }
  }
}
`+basicProvider(srv)+overviewConfig(ocptest.ClusterHealthy)+`
output "status" {
  value = data.ocp_cluster_backup_overview.test.ob_cluster_backup_status
}
`), 0o600))
	plan := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "-chdir="+dir, "plan", "-no-color", "-input=false")
	plan.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+providers, "TF_DATA_DIR="+filepath.Join(dir, "data"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	got, err := plan.CombinedOutput()
	if err != nil || !strings.Contains(string(got), `status = "HAS_BACKUP_STRATEGY"`) {
		t.Fatalf("terraform plan against the -debug provider: %v\n%s", err, got)
	}
	if srv.Stats().Requests == 0 {
		t.Error("the plan did not read through the -debug provider")
	}
}

// With TF_LOG=debug the calls keep their context: the provider's request
// lines are there, and the framework's lines carry the per-call fields
// tf6server puts in the context.
func TestDebugLogsKeepCallContext(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	out, err := runTerraform(t, basicProvider(srv)+overviewConfig(ocptest.ClusterHealthy), []string{"TF_LOG=debug"},
		"plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	for _, want := range []string{"OCP request", "@module=ocp.http", "tf_rpc=ReadDataSource",
		"tf_data_source_type=ocp_cluster_backup_overview"} {
		if !strings.Contains(out, want) {
			t.Errorf("the debug log lacks %q", want)
		}
	}
}

// The recorder answers every RPC of frameworkServer.

func (r *recorder) GetMetadata(ctx context.Context, _ *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return record(r, ctx, "GetMetadata", &tfprotov6.GetMetadataResponse{}), nil
}

func (r *recorder) GetProviderSchema(ctx context.Context, _ *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return record(r, ctx, "GetProviderSchema", &tfprotov6.GetProviderSchemaResponse{}), nil
}

func (r *recorder) GetResourceIdentitySchemas(ctx context.Context, _ *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return record(r, ctx, "GetResourceIdentitySchemas", &tfprotov6.GetResourceIdentitySchemasResponse{}), nil
}

func (r *recorder) ValidateProviderConfig(ctx context.Context, _ *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return record(r, ctx, "ValidateProviderConfig", &tfprotov6.ValidateProviderConfigResponse{}), nil
}

func (r *recorder) ConfigureProvider(ctx context.Context, _ *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return record(r, ctx, "ConfigureProvider", &tfprotov6.ConfigureProviderResponse{}), nil
}

func (r *recorder) StopProvider(ctx context.Context, _ *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return record(r, ctx, "StopProvider", &tfprotov6.StopProviderResponse{}), nil
}

func (r *recorder) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return record(r, ctx, "ValidateResourceConfig", &tfprotov6.ValidateResourceConfigResponse{}), nil
}

func (r *recorder) UpgradeResourceState(ctx context.Context, _ *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return record(r, ctx, "UpgradeResourceState", &tfprotov6.UpgradeResourceStateResponse{}), nil
}

func (r *recorder) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return record(r, ctx, "ReadResource", &tfprotov6.ReadResourceResponse{}), nil
}

func (r *recorder) PlanResourceChange(ctx context.Context, _ *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return record(r, ctx, "PlanResourceChange", &tfprotov6.PlanResourceChangeResponse{}), nil
}

func (r *recorder) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return record(r, ctx, "ApplyResourceChange", &tfprotov6.ApplyResourceChangeResponse{}), nil
}

func (r *recorder) ImportResourceState(ctx context.Context, _ *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return record(r, ctx, "ImportResourceState", &tfprotov6.ImportResourceStateResponse{}), nil
}

func (r *recorder) MoveResourceState(ctx context.Context, _ *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return record(r, ctx, "MoveResourceState", &tfprotov6.MoveResourceStateResponse{}), nil
}

func (r *recorder) UpgradeResourceIdentity(ctx context.Context, _ *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return record(r, ctx, "UpgradeResourceIdentity", &tfprotov6.UpgradeResourceIdentityResponse{}), nil
}

func (r *recorder) GenerateResourceConfig(ctx context.Context, _ *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return record(r, ctx, "GenerateResourceConfig", &tfprotov6.GenerateResourceConfigResponse{}), nil
}

func (r *recorder) ValidateDataResourceConfig(ctx context.Context, _ *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return record(r, ctx, "ValidateDataResourceConfig", &tfprotov6.ValidateDataResourceConfigResponse{}), nil
}

func (r *recorder) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return record(r, ctx, "ReadDataSource", &tfprotov6.ReadDataSourceResponse{}), nil
}

func (r *recorder) CallFunction(ctx context.Context, _ *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return record(r, ctx, "CallFunction", &tfprotov6.CallFunctionResponse{}), nil
}

func (r *recorder) GetFunctions(ctx context.Context, _ *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return record(r, ctx, "GetFunctions", &tfprotov6.GetFunctionsResponse{}), nil
}

func (r *recorder) ValidateEphemeralResourceConfig(ctx context.Context, _ *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return record(r, ctx, "ValidateEphemeralResourceConfig", &tfprotov6.ValidateEphemeralResourceConfigResponse{}), nil
}

func (r *recorder) OpenEphemeralResource(ctx context.Context, _ *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return record(r, ctx, "OpenEphemeralResource", &tfprotov6.OpenEphemeralResourceResponse{}), nil
}

func (r *recorder) RenewEphemeralResource(ctx context.Context, _ *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return record(r, ctx, "RenewEphemeralResource", &tfprotov6.RenewEphemeralResourceResponse{}), nil
}

func (r *recorder) CloseEphemeralResource(ctx context.Context, _ *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return record(r, ctx, "CloseEphemeralResource", &tfprotov6.CloseEphemeralResourceResponse{}), nil
}

func (r *recorder) ValidateListResourceConfig(ctx context.Context, _ *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return record(r, ctx, "ValidateListResourceConfig", &tfprotov6.ValidateListResourceConfigResponse{}), nil
}

func (r *recorder) ListResource(ctx context.Context, _ *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return record(r, ctx, "ListResource", &tfprotov6.ListResourceServerStream{Results: stream[tfprotov6.ListResourceResult](r, ctx, "ListResource")}), nil
}

func (r *recorder) ValidateActionConfig(ctx context.Context, _ *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return record(r, ctx, "ValidateActionConfig", &tfprotov6.ValidateActionConfigResponse{}), nil
}

func (r *recorder) PlanAction(ctx context.Context, _ *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return record(r, ctx, "PlanAction", &tfprotov6.PlanActionResponse{}), nil
}

func (r *recorder) InvokeAction(ctx context.Context, _ *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return record(r, ctx, "InvokeAction", &tfprotov6.InvokeActionServerStream{Events: stream[tfprotov6.InvokeActionEvent](r, ctx, "InvokeAction")}), nil
}

func (r *recorder) ValidateStateStoreConfig(ctx context.Context, _ *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return record(r, ctx, "ValidateStateStoreConfig", &tfprotov6.ValidateStateStoreConfigResponse{}), nil
}

func (r *recorder) ConfigureStateStore(ctx context.Context, _ *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return record(r, ctx, "ConfigureStateStore", &tfprotov6.ConfigureStateStoreResponse{}), nil
}

func (r *recorder) ReadStateBytes(ctx context.Context, _ *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return record(r, ctx, "ReadStateBytes", &tfprotov6.ReadStateBytesStream{Chunks: stream[tfprotov6.ReadStateByteChunk](r, ctx, "ReadStateBytes")}), nil
}

func (r *recorder) WriteStateBytes(ctx context.Context, _ *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return record(r, ctx, "WriteStateBytes", &tfprotov6.WriteStateBytesResponse{}), nil
}

func (r *recorder) GetStates(ctx context.Context, _ *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return record(r, ctx, "GetStates", &tfprotov6.GetStatesResponse{}), nil
}

func (r *recorder) DeleteState(ctx context.Context, _ *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return record(r, ctx, "DeleteState", &tfprotov6.DeleteStateResponse{}), nil
}

func (r *recorder) LockState(ctx context.Context, _ *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return record(r, ctx, "LockState", &tfprotov6.LockStateResponse{}), nil
}

func (r *recorder) UnlockState(ctx context.Context, _ *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return record(r, ctx, "UnlockState", &tfprotov6.UnlockStateResponse{}), nil
}
