package ocp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Every paging shape OCP or a server in front of it may send: the list is
// read whole when the pages prove it whole, and is an error otherwise.
func TestPagingRules(t *testing.T) {
	const fleet = 23
	cases := []struct {
		name   string
		paging ocptest.Paging
		fleet  int // fleet when not 23
		// wantRequests is checked when not zero.
		wantRequests int64
		// wantErr is part of the error; empty for a whole read.
		wantErr string
	}{
		{name: "documented shape", wantRequests: 5},
		{name: "totalPage spelling", paging: ocptest.Paging{CountField: "totalPage"}, wantRequests: 5},
		{name: "no page count", paging: ocptest.Paging{CountField: "-"}, wantRequests: 5},
		{name: "no page count, last page full", fleet: 25, paging: ocptest.Paging{CountField: "-"}, wantRequests: 6},
		{name: "both counts, last page full", fleet: 25, wantRequests: 5},
		{name: "no totalElements", paging: ocptest.Paging{NoTotalElements: true}, wantRequests: 5},
		{name: "no counts: read until a short page", paging: ocptest.Paging{CountField: "-", NoTotalElements: true}, wantRequests: 5},
		{name: "no counts, last page full: one more page proves the end", fleet: 25,
			paging: ocptest.Paging{CountField: "-", NoTotalElements: true}, wantRequests: 6},
		{name: "no totalElements, last page full", fleet: 25, paging: ocptest.Paging{NoTotalElements: true}, wantRequests: 6},
		{name: "server caps the page size", paging: ocptest.Paging{MaxSize: 4}, wantRequests: 6},
		{name: "server caps the page size, no counts", paging: ocptest.Paging{MaxSize: 4, CountField: "-", NoTotalElements: true}, wantRequests: 6},
		{name: "empty list", fleet: -1, wantRequests: 1},

		{name: "totalElements lies high", paging: ocptest.Paging{ExtraElements: 1},
			wantErr: "23 items arrived in 5 pages, but totalElements is 24"},
		{name: "totalElements lies low", paging: ocptest.Paging{ExtraElements: -3},
			wantErr: "it announces 5 pages, more than totalElements 20 allows at 5 per page"},
		{name: "totalElements lies low, no page count", paging: ocptest.Paging{ExtraElements: -3, CountField: "-"},
			wantErr: "(page 5): more items arrived than totalElements 20"},
		{name: "more pages than totalElements allows", paging: ocptest.Paging{ExtraPages: 2},
			wantErr: "it announces 7 pages, more than totalElements 23 allows at 5 per page"},
		{name: "fewer pages than the items", paging: ocptest.Paging{ExtraPages: -2, NoTotalElements: true},
			wantErr: ""}, // read on while pages come back full: still whole
		{name: "a page repeated", paging: ocptest.Paging{RepeatFirstPage: true},
			wantErr: "(page 2): the page repeats item cluster 10001, already read on page 1"},
		{name: "a page repeated, no counts", paging: ocptest.Paging{RepeatFirstPage: true, CountField: "-", NoTotalElements: true},
			wantErr: "the page repeats item cluster 10001"},
		{name: "a page count past the hard cap", paging: ocptest.Paging{ExtraPages: MaxPages, NoTotalElements: true},
			wantErr: "more than the 10000 this provider reads"},
		{name: "null contents", paging: ocptest.Paging{Contents: "null"}, wantErr: "OCP's answer has no data"},
		{name: "missing contents", paging: ocptest.Paging{Contents: "missing"}, wantErr: "OCP's answer has no data"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := fleet
			if tc.fleet != 0 {
				n = max(tc.fleet, 0)
			}
			srv := newTestServer(t, ocptest.WithClusters(ocptest.FleetIDs(n)...))
			srv.SetPaging(ocptest.RouteClusters, tc.paging)
			clusters, err := newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{PageSize: 5})
			if tc.wantErr != "" {
				var pagingErr *PagingError
				if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want a paging error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(clusters) != n {
				t.Fatalf("got %d clusters, want %d", len(clusters), n)
			}
			for i, c := range clusters {
				if int64(c.ID) != ocptest.FleetClusterID(i) {
					t.Errorf("cluster %d has id %d", i, c.ID)
				}
			}
			if got := srv.Requests(ocptest.RouteClusters, 0); tc.wantRequests != 0 && got != tc.wantRequests {
				t.Errorf("%d requests, want %d", got, tc.wantRequests)
			}
		})
	}
}

