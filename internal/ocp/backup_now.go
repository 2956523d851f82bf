package ocp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Data backup modes of backupNow's dataBackupMode, and of a data backup
// task's dataBackupTaskType.
const (
	FullBackup        = "FULL_BACKUP"
	IncrementalBackup = "INCREMENTAL_BACKUP"
)

// DataBackupDone is the status of a data backup task that succeeded.
const DataBackupDone = "DONE"

// BackupNowRequest is the body of POST …/backup/backupNow (§4.4, §6.4 of
// the endpoint notes).
type BackupNowRequest struct {
	Object         *BackupObject        `json:"obBackupObject,omitempty"`
	BackupMode     string               `json:"backupMode,omitempty"`
	DataBackupMode string               `json:"dataBackupMode"`
	StorageConfig  *BackupStorageConfig `json:"obBackupServiceStorageConfig"`
}

// BackupNowOptions is one immediate data backup.
type BackupNowOptions struct {
	Ref StrategyRef
	// Mode is FullBackup or IncrementalBackup.
	Mode string
	// Progress, when set, hears what the backup is doing, in words.
	Progress func(message string)
}

// BackupNowResult is a backup that OCP finished.
type BackupNowResult struct {
	// TaskIDs are the OCP tasks the request started (none when its answer
	// was lost and the backup was found in the history instead).
	TaskIDs []int64
	// DataBackupTasks are the tasks that prove the backup DONE (see
	// backupClaim): of each tenant it covers, or of the whole cluster.
	DataBackupTasks []DataBackupTask
}

// NoStrategyError is a backup asked of an object with no backup strategy:
// OCP needs the strategy's storage, so there is nothing to back up to.
type NoStrategyError struct{ Ref StrategyRef }

func (e *NoStrategyError) Error() string {
	msg := fmt.Sprintf("nothing to back up to: OCP holds no backup strategy for %s, and a backup needs the "+
		"strategy's storage", e.Ref)
	if e.Ref.TenantID != 0 {
		return msg + "; create one for the tenant (ocp_backup_strategy with tenant_id), or back up the whole " +
			"cluster, whose strategy covers its tenants"
	}
	return msg + "; create one first (ocp_backup_strategy)"
}

// DataBackupFailedError is a new data backup task that ended without DONE.
type DataBackupFailedError struct {
	Ref      StrategyRef
	TaskID   int64
	TenantID int64
	Status   string
	ErrorMsg string
}

func (e *DataBackupFailedError) Error() string {
	msg := fmt.Sprintf("the data backup task %d of %s", e.TaskID, e.Ref)
	if e.Ref.TenantID == 0 && e.TenantID != 0 {
		msg += fmt.Sprintf(" (tenant %d)", e.TenantID)
	}
	msg += " ended " + e.Status + ", not " + DataBackupDone
	if e.ErrorMsg != "" {
		msg += ": " + e.ErrorMsg
	}
	return msg
}

func (e *DataBackupFailedError) cleanServerText(clean func(string) string) {
	e.Status = clean(e.Status)
	e.ErrorMsg = clean(e.ErrorMsg)
}

// LostBackupAnswerError is a backupNow request whose answer was lost (no
// answer, a garbled one, a gateway's error) after which OCP's history shows
// no new backup. OCP may still start one, so it is not sent again.
type LostBackupAnswerError struct {
	Ref StrategyRef
	Err error
	// Earlier names the new tasks the history shows that began before the
	// request was sent (or state no start), when there are any.
	Earlier string
}

func (e *LostBackupAnswerError) Error() string {
	shows := "OCP's data backup history shows no new backup"
	if e.Earlier != "" {
		shows = "OCP's data backup history shows no backup that began after the request was sent (" + e.Earlier +
			" began before it or states no start, so it is not taken for this one)"
	}
	return fmt.Sprintf("the request to back up %s failed in a way that leaves open whether OCP acted (%v), and "+
		"%s. It was not sent again, so as not to start a second "+
		"backup: check the data backup tasks in OCP's console before running it again", e.Ref, e.Err, shows)
}

func (e *LostBackupAnswerError) Unwrap() error { return e.Err }

