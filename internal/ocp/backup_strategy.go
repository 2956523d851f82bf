package ocp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// StrategyRef names a backup strategy: a cluster's, or (TenantID > 0, OCP
// 4.3 and later) one tenant's.
type StrategyRef struct {
	ClusterID int64
	TenantID  int64
}

func (r StrategyRef) String() string {
	if r.TenantID == 0 {
		return fmt.Sprintf("cluster %d", r.ClusterID)
	}
	return fmt.Sprintf("tenant %d of cluster %d", r.TenantID, r.ClusterID)
}

func (r StrategyRef) path() string {
	if r.TenantID == 0 {
		return fmt.Sprintf("/api/v2/ob/clusters/%d/backup/config/backupStrategy", r.ClusterID)
	}
	return fmt.Sprintf("/api/v2/ob/clusters/%d/tenants/%d/backup/config/backupStrategy", r.ClusterID, r.TenantID)
}

// BackupStrategy is OCP's OcpBackupStrategy as GET returns it. Fields are
// pointers: OCP leaves out what does not apply.
type BackupStrategy struct {
	ID                     *Long                  `json:"id"`
	CreateTime             *Timestamp             `json:"createTime"`
	UpdateTime             *Timestamp             `json:"updateTime"`
	ClusterName            *string                `json:"clusterName"`
	ClusterID              *Long                  `json:"clusterId"`
	ObClusterID            *Long                  `json:"obClusterId"`
	BackupDimension        *string                `json:"backupDimension"`
	TenantName             *string                `json:"tenantName"`
	ObTenantID             *Long                  `json:"obTenantId"`
	TenantID               *Long                  `json:"tenantId"`
	Type                   *string                `json:"type"`
	BackupMode             *string                `json:"backupMode"`
	ServiceConfigName      *string                `json:"serviceConfigName"`
	ScheduleConfig         *BackupScheduleConfig  `json:"obBackupScheduleConfig"`
	ThresholdConfig        *BackupThresholdConfig `json:"obBackupThresholdConfig"`
	StorageConfig          *BackupStorageConfig   `json:"obBackupServiceStorageConfig"`
	SecondaryBackupEnabled *bool                  `json:"secondaryBackupEnabled"`
}

// BackupScheduleConfig is obBackupScheduleConfig, in requests and answers.
type BackupScheduleConfig struct {
	BackupScheduleMode    *string `json:"backupScheduleMode,omitempty"`
	BackupScheduleEnabled *bool   `json:"backupScheduleEnabled,omitempty"`
	// BackupScheduleTime is an OffsetTime such as "02:00:00.000+08:00".
	BackupScheduleTime *string `json:"backupScheduleTime,omitempty"`
	// DayAndDataBackupModelMap maps a day (1-7 from Monday for WEEK, 1-31
	// for MONTH) to FULL_BACKUP or INCREMENTAL_BACKUP.
	DayAndDataBackupModelMap map[string]string `json:"dayAndDataBackupModelMap,omitempty"`
	StartLogBackup           *bool             `json:"startLogBackup,omitempty"`
	CleanEnabled             *bool             `json:"cleanEnabled,omitempty"`
	BackupDataRetentionDays  *Long             `json:"backupDataRetentionDays,omitempty"`
	CleanScheduleTime        *string           `json:"cleanScheduleTime,omitempty"`
}

// BackupThresholdConfig is obBackupThresholdConfig: alarm thresholds only.
type BackupThresholdConfig struct {
	DataBackupTimeoutMinutes        *Long `json:"dataBackupTimeoutMinutes,omitempty"`
	NoSuccessfulDataBackupAlarmDays *Long `json:"noSuccessfulDataBackupAlarmDays,omitempty"`
	LogBackupDelaySeconds           *Long `json:"logBackupDelaySeconds,omitempty"`
	LibObLogExpireDays              *Long `json:"libObLogExpireDays,omitempty"`
}

