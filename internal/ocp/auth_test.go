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

func TestSignVendorVector(t *testing.T) {
	message := "GET\n\napplication/json;charset=utf-8\nTue, 17 Jan 2023 04:14:02 GMT\nocp.alibaba.net:8080\n\n/api/v2/compute/idcs?size=100"
	if got := Sign(vendorSecret, message); got != "TsQD6HDOuZuJ409m0wdnZPmijlc=" {
		t.Errorf("Sign = %s", got)
	}
	header := http.Header{}
	header.Set("Content-Type", "application/json;charset=utf-8")
	header.Set("Date", "Tue, 17 Jan 2023 04:14:02 GMT")
	built := StringToSign("GET", nil, header, "ocp.alibaba.net:8080", "/api/v2/compute/idcs", url.Values{"size": {"100"}})
	if built != message {
		t.Errorf("StringToSign =\n%q\nwant\n%q", built, message)
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
			"POST\n9C7E7F7B3E4A0A4A4B1C1A5D9C7E7F7B\napplication/json\n" + date + "\nh:1\nx-ocp-data:A,1\nx-ocp-zeta:z\n/p"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := StringToSign(tc.method, tc.body, tc.header, "h:1", "/p", tc.query)
			want := tc.want
			if tc.body != nil {
				want = replaceLine(want, 1, md5Hex(tc.body))
			}
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

func md5Hex(b []byte) string {
	h := StringToSign("X", b, http.Header{}, "", "", nil)
	return splitLines(h)[1]
}

func replaceLine(s string, i int, line string) string {
	lines := splitLines(s)
	lines[i] = line
	out := lines[0]
	for _, l := range lines[1:] {
		out += "\n" + l
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	return append(lines, s[start:])
}
