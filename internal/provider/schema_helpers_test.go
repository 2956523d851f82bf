package provider

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// reflectedModels are, for every data source and resource whose
// configuration, plan or state is read or written by reflection, its model
// struct at each level that is not a pointer to a nested struct (those are
// followed): "" is the root, "windows.tenants" a nested list's elements.
// A data source built on listSpec needs none: its field table is its model.
var reflectedModels = map[string]map[string]reflect.Type{
	// Reads cluster_id by path and writes its state from a values map.
	"ocp_cluster_backup_overview":  {},
	"ocp_cluster_backup_overviews": {"": reflect.TypeFor[clusterBackupOverviewsModel]()},
	"ocp_recovery_window": {
		"":                 reflect.TypeFor[recoveryWindowModel](),
		"sections":         reflect.TypeFor[recoverySectionModel](),
		"tenants":          reflect.TypeFor[recoveryTenantModel](),
		"tenants.sections": reflect.TypeFor[recoverySectionModel](),
	},
	"ocp_recovery_windows": {
		"":                 reflect.TypeFor[recoveryWindowsModel](),
		"windows":          reflect.TypeFor[recoveryWindowElementModel](),
		"windows.tenants":  reflect.TypeFor[recoveryTenantModel](),
		"windows.sections": reflect.TypeFor[recoverySectionModel](),
	},
	"ocp_backup_strategy": {"": reflect.TypeFor[backupStrategyDataModel]()},
}

// reflectedResourceModels are reflectedModels for resources.
var reflectedResourceModels = map[string]map[string]reflect.Type{
	"ocp_backup_strategy": {"": reflect.TypeFor[backupStrategyResourceModel]()},
}

// Models read and written by reflection agree with their schemas, nested
// objects included, or State.Set fails at run time for users. The walk
// goes over the provider's registries, so an entity no table declares
// fails here rather than for a user.
func TestReflectedModelsMatchTheirSchemas(t *testing.T) {
	schemas := providerSchemas(t)
	p := New("test")()
	dataSources := map[string]datasource.DataSource{}
	for _, newDS := range p.DataSources(context.Background()) {
		ds := newDS()
		var resp datasource.MetadataResponse
		ds.Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "ocp"}, &resp)
		dataSources[resp.TypeName] = ds
	}
	for name, ds := range dataSources {
		if _, ok := ds.(builtWithoutReflection); ok {
			if _, declared := reflectedModels[name]; declared {
				t.Errorf("data source %s is built from its field table, but reflectedModels declares it", name)
			}
			continue
		}
		models, ok := reflectedModels[name]
		if !ok {
			t.Errorf("data source %s: declare its models in reflectedModels (or build it with listSpec)", name)
			continue
		}
		checkModels(t, "data source "+name, schemas.DataSourceSchemas[name].Block, models)
	}
	for name := range reflectedModels {
		if dataSources[name] == nil {
			t.Errorf("reflectedModels declares %s, which DataSources() does not register", name)
		}
	}

	resources := map[string]bool{}
	for _, newR := range p.Resources(context.Background()) {
		var resp resource.MetadataResponse
		newR().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "ocp"}, &resp)
		resources[resp.TypeName] = true
		models, ok := reflectedResourceModels[resp.TypeName]
		if !ok {
			t.Errorf("resource %s: declare its models in reflectedResourceModels", resp.TypeName)
			continue
		}
		checkModels(t, "resource "+resp.TypeName, schemas.ResourceSchemas[resp.TypeName].Block, models)
	}
	for name := range reflectedResourceModels {
		if !resources[name] {
			t.Errorf("reflectedResourceModels declares %s, which Resources() does not register", name)
		}
	}
}

// A data source built from its field table makes a state of its schema's
// type: every field's value has the type of its attribute.
func TestListDataSourcesBuildTheirState(t *testing.T) {
	walked := 0
	for _, newDS := range New("test")().DataSources(context.Background()) {
		ds, ok := newDS().(builtWithoutReflection)
		if !ok {
			continue
		}
		walked++
		var resp datasource.SchemaResponse
		newDS().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
		stateType := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
		config := map[string]tftypes.Value{}
		for name, typ := range stateType.AttributeTypes {
			config[name] = tftypes.NewValue(typ, nil)
		}
		if _, err := ds.stateOf(context.Background(), tftypes.NewValue(stateType, config)); err != nil {
			t.Errorf("%T: %v", ds, err)
		}
	}
	if walked == 0 {
		t.Error("no data source is built from a field table")
	}
}

// checkModels holds each model to the attributes at its path in block.
func checkModels(t *testing.T, where string, block *tfprotov6.SchemaBlock, models map[string]reflect.Type) {
	t.Helper()
	for at, model := range models {
		attrs := block.Attributes
		if at != "" {
			for _, name := range strings.Split(at, ".") {
				attrs = attributeNamed(attrs, name).NestedType.Attributes
			}
		}
		checkModel(t, where+" "+at, attrs, model)
	}
}

// checkModel compares a model's tfsdk names with attrs, following fields
// that point to a nested struct.
func checkModel(t *testing.T, where string, attrs []*tfprotov6.SchemaAttribute, model reflect.Type) {
	t.Helper()
	names := modelNames(model)
	want := make([]string, len(attrs))
	for i, a := range attrs {
		want[i] = a.Name
	}
	slices.Sort(want)
	if !slices.Equal(slices.Sorted(maps.Keys(names)), want) {
		t.Errorf("%s: model %s fields %v\nschema attributes %v", where, model, slices.Sorted(maps.Keys(names)), want)
		return
	}
	for name, f := range names {
		if f.Kind() == reflect.Pointer && f.Elem().Kind() == reflect.Struct && !f.Implements(reflect.TypeFor[attr.Value]()) {
			checkModel(t, where+"."+name, attributeNamed(attrs, name).NestedType.Attributes, f.Elem())
		}
	}
}

func attributeNamed(attrs []*tfprotov6.SchemaAttribute, name string) *tfprotov6.SchemaAttribute {
	for _, a := range attrs {
		if a.Name == name {
			return a
		}
	}
	return &tfprotov6.SchemaAttribute{NestedType: &tfprotov6.SchemaObject{}}
}

// modelNames are the tfsdk names of a model struct and their field types,
// embedded structs included.
func modelNames(t reflect.Type) map[string]reflect.Type {
	names := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			maps.Copy(names, modelNames(f.Type))
			continue
		}
		names[f.Tag.Get("tfsdk")] = f.Type
	}
	return names
}

// providerSchemas are the provider's schemas as Terraform receives them.
func providerSchemas(t *testing.T) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	resp, err := providerserver.NewProtocol6(New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		t.Fatalf("%+v", resp.Diagnostics)
	}
	return resp
}

// schemaOf is a data source's schema attributes.
func schemaOf(ds datasource.DataSource) map[string]schema.Attribute {
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	return resp.Schema.Attributes
}

// nested is the attributes of a list-nested attribute's elements.
func nested(attrs map[string]schema.Attribute, name string) map[string]schema.Attribute {
	return attrs[name].(schema.ListNestedAttribute).NestedObject.Attributes
}
