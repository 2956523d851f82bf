package ocp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func TestRedactor(t *testing.T) {
	long := BasicAuth{Username: "admin", Password: `p"a/s<s>w0rd-long`}
	r := NewRedactor(long)
	basic := basicHeaderValue(long.Username, long.Password)
	for name, text := range map[string]string{
		"as sent":             "the password p\"a/s<s>w0rd-long is wrong",
		"JSON-escaped":        `{"message": "bad p\"a/s<s>w0rd-long"}`,
		"JSON with HTML":      `{"message": "bad p\"a/s\u003cs\u003ew0rd-long"}`,
		"JSON with slash":     `{"message": "bad p\"a\/s<s>w0rd-long"}`,
		"URL-encoded":         "cb?pw=p%22a%2Fs%3Cs%3Ew0rd-long",
		"Basic value":         "Authorization: Basic " + basic,
		"Basic value, alone":  "token " + basic + " rejected",
		"password JSON field": `{"password": "anything at all", "user": "admin"}`,
	} {
		got := r.Redact(text)
		for _, leak := range []string{long.Password, `p\"a/s`, "p%22a", basic, "anything at all"} {
			if strings.Contains(got, leak) {
				t.Errorf("%s: %q still shows %q", name, got, leak)
			}
		}
		if !strings.Contains(got, redacted) {
			t.Errorf("%s: nothing redacted in %q", name, got)
		}
	}
	if got := r.Redact(`{"user": "admin"}`); got != `{"user": "admin"}` {
		t.Errorf("redacted what is no secret: %q", got)
	}
}

// A secret too short to mask by occurrence is masked where it sits, and
// nowhere else: masking every "x" would tell the reader the password.
func TestRedactorShortSecret(t *testing.T) {
	r := NewRedactor(BasicAuth{Username: "u", Password: "x"})
	text := `{"password": "x", "message": "syntax error at x=1"} Authorization: Basic dTp4`
	got := r.Redact(text)
	want := `{"password": "<redacted>", "message": "syntax error at x=1"} Authorization: Basic <redacted>`
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if len(r.Maskable()) != 0 {
		t.Errorf("a one-letter secret is maskable: %q", r.Maskable())
	}
	signed := NewRedactor(AccessKey{ID: "AKID", Secret: "0123456789abcdef"})
	if got := signed.Redact("Authorization: " + SignatureAlgorithm + " AKID:c2lnbmF0dXJl"); got != "Authorization: "+SignatureAlgorithm+" AKID:<redacted>" {
		t.Errorf("signature header: %q", got)
	}
}

func TestEscapeControl(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, ünïcode":      "plain text, ünïcode",
		"red \x1b[31mALERT\x1b[0m": `red \x1b[31mALERT\x1b[0m`,
		"line\nforged: Error":      `line\nforged: Error`,
		"cr\rover":                 `cr\rover`,
		"bidi \u202eevil":          `bidi \u202eevil`,
		"bad \xff byte":            `bad \xff byte`,
		"nul \x00 del \x7f":        `nul \x00 del \x7f`,
	} {
		if got := EscapeControl(in); got != want {
			t.Errorf("EscapeControl(%q) = %q, want %q", in, got, want)
		}
	}
}

// What the server echoes of the credentials never reaches an error
// message or a log line.
func TestEchoedCredentialsAreRedacted(t *testing.T) {
	srv := newTestServer(t)
	creds := ocptest.DefaultCredentials
	basic := basicHeaderValue(creds.Username, creds.Password)
	echo := `{"successful": false, "traceId": "t", "error": {"code": "IAM10000", "message": "bad login \"` + creds.Password +
		`\" with header Basic ` + basic + `"}}`
	var logged strings.Builder
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 401, Body: echo})
	c := newTestClient(t, srv, func(c *Config) { c.Logger = textLogger{&logged} })
	_, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if err == nil {
		t.Fatal("no error")
	}
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 401, Body: `{"successful": false, "error": {"message": "` +
		jsonUnicodeEscaped(creds.Password) + `"}}`})
	_, _ = c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	shown := c.Redactor().Clean(err.Error())
	for _, text := range []string{shown, logged.String()} {
		for _, secret := range []string{creds.Password, basic, jsonUnicodeEscaped(creds.Password)} {
			if strings.Contains(text, secret) {
				t.Errorf("%q shows %q", text, secret)
			}
		}
	}
	if !strings.Contains(shown, "IAM10000") {
		t.Errorf("the error lost OCP's code: %s", shown)
	}
}

type textLogger struct{ b *strings.Builder }

func (l textLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.write(msg, fields)
}
func (l textLogger) Trace(_ context.Context, msg string, fields map[string]any) {
	l.write(msg, fields)
}
func (l textLogger) write(msg string, fields map[string]any) {
	l.b.WriteString(msg)
	for k, v := range fields {
		l.b.WriteString(" " + k + "=")
		if s, ok := v.(string); ok {
			l.b.WriteString(s)
		} else if m, ok := v.(map[string]string); ok {
			for hk, hv := range m {
				l.b.WriteString(hk + ":" + hv + ";")
			}
		}
	}
	l.b.WriteString("\n")
}

// jsonUnicodeEscaped spells every character of s as a \u escape, as a
// hostile server may.
func jsonUnicodeEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}