// BackupStorageConfig is obBackupServiceStorageConfig.
type BackupStorageConfig struct {
	ConfigName *string `json:"configName,omitempty"`
	// StorageID names OCP's existing storage configuration, as OCP's PATCH
	// and backupNow samples do. Assumed, not documented: a PATCH that names
	// the storage so and leaves out accessKeySecret keeps the secret OCP
	// holds (OCP never returns it, and its console, which never shows it,
	// edits strategies all the same). The provider relies on it to send the
	// secret only on create, rotation or a change of the storage.
	StorageID *Long              `json:"storageId,omitempty"`
	BaseInfo  *BackupStorageInfo `json:"obBackupStorageBaseInfo,omitempty"`
	// AlarmStoragePercentageThreshold sits here, beside obBackupStorageBaseInfo,
	// as in every sample (the tables indent it one level deeper).
	AlarmStoragePercentageThreshold *Long `json:"alarmStoragePercentageThreshold,omitempty"`
}

// AlarmThreshold is alarmStoragePercentageThreshold where OCP's samples put
// it, or else where its tables do (inside obBackupStorageBaseInfo); nil when
// neither holds it.
func (c *BackupStorageConfig) AlarmThreshold() *Long {
	switch {
	case c == nil:
		return nil
	case c.AlarmStoragePercentageThreshold != nil:
		return c.AlarmStoragePercentageThreshold
	case c.BaseInfo != nil:
		return c.BaseInfo.AlarmStoragePercentageThreshold
	}
	return nil
}

// BackupStorageInfo is obBackupStorageBaseInfo; one key object is set, by type.
type BackupStorageInfo struct {
	// BackupStorageType is BACKUP_STORAGE_FILE, _OSS, _COS or _S3.
	BackupStorageType *string           `json:"backupStorageType,omitempty"`
	StorageURL        *string           `json:"storageUrl,omitempty"`
	OSSAccessKey      *StorageAccessKey `json:"ossAccessKey,omitempty"`
	COSAccessKey      *StorageAccessKey `json:"cosAccessKey,omitempty"`
	S3AccessKey       *StorageAccessKey `json:"s3AccessKey,omitempty"`
	// AlarmStoragePercentageThreshold is read here too, where OCP's tables
	// place it, and never sent here (see BackupStorageConfig.AlarmThreshold).
	AlarmStoragePercentageThreshold *Long `json:"alarmStoragePercentageThreshold,omitempty"`
}

// AccessKey is the key object of the storage type, or nil.
func (i *BackupStorageInfo) AccessKey() *StorageAccessKey {
	switch {
	case i == nil:
		return nil
	case i.OSSAccessKey != nil:
		return i.OSSAccessKey
	case i.COSAccessKey != nil:
		return i.COSAccessKey
	default:
		return i.S3AccessKey
	}
}

// StorageAccessKey is ossAccessKey, cosAccessKey (with appId) or s3AccessKey
// (with region). OCP is not known to return the secret.
type StorageAccessKey struct {
	Endpoint        *string `json:"endpoint,omitempty"`
	AccessKeyID     *string `json:"accessKeyId,omitempty"`
	AccessKeySecret *string `json:"accessKeySecret,omitempty"`
	AppID           *string `json:"appId,omitempty"`
	Region          *string `json:"region,omitempty"`
}

// BackupObject is one entry of obBackupObjectList.
type BackupObject struct {
	ClusterID       Long   `json:"clusterId"`
	TenantID        *Long  `json:"tenantId,omitempty"`
	BackupDimension string `json:"backupDimension"`
}

// BackupStrategyRequest is the body of POST and PATCH backupStrategy. OCP
// treats PATCH as a replacement, so both carry the whole strategy.
type BackupStrategyRequest struct {
	BackupMode      string                 `json:"backupMode"`
	Objects         []BackupObject         `json:"obBackupObjectList"`
	ScheduleConfig  *BackupScheduleConfig  `json:"obBackupScheduleConfig"`
	ThresholdConfig *BackupThresholdConfig `json:"obBackupThresholdConfig"`
	StorageConfig   *BackupStorageConfig   `json:"obBackupServiceStorageConfig"`
}

