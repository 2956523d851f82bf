package ocp

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const (
	vendorSecret = "2fc0c299cc94c6be266f2ceece765d4d"
)

// The vendor documentation's two test vectors, verbatim. The second page
// gives the body only as its MD5 and leaves the message to the reader; it
// is a POST to /api/v2/compute/idcs of an application/json body, dated
// Tue, 17 Jan 2023 09:13:57 GMT, with the header x-ocp-data sent as A then 1.
func TestSignVendorVectors(t *testing.T) {
	get := http.Header{}
	get.Set("Content-Type", "application/json;charset=utf-8")
	get.Set("Date", "Tue, 17 Jan 2023 04:14:02 GMT")
	post := http.Header{}
	post.Set("Content-Type", "application/json")
	post.Set("Date", "Tue, 17 Jan 2023 09:13:57 GMT")
	post.Add("X-Ocp-Data", "A")
	post.Add("X-Ocp-Data", "1")
	cases := []struct {
		name, message, signature string
		built                    string
	}{
		{
			name:      "GET with a query",
			message:   "GET\n\napplication/json;charset=utf-8\nTue, 17 Jan 2023 04:14:02 GMT\nocp.alibaba.net:8080\n\n/api/v2/compute/idcs?size=100",
			signature: "TsQD6HDOuZuJ409m0wdnZPmijlc=",
			built:     StringToSign("GET", "", get, "ocp.alibaba.net:8080", "/api/v2/compute/idcs", url.Values{"size": {"100"}}),
		},
		{
			name:      "POST with a body and an x-ocp header",
			message:   "POST\n186974DB33A090A16D3E2CA35F547B56\napplication/json\nTue, 17 Jan 2023 09:13:57 GMT\nocp.alibaba.net:8080\nx-ocp-data:A,1\n/api/v2/compute/idcs",
			signature: "XN8P+O+v3vUabB16ZCooq5wMJoY=",
			built:     StringToSign("POST", "186974DB33A090A16D3E2CA35F547B56", post, "ocp.alibaba.net:8080", "/api/v2/compute/idcs", nil),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sign(vendorSecret, tc.message); got != tc.signature {
				t.Errorf("Sign = %s, want %s", got, tc.signature)
			}
			if tc.built != tc.message {
				t.Errorf("StringToSign =\n%q\nwant\n%q", tc.built, tc.message)
			}
		})
	}
}

func TestStringToSign(t *testing.T) {
	header := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h
	}
	date := "Tue, 17 Jan 2023 04:14:02 GMT"
	cases := []struct {
		name   string
		method string
		body   []byte
		header http.Header
		query  url.Values
		want   string
	}{
		{"no query", "get", nil, header("Date", date), nil,
			"GET\n\n\n" + date + "\nh:1\n\n/p"},
		{"repeated keys sorted, empties dropped", "GET", nil, header("Date", date),
			url.Values{"status": {"RUNNING", "", "CREATING"}, "a": {"1"}},
			"GET\n\n\n" + date + "\nh:1\n\n/p?a=1&status=CREATING,RUNNING"},
		{"only empty values", "GET", nil, header("Date", date), url.Values{"name": {""}},
			"GET\n\n\n" + date + "\nh:1\n\n/p?name"},
		{"spaces and non-ASCII per RFC 3986", "GET", nil, header("Date", date),
			url.Values{"name": {"prod orders+é~"}},
			"GET\n\n\n" + date + "\nh:1\n\n/p?name=prod%20orders%2B%C3%A9~"},
		{"body and x-ocp headers sorted", "POST", []byte(`{"a":1}`),
			header("Content-Type", "application/json", "Date", date, "X-OCP-Zeta", "z", "x-ocp-data", "A", "x-ocp-data", "1", "X-Other", "no"),
			nil,
			"POST\n" + BodyMD5([]byte(`{"a":1}`)) + "\napplication/json\n" + date + "\nh:1\nx-ocp-data:A,1\nx-ocp-zeta:z\n/p"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := StringToSign(tc.method, BodyMD5(tc.body), tc.header, "h:1", "/p", tc.query)
			want := tc.want
			if got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// The client's signer and the fake server's independent one agree on real
// requests, including awkward queries.
func TestAccessKeyAgreesWithServer(t *testing.T) {
	key := AccessKey{ID: "ak", Secret: "sk"}
	for _, raw := range []string{"", "size=100", "name=a+b%21&status=RUNNING&status=CREATING&x=", "name=%E4%B8%AD%E6%96%87&page=1"} {
		req := httptest.NewRequest("GET", "http://ocp.example.com:8080/api/v2/ob/clusters?"+raw, nil)
		req.URL.Host = "ocp.example.com:8080"
		key.authorize(req, nil, time.Date(2023, 1, 17, 4, 14, 2, 0, time.UTC))
		want := "OCP-ACCESS-KEY-HMACSHA1 ak:" + ocptest.ExpectedSignature("sk", req, nil)
		if got := req.Header.Get("Authorization"); got != want {
			t.Errorf("query %q: client %s, server %s", raw, got, want)
		}
	}
}

func TestBodyMD5(t *testing.T) {
	// RFC 1321's test suite: MD5("abc").
	if got := BodyMD5([]byte("abc")); got != "900150983CD24FB0D6963F7D28E17F72" {
		t.Errorf("BodyMD5(abc) = %s", got)
	}
	if got := BodyMD5(nil); got != "" {
		t.Errorf("BodyMD5(nil) = %q, want empty", got)
	}
}
