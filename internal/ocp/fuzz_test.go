package ocp

import (
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func FuzzParseTimestamp(f *testing.F) {
	for _, l := range ocptest.TimestampLayouts {
		f.Add(l.Sent)
	}
	f.Add("2021-09-16T17:25:02.+0800")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTimestamp(s)
		if err != nil {
			return
		}
		// Whatever is accepted must be RFC 3339 for Terraform, and the same instant.
		back, err := time.Parse(time.RFC3339Nano, ts.RFC3339())
		if err != nil {
			t.Fatalf("%q became %q, which is not RFC 3339: %v", s, ts.RFC3339(), err)
		}
		if !back.Equal(ts.Time()) {
			t.Fatalf("%q: %v != %v", s, back, ts.Time())
		}
	})
}

func FuzzDecodeResponse(f *testing.F) {
	f.Add(200, []byte(ocptest.VendorExampleEnvelope))
	f.Add(404, []byte(`{"successful":false,"error":{"code":"OBE11001","message":"x"},"traceId":"t"}`))
	f.Add(200, []byte(`{"data":{"clusterId":"9007199254740993"},"successful":true}`))
	f.Add(200, []byte(`<html>`))
	f.Add(200, []byte(`{"data":{"clu`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		var o ClusterBackupOverview
		err := decodeResponse("GET", "/p", status, nil, body, &o)
		if err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
	})
}