// BackupCommonResponse is what every backup write returns: one result per
// object, each with its own success flag and the tasks it started.
type BackupCommonResponse struct {
	ObBackupTaskType *string                 `json:"obBackupTaskType"`
	Results          []BackupObjectOpsResult `json:"backupObjectOpsResultList"`
}

// BackupObjectOpsResult is one entry of backupObjectOpsResultList.
type BackupObjectOpsResult struct {
	Objects      []BackupObject  `json:"obBackupObjectList"`
	BeSuccessful *bool           `json:"beSuccessful"`
	TaskIDList   []Long          `json:"taskIdList"`
	ErrorCode    json.RawMessage `json:"errorCode"`
	Hint         *string         `json:"hint"`
}

// TaskIDs are the ids of the tasks every result started.
func (r *BackupCommonResponse) TaskIDs() []int64 {
	var ids []int64
	for _, res := range r.Results {
		for _, id := range res.TaskIDList {
			ids = append(ids, int64(id))
		}
	}
	return ids
}

// OperationError is a write that OCP accepted in a successful envelope but
// reported as failed for an object (beSuccessful false or absent).
type OperationError struct {
	Operation string
	Ref       StrategyRef
	Hint      string
	ErrorCode string
}

func (e *OperationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "OCP did not carry out %s for %s", e.Operation, e.Ref)
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, ": error code %s", e.ErrorCode)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, ": %s", e.Hint)
	}
	if e.ErrorCode == "" && e.Hint == "" {
		b.WriteString(" (beSuccessful is not true, and OCP gave no hint)")
	}
	return b.String()
}

func (e *OperationError) cleanServerText(clean func(string) string) {
	e.Hint = clean(e.Hint)
	e.ErrorCode = clean(e.ErrorCode)
}

// check turns a successful envelope that does not prove success into an
// error: every result must say beSuccessful, and there must be one.
func (r *BackupCommonResponse) check(op, method, path string, ref StrategyRef) error {
	if len(r.Results) == 0 {
		return &OperationError{Operation: op, Ref: ref, Hint: "OCP's answer has no backupObjectOpsResultList, so it does not prove the change was made"}
	}
	// A result about another object proves nothing about this one; OCP may
	// have acted all the same, so it is no OperationError but an answer the
	// caller cannot read, after which it looks before deciding.
	for _, res := range r.Results {
		for _, obj := range res.Objects {
			other := ""
			switch {
			case obj.ClusterID != 0 && int64(obj.ClusterID) != ref.ClusterID:
				other = fmt.Sprintf("cluster %d", obj.ClusterID)
			case ref.TenantID != 0 && obj.TenantID != nil && int64(*obj.TenantID) != ref.TenantID:
				other = fmt.Sprintf("tenant %d of cluster %d", *obj.TenantID, obj.ClusterID)
			}
			if other != "" {
				return &ResponseError{Method: method, Path: path, HTTPStatus: http.StatusOK,
					Reason: fmt.Sprintf("its backupObjectOpsResultList reports on %s, not on %s", other, ref)}
			}
		}
	}
	for _, res := range r.Results {
		if res.BeSuccessful != nil && *res.BeSuccessful {
			continue
		}
		e := &OperationError{Operation: op, Ref: ref}
		if res.Hint != nil {
			e.Hint = *res.Hint
		}
		if code := bytes.TrimSpace(res.ErrorCode); len(code) > 0 && !bytes.Equal(code, []byte("null")) {
			var s string
			if json.Unmarshal(code, &s) == nil {
				e.ErrorCode = s
			} else {
				e.ErrorCode = string(code)
			}
		}
		return e
	}
	return nil
}

