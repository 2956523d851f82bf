package provider

import (
	"context"
	"os"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// BenchmarkDecodeAndMap measures what the provider does with one overview
// once its bytes are in: decode the envelope, map it to the model.
func BenchmarkDecodeAndMap(b *testing.B) {
	srv := ocptest.New()
	defer srv.Close()
	client := testClient(b, srv)
	b.ReportAllocs()
	for b.Loop() {
		o, err := client.GetClusterBackupOverview(context.Background(), ocptest.VendorExampleID)
		if err != nil {
			b.Fatal(err)
		}
		if _, diags := newBackupOverviewModel(ocptest.VendorExampleID, o); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkListClustersPage reads one page of 500 clusters.
func BenchmarkListClustersPage(b *testing.B) {
	srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(500)...))
	defer srv.Close()
	client := testClient(b, srv)
	b.ReportAllocs()
	for b.Loop() {
		clusters, err := client.ListClusters(context.Background(), ocp.ListClustersOptions{PageSize: 500})
		if err != nil || len(clusters) != 500 {
			b.Fatal(len(clusters), err)
		}
	}
}

// BenchmarkValidateAndRead is what Terraform asks of the plugin for each
// data source instance in a plan: ValidateDataResourceConfig, then
// ReadDataSource, through terraform-plugin-go's tf6server (the gRPC layer
// the plugin runs under, with its logging) against the fake OCP server.
// "logs=sdk-default" is the plugin stack's behaviour when nothing sets a
// level: it writes trace lines on every call, for Terraform to discard.
// "logs=quiet" is what main does when TF_LOG is unset. Run it with stderr
// discarded (make bench does), as Terraform's pipe would swallow it.
func BenchmarkValidateAndRead(b *testing.B) {
	for _, mode := range []string{"quiet", "sdk-default"} {
		b.Run("logs="+mode, func(b *testing.B) {
			restore := clearLogEnv()
			defer restore()
			if mode == "quiet" {
				QuietLogsUnlessRequested()
			}
			benchValidateAndRead(b)
		})
	}
}

func benchValidateAndRead(b *testing.B) {
	srv := ocptest.New()
	defer srv.Close()
	plugin := startPlugin(b, srv)
	read := plugin.readRequest(b, "ocp_cluster_backup_overview", map[string]tftypes.Value{
		"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.VendorExampleID),
	})
	benchRead(b, plugin, read)
}

// BenchmarkReadFleet is one ReadDataSource of ocp_cluster_backup_overviews
// over 1000 clusters through tf6server, logs quiet, no added latency.
func BenchmarkReadFleet(b *testing.B) { benchFleetRead(b, "ocp_cluster_backup_overviews") }

// benchFleetRead is one ReadDataSource of a fleet data source over 1000
// clusters (cluster_ids) through tf6server, logs quiet: without added
// latency, the provider's CPU; with each answer 20 ms late, the time a plan
// waits for the provider's answer (the floor is 1000 × 20 ms / 8 slots =
// 2.5 s). prepare, if any, gives the fake what the data source reads.
func benchFleetRead(b *testing.B, dataSource string, prepare ...func(*ocptest.Server)) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run("latency="+latency.String(), func(b *testing.B) {
			restore := clearLogEnv()
			defer restore()
			QuietLogsUnlessRequested()
			srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(1000)...))
			defer srv.Close()
			for _, p := range prepare {
				p(srv)
			}
			ids := make([]tftypes.Value, 1000)
			for i := range ids {
				ids[i] = tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(i))
			}
			plugin := startPlugin(b, srv)
			read := plugin.readRequest(b, dataSource, map[string]tftypes.Value{
				"cluster_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, ids),
			})
			srv.SetLatency(latency)
			benchRead(b, plugin, read)
		})
	}
}

// BenchmarkReadTaskHistory is one ReadDataSource of ocp_data_backup_tasks
// over a history of 1000 tasks (50 pages of 20) through tf6server, logs
// quiet, no added latency: the provider's CPU for a large history, state by
// the framework's reflection.
func BenchmarkReadTaskHistory(b *testing.B) {
	restore := clearLogEnv()
	defer restore()
	QuietLogsUnlessRequested()
	srv := ocptest.New(ocptest.WithClusters(ocptest.FleetClusterID(0)), ocptest.WithTaskHistory(1000), ocptest.WithMaxPageSize(20))
	defer srv.Close()
	plugin := startPlugin(b, srv)
	read := plugin.readRequest(b, "ocp_data_backup_tasks", map[string]tftypes.Value{
		"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(0)),
	})
	benchRead(b, plugin, read)
}

