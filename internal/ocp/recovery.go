package ocp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// ClusterBackupInfo is OCP's ObClusterBackupInfo, the answer of
// GET /api/v2/ob/clusters/{id}/backup/info: the restorable windows of a
// cluster and of each of its tenants.
type ClusterBackupInfo struct {
	ClusterID         *Long                   `json:"clusterId"`
	ClusterName       *string                 `json:"clusterName"`
	ObClusterID       *Long                   `json:"obClusterId"`
	Online            *bool                   `json:"online"`
	TenantBackupInfos []TenantBackupInfo      `json:"tenantBackupInfos"`
	Aggregation       *RecoverableAggregation `json:"obRecoverableInfoAggregation"`
}

// TenantBackupInfo is OCP's ObTenantBackupInfo: one element of a cluster's
// tenantBackupInfos, or the whole answer of the tenant endpoint (OCP 4.3).
type TenantBackupInfo struct {
	ClusterID   *Long                   `json:"clusterId"`
	ClusterName *string                 `json:"clusterName"`
	ObClusterID *Long                   `json:"obClusterId"`
	TenantID    *Long                   `json:"tenantId"`
	TenantName  *string                 `json:"tenantName"`
	ObTenantID  *Long                   `json:"obTenantId"`
	Online      *bool                   `json:"online"`
	Aggregation *RecoverableAggregation `json:"obRecoverableInfoAggregation"`
}

// RecoverableAggregation is obRecoverableInfoAggregation. OCP documents one
// aggregation, latestSevenDaysAggregation, beside the scope that names it.
type RecoverableAggregation struct {
	QueryTimeScope  *string             `json:"obQueryTimeScopeType"`
	LatestSevenDays *SectionAggregation `json:"latestSevenDaysAggregation"`
}

// SectionAggregation holds the sections of one aggregation, in OCP's order.
type SectionAggregation struct {
	Sections []RecoverableSection `json:"obRecoverableSectionItems"`
}

// Sections are the aggregation's sections in OCP's order; nil when OCP sent
// no aggregation or none of the documented shape.
func (a *RecoverableAggregation) Sections() []RecoverableSection {
	if a == nil || a.LatestSevenDays == nil {
		return nil
	}
	return a.LatestSevenDays.Sections
}

// Section types OCP documents; others pass through.
const (
	SectionFullDataBackup        = "FULL_DATA_BACKUP"
	SectionIncrementalDataBackup = "INCREMENTAL_DATA_BACKUP"
	SectionLogBackup             = "LOG_BACKUP"
	SectionRecoverable           = "RECOVERABLE"
)

// RecoverableSection is one obRecoverableSectionItems element: a data
// backup (with dataBackupRecoverableInfo), the span of archived logs, or the
// span a point-in-time restore can reach.
type RecoverableSection struct {
	Type                      *string                    `json:"obRecoverableSectionItemType"`
	BackupDimension           *string                    `json:"backupDimension"`
	BackupMode                *string                    `json:"backupMode"`
	DataBackupRecoverableInfo *DataBackupRecoverableInfo `json:"dataBackupRecoverableInfo"`
	// OCP 4.0 and 4.2 document the RECOVERABLE section's interval under
	// this name too; 4.3 and every sample use realRecoverableTimeInterval.
	LogRecoverableTimeInterval  *TimeInterval `json:"logRecoverableTimeInterval"`
	RealRecoverableTimeInterval *TimeInterval `json:"realRecoverableTimeInterval"`
}

// Interval is the span the section carries, under whichever name OCP sent
// it. When both are present, the one documented for the section's type
// wins; an empty one ({} or both times null) counts as absent.
func (s RecoverableSection) Interval() *TimeInterval {
	first, second := s.LogRecoverableTimeInterval, s.RealRecoverableTimeInterval
	if s.Type != nil && *s.Type == SectionRecoverable {
		first, second = second, first
	}
	if first.empty() {
		return second
	}
	return first
}

func (iv *TimeInterval) empty() bool {
	return iv == nil || (iv.StartTime == nil && iv.EndTime == nil)
}

// DataBackupRecoverableInfo describes a data backup section.
type DataBackupRecoverableInfo struct {
	FreezeTime      *Timestamp `json:"freezeTime"`
	RecoverableTime *Timestamp `json:"recoverableTime"`
	DataVersion     *Long      `json:"dataVersion"`
	FullBackupSetID *Long      `json:"fullBackupSetId"`
}

