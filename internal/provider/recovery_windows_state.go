package provider

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The state of ocp_recovery_windows is built as Terraform values straight
// from the models: over 1000 clusters, State.Set's reflection cost about
// 2 CPU seconds per read (BENCHMARKS.md). The models stay the one mapping
// from OCP's answer; TestRecoveryWindowsStateMatchesStateSet holds this to
// what State.Set makes of them.

// windowTypes are the Terraform types of a windows element and its parts,
// from the schema.
type windowTypes struct {
	state, element, tenant, section tftypes.Object
}

var recoveryWindowsTypes = sync.OnceValues(func() (windowTypes, error) {
	var resp datasource.SchemaResponse
	NewRecoveryWindowsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	state, ok1 := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	windows, ok2 := state.AttributeTypes["windows"].(tftypes.List)
	element, ok3 := windows.ElementType.(tftypes.Object)
	tenants, ok4 := element.AttributeTypes["tenants"].(tftypes.List)
	tenant, ok5 := tenants.ElementType.(tftypes.Object)
	sections, ok6 := element.AttributeTypes["sections"].(tftypes.List)
	section, ok7 := sections.ElementType.(tftypes.Object)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || !ok7 {
		return windowTypes{}, errors.New("the schema of ocp_recovery_windows does not have the shape its state is built in")
	}
	return windowTypes{state: state, element: element, tenant: tenant, section: section}, nil
})

// tfValue is a leaf model value as a Terraform value; the framework's
// basic types never fail the conversion.
func tfValue(ctx context.Context, v attr.Value) tftypes.Value {
	tv, _ := v.ToTerraformValue(ctx)
	return tv
}

func (m recoverySectionModel) tfValue(ctx context.Context, t windowTypes) tftypes.Value {
	return tftypes.NewValue(t.section, map[string]tftypes.Value{
		"type":               tfValue(ctx, m.Type),
		"backup_mode":        tfValue(ctx, m.BackupMode),
		"backup_dimension":   tfValue(ctx, m.BackupDimension),
		"start_time":         tfValue(ctx, m.StartTime),
		"end_time":           tfValue(ctx, m.EndTime),
		"full_backup_set_id": tfValue(ctx, m.FullBackupSetID),
		"data_version":       tfValue(ctx, m.DataVersion),
		"freeze_time":        tfValue(ctx, m.FreezeTime),
		"recoverable_time":   tfValue(ctx, m.RecoverableTime),
	})
}

// values are the scope's attributes, added to into.
func (m recoveryScopeModel) values(ctx context.Context, t windowTypes, into map[string]tftypes.Value) {
	into["query_time_scope"] = tfValue(ctx, m.QueryTimeScope)
	into["recoverable_start_time"] = tfValue(ctx, m.RecoverableStartTime)
	into["recoverable_end_time"] = tfValue(ctx, m.RecoverableEndTime)
	listType := tftypes.List{ElementType: t.section}
	if m.Sections == nil {
		into["sections"] = tftypes.NewValue(listType, nil)
		return
	}
	sections := make([]tftypes.Value, len(m.Sections))
	for i, s := range m.Sections {
		sections[i] = s.tfValue(ctx, t)
	}
	into["sections"] = tftypes.NewValue(listType, sections)
}

func (m recoveryWindowElementModel) tfValue(ctx context.Context, t windowTypes) tftypes.Value {
	values := map[string]tftypes.Value{
		"cluster_id":    tfValue(ctx, m.ClusterID),
		"cluster_name":  tfValue(ctx, m.ClusterName),
		"ob_cluster_id": tfValue(ctx, m.ObClusterID),
		"online":        tfValue(ctx, m.Online),
		"tenant_name":   tfValue(ctx, m.TenantName),
		"ob_tenant_id":  tfValue(ctx, m.ObTenantID),
	}
	m.values(ctx, t, values)
	listType := tftypes.List{ElementType: t.tenant}
	if m.Tenants == nil {
		values["tenants"] = tftypes.NewValue(listType, nil)
	} else {
		tenants := make([]tftypes.Value, len(m.Tenants))
		for i, tm := range m.Tenants {
			tv := map[string]tftypes.Value{
				"tenant_id":    tfValue(ctx, tm.TenantID),
				"tenant_name":  tfValue(ctx, tm.TenantName),
				"ob_tenant_id": tfValue(ctx, tm.ObTenantID),
				"online":       tfValue(ctx, tm.Online),
			}
			tm.values(ctx, t, tv)
			tenants[i] = tftypes.NewValue(t.tenant, tv)
		}
		values["tenants"] = tftypes.NewValue(listType, tenants)
	}
	return tftypes.NewValue(t.element, values)
}

// recoveryWindowsState is the whole state: the configuration's values with
// windows and skipped_cluster_ids filled in.
func recoveryWindowsState(ctx context.Context, config tftypes.Value, windows []recoveryWindowElementModel, skipped []int64) (tftypes.Value, error) {
	t, err := recoveryWindowsTypes()
	if err != nil {
		return tftypes.Value{}, err
	}
	values, err := configValues(config)
	if err != nil {
		return tftypes.Value{}, err
	}
	elements := make([]tftypes.Value, len(windows))
	for i, w := range windows {
		elements[i] = w.tfValue(ctx, t)
	}
	values["windows"] = tftypes.NewValue(tftypes.List{ElementType: t.element}, elements)
	values["skipped_cluster_ids"] = numberList(skipped)
	if err := tftypes.ValidateValue(t.state, values); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(t.state, values), nil
}