// benchRead validates and reads one data source per operation.
func benchRead(b *testing.B, plugin benchPlugin, read map[string]any) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		callRPC(b, plugin.server, "ValidateDataResourceConfig", read)
		callRPC(b, plugin.server, "ReadDataSource", read)
	}
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// benchPlugin is the provider behind tf6server, configured for srv.
type benchPlugin struct {
	server  any
	schemas *tfprotov6.GetProviderSchemaResponse
}

func startPlugin(b testing.TB, srv *ocptest.Server) benchPlugin {
	downstream := NewProtocol6Server("bench")()
	schemas, err := downstream.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	p := benchPlugin{server: tf6server.New("registry.terraform.io/ocp-terraform/ocp", downstream), schemas: schemas}
	c := ocptest.DefaultCredentials
	providerConfig := dynamicValue(b, schemas.Provider, map[string]tftypes.Value{
		"url":      tftypes.NewValue(tftypes.String, srv.URL),
		"username": tftypes.NewValue(tftypes.String, c.Username),
		"password": tftypes.NewValue(tftypes.String, c.Password),
	})
	callRPC(b, p.server, "GetProviderSchema", nil)
	callRPC(b, p.server, "ConfigureProvider", map[string]any{"terraform_version": "1.11.4", "config": providerConfig})
	return p
}

// readRequest is the request fields Terraform sends to validate and read a
// data source with the given attributes set.
func (p benchPlugin) readRequest(b testing.TB, typeName string, set map[string]tftypes.Value) map[string]any {
	return map[string]any{"type_name": typeName, "config": dynamicValue(b, p.schemas.DataSourceSchemas[typeName], set)}
}

// dynamicValue encodes a configuration as Terraform sends it: every
// attribute of the schema, null unless given.
func dynamicValue(b testing.TB, schema *tfprotov6.Schema, set map[string]tftypes.Value) []byte {
	objType := schema.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, t := range objType.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, values))
	if err != nil {
		b.Fatal(err)
	}
	return dv.MsgPack
}

// callRPC calls one method of tf6server's gRPC service directly. Its
// request types are internal to terraform-plugin-go, so they are built from
// the protobuf registry and the method is called by reflection.
func callRPC(b testing.TB, server any, method string, fields map[string]any) {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("tfplugin6." + method + ".Request"))
	if err != nil {
		b.Fatal(err)
	}
	req := mt.New()
	for name, v := range fields {
		fd := req.Descriptor().Fields().ByName(protoreflect.Name(name))
		switch v := v.(type) {
		case string:
			req.Set(fd, protoreflect.ValueOfString(v))
		case []byte:
			req.Mutable(fd).Message().Set(fd.Message().Fields().ByName("msgpack"), protoreflect.ValueOfBytes(v))
		}
	}
	// gRPC cancels each call's context when the call ends.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := reflect.ValueOf(server).MethodByName(method).Call([]reflect.Value{
		reflect.ValueOf(ctx), reflect.ValueOf(req.Interface()),
	})
	if err, _ := out[1].Interface().(error); err != nil {
		b.Fatal(err)
	}
	resp := out[0].Interface().(interface{ ProtoReflect() protoreflect.Message }).ProtoReflect()
	if fd := resp.Descriptor().Fields().ByName("diagnostics"); fd != nil && resp.Get(fd).List().Len() > 0 {
		b.Fatalf("%s: %v", method, resp.Get(fd).List().Get(0).Message().Interface())
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// clearLogEnv unsets every TF_LOG* variable and returns a function that
// restores them.
func clearLogEnv() func() {
	saved := map[string]string{}
	for _, name := range logEnvVars {
		if v, ok := os.LookupEnv(name); ok {
			saved[name] = v
		}
		os.Unsetenv(name)
	}
	return func() {
		quieted = false
		for _, name := range logEnvVars {
			os.Unsetenv(name)
		}
		for name, v := range saved {
			os.Setenv(name, v)
		}
	}
}
