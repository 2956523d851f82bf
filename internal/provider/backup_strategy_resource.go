package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var (
	_ resource.ResourceWithConfigure      = (*backupStrategyResource)(nil)
	_ resource.ResourceWithImportState    = (*backupStrategyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*backupStrategyResource)(nil)
)

// NewBackupStrategyResource is ocp_backup_strategy.
func NewBackupStrategyResource() resource.Resource { return &backupStrategyResource{} }

type backupStrategyResource struct {
	configured *providerData
}

// unfinishedCreateKey marks, in private state, a strategy whose create
// failed after OCP accepted it: the tainted object Delete may remove.
const unfinishedCreateKey = "unfinished_create"

// Defaults of the resource, documented in its schema.
const (
	defaultStrategyTimeout                 = 30 * time.Minute
	defaultDataBackupTimeoutMinutes        = 240
	defaultNoSuccessfulDataBackupAlarmDays = 3
	defaultLogBackupDelaySeconds           = 600
	defaultAlarmStoragePercentage          = 80
	maxMonthDays                           = 10
)

func (r *backupStrategyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_strategy"
}

func (r *backupStrategyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

// secret is the storage secret to send: the write-only one from the
// configuration, or the stored one.
func (r *backupStrategyResource) secret(ctx context.Context, config attributeGetter, m *backupStrategyResourceModel, diags *diag.Diagnostics) string {
	var wo types.String
	diags.Append(config.GetAttribute(ctx, path.Root("storage").AtName("access_key_secret_wo"), &wo)...)
	if !wo.IsNull() && !wo.IsUnknown() {
		return wo.ValueString()
	}
	if m.Storage != nil {
		return m.Storage.AccessKeySecret.ValueString()
	}
	return ""
}

// clientContext is ctx for the OCP client, with the storage secret, in
// every spelling a server may echo it in, masked in any log line besides
// the client's own redaction by field name. A secret shorter than
// ocp.MinMaskableSecretLength is left to that redaction (masking its every
// occurrence would mask common letters and so reveal it), and warned of at
// plan time.
func (r *backupStrategyResource) clientContext(ctx context.Context, secret string) context.Context {
	ctx = r.configured.logContext(ctx)
	if forms := storageRedactor(secret).Maskable(); r.configured.logging && len(forms) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, forms...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, forms...)
	}
	return ctx
}

// storageRedactor masks the storage secret as the client's redactor masks
// the provider's own: as sent, JSON-escaped, URL-encoded and in base64.
func storageRedactor(secret string) *ocp.Redactor {
	if secret == "" {
		return ocp.NewRedactor(nil)
	}
	return ocp.NewRedactor(ocp.AccessKey{Secret: secret})
}

// failure reports err as a diagnostic naming the strategy, with the storage
// secret masked should OCP have echoed it.
func failure(diags *diag.Diagnostics, summary string, ref ocp.StrategyRef, secret string, err error) {
	detail := err.Error()
	detail = scrub(detail, secret)
	var opErr *ocp.OperationError
	if errors.As(err, &opErr) {
		detail += "\n\nOCP answered the request but reported this failure for the object (beSuccessful: false)."
	}
	if ref.TenantID != 0 && ocp.IsNoSuchAPI(err) {
		detail += "\n\nThis OCP has no tenant-level backup strategies; they need OCP 4.3 or later."
	}
	diags.AddError(fmt.Sprintf("%s of %s", summary, ref), detail)
}

