package ocp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Cluster is one item of OCP's cluster list; only the fields the provider
// uses are decoded.
type Cluster struct {
	// ID is at least 1: ListClusters fails on an item without one.
	ID          Long    `json:"id"`
	Name        *string `json:"name"`
	ObClusterID *Long   `json:"obClusterId"`
	ObVersion   *string `json:"obVersion"`
	Type        *string `json:"type"`
	Status      *string `json:"status"`
}

// ListClustersOptions filter the cluster list on the server.
type ListClustersOptions struct {
	// Name is OCP's keyword filter on the cluster name.
	Name string
	// Statuses keeps clusters in any of these statuses.
	Statuses []string
	// PageSize is the number of clusters per request; zero means 500 (OCP
	// accepts up to 2000).
	PageSize int
}

const maxPageSize = 2000

// clusterItem tells an absent id from a zero one; its ID hides Cluster's.
type clusterItem struct {
	ID *Long `json:"id"`
	Cluster
}

// ListClusters reads every page of GET /api/v2/ob/clusters.
func (c *Client) ListClusters(ctx context.Context, opts ListClustersOptions) ([]Cluster, error) {
	query := url.Values{}
	if opts.Name != "" {
		query.Set("name", opts.Name)
	}
	if len(opts.Statuses) > 0 {
		query.Set("status", strings.Join(opts.Statuses, ","))
	}
	items, err := List(ctx, c, clusterList, ListQuery[clusterItem]{Values: query, PageSize: opts.PageSize})
	if err != nil {
		return nil, err
	}
	clusters := make([]Cluster, len(items))
	for i, item := range items {
		clusters[i] = item.Cluster
		clusters[i].ID = *item.ID
	}
	return clusters, nil
}

var clusterList = Endpoint[clusterItem]{
	Path: "/api/v2/ob/clusters",
	Key: func(item clusterItem) (string, error) {
		name := ""
		if item.Name != nil {
			name = fmt.Sprintf(" named %q", *item.Name)
		}
		switch {
		case item.ID == nil:
			return "", fmt.Errorf("the cluster%s has no id", name)
		case *item.ID < 1:
			return "", fmt.Errorf("the cluster%s has id %d; OCP's cluster ids start at 1", name, *item.ID)
		}
		return "cluster " + strconv.FormatInt(int64(*item.ID), 10), nil
	},
}

// ClusterNotFoundCode is OCP's error code for a cluster that does not exist.
const ClusterNotFoundCode = "OBE11001"

// Unreadable reports whether OCP said, in its own terms, that it will not
// show this caller the cluster: 403, or 404 or 400 carrying
// ClusterNotFoundCode. A 404 without OCP's code (a proxy's page, an API
// this OCP does not have) proves nothing about the cluster and is not
// unreadable.
func Unreadable(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.HTTPStatus {
	case http.StatusForbidden:
		return true
	case http.StatusNotFound, http.StatusBadRequest:
		return apiErr.Code == ClusterNotFoundCode
	}
	return false
}
