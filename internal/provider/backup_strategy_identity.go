package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The resource identity of ocp_backup_strategy (Terraform 1.12 and later):
// the cluster and, for a tenant-level strategy, the tenant. It lets an
// import block name a strategy by `identity` instead of an id string, and
// lets `terraform query` hand what it lists to import blocks.

var _ resource.ResourceWithIdentity = (*backupStrategyResource)(nil)

type backupStrategyIdentityModel struct {
	ClusterID types.Int64 `tfsdk:"cluster_id"`
	TenantID  types.Int64 `tfsdk:"tenant_id"`
}

func (r *backupStrategyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"cluster_id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "OCP ID of the cluster whose strategy this is.",
			},
			"tenant_id": identityschema.Int64Attribute{
				OptionalForImport: true,
				Description:       "OCP ID of the tenant, for a tenant-level strategy (OCP 4.3 and later); null for the cluster's.",
			},
		},
	}
}

// strategyIdentity is the identity of the strategy at ref.
func strategyIdentity(ref ocp.StrategyRef) backupStrategyIdentityModel {
	m := backupStrategyIdentityModel{ClusterID: types.Int64Value(ref.ClusterID), TenantID: types.Int64Null()}
	if ref.TenantID != 0 {
		m.TenantID = types.Int64Value(ref.TenantID)
	}
	return m
}

// setStrategyIdentity records ref as the identity; identity is nil when
// Terraform is too old to keep one.
func setStrategyIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, ref ocp.StrategyRef, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	id := strategyIdentity(ref)
	diags.Append(identity.Set(ctx, &id)...)
}

// importByIdentity imports the strategy an import block names by identity,
// and reports whether the request was one.
func (r *backupStrategyResource) importByIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if req.ID != "" || req.Identity == nil {
		return false
	}
	var id backupStrategyIdentityModel
	resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
	if resp.Diagnostics.HasError() {
		return true
	}
	cluster, tenant := id.ClusterID.ValueInt64(), id.TenantID.ValueInt64()
	if id.ClusterID.IsUnknown() || id.TenantID.IsUnknown() || cluster < 1 || (!id.TenantID.IsNull() && tenant < 1) {
		resp.Diagnostics.AddError("Invalid import identity",
			fmt.Sprintf("identity.cluster_id must be an OCP cluster ID of at least 1, and identity.tenant_id, when "+
				"set, a tenant ID of at least 1; got cluster_id %s and tenant_id %s.", id.ClusterID, id.TenantID))
		return true
	}
	importStrategy(ctx, ocp.StrategyRef{ClusterID: cluster, TenantID: tenant}, resp)
	return true
}

// importStrategy starts the state and identity of an imported strategy;
// Read fills in the rest.
func importStrategy(ctx context.Context, ref ocp.StrategyRef, resp *resource.ImportStateResponse) {
	setStrategyNames(ctx, &resp.State, ref, &resp.Diagnostics)
	setStrategyIdentity(ctx, resp.Identity, ref, &resp.Diagnostics)
}

// setStrategyNames sets the attributes that name the strategy at ref in a
// state otherwise empty, for Read to fill in.
func setStrategyNames(ctx context.Context, state interface {
	SetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, ref ocp.StrategyRef, diags *diag.Diagnostics) {
	diags.Append(state.SetAttribute(ctx, path.Root("id"), strategyResourceID(ref))...)
	diags.Append(state.SetAttribute(ctx, path.Root("cluster_id"), ref.ClusterID)...)
	// An adopted strategy is protected, as a new one is by default, so the
	// generated configuration plans no change to it.
	diags.Append(state.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
	if ref.TenantID != 0 {
		diags.Append(state.SetAttribute(ctx, path.Root("tenant_id"), ref.TenantID)...)
	}
}