func (r *backupStrategyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan backupStrategyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !isConfigured(r.configured, &resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	checkConfig(ctx, req.Config, &resp.Diagnostics)
	plan.fillCreateDefaults(ctx, &resp.Diagnostics)
	secret := r.secret(ctx, req.Config, &plan, &resp.Diagnostics)
	if t := plan.Storage.Type.ValueString(); t != "FILE" && secret == "" {
		resp.Diagnostics.Append(missingSecret(t, "creates the strategy"))
	}
	body := plan.request(ctx, secret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cctx := r.clientContext(ctx, secret)
	ref := plan.ref()
	client := r.configured.client

	existing, err := client.GetBackupStrategy(cctx, ref)
	if err != nil {
		failure(&resp.Diagnostics, "Unable to read the backup strategy", ref, secret, err)
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("A backup strategy already exists for %s", ref),
			fmt.Sprintf("OCP already has a backup strategy (id %d) for %s. Bring it under Terraform with "+
				"`terraform import <address> %s` or an import block with id = %q, then apply your configuration.",
				deref64(existing.ID), ref, strategyResourceID(ref), strategyResourceID(ref)))
		return
	}

	answer, err := client.CreateBackupStrategy(cctx, ref, body)
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ocp.MayHaveActed(err):
		// OCP may have created it before the answer was lost: look before
		// deciding, with time of its own should the timeout have ended the write.
		lookCtx, cancelLook := ocp.GraceContext(cctx)
		defer cancelLook()
		found, readErr := client.GetBackupStrategy(lookCtx, ref)
		if readErr != nil || found == nil {
			failure(&resp.Diagnostics, "Unable to create the backup strategy", ref, secret, err)
			return
		}
		resp.Diagnostics.AddWarning(fmt.Sprintf("OCP's answer to the creation of the backup strategy of %s was lost", ref),
			fmt.Sprintf("The request failed (%v), yet OCP now has the strategy, so it was created. Its tasks could not "+
				"be followed; check them in OCP's console.", scrub(err.Error(), secret)))
	default:
		failure(&resp.Diagnostics, "Unable to create the backup strategy", ref, secret, err)
		return
	}

	err = client.WaitForTasks(cctx, taskIDs)
	if err == nil && cctx.Err() != nil {
		// The answer was lost to an interruption or the timeout, after OCP
		// had the strategy: there is nothing left to follow it by.
		err = cctx.Err()
	}
	if err != nil {
		err = withTimeoutHint(err, "create", timeout)
		err = fmt.Errorf("%w\n\nOCP accepted the strategy, so it is kept in state, and Terraform marks it tainted: the "+
			"next apply replaces it (deletes it and creates it again). Once OCP's task has succeeded (see OCP's "+
			"console), run `terraform untaint` on this resource's address to keep the strategy as it is instead", err)
		failure(&resp.Diagnostics, "Unable to finish creating the backup strategy", ref, secret, err)
		// OCP accepted the strategy, so it exists although its task failed
		// or outlived the timeout: keep it in state (Terraform marks it
		// tainted) so that the next apply replaces it and destroy deletes
		// it. The read has time of its own, since the timeout may be what
		// ended the wait; only OCP saying it has none drops the strategy.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unfinishedCreateKey, []byte("true"))...)
		lookCtx, cancelLook := ocp.GraceContext(cctx)
		defer cancelLook()
		found, readErr := client.GetBackupStrategy(lookCtx, ref)
		switch {
		case readErr == nil && found == nil:
			return
		case readErr == nil:
			resp.Diagnostics.Append(plan.fromOCP(ref, found)...)
		}
		// What neither OCP's answer nor the plan says (the read failed, or
		// its answer could not be mapped) is saved as null.
		plan.settleUnknowns(ref)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setStrategyIdentity(ctx, resp.Identity, ref, &resp.Diagnostics)
		return
	}
	r.readBack(cctx, ctx, ref, secret, &plan, &resp.State, &resp.Diagnostics)
	setStrategyIdentity(ctx, resp.Identity, ref, &resp.Diagnostics)
}

// withTimeoutHint says, of a wait the operation's timeout ended, which
// timeout that was and what became of the task.
func withTimeoutHint(err error, op string, timeout time.Duration) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w\n\ntimeouts.%s (%s) ran out before OCP's task ended. OCP may still finish it; the next "+
		"plan shows what OCP holds. Raise timeouts.%s if OCP's tasks take longer", err, op, timeout, op)
}

