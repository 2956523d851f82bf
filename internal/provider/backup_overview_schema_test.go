package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// The model and the schema must agree field for field, nested objects
// included, or State.Set fails at run time for users.
func TestBackupOverviewModelMatchesSchema(t *testing.T) {
	ctx := context.Background()
	attrs := backupOverviewAttributes(schema.Int64Attribute{Computed: true})

	var tags []string
	model := reflect.TypeFor[backupOverviewModel]()
	for i := range model.NumField() {
		tags = append(tags, model.Field(i).Tag.Get("tfsdk"))
	}
	var names []string
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(tags)
	slices.Sort(names)
	if !slices.Equal(tags, names) {
		t.Fatalf("model fields %v\nschema attributes %v", tags, names)
	}

	if got := attrs["ob_backup_ability"].GetType(); !got.Equal(backupAbilityType) {
		t.Errorf("ob_backup_ability: schema type %v, model type %v", got, backupAbilityType)
	}

	// A fully populated overview maps onto every attribute with its type.
	var overview ocp.ClusterBackupOverview
	full := `{"data": ` + ocptest.Fixtures()[ocptest.ClusterTenant] + `, "successful": true}`
	if err := decodeForTest(t, ocptest.ClusterTenant, full, &overview); err != nil {
		t.Fatal(err)
	}
	m, diags := newBackupOverviewModel(ocptest.ClusterTenant, &overview)
	if diags.HasError() {
		t.Fatal(diags)
	}
	objType := backupOverviewObjectType()
	values := map[string]attr.Value{}
	v := reflect.ValueOf(m)
	for i := range v.NumField() {
		values[model.Field(i).Tag.Get("tfsdk")] = v.Field(i).Interface().(attr.Value)
	}
	for name, value := range values {
		if !objType.AttrTypes[name].Equal(value.Type(ctx)) {
			t.Errorf("%s: schema type %v, model value type %v", name, objType.AttrTypes[name], value.Type(ctx))
		}
		if value.IsNull() {
			t.Errorf("%s is null for a fully populated overview", name)
		}
	}
}

// decodeForTest decodes an envelope the way the client does, through a
// fake server round trip, so the test sees exactly what users get.
func decodeForTest(t *testing.T, clusterID int64, envelope string, out *ocp.ClusterBackupOverview) error {
	srv := newServer(t)
	srv.Inject(ocptest.RouteOverview, clusterID, ocptest.Fault{Status: 200, Body: envelope})
	o, err := testClient(t, srv).GetClusterBackupOverview(context.Background(), clusterID)
	if err != nil {
		return err
	}
	*out = *o
	return nil
}

// The hand-built state is exactly what the framework's State.Set makes.
func TestSetOverviewStateMatchesStateSet(t *testing.T) {
	ctx := context.Background()
	var resp datasource.SchemaResponse
	NewClusterBackupOverviewDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
	for id, data := range ocptest.Fixtures() {
		var overview ocp.ClusterBackupOverview
		if err := decodeForTest(t, id, `{"data": `+data+`, "successful": true}`, &overview); err != nil {
			t.Fatal(err)
		}
		m, diags := newBackupOverviewModel(id, &overview)
		if diags.HasError() {
			t.Fatal(diags)
		}
		viaSet := tfsdk.State{Schema: resp.Schema}
		viaSet.Raw = tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)
		if diags := viaSet.Set(ctx, m); diags.HasError() {
			t.Fatal(diags)
		}
		direct, diags := stateValue(ctx, tfsdk.State{Schema: resp.Schema}, m.values())
		if diags.HasError() {
			t.Fatal(diags)
		}
		if !direct.Equal(viaSet.Raw) {
			t.Errorf("cluster %d:\n%v\n%v", id, direct, viaSet.Raw)
		}
	}
}