// MayHaveActed reports whether OCP may have carried out a write whose answer
// did not say so: no answer, a garbled one, or a server error from a
// gateway, or a cancellation (Ctrl-C, a deadline), which may come after the
// request reached OCP. OCP's refusals (4xx, 429 and a request its rate limit
// held back included, beSuccessful false) are not. Every write
// whose answer was lost is judged by it: the strategy resource's, and
// backupNow's.
func MayHaveActed(err error) bool {
	var apiErr *APIError
	var rateErr *RateLimitError
	var opErr *OperationError
	switch {
	case errors.As(err, &rateErr):
		return false
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatus >= 500
	case errors.As(err, &opErr):
		return false
	}
	return true
}

// LookGrace is how long a read may run past an operation's deadline, to
// learn what a write that MayHaveActed left behind: the deadline may be what
// ended the write, and without the read the caller could say nothing of what
// OCP holds. The provider documents it beside every timeout it offers.
const LookGrace = time.Minute

// GraceContext is ctx's values (log masks, send-once) with LookGrace of its
// own, whatever ctx's deadline or cancellation.
func GraceContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), LookGrace)
}

// BackupNow takes a data backup of a cluster or (OCP 4.3 and later) a tenant
// at once, with the storage of the strategy OCP holds for it, named by its
// storageId: no secret is sent. It follows the tasks OCP starts, then waits,
// within ctx, until OCP's data backup history proves the backup DONE: a task
// of the backup (see backupClaim) DONE for the tenant, or for each tenant a
// cluster backup covers (see coveredTenants).
//
// The request is sent once. A refusal for OCP's rate limit (429) is sent
// again only after OCP's history shows that no backup started; any other
// failure that leaves open whether OCP acted is answered by the history
// alone: a new backup there is followed, and none is an error.
func (c *Client) BackupNow(ctx context.Context, opts BackupNowOptions) (*BackupNowResult, error) {
	ref := opts.Ref
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if opts.Mode != FullBackup && opts.Mode != IncrementalBackup {
		return nil, fmt.Errorf("backup mode %q is neither %s nor %s", opts.Mode, FullBackup, IncrementalBackup)
	}
	if ref.ClusterID < 1 || ref.TenantID < 0 {
		return nil, fmt.Errorf("%s: OCP's ids start at 1", ref)
	}
	strategy, err := c.GetBackupStrategy(ctx, ref)
	if err != nil {
		return nil, c.tenantHint(ref, err)
	}
	if strategy == nil {
		return nil, &NoStrategyError{Ref: ref}
	}
	body, err := backupNowBody(ref, opts.Mode, strategy)
	if err != nil {
		return nil, err
	}
	claim := &backupClaim{ref: ref, mode: opts.Mode, tenants: []int64{ref.TenantID}, known: map[string]bool{}}
	if ref.TenantID == 0 {
		if claim.tenants, err = c.coveredTenants(ctx, ref.ClusterID); err != nil {
			return nil, err
		}
		if claim.wholeCluster, err = c.backsUpWholeCluster(ctx, ref.ClusterID); err != nil {
			return nil, err
		}
	}
	// The history is read last, just before the request, so that as little
	// as can be starts unseen in between.
	before, err := c.ListDataBackupTasks(ctx, claim.query())
	if err != nil {
		return nil, err
	}
	claim.remember(before)

	progress(fmt.Sprintf("Starting a %s of %s on storage %d (%s)", describeMode(opts.Mode), ref,
		*body.StorageConfig.StorageID, deref(body.StorageConfig.ConfigName)))
	answer, err := c.sendBackupNow(ctx, body, claim, progress)
	if err != nil {
		return nil, err
	}
	result := &BackupNowResult{}
	if answer != nil {
		result.TaskIDs = answer.TaskIDs()
		progress(fmt.Sprintf("OCP accepted the backup of %s; following its tasks %v", ref, result.TaskIDs))
		for _, id := range result.TaskIDs {
			if err := c.WaitForTasks(ctx, []int64{id}); err != nil {
				return nil, err
			}
			progress(fmt.Sprintf("OCP task %d of the backup of %s succeeded", id, ref))
		}
	} else {
		progress(fmt.Sprintf("OCP's answer was lost, but its history shows the new backup of %s; following it", ref))
	}
	result.DataBackupTasks, err = c.waitForDataBackup(ctx, claim, progress)
	if err != nil {
		return nil, err
	}
	return result, nil
}

// ClockSkewAllowance is how far OCP's clock may be behind this host's: a
// data backup task proves a backup only when its startTime is not before
// the request was sent, less this allowance. A host clock further ahead
// makes the backup look older than its request, and the wait fails.
const ClockSkewAllowance = 15 * time.Minute

