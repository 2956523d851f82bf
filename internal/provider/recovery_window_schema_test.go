package provider

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// The window models agree with their schemas field for field, nested
// objects included: State.Set writes the singular, and the plural's state
// is held to State.Set by TestRecoveryWindowsStateMatchesStateSet.
func TestRecoveryWindowModelsMatchTheirSchemas(t *testing.T) {
	schemaOf := func(ds datasource.DataSource) map[string]schema.Attribute {
		var resp datasource.SchemaResponse
		ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
		return resp.Schema.Attributes
	}
	nested := func(attrs map[string]schema.Attribute, name string) map[string]schema.Attribute {
		return attrs[name].(schema.ListNestedAttribute).NestedObject.Attributes
	}
	one, fleet := schemaOf(NewRecoveryWindowDataSource()), schemaOf(NewRecoveryWindowsDataSource())
	for name, tc := range map[string]struct {
		attrs map[string]schema.Attribute
		model reflect.Type
	}{
		"ocp_recovery_window":                   {one, reflect.TypeFor[recoveryWindowModel]()},
		"ocp_recovery_window.sections":          {nested(one, "sections"), reflect.TypeFor[recoverySectionModel]()},
		"ocp_recovery_window.tenants":           {nested(one, "tenants"), reflect.TypeFor[recoveryTenantModel]()},
		"ocp_recovery_window.tenants.sections":  {nested(nested(one, "tenants"), "sections"), reflect.TypeFor[recoverySectionModel]()},
		"ocp_recovery_windows":                  {fleet, reflect.TypeFor[recoveryWindowsModel]()},
		"ocp_recovery_windows.windows":          {nested(fleet, "windows"), reflect.TypeFor[recoveryWindowElementModel]()},
		"ocp_recovery_windows.windows.tenants":  {nested(nested(fleet, "windows"), "tenants"), reflect.TypeFor[recoveryTenantModel]()},
		"ocp_recovery_windows.windows.sections": {nested(nested(fleet, "windows"), "sections"), reflect.TypeFor[recoverySectionModel]()},
	} {
		if got, want := modelNames(tc.model), slices.Sorted(maps.Keys(tc.attrs)); !slices.Equal(got, want) {
			t.Errorf("%s: model fields %v\nschema attributes %v", name, got, want)
		}
	}
	// Each window of the fleet has exactly a cluster read's computed attributes, and cluster_id.
	var computed []string
	for name, a := range one {
		if a.IsComputed() && !a.IsOptional() || name == "cluster_id" {
			computed = append(computed, name)
		}
	}
	if got, want := slices.Sorted(maps.Keys(nested(fleet, "windows"))), slices.Sorted(slices.Values(computed)); !slices.Equal(got, want) {
		t.Errorf("windows elements %v\ncluster read %v", got, want)
	}
}