// TimeInterval is a {startTime, endTime} pair.
type TimeInterval struct {
	StartTime *Timestamp `json:"startTime"`
	EndTime   *Timestamp `json:"endTime"`
}

// RecoverableWindow is the span of the RECOVERABLE section that ends last
// (the earliest start among those ending then), or nil when no RECOVERABLE
// section carries an interval. A RECOVERABLE interval without an end ranks
// below every interval with one.
func RecoverableWindow(sections []RecoverableSection) *TimeInterval {
	var best *TimeInterval
	for _, s := range sections {
		if s.Type == nil || *s.Type != SectionRecoverable {
			continue
		}
		iv := s.Interval()
		if iv == nil || (iv.StartTime == nil && iv.EndTime == nil) {
			continue
		}
		if best == nil || laterWindow(iv, best) {
			best = iv
		}
	}
	return best
}

// laterWindow reports whether a ends after b, or ends with it and starts
// earlier.
func laterWindow(a, b *TimeInterval) bool {
	switch {
	case a.EndTime == nil:
		return false
	case b.EndTime == nil:
		return true
	case !a.EndTime.Time().Equal(b.EndTime.Time()):
		return a.EndTime.Time().After(b.EndTime.Time())
	case a.StartTime == nil:
		return false
	case b.StartTime == nil:
		return true
	default:
		return a.StartTime.Time().Before(b.StartTime.Time())
	}
}

// BackupInfoOptions are the optional query parameters of backup/info. What
// the range restricts is not documented; they are passed through.
type BackupInfoOptions struct {
	StartTime, EndTime *time.Time
}

// GetClusterBackupInfo reads GET /api/v2/ob/clusters/{id}/backup/info. The
// answer must name the cluster asked for (when it names one), and each tenant
// must have an id of at least 1, once.
func (c *Client) GetClusterBackupInfo(ctx context.Context, clusterID int64, opts BackupInfoOptions) (*ClusterBackupInfo, error) {
	path := fmt.Sprintf("/api/v2/ob/clusters/%d/backup/info", clusterID)
	query := url.Values{}
	// The cluster endpoint takes an OffsetDateTime, so the caller's offset
	// and fraction digits go as they are.
	if opts.StartTime != nil {
		query.Set("startTime", opts.StartTime.Format(time.RFC3339Nano))
	}
	if opts.EndTime != nil {
		query.Set("endTime", opts.EndTime.Format(time.RFC3339Nano))
	}
	var info *ClusterBackupInfo
	if err := c.get(ctx, path, query, &info); err != nil {
		return nil, err
	}
	// The checks quote OCP's text (a tenant's name), so what they say is
	// cleaned like every other answer.
	if err := checkClusterBackupInfo(path, clusterID, info); err != nil {
		return nil, c.clean(err)
	}
	return info, nil
}

func checkClusterBackupInfo(path string, clusterID int64, info *ClusterBackupInfo) error {
	if info == nil {
		return noDataError(path)
	}
	if err := sameID(path, "clusterId", clusterID, info.ClusterID); err != nil {
		return err
	}
	seen := make(map[int64]bool, len(info.TenantBackupInfos))
	for i, t := range info.TenantBackupInfos {
		if err := sameID(path, fmt.Sprintf("tenantBackupInfos[%d].clusterId", i), clusterID, t.ClusterID); err != nil {
			return err
		}
		if t.TenantID == nil || *t.TenantID < 1 {
			return &ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
				Reason: fmt.Sprintf("tenantBackupInfos[%d] (tenant %s) has no tenantId of at least 1", i, orNone(t.TenantName))}
		}
		if seen[int64(*t.TenantID)] {
			return &ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
				Reason: fmt.Sprintf("tenantBackupInfos names tenant %d more than once", *t.TenantID)}
		}
		seen[int64(*t.TenantID)] = true
		if err := checkIntervals(path, fmt.Sprintf("tenantBackupInfos[%d]", i), t.Aggregation); err != nil {
			return err
		}
	}
	return checkIntervals(path, "the cluster", info.Aggregation)
}

