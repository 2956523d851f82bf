package ocp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func TestParseTimestamp(t *testing.T) {
	for _, l := range ocptest.TimestampLayouts {
		ts, err := ParseTimestamp(l.Sent)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", l.Sent, err)
			continue
		}
		if got := ts.RFC3339(); got != l.RFC3339 {
			t.Errorf("ParseTimestamp(%q) = %q, want %q", l.Sent, got, l.RFC3339)
		}
		if _, err := time.Parse(time.RFC3339, ts.RFC3339()); err != nil {
			t.Errorf("%q is not RFC 3339: %v", ts.RFC3339(), err)
		}
	}
	want := time.Date(2021, 9, 16, 9, 25, 2, 993_000_000, time.UTC)
	ts, _ := ParseTimestamp("2021-09-16T17:25:02.993+0800")
	if !ts.Time().Equal(want) {
		t.Errorf("instant = %v, want %v", ts.Time(), want)
	}
	if _, offset := ts.Time().Zone(); offset != 8*3600 {
		t.Errorf("offset = %d, want the server's +08:00", offset)
	}
	for _, bad := range []string{"", "16/09/2021 17:25", "2021-09-16 17:25:02+0800", "2021-09-16T17:25:02.+0800",
		"2021-09-16T17:25:02.1234567890Z", "2021-13-16T17:25:02Z", "2021-09-16T17:25:02", "2021-09-16T17:25:02+8"} {
		if _, err := ParseTimestamp(bad); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted a bad timestamp", bad)
		} else if !strings.Contains(err.Error(), bad) {
			t.Errorf("error %q does not name the value", err)
		}
	}
}

func TestLongAcceptsNumbersAndStrings(t *testing.T) {
	var v struct {
		A, B, C *Long
		D       *Long `json:"d"`
	}
	if err := json.Unmarshal([]byte(`{"A": 98, "B": "9007199254740993", "C": "-9223372036854775808", "d": null}`), &v); err != nil {
		t.Fatal(err)
	}
	if *v.A != 98 || *v.B != 9007199254740993 || *v.C != -9223372036854775808 || v.D != nil {
		t.Errorf("got %v %v %v %v", *v.A, *v.B, *v.C, v.D)
	}
	for _, bad := range []string{`1.5`, `"12a"`, `true`, `"9223372036854775808"`} {
		var l Long
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("Long accepted %s", bad)
		}
	}
}

func TestDecodeResponse(t *testing.T) {
	var overview ClusterBackupOverview
	if err := decodeResponse("GET", "/x", 200, nil, []byte(ocptest.VendorExampleEnvelope), &overview); err != nil {
		t.Fatal(err)
	}
	if *overview.ClusterID != 1000005 || overview.LastDataBackupTime.RFC3339() != "2021-09-16T17:25:02.993+08:00" ||
		*overview.ObBackupAbility.ObDataBackupSupportAbility.FullBackupEnabled != true || overview.TenantID != nil {
		t.Errorf("decoded %+v", overview)
	}

	apiErr := func(status int, body string) *APIError {
		t.Helper()
		err := decodeResponse("GET", "/x", status, nil, []byte(body), &overview)
		var e *APIError
		if !errors.As(err, &e) {
			t.Fatalf("got %T %v, want *APIError", err, err)
		}
		return e
	}
	e := apiErr(404, `{"successful":false,"status":404,"traceId":"t1","error":{"code":"OBE11001","message":"gone"}}`)
	if e.HTTPStatus != 404 || e.Code != "OBE11001" || e.Message != "gone" || e.TraceID != "t1" || !Unreadable(e) {
		t.Errorf("got %+v", e)
	}
	e = apiErr(429, `{"duration":0,"error":{"code":0,"message":"Excessive number of requests..."},"server":"s","status":429,"successful":false,"timestamp":"2020-12-03T09:38:24.194+08:00","traceId":""}`)
	if e.Code != "0" || e.Message != "Excessive number of requests..." {
		t.Errorf("got %+v", e)
	}
	e = apiErr(400, `{"successful":false,"error":{"code":"COM10002","message":"bad","subErrors":[{"target":"page","message":"must be >= 1"}]}}`)
	if e.Message != "bad; page: must be >= 1" {
		t.Errorf("sub-errors: got %q", e.Message)
	}
	e = apiErr(502, ``)
	if e.HTTPStatus != 502 {
		t.Errorf("got %+v", e)
	}
}

func TestDecodeResponseRedirect(t *testing.T) {
	header := http.Header{"Location": {"https://sso.example.com/login"}}
	err := decodeResponse("GET", "/x", 302, header, nil, nil)
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), `redirects to "https://sso.example.com/login"`) {
		t.Errorf("got %v", err)
	}
}

func TestTraceIDOf(t *testing.T) {
	for body, want := range map[string]string{
		ocptest.VendorExampleEnvelope:              "52eddd79029d4a24",
		`{"traceId" : "abc","data":{}}`:            "abc",
		`{"traceId":""}`:                           "",
		`{"data":{}}`:                              "",
		`{"traceId":`:                              "",
		`{"traceId":"unterminated`:                 "",
		`{"traceId":"esc\"aped"}`:                  "",
		`<html>"traceId"</html>`:                   "",
		`{"traceId":null,"error":{"message":"x"}}`: "",
	} {
		if got := traceIDOf([]byte(body)); got != want {
			t.Errorf("traceIDOf(%s) = %q, want %q", body, got, want)
		}
	}
}
