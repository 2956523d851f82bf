package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// TestStateHandoffMatchesTheFramework reads every data source twice over
// the same fake OCP: through the provider's protocol server, which takes
// the state a Read hands off, and through the framework's own server,
// which sets it and runs its walks over it. The answers must be the same
// bytes. A data source added without a configuration here fails the test.
func TestStateHandoffMatchesTheFramework(t *testing.T) {
	srv := ocptest.New()
	defer srv.Close()
	number := func(v int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	fleet := tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{
		number(ocptest.ClusterHealthy), number(ocptest.ClusterNoStrategy), number(ocptest.ClusterPaused),
		number(ocptest.ClusterStale), number(ocptest.ClusterTenant),
	})
	healthy := map[string]tftypes.Value{"cluster_id": number(ocptest.ClusterHealthy)}
	configs := map[string]map[string]tftypes.Value{
		"ocp_cluster_backup_overview":  healthy,
		"ocp_cluster_backup_overviews": {"cluster_ids": fleet},
		"ocp_data_backup_tasks":        healthy,
		"ocp_log_backup_tasks":         healthy,
		"ocp_restore_tasks":            healthy,
		"ocp_restore_drills":           {"cluster_ids": fleet},
		"ocp_recovery_window":          healthy,
		"ocp_recovery_windows":         {"cluster_ids": fleet},
		"ocp_backup_strategy":          healthy,
	}

	ctx := context.Background()
	handingOff := NewProtocol6Server("test")()
	framework := providerserver.NewProtocol6(New("test")())()
	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := ocptest.DefaultCredentials
	providerConfig := dynamicValue(t, schemas.Provider, map[string]tftypes.Value{
		"url":      tftypes.NewValue(tftypes.String, srv.URL),
		"username": tftypes.NewValue(tftypes.String, c.Username),
		"password": tftypes.NewValue(tftypes.String, c.Password),
	})
	for _, server := range []tfprotov6.ProviderServer{handingOff, framework} {
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			TerraformVersion: "1.11.4", Config: &tfprotov6.DynamicValue{MsgPack: providerConfig},
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatal(err, resp.Diagnostics)
		}
	}

	for _, newDataSource := range (&ocpProvider{}).DataSources(ctx) {
		var meta datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "ocp"}, &meta)
		name := meta.TypeName
		set, ok := configs[name]
		if !ok {
			t.Errorf("%s: no configuration in this test; add one that reads a non-empty answer", name)
			continue
		}
		schema := schemas.DataSourceSchemas[name]
		config := dynamicValue(t, schema, set)
		read := func(server tfprotov6.ProviderServer) []byte {
			resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
				TypeName: name, Config: &tfprotov6.DynamicValue{MsgPack: config},
			})
			if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
				t.Fatalf("%s: %v %v", name, err, resp.Diagnostics)
			}
			return resp.State.MsgPack
		}
		got, want := read(handingOff), read(framework)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the handed-off state differs from the framework's:\n%s\n%s", name,
				decodeState(t, schema, got), decodeState(t, schema, want))
		}
		if bytes.Equal(got, config) {
			t.Errorf("%s: the state is the configuration: the read computed nothing to compare", name)
		}
	}
}

// TestStateHandoffLeavesAFailedReadToTheFramework: a read that fails hands
// Terraform no state of its own, whatever it had built.
func TestStateHandoffLeavesAFailedReadToTheFramework(t *testing.T) {
	ctx, handoff := withStateHandoff(context.Background())
	var schema datasource.SchemaResponse
	NewRecoveryWindowsDataSource().Schema(ctx, datasource.SchemaRequest{}, &schema)
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: schema.Schema}}
	setReadState(ctx, &resp, tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil))
	framework := &tfprotov6.ReadDataSourceResponse{
		State:       &tfprotov6.DynamicValue{MsgPack: []byte{0xc0}},
		Diagnostics: []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "failed"}},
	}
	handoff.apply(framework)
	if !bytes.Equal(framework.State.MsgPack, []byte{0xc0}) {
		t.Errorf("a failed read's state was replaced: %x", framework.State.MsgPack)
	}
	if !resp.State.Raw.Equal(tftypes.Value{}) {
		t.Errorf("the state was set on the response as well as handed off: %v", resp.State.Raw)
	}
}

// TestStateHandoffRefusesAStateOfAnotherType: a state the schema does not
// describe is a bug reported as one, handed to no one.
func TestStateHandoffRefusesAStateOfAnotherType(t *testing.T) {
	ctx, handoff := withStateHandoff(context.Background())
	var schema datasource.SchemaResponse
	NewRecoveryWindowsDataSource().Schema(ctx, datasource.SchemaRequest{}, &schema)
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: schema.Schema}}
	setReadState(ctx, &resp, tftypes.NewValue(tftypes.String, "built"))
	if !resp.Diagnostics.HasError() || handoff.state != nil {
		t.Fatalf("diagnostics %v, handed off %v", resp.Diagnostics, handoff.state)
	}
	if got := resp.Diagnostics[0].Detail(); !strings.Contains(got, "bug in the provider") {
		t.Errorf("detail: %s", got)
	}
}

func decodeState(t *testing.T, schema *tfprotov6.Schema, msgpack []byte) tftypes.Value {
	v, err := (&tfprotov6.DynamicValue{MsgPack: msgpack}).Unmarshal(schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