// backupClaim is which data backup tasks in OCP's history are taken for
// one backupNow request, as far as OCP's data allows. OCP's answer names
// OCP task instances (taskIdList), which no data backup task refers to, and
// a data backup task names no request; so a task is the request's when it
// is new (absent from the history read just before the request, and from
// the reads after each refusal for the rate limit), of the object backed up
// (the tenant, or any tenant of the cluster), not of the other mode, and
// started no earlier than the request less ClockSkewAllowance. Such a task
// that ends other than DONE fails the backup. To prove the backup DONE, it
// must also state the mode asked for (dataBackupTaskType) and its
// startTime; one that leaves either out is waited for, never taken as proof.
//
// When OCP's answer is lost, only a task that began after the request was
// sent (by this host's clock, less lostAnswerSkew) is taken for it.
//
// What remains open: with OCP's answer in hand, a backup of the same object
// and mode that OCP starts by itself (a schedule, another user) up to
// ClockSkewAllowance before the request, and lists only after the read
// before it, cannot be told from this one. OceanBase runs one data backup of
// a tenant at a time, so such a backup makes the request fail or wait rather
// than end first, unless it ends within that moment.
type backupClaim struct {
	ref  StrategyRef
	mode string
	// tenants must each have a task that proves the backup DONE, unless
	// wholeCluster and one task of tenant 0 does.
	tenants      []int64
	wholeCluster bool
	known        map[string]bool
	// since is the earliest startTime of one of the request's tasks.
	since time.Time
}

func (b *backupClaim) query() TaskQuery {
	return TaskQuery{ClusterID: b.ref.ClusterID, TenantID: b.ref.TenantID}
}

// remember marks tasks as older than the request.
func (b *backupClaim) remember(tasks []DataBackupTask) {
	for _, t := range tasks {
		b.known[dataTaskKey(t)] = true
	}
}

// sent records that a request is being sent now.
func (b *backupClaim) sent() { b.since = time.Now().Add(-ClockSkewAllowance) }

// taken are the tasks that may be the request's: new, not of the other
// mode, not started before it.
func (b *backupClaim) taken(tasks []DataBackupTask) []DataBackupTask {
	return slices.DeleteFunc(slices.Clone(tasks), func(t DataBackupTask) bool {
		if b.known[dataTaskKey(t)] {
			return true
		}
		if t.DataBackupTaskType != nil && !strings.EqualFold(strings.TrimSpace(*t.DataBackupTaskType), b.mode) {
			return true
		}
		return t.StartTime != nil && t.StartTime.Time().Before(b.since)
	})
}

// unproven says why a task taken for the request cannot prove it DONE, or
// "" when it can.
func (b *backupClaim) unproven(t DataBackupTask) string {
	var missing []string
	if t.DataBackupTaskType == nil {
		missing = append(missing, "no dataBackupTaskType")
	}
	if t.StartTime == nil {
		missing = append(missing, "no startTime")
	}
	if b.ref.TenantID == 0 && t.TenantID == nil {
		missing = append(missing, "no tenantId")
	}
	if len(missing) == 0 {
		return ""
	}
	return "it states " + strings.Join(missing, " and ") + ", so it does not prove this backup"
}

// tenantOf is the tenant a proving task covers; 0 covers the whole cluster
// when wholeCluster, as OCP's cluster-level tasks of OceanBase before 4.0
// do (tenantId 0), and no tenant otherwise.
func (b *backupClaim) tenantOf(t DataBackupTask) int64 {
	if b.ref.TenantID != 0 || t.TenantID == nil {
		// The tenant endpoint answers for the tenant asked for only.
		return b.ref.TenantID
	}
	return int64(*t.TenantID)
}

// lostAnswerSkew is how far before the request, by this host's clock, a
// task OCP's history shows after a lost answer may state that it started
// and still be taken for the request: OCP's timestamps have milliseconds,
// and a clock kept by NTP is off by far less than this. A clock further off
// fails closed (LostBackupAnswerError).
const lostAnswerSkew = 2 * time.Second

// startedBefore names the tasks that state no start, or one before t.
func startedBefore(tasks []DataBackupTask, t time.Time) string {
	var named []string
	for _, task := range tasks {
		if task.StartTime == nil || task.StartTime.Time().Before(t) {
			named = append(named, describeTask(task))
		}
	}
	return strings.Join(named, ", ")
}

// describeTask is a task as the progress and the errors name it.
func describeTask(t DataBackupTask) string {
	return fmt.Sprintf("task %d%s", longOr(t.TaskID), ofTenant(t.TenantID))
}