// GetTenantBackupInfo reads GET /api/v2/ob/clusters/{id}/tenants/{tenantId}/backup/info,
// which OCP documents from 4.3 on. The answer must name the cluster and the
// tenant asked for, when it names them.
func (c *Client) GetTenantBackupInfo(ctx context.Context, clusterID, tenantID int64, opts BackupInfoOptions) (*TenantBackupInfo, error) {
	path := fmt.Sprintf("/api/v2/ob/clusters/%d/tenants/%d/backup/info", clusterID, tenantID)
	query := url.Values{}
	// The tenant endpoint documents UTC only, as YYYY-MM-DDThh:mm:ssZ.
	if opts.StartTime != nil {
		query.Set("startTime", TenantQueryTime(*opts.StartTime))
	}
	if opts.EndTime != nil {
		query.Set("endTime", TenantQueryTime(*opts.EndTime))
	}
	var info *TenantBackupInfo
	if err := c.get(ctx, path, query, &info); err != nil {
		return nil, withTenantAPIHint(err)
	}
	err := noDataError(path)
	if info != nil {
		err = cmp.Or(sameID(path, "clusterId", clusterID, info.ClusterID), sameID(path, "tenantId", tenantID, info.TenantID),
			checkIntervals(path, "the tenant", info.Aggregation))
	}
	if err != nil {
		return nil, c.clean(err)
	}
	return info, nil
}

// TenantQueryTime is t in the form OCP's tenant-level endpoints document
// for startTime and endTime: UTC, whole seconds, YYYY-MM-DDThh:mm:ssZ.
func TenantQueryTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// withTenantAPIHint adds TenantAPIHint to an answer that says "no such
// endpoint": a 404 or 405 other than OCP's "cluster does not exist", with or
// without OCP's envelope. The error stays an *APIError or *ResponseError
// for errors.As.
func withTenantAPIHint(err error) error {
	var apiErr *APIError
	var respErr *ResponseError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.Code == ClusterNotFoundCode || (apiErr.HTTPStatus != http.StatusNotFound && apiErr.HTTPStatus != http.StatusMethodNotAllowed) {
			return err
		}
	case errors.As(err, &respErr):
		if respErr.HTTPStatus != http.StatusNotFound && respErr.HTTPStatus != http.StatusMethodNotAllowed {
			return err
		}
	default:
		return err
	}
	return &hintError{err: err, hint: TenantAPIHint}
}

type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return fmt.Sprintf("%s (%s)", e.err, e.hint) }
func (e *hintError) Unwrap() error { return e.err }

// IdentityError is an answer about another object than the one asked for.
type IdentityError struct {
	Path       string
	Field      string
	Object     string
	Asked, Got int64
}

func (e *IdentityError) Error() string {
	return fmt.Sprintf("OCP answered GET %s about %s %d, not %d as asked (field %s); refusing an answer about another object",
		e.Path, e.Object, e.Got, e.Asked, e.Field)
}

// sameID fails when OCP's answer names another object than asked; an answer
// that does not name one is taken as about the one asked.
func sameID(path, field string, asked int64, got *Long) error {
	if got == nil || int64(*got) == asked {
		return nil
	}
	what := "cluster"
	if field == "tenantId" {
		what = "tenant"
	}
	return &IdentityError{Path: path, Field: field, Object: what, Asked: asked, Got: int64(*got)}
}

// checkIntervals fails on a section whose interval ends before it starts:
// such a span proves no window, and a gate that reads only its end would
// pass on it.
func checkIntervals(path, where string, agg *RecoverableAggregation) error {
	for i, s := range agg.Sections() {
		for _, named := range []struct {
			name string
			iv   *TimeInterval
		}{{"realRecoverableTimeInterval", s.RealRecoverableTimeInterval}, {"logRecoverableTimeInterval", s.LogRecoverableTimeInterval}} {
			name, iv := named.name, named.iv
			if iv == nil || iv.StartTime == nil || iv.EndTime == nil || !iv.EndTime.Time().Before(iv.StartTime.Time()) {
				continue
			}
			return &ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
				Reason: fmt.Sprintf("section %d (type %s) of %s has a %s that ends before it starts (%s to %s); it proves no window",
					i+1, typeText(s.Type), where, name, iv.StartTime.RFC3339(), iv.EndTime.RFC3339())}
		}
	}
	return nil
}

func typeText(t *string) string {
	if t == nil {
		return "absent"
	}
	return fmt.Sprintf("%q", *t)
}

func noDataError(path string) error {
	return &ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
		Reason: `OCP's answer has no data (the "data" field is missing or null)`}
}

func orNone(s *string) string {
	if s == nil {
		return "without a name"
	}
	return fmt.Sprintf("%q", *s)
}
