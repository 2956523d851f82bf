package ocp

import (
	"context"
	"strconv"
	"strings"
)

// Cluster is one item of OCP's cluster list; only the fields the provider
// uses are decoded.
type Cluster struct {
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

type clusterPage struct {
	Contents []Cluster `json:"contents"`
	Page     struct {
		Number        int `json:"number"`
		TotalPages    int `json:"totalPages"`
		TotalElements int `json:"totalElements"`
	} `json:"page"`
}

const maxPageSize = 2000

// ListClusters reads every page of GET /api/v2/ob/clusters.
func (c *Client) ListClusters(ctx context.Context, opts ListClustersOptions) ([]Cluster, error) {
	size := opts.PageSize
	if size <= 0 {
		size = 500
	}
	size = min(size, maxPageSize)
	query := map[string][]string{"size": {strconv.Itoa(size)}}
	if opts.Name != "" {
		query["name"] = []string{opts.Name}
	}
	if len(opts.Statuses) > 0 {
		query["status"] = []string{strings.Join(opts.Statuses, ",")}
	}

	var clusters []Cluster
	for page := 1; ; page++ {
		query["page"] = []string{strconv.Itoa(page)}
		var p clusterPage
		if err := c.get(ctx, "/api/v2/ob/clusters", query, &p); err != nil {
			return nil, err
		}
		clusters = append(clusters, p.Contents...)
		// An empty page ends the list even if totalPages says otherwise, so
		// that a server that miscounts cannot keep the client looping.
		if len(p.Contents) == 0 || page >= p.Page.TotalPages {
			return clusters, nil
		}
	}
}
