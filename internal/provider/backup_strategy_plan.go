package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What a plan of ocp_backup_strategy may do: deletion protection, and when
// the storage secret is sent (and so must be configured).

var _ resource.ResourceWithModifyPlan = (*backupStrategyResource)(nil)

// reusedStorageKeys are the storage attributes OCP's storage is known by:
// changing one makes a new storage, which OCP cannot reach without its
// secret. config_name and the alarm threshold are not among them.
var reusedStorageKeys = []string{"type", "url", "endpoint", "access_key_id", "region", "app_id"}

// storageChange is how a plan's storage differs from the state's.
type storageChange struct {
	// changed are the reusedStorageKeys whose value changes (or is unknown).
	changed []string
	// rotated is a new secret: another access_key_secret, or another
	// access_key_secret_wo_version.
	rotated bool
}

// sendsSecret reports whether the update must send the storage secret.
// Otherwise it names OCP's storage by its storageId and sends none,
// assuming, as OCP's PATCH samples suggest, that OCP then keeps the secret
// it holds (see ocp.BackupStorageConfig).
func (c storageChange) sendsSecret() bool { return len(c.changed) > 0 || c.rotated }

// reason says why the secret is sent, for an error that finds none.
func (c storageChange) reason() string {
	if len(c.changed) == 0 {
		return "rotates the storage secret"
	}
	names := make([]string, len(c.changed))
	for i, n := range c.changed {
		names[i] = "storage." + n
	}
	return "changes " + strings.Join(names, ", ") + ", so OCP cannot reuse the storage it holds"
}

func compareStorage(ctx context.Context, plan, state attributeGetter, diags *diag.Diagnostics) storageChange {
	var c storageChange
	storage := path.Root("storage")
	for _, name := range reusedStorageKeys {
		var p, s types.String
		diags.Append(plan.GetAttribute(ctx, storage.AtName(name), &p)...)
		diags.Append(state.GetAttribute(ctx, storage.AtName(name), &s)...)
		if !p.Equal(s) && (name != "url" || !sameStorageURL(p, s)) {
			c.changed = append(c.changed, name)
		}
	}
	var pSecret, sSecret types.String
	diags.Append(plan.GetAttribute(ctx, storage.AtName("access_key_secret"), &pSecret)...)
	diags.Append(state.GetAttribute(ctx, storage.AtName("access_key_secret"), &sSecret)...)
	var pVersion, sVersion types.Int64
	diags.Append(plan.GetAttribute(ctx, storage.AtName("access_key_secret_wo_version"), &pVersion)...)
	diags.Append(state.GetAttribute(ctx, storage.AtName("access_key_secret_wo_version"), &sVersion)...)
	c.rotated = (!pSecret.IsNull() && !pSecret.Equal(sSecret)) || (!pVersion.IsNull() && !pVersion.Equal(sVersion))
	return c
}

// sameStorageURL reports whether two known storage URLs name the same
// path written two ways: with and without trailing slashes ("bucket/path/"
// and "bucket/path"; "/obbackup/prod/" and "/obbackup/prod"). OCP's
// documents and samples write the path both ways (storageUrl "my-bucket/ob/prod",
// backupUri "file:///obbackup/"), and a trailing slash names no other
// directory or prefix of a backup destination.
func sameStorageURL(a, b types.String) bool {
	if a.IsNull() || a.IsUnknown() || b.IsNull() || b.IsUnknown() {
		return a.Equal(b)
	}
	return storageURLPath(a.ValueString()) == storageURLPath(b.ValueString())
}

// storageURLPath is a storage URL without its trailing slashes; the root
// "/" stays itself.
func storageURLPath(s string) string {
	if trimmed := strings.TrimRight(s, "/"); trimmed != "" {
		return trimmed
	}
	return s
}

// ModifyPlan refuses, with deletion_protection on, a plan that deletes or
// replaces the strategy, and requires the storage secret where the plan
// sends it: on create, on rotation, on a change of the storage.
func (r *backupStrategyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	diags := &resp.Diagnostics
	if req.State.Raw.IsNull() {
		requireSecret(ctx, req.Config, req.Plan, "creates the strategy", diags)
		return
	}
	var state backupStrategyIdentity
	diags.Append(state.read(ctx, req.State)...)
	if req.Plan.Raw.IsNull() {
		if state.protected() {
			protectionError(diags, state, "deletes")
		}
		return
	}
	var plan backupStrategyIdentity
	diags.Append(plan.read(ctx, req.Plan)...)
	if !plan.ClusterID.Equal(state.ClusterID) || !plan.TenantID.Equal(state.TenantID) {
		if state.protected() {
			protectionError(diags, state, "replaces (a new cluster_id or tenant_id)")
			return
		}
		requireSecret(ctx, req.Config, req.Plan, "replaces the strategy, creating it anew", diags)
		return
	}
	keepEquivalentURL(ctx, req.Plan, req.State, resp, diags)
	change := compareStorage(ctx, req.Plan, req.State, diags)
	if len(change.changed) > 0 {
		// A new storage may get a new id.
		diags.Append(resp.Plan.SetAttribute(ctx, path.Root("storage_id"), types.Int64Unknown())...)
	}
	if change.sendsSecret() {
		requireSecret(ctx, req.Config, req.Plan, change.reason(), diags)
	}
}