// GetBackupStrategy reads the strategy at ref; nil (and no error) when OCP
// says there is none: a 404 with OCP's error code, an object without an id,
// or an empty page. The cluster-level answer may be the strategy itself or
// a page holding it, since OCP's documentation shows neither reliably.
func (c *Client) GetBackupStrategy(ctx context.Context, ref StrategyRef) (*BackupStrategy, error) {
	path := ref.path()
	var data strategyData
	err := c.do(ctx, http.MethodGet, path, nil, nil, &data)
	if err != nil {
		if absent(err) {
			return nil, nil
		}
		return nil, err
	}
	respErr := func(reason string) error {
		return c.clean(&ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK, Reason: reason})
	}
	raw := bytes.TrimSpace(data.raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, respErr("OCP's answer has no data")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, respErr("its data is not a JSON object: " + err.Error())
	}
	if contents, paged := probe["contents"]; paged {
		var items []json.RawMessage
		if err := json.Unmarshal(contents, &items); err != nil || items == nil {
			return nil, respErr(`its data is a page whose "contents" is not a list`)
		}
		switch len(items) {
		case 0:
			return nil, nil
		case 1:
			raw = items[0]
		default:
			return nil, respErr(fmt.Sprintf("its data is a page of %d strategies, where one was expected", len(items)))
		}
	} else if _, paged := probe["page"]; paged {
		return nil, respErr(`its data is a page without "contents"`)
	}
	var s BackupStrategy
	if err := json.Unmarshal(raw, &s); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return nil, respErr(fmt.Sprintf("field %q holds %s, which cannot be read as %s", typeErr.Field, typeErr.Value, typeName(typeErr)))
		}
		return nil, respErr("its data cannot be read: " + err.Error())
	}
	if s.ID == nil {
		// OCP's console reads an object without an id as "no strategy".
		return nil, nil
	}
	if *s.ID < 1 {
		return nil, respErr(fmt.Sprintf("it holds strategy id %d, and OCP's ids start at 1", *s.ID))
	}
	if s.ClusterID != nil && int64(*s.ClusterID) != ref.ClusterID {
		return nil, respErr(fmt.Sprintf("it describes the strategy of cluster %d, not of cluster %d", *s.ClusterID, ref.ClusterID))
	}
	if ref.TenantID != 0 && s.TenantID != nil && int64(*s.TenantID) != ref.TenantID {
		return nil, respErr(fmt.Sprintf("it describes the strategy of tenant %d, not of tenant %d", *s.TenantID, ref.TenantID))
	}
	// A tenant's strategy read as its cluster's, or the cluster's (which
	// OCP's console pre-fills for a tenant without one) read as a tenant's,
	// would prove a strategy that does not exist.
	dimension := strings.ToUpper(strings.TrimSpace(deref(s.BackupDimension)))
	switch {
	case ref.TenantID == 0 && s.TenantID != nil && *s.TenantID != 0:
		return nil, respErr(fmt.Sprintf("it describes the strategy of tenant %d, not the cluster-level strategy of cluster %d", *s.TenantID, ref.ClusterID))
	case ref.TenantID == 0 && dimension == "TENANT":
		return nil, respErr(fmt.Sprintf("it describes a tenant-level strategy (backupDimension TENANT), not the cluster-level strategy of cluster %d", ref.ClusterID))
	case ref.TenantID != 0 && s.TenantID == nil && dimension == "CLUSTER":
		return nil, respErr(fmt.Sprintf("it describes the cluster-level strategy of cluster %d (backupDimension CLUSTER), not the strategy of tenant %d", ref.ClusterID, ref.TenantID))
	}
	return &s, nil
}

// strategyData is the data of GET backupStrategy as it came. OCP's console
// reads an empty object there as "no strategy", so decodeResponse lets {}
// through for this endpoint alone; null or no data stays an error.
type strategyData struct{ raw json.RawMessage }

func (d *strategyData) UnmarshalJSON(b []byte) error {
	d.raw = append(d.raw[:0], b...)
	return nil
}

func (*strategyData) emptyObjectHasMeaning() {}

