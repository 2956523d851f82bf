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

// modelNames are the tfsdk names of a model struct, embedded structs included.
func modelNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			names = append(names, modelNames(f.Type)...)
			continue
		}
		names = append(names, f.Tag.Get("tfsdk"))
	}
	slices.Sort(names)
	return names
}

// Models read and written by reflection agree with their schemas, nested
// objects included, or State.Set fails at run time for users.
func TestReflectedModelsMatchTheirSchemas(t *testing.T) {
	dataTasks, logTasks := schemaOf(NewDataBackupTasksDataSource()), schemaOf(NewLogBackupTasksDataSource())
	one, fleet := schemaOf(NewRecoveryWindowDataSource()), schemaOf(NewRecoveryWindowsDataSource())
	for name, tc := range map[string]struct {
		attrs map[string]schema.Attribute
		model reflect.Type
	}{
		"ocp_data_backup_tasks":                 {dataTasks, reflect.TypeFor[dataBackupTasksModel]()},
		"ocp_data_backup_tasks.tasks":           {nested(dataTasks, "tasks"), reflect.TypeFor[dataBackupTaskModel]()},
		"ocp_log_backup_tasks":                  {logTasks, reflect.TypeFor[logBackupTasksModel]()},
		"ocp_log_backup_tasks.tasks":            {nested(logTasks, "tasks"), reflect.TypeFor[logBackupTaskModel]()},
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
