package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ action.ActionWithConfigure = (*backupNowAction)(nil)

// NewBackupNowAction is the action ocp_backup_now.
func NewBackupNowAction() action.Action { return &backupNowAction{} }

type backupNowAction struct {
	configured *providerData
}

type backupNowModel struct {
	ClusterID types.Int64          `tfsdk:"cluster_id"`
	TenantID  types.Int64          `tfsdk:"tenant_id"`
	Mode      types.String         `tfsdk:"mode"`
	Timeout   timetypes.GoDuration `tfsdk:"timeout"`
}

// The action's defaults, documented in its schema.
const (
	defaultBackupNowTimeout = 2 * time.Hour
	defaultBackupNowMode    = "FULL"
	// backupNowHeartbeat is how often a wait with nothing new to say still
	// tells Terraform it is alive.
	backupNowHeartbeat = time.Minute
	// progressQueue is how many messages may wait for Terraform to read
	// them; past it the oldest is dropped, as a newer one says more.
	progressQueue = 16
	// progressFlush is how long an ending action waits for Terraform to
	// read the messages still queued (the last says how the backup ended).
	progressFlush = 5 * time.Second
)

// backupNowModes maps the action's mode to OCP's dataBackupMode.
var backupNowModes = map[string]string{"FULL": ocp.FullBackup, "INCREMENTAL": ocp.IncrementalBackup}

func (a *backupNowAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_now"
}

func (a *backupNowAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Takes a data backup of a cluster, or of one tenant, at once, and waits until OCP's data " +
			"backup history proves it `DONE` (Terraform 1.14 and later). The backup goes to the storage of the backup " +
			"strategy OCP holds for the cluster or tenant, named by its `storageId`: no storage secret is asked for or " +
			"sent. Without a strategy there is nothing to back up to, and the action fails before it asks OCP for " +
			"anything. Any other outcome than the backup proven `DONE` fails the action, and so the apply: run it from " +
			"an `action_trigger` (`before_create`, `before_update`) of the resource a backup must precede, or with " +
			"`terraform apply -invoke=action.ocp_backup_now.<name>`.\n\n" +
			"**What proves the backup.** OCP's answer names its own task instances, to which no data backup task " +
			"refers, so the action reads OCP's data backup history just before the request, and takes as this " +
			"backup's a task that is new since, of the cluster or tenant backed up, not of the other mode, and " +
			"started no earlier than the request less 15 minutes (the allowance for OCP's clock running behind this " +
			"host's). Any such task that ends other than `DONE` fails the action. To prove the backup `DONE`, a task " +
			"must also state the mode asked for (`dataBackupTaskType`) and its `startTime`. A tenant's backup needs " +
			"one such task `DONE`. A backup of the whole cluster needs one for every tenant that OCP's backup info " +
			"(`GET …/backup/info`, `tenantBackupInfos`) lists when the action starts, but for those it marks " +
			"`online: false` (tenants gone), or, on OceanBase before 4.0 (the cluster's `obVersion`), one task for " +
			"the whole cluster (`tenantId` 0, as OCP shows there); on OceanBase 4 a task of tenant 0 proves no " +
			"tenant. OCP documents no other list of what a cluster backup covers. A cluster whose " +
			"backup info lists no tenant is refused before anything starts. Should OCP leave a tenant out of a " +
			"cluster backup (one on a strategy of its own, say), the action waits for it and fails at `timeout`, " +
			"naming it: back that tenant up with `tenant_id`.\n\n" +
			"**What remains open.** A backup of the same cluster or tenant and mode that OCP starts by itself (a " +
			"schedule, another user) up to 15 minutes before the request, and lists only after the read before it, " +
			"cannot be told from this one. OceanBase runs one data backup of a tenant at a time, so such a backup " +
			"rather makes the request fail or wait. When OCP's answer is lost, only a task that started after the " +
			"request was sent (by this host's clock, less 2 seconds) is taken for it.\n\n" +
			"The request is sent once: when OCP refuses it for its rate limit (429) it is sent again only after " +
			"OCP's data backup history shows that no backup started meanwhile (should one have, the action fails " +
			"without sending again and without taking that backup for its own), and when its answer is lost, the " +
			"history alone decides, so that an apply never starts two backups.",
		Attributes: map[string]schema.Attribute{
			"cluster_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "OCP ID of the cluster to back up.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"tenant_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "OCP ID of one tenant of the cluster to back up alone, on its tenant-level " +
					"strategy (OCP 4.3 and later). Leave it out to back up the whole cluster on its strategy.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"mode": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`FULL` or `INCREMENTAL` (OCP's `dataBackupMode` `FULL_BACKUP` or " +
					"`INCREMENTAL_BACKUP`). Defaults to `FULL`.",
				Validators: []validator.String{backupNowModeValidator{}},
			},
			"timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long to wait for the backup, as a Go duration such as `\"90m\"`. " +
					"Defaults to `\"2h\"`. When it runs out the action fails; OCP may still finish the backup. " +
					"Should it end the backup request itself before OCP answers, the action still reads OCP's data " +
					"backup history for up to one more minute, to say whether a backup started.",
				Validators: []validator.String{positiveDuration("Invalid timeout", "2h")},
			},
		},
	}
}