// Answers no Paging setting makes: a data-less envelope, a page number that
// is not the one asked for, two page counts, items without a usable id.
func TestPagingBodies(t *testing.T) {
	page := func(contents, info string) string {
		return `{"successful": true, "data": {"contents": ` + contents + `, "page": ` + info + `}}`
	}
	const onePage = `{"number": 1, "size": 500, "totalElements": 1, "totalPages": 1}`
	cases := map[string]struct{ body, want string }{
		"data null":     {`{"successful": true, "data": null}`, "OCP's answer has no data"},
		"data missing":  {`{"successful": true}`, "OCP's answer has no data"},
		"wrong number":  {page(`[{"id": 1}]`, `{"number": 2, "totalElements": 1, "totalPages": 1}`), "OCP answered with page 2"},
		"two counts":    {page(`[{"id": 1}]`, `{"totalElements": 1, "totalPages": 1, "totalPage": 2}`), "totalPages 1 and totalPage 2 disagree"},
		"negative":      {page(`[{"id": 1}]`, `{"totalElements": -1, "totalPages": 1}`), "totalElements is -1"},
		"no id":         {page(`[{"name": "orphan"}]`, onePage), `item 1 of the page: the cluster named "orphan" has no id`},
		"id null":       {page(`[{"id": null, "name": "x"}]`, onePage), `the cluster named "x" has no id`},
		"id zero":       {page(`[{"id": 0, "name": "zero"}]`, onePage), `the cluster named "zero" has id 0; OCP's cluster ids start at 1`},
		"id negative":   {page(`[{"id": "-4"}]`, onePage), `the cluster has id -4`},
		"contents type": {page(`{"id": 1}`, onePage), `field "contents"`},
		"empty but counted": {page(`[]`, `{"totalElements": 3, "totalPages": 1}`),
			"the page is empty, but totalElements is 3"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{Times: -1, Status: 200, Body: tc.body})
			_, err := newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// Pages after the first are read concurrently, within the client's bound.
func TestPagingConcurrency(t *testing.T) {
	srv := newTestServer(t, ocptest.WithClusters(ocptest.FleetIDs(40)...), ocptest.WithLatency(10*time.Millisecond))
	clusters, err := newTestClient(t, srv, func(c *Config) { c.MaxConcurrentRequests = 3 }).
		ListClusters(context.Background(), ListClustersOptions{PageSize: 2})
	if err != nil || len(clusters) != 40 {
		t.Fatalf("got %d clusters, %v", len(clusters), err)
	}
	if s := srv.Stats(); s.Requests != 20 || s.PeakInFlight > 3 {
		t.Errorf("got %+v, want 20 requests, at most 3 in flight", s)
	}
}

// A failure on any page fails the read with OCP's answer.
func TestPagingFailureOnALaterPage(t *testing.T) {
	srv := newTestServer(t, ocptest.WithClusters(ocptest.FleetIDs(23)...))
	srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{}, ocptest.Fault{Times: -1, Status: 500, Code: "COM00000", Message: "database unavailable"})
	_, err := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 0 }).ListClusters(context.Background(), ListClustersOptions{PageSize: 5})
	if e := apiError(t, err); e.HTTPStatus != 500 || e.Message != "database unavailable" {
		t.Errorf("got %v", e)
	}
}