// absent reports whether err is OCP saying the strategy (or its cluster)
// does not exist. A 404 without OCP's envelope or code, or OCP's "no such
// API", proves nothing and stays an error.
func absent(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.Code == "OBE11001" {
		return true
	}
	return apiErr.HTTPStatus == http.StatusNotFound && apiErr.Code != "" && !noSuchAPI(apiErr)
}

// noSuchAPICodes are the codes of an answer to a path the server does not serve.
var noSuchAPICodes = map[string]bool{"COM10001": true}

func noSuchAPI(e *APIError) bool {
	return e.HTTPStatus == http.StatusMethodNotAllowed || (e.HTTPStatus == http.StatusNotFound && noSuchAPICodes[e.Code])
}

// IsNoSuchAPI reports whether err says the server does not have the endpoint
// at all (an older OCP).
func IsNoSuchAPI(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && noSuchAPI(apiErr)
}

// IsNotServed reports whether err is an answer of HTTP 404 or 405 in any
// shape (OCP's envelope, a framework's error page, HTML): the path may not
// exist on this server. It is the test for an endpoint a caller can do
// without, where OCP does not document how an older version answers.
func IsNotServed(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatus == http.StatusNotFound || apiErr.HTTPStatus == http.StatusMethodNotAllowed
	}
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		return respErr.HTTPStatus == http.StatusNotFound || respErr.HTTPStatus == http.StatusMethodNotAllowed
	}
	return false
}

// IsNotFound reports whether err is OCP saying the strategy or its cluster
// does not exist.
func IsNotFound(err error) bool { return absent(err) }

// CreateBackupStrategy POSTs a strategy. The answer is checked: every object
// must report beSuccessful.
func (c *Client) CreateBackupStrategy(ctx context.Context, ref StrategyRef, req *BackupStrategyRequest) (*BackupCommonResponse, error) {
	return c.strategyWrite(ctx, "the creation of the backup strategy", http.MethodPost, ref.path(), ref, req)
}

// UpdateBackupStrategy PATCHes the whole strategy. A body without the
// storage secret must name the storage by StorageID (see
// BackupStorageConfig.StorageID for what that assumes of OCP).
func (c *Client) UpdateBackupStrategy(ctx context.Context, ref StrategyRef, req *BackupStrategyRequest) (*BackupCommonResponse, error) {
	return c.strategyWrite(ctx, "the update of the backup strategy", http.MethodPatch, ref.path(), ref, req)
}

// DeleteBackupStrategy DELETEs the strategy.
func (c *Client) DeleteBackupStrategy(ctx context.Context, ref StrategyRef) (*BackupCommonResponse, error) {
	return c.strategyWrite(ctx, "the deletion of the backup strategy", http.MethodDelete, ref.path(), ref, nil)
}

// StartBackupSchedule resumes the schedule (OCP 4.3 and later; IsNoSuchAPI
// tells an older OCP).
func (c *Client) StartBackupSchedule(ctx context.Context, ref StrategyRef) (*BackupCommonResponse, error) {
	return c.strategyWrite(ctx, "the start of the backup schedule", http.MethodPost, ref.path()+"/startSchedule", ref, nil)
}

// StopBackupSchedule pauses the schedule (OCP 4.3 and later).
func (c *Client) StopBackupSchedule(ctx context.Context, ref StrategyRef) (*BackupCommonResponse, error) {
	return c.strategyWrite(ctx, "the stop of the backup schedule", http.MethodPost, ref.path()+"/stopSchedule", ref, nil)
}

func (c *Client) strategyWrite(ctx context.Context, op, method, path string, ref StrategyRef, body *BackupStrategyRequest) (*BackupCommonResponse, error) {
	var resp BackupCommonResponse
	var payload any
	if body != nil {
		payload = body
	}
	if err := c.do(ctx, method, path, nil, payload, &resp); err != nil {
		return nil, err
	}
	if err := resp.check(op, method, path, ref); err != nil {
		return &resp, c.clean(err)
	}
	return &resp, nil
}