func (a *backupNowAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

// backupNowModeValidator accepts FULL and INCREMENTAL, and names the
// upper-case form of a case slip, since OCP's modes are upper case.
type backupNowModeValidator struct{}

func (backupNowModeValidator) Description(context.Context) string {
	return `value must be "FULL" or "INCREMENTAL"`
}

func (v backupNowModeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (backupNowModeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkBackupNowMode(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid backup mode", err.Error())
	}
}

func checkBackupNowMode(mode string) error {
	if _, ok := backupNowModes[mode]; ok {
		return nil
	}
	msg := fmt.Sprintf("mode: %q is not a backup mode; use \"FULL\" or \"INCREMENTAL\"", mode)
	if upper := strings.ToUpper(strings.TrimSpace(mode)); backupNowModes[upper] != "" {
		msg += fmt.Sprintf(" (did you mean %q? OCP's modes are upper case)", upper)
	}
	return errors.New(msg)
}

func (a *backupNowAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m backupNowModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !isConfigured(a.configured, &resp.Diagnostics) {
		return
	}
	// Values unknown at plan time are known now: check them before OCP
	// hears of the backup.
	mode := defaultBackupNowMode
	if !m.Mode.IsNull() {
		mode = m.Mode.ValueString()
	}
	if err := checkBackupNowMode(mode); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("mode"), "Invalid backup mode", err.Error())
	}
	timeout := defaultBackupNowTimeout
	if !m.Timeout.IsNull() {
		d, diags := m.Timeout.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		if !diags.HasError() && d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid timeout",
				fmt.Sprintf("timeout: %s is not a positive duration such as \"2h\".", d))
		}
		timeout = d
	}
	ref := ocp.StrategyRef{ClusterID: m.ClusterID.ValueInt64(), TenantID: m.TenantID.ValueInt64()}
	if ref.ClusterID < 1 || m.TenantID.ValueInt64() < 0 || (!m.TenantID.IsNull() && ref.TenantID < 1) {
		resp.Diagnostics.AddError("Invalid cluster or tenant", fmt.Sprintf("cluster_id and tenant_id must be at "+
			"least 1, not %s and %s.", m.ClusterID, m.TenantID))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	started := time.Now()
	progress := startProgress(ctx, resp.SendProgress, func() string {
		return fmt.Sprintf("Still backing up %s (%s so far)", ref, time.Since(started).Round(time.Second))
	})
	defer progress.stop()

	_, err := a.configured.client.BackupNow(a.configured.logContext(ctx), ocp.BackupNowOptions{
		Ref: ref, Mode: backupNowModes[mode], Progress: progress.report,
	})
	if err != nil {
		detail := err.Error()
		if errors.Is(err, context.DeadlineExceeded) {
			detail += fmt.Sprintf("\n\ntimeout (%s) ran out before OCP's backup ended. OCP may still finish it: "+
				"ocp_data_backup_tasks shows its outcome. Raise timeout if backups take longer.", timeout)
		}
		var opErr *ocp.OperationError
		if errors.As(err, &opErr) {
			detail += "\n\nOCP answered the request but reported this failure for the object (beSuccessful: false)."
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to back up %s", ref), detail)
	}
}

// progressSender hands the action's progress to Terraform from a goroutine
// of its own. The framework sends each message on an unbuffered channel,
// which blocks until Terraform reads it: sent from the backup's own path, or
// under a lock the backup also takes, a slow reader would hold the backup
// past its timeout. So report never blocks and takes no lock, messages wait
// in a bounded queue, and the sender stops with the action's context.
//
// A send the framework has taken cannot be called back: should Terraform
// stop reading for good, that one goroutine stays blocked in it, but the
// action still ends on time.
type progressSender struct {
	ctx      context.Context
	queue    chan string
	finish   chan struct{}
	done     chan struct{}
	lastSaid atomic.Int64
}

// startProgress starts sending to send (nil sends nothing) until ctx ends or
// stop is called; idle is said when nothing was for backupNowHeartbeat.
func startProgress(ctx context.Context, send func(action.InvokeProgressEvent), idle func() string) *progressSender {
	p := &progressSender{ctx: ctx, queue: make(chan string, progressQueue), finish: make(chan struct{}), done: make(chan struct{})}
	p.lastSaid.Store(time.Now().UnixNano())
	if send == nil {
		send = func(action.InvokeProgressEvent) {}
	}
	go p.run(func(m string) { send(action.InvokeProgressEvent{Message: m}) }, idle)
	return p
}

// report queues message for Terraform and returns at once; when the queue
// is full the oldest message makes room. After the action's context ended
// it does nothing.
func (p *progressSender) report(message string) {
	p.lastSaid.Store(time.Now().UnixNano())
	for p.ctx.Err() == nil {
		select {
		case p.queue <- message:
			return
		default:
		}
		select {
		case <-p.queue:
		default:
		}
	}
}

func (p *progressSender) run(send func(string), idle func() string) {
	defer close(p.done)
	tick := time.NewTicker(backupNowHeartbeat)
	defer tick.Stop()
	// select picks among ready cases at random, so the context is looked
	// at again before each send.
	for {
		select {
		case <-p.ctx.Done():
			return
		case m := <-p.queue:
			if p.ctx.Err() != nil {
				return
			}
			send(m)
		case <-tick.C:
			if p.ctx.Err() == nil && time.Since(time.Unix(0, p.lastSaid.Load())) >= backupNowHeartbeat {
				p.lastSaid.Store(time.Now().UnixNano())
				send(idle())
			}
		case <-p.finish:
			for p.ctx.Err() == nil {
				select {
				case m := <-p.queue:
					send(m)
				default:
					return
				}
			}
			return
		}
	}
}

// stop sends what is queued, waiting for Terraform to read it no longer
// than progressFlush or the action's context allow, and ends the sender.
func (p *progressSender) stop() {
	close(p.finish)
	timer := time.NewTimer(progressFlush)
	defer timer.Stop()
	select {
	case <-p.done:
	case <-timer.C:
	case <-p.ctx.Done():
	}
}