// keepEquivalentURL plans the state's storage.url when the configuration
// writes the same path another way (sameStorageURL), as equivalentTimeKept
// does for times: an imported strategy's "bucket/path" against a
// configured "bucket/path/" plans no change and sends no secret, and an
// update sends OCP the spelling it holds. Terraform accepts a planned
// value equal to the prior one in place of the configured one.
func keepEquivalentURL(ctx context.Context, plan, state attributeGetter, resp *resource.ModifyPlanResponse, diags *diag.Diagnostics) {
	url := path.Root("storage").AtName("url")
	var p, s types.String
	diags.Append(plan.GetAttribute(ctx, url, &p)...)
	diags.Append(state.GetAttribute(ctx, url, &s)...)
	if !p.Equal(s) && sameStorageURL(p, s) {
		diags.Append(resp.Plan.SetAttribute(ctx, url, s)...)
	}
}

// backupStrategyIdentity is what ModifyPlan reads of a plan or a state:
// the strategy's place and its protection.
type backupStrategyIdentity struct {
	ClusterID          types.Int64
	TenantID           types.Int64
	DeletionProtection types.Bool
}

func (b *backupStrategyIdentity) read(ctx context.Context, from attributeGetter) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(from.GetAttribute(ctx, path.Root("cluster_id"), &b.ClusterID)...)
	diags.Append(from.GetAttribute(ctx, path.Root("tenant_id"), &b.TenantID)...)
	diags.Append(from.GetAttribute(ctx, path.Root("deletion_protection"), &b.DeletionProtection)...)
	return diags
}

// protected is deletion_protection as the state holds it; a state written
// before the attribute existed counts as protected.
func (b *backupStrategyIdentity) protected() bool {
	return b.DeletionProtection.IsNull() || b.DeletionProtection.IsUnknown() || b.DeletionProtection.ValueBool()
}

func protectionError(diags *diag.Diagnostics, state backupStrategyIdentity, what string) {
	where := fmt.Sprintf("cluster %d", state.ClusterID.ValueInt64())
	if !state.TenantID.IsNull() {
		where = fmt.Sprintf("tenant %d of cluster %d", state.TenantID.ValueInt64(), state.ClusterID.ValueInt64())
	}
	diags.AddAttributeError(path.Root("deletion_protection"), "Deletion protection is on",
		fmt.Sprintf("deletion_protection: this plan %s the backup strategy of %s, and deletion_protection is true, so "+
			"nothing was sent to OCP. Deleting the strategy stops OCP's scheduled backups of it. To go ahead, set "+
			"deletion_protection = false and apply (that changes nothing in OCP), then plan again.", what, where))
}

// requireSecret fails the plan when it sends the storage secret (why says
// why) and the configuration has none. An unknown secret counts as one; it
// is checked again at apply, before any request.
func requireSecret(ctx context.Context, config, plan attributeGetter, why string, diags *diag.Diagnostics) {
	storage := path.Root("storage")
	var storageType, secret, secretWO types.String
	diags.Append(plan.GetAttribute(ctx, storage.AtName("type"), &storageType)...)
	diags.Append(config.GetAttribute(ctx, storage.AtName("access_key_secret"), &secret)...)
	diags.Append(config.GetAttribute(ctx, storage.AtName("access_key_secret_wo"), &secretWO)...)
	if storageType.IsUnknown() || storageType.IsNull() || storageType.ValueString() == "FILE" || !secret.IsNull() || !secretWO.IsNull() {
		return
	}
	diags.Append(missingSecret(storageType.ValueString(), why))
}

// missingSecret is the error of a write that must send the storage secret
// and has none.
func missingSecret(storageType, why string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("storage").AtName("access_key_secret_wo"), "Missing storage secret",
		fmt.Sprintf("storage.access_key_secret_wo: this plan %s, which sends the %s storage secret to OCP, and none is "+
			"configured. Set storage.access_key_secret_wo with storage.access_key_secret_wo_version (Terraform 1.11 "+
			"and later), or storage.access_key_secret. Other updates name OCP's storage by its id and need no secret.",
			why, storageType))
}