// readBack reads the strategy after a write and saves it in state.
func (r *backupStrategyResource) readBack(clientCtx, ctx context.Context, ref ocp.StrategyRef, secret string, m *backupStrategyResourceModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	found, err := r.configured.client.GetBackupStrategy(clientCtx, ref)
	if err != nil {
		failure(diags, "Unable to read back the backup strategy", ref, secret, err)
		return
	}
	if found == nil {
		diags.AddError(fmt.Sprintf("The backup strategy of %s is missing after the write", ref),
			"OCP accepted the request and its tasks succeeded, but reading the strategy back finds none.")
		return
	}
	diags.Append(m.fromOCP(ref, found)...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

// scrub masks secret in s, should OCP have echoed it.
func scrub(s, secret string) string {
	return storageRedactor(secret).Redact(s)
}

// checkConfig checks the configuration again at apply, where every value
// is known, before any request: what was unknown at plan time is checked
// here. Warnings were given at plan time already.
func checkConfig(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) {
	var found diag.Diagnostics
	validateStrategyConfig(ctx, config, &found)
	diags.Append(found.Errors()...)
}

func (r *backupStrategyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state backupStrategyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(r.configured, &resp.Diagnostics) {
		return
	}
	ref := state.ref()
	// Set first: the framework wants one even of a strategy found gone.
	setStrategyIdentity(ctx, resp.Identity, ref, &resp.Diagnostics)
	secret := ""
	if state.Storage != nil {
		secret = state.Storage.AccessKeySecret.ValueString()
	}
	found, err := r.configured.client.GetBackupStrategy(r.clientContext(ctx, secret), ref)
	if err != nil {
		failure(&resp.Diagnostics, "Unable to read the backup strategy", ref, secret, err)
		return
	}
	if found == nil {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The backup strategy of %s is gone", ref),
			"OCP has no backup strategy there any more (deleted outside Terraform); the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(state.fromOCP(ref, found)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.DeletionProtection.IsNull() {
		// An import, or a state written before the attribute existed: the
		// default, as the configuration's.
		state.DeletionProtection = types.BoolValue(true)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *backupStrategyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state backupStrategyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(r.configured, &resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	// An update reaches only an object Terraform kept (not tainted, or
	// untainted): its create is no excuse for a delete any more.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, unfinishedCreateKey, nil)...)
	checkConfig(ctx, req.Config, &resp.Diagnostics)
	// secret masks the configured secret in logs whether or not it is sent.
	secret := r.secret(ctx, req.Config, &plan, &resp.Diagnostics)
	change := compareStorage(ctx, req.Plan, req.State, &resp.Diagnostics)
	sent := ""
	if change.sendsSecret() {
		sent = secret
		if t := plan.Storage.Type.ValueString(); t != "FILE" && sent == "" {
			resp.Diagnostics.Append(missingSecret(t, change.reason()))
		}
	}
	body := plan.request(ctx, sent, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !change.sendsSecret() && sameStrategy(ctx, &plan, &state) {
		// Nothing OCP holds changes (deletion_protection, timeouts, the
		// form of a time, a secret removed from the configuration): no
		// request.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setStrategyIdentity(ctx, resp.Identity, plan.ref(), &resp.Diagnostics)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cctx := r.clientContext(ctx, secret)
	ref := plan.ref()
	client := r.configured.client

	var answer *ocp.BackupCommonResponse
	var err error
	toggled := onlyEnabledChanged(ctx, &plan, &state)
	if toggled {
		if plan.Schedule.Enabled.ValueBool() {
			answer, err = client.StartBackupSchedule(cctx, ref)
		} else {
			answer, err = client.StopBackupSchedule(cctx, ref)
		}
		if ocp.IsNotServed(err) {
			// OCP before 4.3 has no start/stopSchedule, and how it says so is
			// not documented: the PATCH carries the flag, and fails itself
			// should the strategy be gone.
			tflog.Debug(ctx, "startSchedule/stopSchedule not available; changing the schedule by PATCH")
			toggled = false
		}
	}
	if !toggled {
		answer, err = client.UpdateBackupStrategy(cctx, ref, body)
		if err != nil && !ocp.MayHaveActed(err) && sent == "" && plan.Storage.Type.ValueString() != "FILE" {
			// OCP refused the body: perhaps for want of the secret.
			err = fmt.Errorf("%w\n\nThis update named OCP's storage by its id (storageId %d) and sent no secret, on the "+
				"assumption that OCP keeps the secret it holds. If OCP asks for the secret, set "+
				"storage.access_key_secret_wo and change storage.access_key_secret_wo_version (or set "+
				"storage.access_key_secret), then apply again", err, plan.StorageID.ValueInt64())
		}
	}
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ocp.MayHaveActed(err):
		found, readErr := client.GetBackupStrategy(cctx, ref)
		check := plan
		if readErr == nil && found != nil && !check.fromOCP(ref, found).HasError() && sameStrategy(ctx, &check, &plan) {
			resp.Diagnostics.AddWarning(fmt.Sprintf("OCP's answer to the update of the backup strategy of %s was lost", ref),
				fmt.Sprintf("The request failed (%v), yet OCP's strategy now matches the plan, so it was applied. "+
					"Its tasks could not be followed; check them in OCP's console.", scrub(err.Error(), secret)))
			break
		}
		failure(&resp.Diagnostics, "Unable to update the backup strategy", ref, secret, err)
		return
	default:
		failure(&resp.Diagnostics, "Unable to update the backup strategy", ref, secret, err)
		return
	}
	if err := client.WaitForTasks(cctx, taskIDs); err != nil {
		err = withTimeoutHint(err, "update", timeout)
		failure(&resp.Diagnostics, "Unable to finish updating the backup strategy", ref, secret, err)
		return
	}
	r.readBack(cctx, ctx, ref, secret, &plan, &resp.State, &resp.Diagnostics)
	setStrategyIdentity(ctx, resp.Identity, ref, &resp.Diagnostics)
}

func (r *backupStrategyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state backupStrategyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !isConfigured(r.configured, &resp.Diagnostics) {
		return
	}
	// Terraform plans the create of `apply -replace`, replace_triggered_by
	// and a tainted object with no prior state, so ModifyPlan never sees
	// their delete: the protection holds here too, before any request. A
	// strategy whose own create never finished may be replaced, as that
	// create's error said it would be.
	unfinished, diags := req.Private.GetKey(ctx, unfinishedCreateKey)
	resp.Diagnostics.Append(diags...)
	var id backupStrategyIdentity
	resp.Diagnostics.Append(id.read(ctx, req.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if id.protected() && unfinished == nil {
		protectionError(&resp.Diagnostics, id, "deletes or replaces (terraform destroy, apply -replace, replace_triggered_by or a tainted strategy)")
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultStrategyTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	secret := ""
	if state.Storage != nil {
		secret = state.Storage.AccessKeySecret.ValueString()
	}
	cctx := r.clientContext(ctx, secret)
	ref := state.ref()
	client := r.configured.client
	answer, err := client.DeleteBackupStrategy(cctx, ref)
	var taskIDs []int64
	switch {
	case err == nil:
		taskIDs = answer.TaskIDs()
	case ocp.IsNotFound(err):
		return
	case ocp.MayHaveActed(err):
		if found, readErr := client.GetBackupStrategy(cctx, ref); readErr == nil && found == nil {
			return
		}
		failure(&resp.Diagnostics, "Unable to delete the backup strategy", ref, secret, err)
		return
	default:
		failure(&resp.Diagnostics, "Unable to delete the backup strategy", ref, secret, err)
		return
	}
	if err := client.WaitForTasks(cctx, taskIDs); err != nil {
		err = withTimeoutHint(err, "delete", timeout)
		failure(&resp.Diagnostics, "Unable to finish deleting the backup strategy", ref, secret, err)
	}
}

func (r *backupStrategyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importByIdentity(ctx, req, resp) {
		return
	}
	clusterPart, tenantPart, hasTenant := strings.Cut(req.ID, "/")
	cluster, err := strconv.ParseInt(clusterPart, 10, 64)
	var tenant int64
	if err == nil && hasTenant {
		tenant, err = strconv.ParseInt(tenantPart, 10, 64)
		if tenant < 1 {
			err = errors.New("tenant id below 1")
		}
	}
	if err != nil || cluster < 1 {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not \"<cluster_id>\" or \"<cluster_id>/<tenant_id>\" with ids of at least 1.", req.ID))
		return
	}
	importStrategy(ctx, ocp.StrategyRef{ClusterID: cluster, TenantID: tenant}, resp)
}