// coveredTenants are the tenants a backup of the whole cluster must cover:
// those OCP's backup info of the cluster (GET …/backup/info) lists in
// tenantBackupInfos, but for those it marks online: false. OCP documents no
// other list of what a cluster backup covers; tenantBackupInfos holds a
// cluster's tenants with their restorable windows, and online: false is a
// tenant gone (OCP restores such a tenant from its backups as OFFLINE), which
// no new backup covers. A tenant that OCP leaves out of the backup (one on a
// strategy of its own, say) is waited for all the same: the wait then fails,
// naming it, rather than prove a backup that does not cover it. No tenant at
// all is an error before anything is started.
func (c *Client) coveredTenants(ctx context.Context, clusterID int64) ([]int64, error) {
	info, err := c.GetClusterBackupInfo(ctx, clusterID, BackupInfoOptions{})
	if err != nil {
		return nil, fmt.Errorf("reading which tenants a backup of cluster %d covers, from OCP's backup info: %w", clusterID, err)
	}
	var tenants []int64
	for _, t := range info.TenantBackupInfos {
		if t.Online == nil || *t.Online {
			tenants = append(tenants, int64(*t.TenantID))
		}
	}
	if len(tenants) == 0 {
		return nil, &NoTenantsError{ClusterID: clusterID}
	}
	slices.Sort(tenants)
	return tenants, nil
}

// backsUpWholeCluster reports whether one data backup task of tenant 0 may
// stand for a backup of the whole cluster: only on OceanBase before 4.0,
// which backs a cluster up as a whole, as the cluster's overview
// (obVersion) says. On OceanBase 4 each tenant is backed up on its own, and
// a task OCP lists under tenant 0 names no tenant it covers; an overview
// that states no version proves neither, so each tenant must be shown.
func (c *Client) backsUpWholeCluster(ctx context.Context, clusterID int64) (bool, error) {
	overview, err := c.GetClusterBackupOverview(ctx, clusterID)
	if err != nil {
		return false, fmt.Errorf("reading cluster %d's OceanBase version, from OCP's backup overview: %w", clusterID, err)
	}
	major, _, ok := strings.Cut(strings.TrimSpace(deref(overview.ObVersion)), ".")
	n, err := strconv.Atoi(major)
	return ok && err == nil && n > 0 && n < 4, nil
}

// NoTenantsError is a cluster backup asked of a cluster whose backup info
// lists no tenant online: nothing says what the backup must cover.
type NoTenantsError struct{ ClusterID int64 }

func (e *NoTenantsError) Error() string {
	return fmt.Sprintf("OCP's backup info of cluster %d (GET /api/v2/ob/clusters/%d/backup/info) lists no tenant that "+
		"is online, so nothing says which tenants a backup of the whole cluster must cover, and none could be proven "+
		"DONE. No backup was started: back up each tenant with tenant_id (OCP 4.3 and later), or check the cluster's "+
		"tenants in OCP's console", e.ClusterID, e.ClusterID)
}

// ForeignBackupError is a backup that appeared in OCP's history after OCP
// refused the request for its rate limit: not this request's, as far as
// OCP said, yet not provably another's.
type ForeignBackupError struct {
	Ref   StrategyRef
	Tasks string
	Err   error
}

func (e *ForeignBackupError) Error() string {
	return fmt.Sprintf("OCP refused the backup of %s for its rate limit (%v), and since then its data backup history "+
		"shows a backup that started meanwhile (%s). The request was not sent again, so as not to run two backups "+
		"at once, and that backup is not taken as this one: run the action again once it has ended", e.Ref, e.Err, e.Tasks)
}

func (e *ForeignBackupError) Unwrap() error { return e.Err }

