package ocp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
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
	// DataBackupTasks are the new data backup tasks, each DONE.
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
}

func (e *LostBackupAnswerError) Error() string {
	return fmt.Sprintf("the request to back up %s failed in a way that leaves open whether OCP acted (%v), and "+
		"OCP's data backup history shows no new backup. It was not sent again, so as not to start a second "+
		"backup: check the data backup tasks in OCP's console before running it again", e.Ref, e.Err)
}

func (e *LostBackupAnswerError) Unwrap() error { return e.Err }

// MayHaveActed reports whether OCP may have carried out a write whose answer
// did not say so: no answer, a garbled one, or a server error from a
// gateway. OCP's refusals (4xx, 429 and a request its rate limit held back
// included, beSuccessful false) and a cancellation are not. Every write
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
	return !errors.Is(err, context.Canceled)
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
// storageId: no secret is sent. It follows the tasks OCP starts, then waits
// until the new data backup tasks in OCP's history are DONE, within ctx.
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
	history := TaskQuery{ClusterID: ref.ClusterID, TenantID: ref.TenantID}
	before, err := c.ListDataBackupTasks(ctx, history)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, t := range before {
		known[dataTaskKey(t)] = true
	}
	newTasks := func(lookCtx context.Context) ([]DataBackupTask, error) {
		now, err := c.ListDataBackupTasks(lookCtx, history)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(now, func(t DataBackupTask) bool {
			return known[dataTaskKey(t)] || !ofMode(t, opts.Mode)
		}), nil
	}

	progress(fmt.Sprintf("Starting a %s of %s on storage %d (%s)", describeMode(opts.Mode), ref,
		*body.StorageConfig.StorageID, deref(body.StorageConfig.ConfigName)))
	answer, found, err := c.sendBackupNow(ctx, ref, body, newTasks, progress)
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
	result.DataBackupTasks, err = c.waitForDataBackup(ctx, ref, found, newTasks, progress)
	if err != nil {
		return nil, err
	}
	return result, nil
}

// sendBackupNow POSTs body once, and again only after a 429 when OCP's
// history shows no new backup. It returns OCP's answer, or, when the answer
// was lost or refused and the history shows the backup anyway, the new
// tasks found there.
func (c *Client) sendBackupNow(ctx context.Context, ref StrategyRef, body *BackupNowRequest,
	newTasks func(context.Context) ([]DataBackupTask, error), progress func(string),
) (*BackupCommonResponse, []DataBackupTask, error) {
	path := "/api/v2/ob/clusters/" + fmt.Sprint(ref.ClusterID)
	if ref.TenantID != 0 {
		path += fmt.Sprintf("/tenants/%d", ref.TenantID)
	}
	path += "/backup/backupNow"
	waited := time.Duration(0)
	for attempt := 0; ; attempt++ {
		var answer BackupCommonResponse
		err := c.do(withSendOnce(ctx), http.MethodPost, path, nil, body, &answer)
		if err == nil {
			if err := answer.check("the backup", http.MethodPost, path, ref); err != nil {
				return nil, nil, c.clean(err)
			}
			return &answer, nil, nil
		}
		rateLimited := refusedForRateLimit(err)
		if !rateLimited && !MayHaveActed(err) {
			return nil, nil, c.tenantHint(ref, err)
		}
		// Look before repeating, with time of its own should ctx's
		// deadline be what ended the request.
		lookCtx, cancel := GraceContext(ctx)
		found, lookErr := newTasks(lookCtx)
		cancel()
		switch {
		case lookErr == nil && len(found) > 0:
			return nil, found, nil
		case !rateLimited:
			return nil, nil, &LostBackupAnswerError{Ref: ref, Err: err}
		case lookErr != nil:
			return nil, nil, fmt.Errorf("OCP refused the backup of %s for its rate limit (%w), and its history, "+
				"which must show that no backup started before the request is sent again, could not be read: %v",
				ref, err, lookErr)
		}
		wait := min(time.Second<<min(attempt, 5), 30*time.Second)
		if waited+wait > c.cfg.MaxRateLimitWait {
			return nil, nil, fmt.Errorf("OCP's rate limit refused the backup of %s for longer than "+
				"max_rate_limit_wait (%s) allows; no backup was started: %w", ref, c.cfg.MaxRateLimitWait, err)
		}
		progress(fmt.Sprintf("OCP's rate limit refused the backup of %s, and no backup started; asking again in %s", ref, wait))
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, nil, fmt.Errorf("the backup of %s was refused for OCP's rate limit until the wait ended: %w", ref, ctx.Err())
		case <-timer.C:
		}
		waited += wait
	}
}

// waitForDataBackup polls OCP's data backup history until the backup's new
// tasks are all DONE, and fails on the first that ends otherwise.
func (c *Client) waitForDataBackup(ctx context.Context, ref StrategyRef, found []DataBackupTask,
	newTasks func(context.Context) ([]DataBackupTask, error), progress func(string),
) ([]DataBackupTask, error) {
	wait := taskPollFirst
	last := ""
	for {
		if found == nil {
			var err error
			if found, err = newTasks(ctx); err != nil {
				if ctx.Err() != nil {
					return nil, dataBackupWaitError(ref, last, ctx.Err())
				}
				return nil, err
			}
		}
		done := len(found) > 0
		var states []string
		for _, t := range found {
			status := strings.ToUpper(strings.TrimSpace(deref(t.Status)))
			states = append(states, fmt.Sprintf("task %d%s %s", longOr(t.TaskID), ofTenant(t.TenantID), status))
			switch status {
			case DataBackupDone:
			case "FAILED", "CANCELED", "CANCELLED", "OVERDUE", "UNKNOWN":
				return nil, c.clean(&DataBackupFailedError{Ref: ref, TaskID: longOr(t.TaskID), TenantID: longOr(t.TenantID),
					Status: deref(t.Status), ErrorMsg: deref(t.ErrorMsg)})
			default:
				done = false
			}
		}
		if done {
			progress(fmt.Sprintf("The backup of %s is DONE (%s)", ref, strings.Join(states, ", ")))
			return found, nil
		}
		if now := strings.Join(states, ", "); now != last {
			if now == "" {
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
		found = nil
	}
}

func dataBackupWaitError(ref StrategyRef, last string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("the timeout ran out: %w", err)
	}
	if last == "" {
		return fmt.Errorf("waiting for the new data backup task of %s, which OCP's history did not show yet: %w", ref, err)
	}
	return fmt.Errorf("waiting for the data backup of %s (%s): %w", ref, last, err)
}

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

// ofMode keeps a task of the mode asked for, or of no stated mode; a
// scheduled backup of the other mode that starts meanwhile is not this one.
func ofMode(t DataBackupTask, mode string) bool {
	return t.DataBackupTaskType == nil || strings.EqualFold(strings.TrimSpace(*t.DataBackupTaskType), mode)
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
