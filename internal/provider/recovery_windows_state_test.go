package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// The hand-built state of ocp_recovery_windows is exactly what State.Set
// makes of the same models, for every built-in window: nulls, empty lists,
// tenants, longs beyond 2^53 and unknown enum values included.
func TestRecoveryWindowsStateMatchesStateSet(t *testing.T) {
	ctx := context.Background()
	srv := ocptest.New(ocptest.WithClusters(append(ocptest.DemoFleet, ocptest.FleetIDs(3)...)...))
	defer srv.Close()
	for _, id := range []int64{ocptest.VendorExampleID, ocptest.ClusterLongStrings, ocptest.ClusterSparse, ocptest.DocExampleClusterID} {
		srv.SetBackupInfo(id, map[int64]string{
			ocptest.VendorExampleID: ocptest.OldNamingInfo, ocptest.ClusterLongStrings: ocptest.LongStringsInfo,
			ocptest.ClusterSparse: `{"clusterId": 201}`, ocptest.DocExampleClusterID: `{"clusterId": 1000007, "tenantBackupInfos": [` + ocptest.DocExampleTenantInfo + `]}`,
		}[id])
	}
	c, err := ocp.New(ocp.Config{BaseURL: srv.URL, Credentials: ocp.BasicAuth{
		Username: ocptest.DefaultCredentials.Username, Password: ocptest.DefaultCredentials.Password}})
	if err != nil {
		t.Fatal(err)
	}
	ids := append(append([]int64{}, ocptest.DemoFleet...), ocptest.FleetIDs(3)...)
	ids = append(ids, ocptest.VendorExampleID, ocptest.ClusterLongStrings, ocptest.ClusterSparse, ocptest.DocExampleClusterID)
	var windows []recoveryWindowElementModel
	for _, id := range ids {
		info, err := c.GetClusterBackupInfo(ctx, id, ocp.BackupInfoOptions{})
		if err != nil {
			t.Fatalf("cluster %d: %v", id, err)
		}
		windows = append(windows, recoveryWindowElementModel{ClusterID: types.Int64Value(id), recoveryWindowReadModel: newClusterRecoveryModel(info)})
	}

	var resp datasource.SchemaResponse
	NewRecoveryWindowsDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
	stateType := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	config := map[string]tftypes.Value{}
	for name, typ := range stateType.AttributeTypes {
		config[name] = tftypes.NewValue(typ, nil)
	}
	config["skip_unreadable"] = tftypes.NewValue(tftypes.Bool, true)
	for _, skipped := range [][]int64{{}, {7, 9007199254740993}} {
		direct, err := recoveryWindowsState(ctx, tftypes.NewValue(stateType, config), windows, skipped)
		if err != nil {
			t.Fatal(err)
		}
		viaSet := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(stateType, nil)}
		model := recoveryWindowsModel{Windows: windows, SkippedClusterIDs: skipped}
		model.Name, model.ClusterIDs, model.SkipUnreadable = types.StringNull(), types.ListNull(types.Int64Type), types.BoolValue(true)
		model.Statuses, model.Types = types.SetNull(types.StringType), types.SetNull(types.StringType)
		if diags := viaSet.Set(ctx, &model); diags.HasError() {
			t.Fatal(diags)
		}
		if !direct.Equal(viaSet.Raw) {
			diffs, _ := direct.Diff(viaSet.Raw)
			t.Errorf("the hand-built state differs from State.Set's at %d places, such as %v", len(diffs), diffs[:min(3, len(diffs))])
		}
	}
}