// sendBackupNow POSTs body once, and again only after a 429 when OCP's
// history shows that no backup started meanwhile. It returns OCP's answer,
// or nil when the answer was lost and the history shows the backup anyway.
func (c *Client) sendBackupNow(ctx context.Context, body *BackupNowRequest, claim *backupClaim, progress func(string),
) (*BackupCommonResponse, error) {
	ref := claim.ref
	path := "/api/v2/ob/clusters/" + fmt.Sprint(ref.ClusterID)
	if ref.TenantID != 0 {
		path += fmt.Sprintf("/tenants/%d", ref.TenantID)
	}
	path += "/backup/backupNow"
	waited := time.Duration(0)
	for attempt := 0; ; attempt++ {
		var answer BackupCommonResponse
		claim.sent()
		sentAt := time.Now()
		err := c.do(withSendOnce(ctx), http.MethodPost, path, nil, body, &answer)
		if err == nil {
			if err := answer.check("the backup", http.MethodPost, path, ref); err != nil {
				return nil, c.clean(err)
			}
			return &answer, nil
		}
		rateLimited := refusedForRateLimit(err)
		if !rateLimited && !MayHaveActed(err) {
			return nil, c.tenantHint(ref, err)
		}
		// Look before repeating, with time of its own should ctx's
		// deadline be what ended the request.
		lookCtx, cancel := GraceContext(ctx)
		now, lookErr := c.ListDataBackupTasks(lookCtx, claim.query())
		cancel()
		var found []string
		for _, t := range claim.taken(now) {
			if rateLimited || claim.unproven(t) == "" {
				found = append(found, describeTask(t))
			}
		}
		switch {
		case lookErr == nil && len(found) > 0 && !rateLimited:
			// Without OCP's answer, only a backup that began after the
			// request was sent can be this one: a scheduled backup that
			// began before it and was listed late is not.
			if earlier := startedBefore(claim.taken(now), sentAt.Add(-lostAnswerSkew)); earlier != "" {
				return nil, &LostBackupAnswerError{Ref: ref, Err: err, Earlier: earlier}
			}
			return nil, nil
		case lookErr == nil && len(found) > 0:
			return nil, &ForeignBackupError{Ref: ref, Tasks: strings.Join(found, ", "), Err: err}
		case !rateLimited:
			return nil, &LostBackupAnswerError{Ref: ref, Err: err}
		case lookErr != nil:
			return nil, fmt.Errorf("OCP refused the backup of %s for its rate limit (%w), and its history, "+
				"which must show that no backup started before the request is sent again, could not be read: %v",
				ref, err, lookErr)
		}
		// OCP did not act, so every task it lists now is older than the
		// request that follows.
		claim.remember(now)
		wait := min(time.Second<<min(attempt, 5), 30*time.Second)
		if waited+wait > c.cfg.MaxRateLimitWait {
			return nil, fmt.Errorf("OCP's rate limit refused the backup of %s for longer than "+
				"max_rate_limit_wait (%s) allows; no backup was started: %w", ref, c.cfg.MaxRateLimitWait, err)
		}
		progress(fmt.Sprintf("OCP's rate limit refused the backup of %s, and no backup started; asking again in %s", ref, wait))
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("the backup of %s was refused for OCP's rate limit until the wait ended: %w", ref, ctx.Err())
		case <-timer.C:
		}
		waited += wait
	}
}

// waitForDataBackup polls OCP's data backup history until the request's
// tasks prove the backup DONE for every tenant it must cover, and none is
// still running; it fails on the first that ends otherwise. It returns the
// tasks that prove it.
func (c *Client) waitForDataBackup(ctx context.Context, claim *backupClaim, progress func(string)) ([]DataBackupTask, error) {
	ref := claim.ref
	wait := taskPollFirst
	last := ""
	for {
		tasks, err := c.ListDataBackupTasks(ctx, claim.query())
		if err != nil {
			if ctx.Err() != nil {
				return nil, dataBackupWaitError(ref, last, ctx.Err())
			}
			return nil, err
		}
		taken := claim.taken(tasks)
		slices.SortFunc(taken, func(a, b DataBackupTask) int {
			return cmp.Or(cmp.Compare(longOr(a.TenantID), longOr(b.TenantID)), cmp.Compare(longOr(a.TaskID), longOr(b.TaskID)))
		})
		running := false
		covered := map[int64]bool{}
		var proof []DataBackupTask
		var states []string
		for _, t := range taken {
			status := strings.ToUpper(strings.TrimSpace(deref(t.Status)))
			state := describeTask(t) + " " + status
			switch status {
			case DataBackupDone:
				if why := claim.unproven(t); why != "" {
					state += " (" + why + ")"
					break
				}
				proof = append(proof, t)
				covered[claim.tenantOf(t)] = true
			case "FAILED", "CANCELED", "CANCELLED", "OVERDUE", "UNKNOWN":
				return nil, c.clean(&DataBackupFailedError{Ref: ref, TaskID: longOr(t.TaskID), TenantID: longOr(t.TenantID),
					Status: deref(t.Status), ErrorMsg: deref(t.ErrorMsg)})
			default:
				running = true
			}
			states = append(states, state)
		}
		var missing []string
		if !claim.wholeCluster || !covered[0] || ref.TenantID != 0 {
			for _, tenant := range claim.tenants {
				if !covered[tenant] {
					missing = append(missing, fmt.Sprintf("tenant %d %s", tenant, noTaskYet))
				}
			}
		}
		if !running && len(missing) == 0 && len(proof) > 0 {
			progress(fmt.Sprintf("The backup of %s is DONE (%s)", ref, strings.Join(states, ", ")))
			return proof, nil
		}
		if now := strings.Join(append(states, missing...), ", "); now != last {
			if len(states) == 0 {
				progress(fmt.Sprintf("Waiting for the new data backup task of %s to appear in OCP's history", ref))
			} else {
				progress(fmt.Sprintf("The data backup of %s: %s", ref, now))
			}
			last = now
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, dataBackupWaitError(ref, last, ctx.Err())
		case <-timer.C:
		}
		wait = min(wait*2, taskPollMax)
	}
}

func dataBackupWaitError(ref StrategyRef, last string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("the timeout ran out: %w", err)
	}
	if last == "" {
		return fmt.Errorf("waiting for the new data backup task of %s, which OCP's history did not show yet: %w", ref, err)
	}
	if ref.TenantID == 0 && strings.Contains(last, noTaskYet) {
		return fmt.Errorf("waiting for the data backup of %s (%s): %w. A backup of the whole cluster must show a "+
			"task DONE for every tenant OCP's backup info lists online; should OCP leave a tenant out (one on a "+
			"strategy of its own, say), back that tenant up with tenant_id", ref, last, err)
	}
	return fmt.Errorf("waiting for the data backup of %s (%s): %w", ref, last, err)
}

// noTaskYet ends what the wait says of a tenant without a task DONE.
const noTaskYet = "has no task DONE yet"

// backupNowBody is the request for a backup of ref onto the storage of the
// strategy OCP holds: named by its storageId, with what OCP shows of it and
// no secret.
func backupNowBody(ref StrategyRef, mode string, s *BackupStrategy) (*BackupNowRequest, error) {
	storage := s.StorageConfig
	if storage == nil || storage.StorageID == nil || *storage.StorageID < 1 {
		return nil, fmt.Errorf("OCP's backup strategy of %s names no storage (storageId), so there is no storage "+
			"to name in the backup request without its secret", ref)
	}
	out := &BackupStorageConfig{
		ConfigName:                      storage.ConfigName,
		StorageID:                       storage.StorageID,
		AlarmStoragePercentageThreshold: storage.AlarmThreshold(),
	}
	if base := storage.BaseInfo; base != nil {
		info := *base
		info.AlarmStoragePercentageThreshold = nil
		for _, key := range []**StorageAccessKey{&info.OSSAccessKey, &info.COSAccessKey, &info.S3AccessKey} {
			if *key != nil {
				withoutSecret := **key
				withoutSecret.AccessKeySecret = nil
				*key = &withoutSecret
			}
		}
		out.BaseInfo = &info
	}
	object := &BackupObject{ClusterID: Long(ref.ClusterID), BackupDimension: "CLUSTER"}
	if ref.TenantID != 0 {
		tenant := Long(ref.TenantID)
		object.TenantID, object.BackupDimension = &tenant, "TENANT"
	}
	return &BackupNowRequest{Object: object, BackupMode: deref(s.BackupMode), DataBackupMode: mode, StorageConfig: out}, nil
}

func (c *Client) tenantHint(ref StrategyRef, err error) error {
	if ref.TenantID == 0 {
		return err
	}
	return withTenantAPIHint(err)
}

func refusedForRateLimit(err error) bool {
	var apiErr *APIError
	var rateErr *RateLimitError
	return errors.As(err, &rateErr) || (errors.As(err, &apiErr) && apiErr.HTTPStatus == http.StatusTooManyRequests)
}

func dataTaskKey(t DataBackupTask) string {
	return fmt.Sprintf("%d/%d", longOr(t.TaskID), longOr(t.TenantID))
}

func describeMode(mode string) string {
	if mode == IncrementalBackup {
		return "incremental backup"
	}
	return "full backup"
}

// sendOnceKey marks a context whose writes the client sends once, 429
// included, for a caller that looks before it repeats.
type sendOnceKey struct{}

func withSendOnce(ctx context.Context) context.Context {
	return context.WithValue(ctx, sendOnceKey{}, true)
}

func sendOnce(ctx context.Context) bool { v, _ := ctx.Value(sendOnceKey{}).(bool); return v }
