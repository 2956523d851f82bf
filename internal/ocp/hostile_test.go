package ocp

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Answers a hostile server may give, each checked as the provider shows it:
// the error's text after the client's Redactor.Clean.

// shownError serves f for every overview request of ClusterHealthy and
// returns what a diagnostic would show of the client's error.
func shownError(t *testing.T, f ocptest.Fault, creds ...ocptest.Credentials) string {
	t.Helper()
	c0 := ocptest.DefaultCredentials
	if len(creds) > 0 {
		c0 = creds[0]
	}
	srv := newTestServer(t, ocptest.WithCredentials(c0))
	f.Times = -1
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, f)
	c := newTestClient(t, srv, func(c *Config) {
		c.MaxRetries = 0
		c.Credentials = BasicAuth{Username: c0.Username, Password: c0.Password}
	})
	_, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if err == nil {
		t.Fatal("the hostile answer passed")
	}
	return c.Redactor().Clean(err.Error())
}

// unicodeEscaped spells every character of s as a JSON \u escape.
func unicodeEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

// A server that echoes a secret where the client quotes raw JSON (a field
// of the wrong type, an odd envelope) must not get it shown: not spelled in
// \u escapes, which the redactor does not know, and not cut in half by a
// clip, which leaves a part the redactor cannot recognise.
func TestHostileEchoesInRawJSONAreRedacted(t *testing.T) {
	pw := ocptest.DefaultCredentials.Password
	escaped := unicodeEscaped(pw)
	cases := map[string]ocptest.Fault{
		"clusterId as an escaped string":    {Status: 200, Body: `{"successful": true, "data": {"clusterId": "` + escaped + `"}}`},
		"successful as an escaped string":   {Status: 200, Body: `{"successful": "` + escaped + `", "data": {"clusterId": 101}}`},
		"successful cut through the secret": {Status: 200, Body: `{"successful": "` + strings.Repeat("x", 75) + pw + `", "data": {"clusterId": 101}}`},
		"error as a list":                   {Status: 500, Body: `{"successful": false, "error": ["` + escaped + `"]}`},
		"error with a debug message":        {Status: 500, Body: `{"successful": false, "error": {"message": 5, "debugMessage": "` + escaped + `"}}`},
		"timestamp as an escaped string":    {Status: 200, Body: `{"successful": true, "data": {"clusterId": 101, "lastDataBackupTime": "` + escaped + `"}}`},
		"timestamp as a number":             {Status: 200, Body: `{"successful": true, "data": {"clusterId": 101, "lastDataBackupTime": 1` + strings.Repeat("0", 90) + `}}`},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			got := shownError(t, f)
			for _, leak := range []string{pw, escaped[:12], `\u0073`, "s3cr", "Passw0"} {
				if strings.Contains(got, leak) {
					t.Errorf("the error shows %q:\n%s", leak, got)
				}
			}
		})
	}
}

// The Basic value a server echoes in another base64 alphabet, or without
// its padding, is the password in plain sight for anyone with a decoder.
func TestHostileEchoOfBasicValueInOtherBase64Forms(t *testing.T) {
	creds := ocptest.DefaultCredentials
	creds.Password = "s3cret-Passw0rd???>" // its Basic value has padding and URL-unsafe characters
	plain := "admin:" + creds.Password
	var forms []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(plain)))
	}
	if forms[0] == forms[1] || forms[0] == forms[2] {
		t.Fatalf("the forms do not differ: %q", forms)
	}
	got := shownError(t, ocptest.Fault{Status: 401, Body: `{"successful": false, "error": {"code": "IAM10000", "message": "rejected: ` +
		strings.Join(forms, " / ") + `"}}`}, creds)
	for _, form := range forms {
		if strings.Contains(got, strings.TrimRight(form, "=")) {
			t.Errorf("the error shows %q:\n%s", form, got)
		}
	}
	if strings.Count(got, "<redacted>") != len(forms) {
		t.Errorf("want %d redactions:\n%s", len(forms), got)
	}
}

// Data of the wrong JSON type is named in OCP's terms, never Go's; an
// empty object proves nothing, like null.
func TestHostileDataShapes(t *testing.T) {
	cases := map[string]struct{ data, want string }{
		"a list":                     {`[{"clusterId": 101}]`, `field "data" holds array, which cannot be read as an object`},
		"a string":                   {`"ok"`, `field "data" holds string, which cannot be read as an object`},
		"a number":                   {`101`, `field "data" holds number, which cannot be read as an object`},
		"true":                       {`true`, `field "data" holds bool, which cannot be read as an object`},
		"an empty object":            {`{}`, `OCP's answer has no data`},
		"an empty object with space": {` { } `, `OCP's answer has no data`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := shownError(t, ocptest.Fault{Status: 200, Body: `{"successful": true, "data": ` + tc.data + `}`})
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, got)
			}
			for _, goTerm := range []string{"Go value", "ocp.", "json:"} {
				if strings.Contains(got, goTerm) {
					t.Errorf("the error speaks Go (%q):\n%s", goTerm, got)
				}
			}
		})
	}
}

// An answer that says two things proves neither: a field named twice (the
// decoder keeps the last, another reader the first, and encoding/json
// matches names regardless of case), or an error beside "successful": true.
func TestHostileContradictoryAnswers(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"successful false, then true": {`{"successful": false, "successful": true, "data": {"clusterId": 101}}`,
			`the JSON names the field "successful" twice`},
		"data twice": {`{"successful": true, "data": {"clusterId": 102}, "data": {"clusterId": 101}}`,
			`the JSON names the field "data" twice`},
		"clusterId twice": {`{"successful": true, "data": {"clusterId": 102, "clusterId": 101}}`,
			`the JSON names the field "clusterId" twice`},
		"a field in another case": {`{"successful": true, "data": {"clusterId": 101, "backupScheduleStatus": "PAUSED", "BACKUPSCHEDULESTATUS": "NORMAL"}}`,
			`the JSON names the field "backupScheduleStatus" (also as "BACKUPSCHEDULESTATUS") twice`},
		"a nested field twice": {`{"successful": true, "data": {"clusterId": 101, "obBackupAbility": {"backupMode": "a", "backupMode": "b"}}}`,
			`the JSON names the field "backupMode" twice`},
		"successful null beside data": {`{"successful": null, "data": {"clusterId": 101}}`,
			`its "successful" is missing or null`},
		"an error beside success": {`{"successful": true, "error": {"code": "OBE11002", "message": "cluster is being deleted"}, "data": {"clusterId": 101}}`,
			`HTTP 200 (OK), error code OBE11002: cluster is being deleted`},
	}
	var many strings.Builder
	for i := range 100 {
		fmt.Fprintf(&many, `"f%d": %d, `, i, i)
	}
	cases["a field twice among many"] = struct{ body, want string }{
		`{"successful": true, "data": {"clusterId": 101, ` + many.String() + `"F\u0037": 1}}`,
		`the JSON names the field "f7" (also as "F\\u0037") twice`}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := shownError(t, ocptest.Fault{Status: 200, Body: tc.body})
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, got)
			}
		})
	}
	t.Run("the same name in two objects is no repeat", func(t *testing.T) {
		srv := newTestServer(t)
		srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 200, Body: `{"successful": true, "error": {"code": 0, "message": ""}, "data": ` +
			`{"clusterId": 101, "obBackupAbility": {"backupMode": "a", "obDataBackupSupportAbility": {"hint": "x"}}, "backupMode": "b", "hint": [{"hint": 1}, {"hint": 2}]}}`})
		if _, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
			t.Error(err)
		}
	})
}

// A redirect's Location is the server's text: its userinfo never shows,
// however the URL is spelled, and an enormous one does not flood the
// output.
func TestHostileRedirectLocations(t *testing.T) {
	cases := map[string]struct{ location, want string }{
		"no slashes":        {"sso:hunter2@evil.com/x", `redirects to "sso://evil.com/x"`},
		"backslashes":       {`https:\\sso:hunter2@evil.com/x`, `redirects to "https://evil.com/x"`},
		"one slash":         {"https:/sso:hunter2@evil.com/x", `redirects to "https://evil.com/x"`},
		"@ in the path":     {"https://evil.com/sso:hunter2@x/y", `redirects to "https://x/y"`},
		"protocol-relative": {"//sso:hunter2@evil.com/x?t=1", `redirects to "//evil.com/x (query omitted)"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := shownError(t, ocptest.Fault{Status: 302, Header: map[string]string{"Location": tc.location}})
			if strings.Contains(got, "hunter2") || !strings.Contains(got, tc.want) {
				t.Errorf("want %q and no hunter2 in:\n%s", tc.want, got)
			}
		})
	}
	t.Run("enormous", func(t *testing.T) {
		got := shownError(t, ocptest.Fault{Status: 302, Header: map[string]string{"Location": "https://evil.com/" + strings.Repeat("a", 200000)}})
		if len(got) > 5000 || !strings.Contains(got, "bytes omitted") || !strings.Contains(got, "HTTP 302") ||
			!strings.Contains(got, "which was not followed") {
			t.Errorf("a %d-byte message:\n%.300s", len(got), got)
		}
	})
}

// Server text of any length is cut to something a person can read, and
// only after redaction, so that the cut never leaves part of a secret.
func TestHostileLongTextIsBounded(t *testing.T) {
	pw := ocptest.DefaultCredentials.Password
	for _, n := range []int{1990, 1995, 2000, 2005, 2010} {
		message := strings.Repeat("x", n) + pw + strings.Repeat("y", 100000)
		got := shownError(t, ocptest.Error(500, "X1", message))
		if len(got) > 5000 || !strings.Contains(got, "bytes omitted") || !strings.HasPrefix(got, "OCP answered GET") {
			t.Errorf("a %d-byte message:\n%.300s", len(got), got)
		}
		for _, part := range []string{"s3cr", "Passw", "w0rd"} {
			if strings.Contains(got, part) {
				t.Errorf("cut at %d, the message shows %q", n, part)
			}
		}
	}
	got := shownError(t, ocptest.Fault{Status: 200, Body: `{"successful": true, "data": {"clusterId": 101, "lastDataBackupTime": "` + strings.Repeat("9", 100000) + `"}}`})
	if !strings.Contains(got, `field "lastDataBackupTime" holds timestamp a string of 100000 characters`) {
		t.Errorf("got %.400s", got)
	}
}

// Without a trace id from OCP, no empty "[trace id ]" label.
func TestHostileNoEmptyTraceLabel(t *testing.T) {
	for _, body := range []string{`{"successful": true, "data": null}`, `{"successful": true, "data": {"clusterName": 1}}`, `{"successful": true, "data": [1]}`} {
		if got := shownError(t, ocptest.Fault{Status: 200, Body: body}); strings.Contains(got, "trace id") {
			t.Errorf("%s: %s", body, got)
		}
	}
}

// "http://:8080" has a port and no host; Go would dial this machine.
func TestBaseURLWithoutHostname(t *testing.T) {
	for _, u := range []string{"http://:8080", "https://:443/ocp", "http://"} {
		if _, err := ParseBaseURL(u); err == nil || !strings.Contains(err.Error(), "has no host") {
			t.Errorf("%s: err = %v", u, err)
		}
	}
	for _, u := range []string{"http://[::1]:8080", "https://ocp.example.com"} {
		if _, err := ParseBaseURL(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// A secret echoed in another case is the secret: a header name that
// carries it is canonicalised by Go, and a server may upper-case it.
func TestRedactorIgnoresASCIICase(t *testing.T) {
	r := NewRedactor(BasicAuth{Username: "admin", Password: "s3cret-Passw0rd"})
	for _, text := range []string{"S3cret-Passw0rd: x", "pw=S3CRET-PASSW0RD", "\xff\xfes3cret-passw0rd\xff"} {
		if got := r.Redact(text); strings.Contains(asciiLower(got), "s3cret") || !strings.Contains(got, redacted) {
			t.Errorf("%q redacted to %q", text, got)
		}
	}
	if got := r.Redact("\xffpw=S3CRET-PASSW0RD!\xfe"); got != "\xffpw=<redacted>!\xfe" {
		t.Errorf("got %q", got)
	}
}

// U+2028 and U+2029 break lines in some renderers, as \n does.
func TestEscapeControlLineSeparators(t *testing.T) {
	if got := EscapeControl("ok\u2028Error: forged\u2029x\u0085y"); got != `ok\u2028Error: forged\u2029x\u0085y` {
		t.Errorf("got %q", got)
	}
}

// A JSON bomb of nesting is refused in plain words.
func TestHostileDeepNesting(t *testing.T) {
	body := `{"successful": true, "data": {"clusterId": 101, "x": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`
	if got := shownError(t, ocptest.Fault{Status: 200, Body: body}); !strings.Contains(got, "nested deeper than 10000 levels") {
		t.Errorf("got %s", got)
	}
}

// A secret split by characters that escaping or a terminal makes
// invisible is still the secret to a reader.
func TestRedactorSeesThroughInvisibleSplits(t *testing.T) {
	r := NewRedactor(BasicAuth{Username: "admin", Password: "s3cret-Passw0rd"})
	for _, text := range []string{"pw s3cret\u200b-Passw0rd", "pw s3c\x1b[0mret-Passw0rd", "pw s3cret-\r\nPassw0rd", "pw s3cret-Pass\xffw0rd"} {
		got := r.Clean(text)
		if strings.Contains(got, "s3c") || strings.Contains(got, "w0rd") || !strings.Contains(got, "pw <redacted>") {
			t.Errorf("%q cleaned to %q", text, got)
		}
	}
	if got := r.Clean("a\x1b[31mb"); got != `a\x1b[31mb` {
		t.Errorf("text without a secret keeps its escaped characters: %q", got)
	}
}

// A secret spelled in escapes is the secret to anyone who decodes them.
func TestRedactorSeesThroughEscapes(t *testing.T) {
	r := NewRedactor(BasicAuth{Username: "admin", Password: "s3cret-Passw0rd"})
	var percent, unicode, hex strings.Builder
	for _, c := range []byte("s3cret-Passw0rd") {
		fmt.Fprintf(&percent, "%%%02x", c)
		fmt.Fprintf(&unicode, `\u%04X`, c)
		fmt.Fprintf(&hex, `\x%02x`, c)
	}
	for _, text := range []string{"https://evil.example.com/" + percent.String() + "/x", "message: " + unicode.String(), "message: " + hex.String(), "pw s3cret%2DPassw0rd"} {
		got := r.Clean(text)
		if strings.Count(got, redacted) != 1 || strings.Contains(got, "%73") || strings.Contains(asciiLower(got), `\u0073`) || strings.Contains(got, `\x73`) {
			t.Errorf("%q cleaned to %q", text, got)
		}
	}
	if got := r.Clean("100% sure, \\u is fine"); got != "100% sure, \\u is fine" {
		t.Errorf("text without a secret is changed: %q", got)
	}
}

// A url path is sent as the user spelled it: "%2F" is not "/" to a proxy
// that routes on it, and the signature covers the path as sent.
func TestBaseURLPathKeepsItsEscapes(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.RequestURI
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	for _, base := range []string{srv.URL + "/gw%2Focp/", srv.URL + "/gw/ocp"} {
		c, err := New(Config{BaseURL: base, Credentials: BasicAuth{Username: "u", Password: "p"}, MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.GetClusterBackupOverview(context.Background(), 7)
		want := strings.TrimSuffix(strings.TrimPrefix(base, srv.URL), "/") + "/api/v2/ob/clusters/7/backup/overview"
		if got != want {
			t.Errorf("%s: requested %q, want %q", base, got, want)
		}
	}
}

// A URL's userinfo is dropped wherever a URL sits in a text: Go quotes a
// malformed Location header whole in its error, and a message may name a
// URL with credentials.
func TestRedactorDropsUserinfoInText(t *testing.T) {
	for text, want := range map[string]string{
		`malformed MIME header line: "Location: https://sso:hunter2@evil.example.com/\x01"`: `malformed MIME header line: "Location: https://evil.example.com/\x01"`,
		"cannot reach ftp://backup:hunter2@10.0.0.1/dump, or \\\\u:hunter2@host\\share":     `cannot reach ftp://10.0.0.1/dump, or \\host\share`,
		"mail admin@example.com about https://example.com/a@b":                              "mail admin@example.com about https://example.com/a@b",
	} {
		if got := NewRedactor(nil).Clean(text); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	got := shownError(t, ocptest.Fault{Status: 302, Header: map[string]string{"Location": "https://sso:hunter2@evil.example.com/\x01"}})
	if strings.Contains(got, "hunter2") {
		t.Errorf("the error shows hunter2: %s", got)
	}
}

// Whatever surrounds it, a long secret never survives Clean.
func FuzzCleanNeverShowsTheSecret(f *testing.F) {
	const pw = "s3cret-Passw0rd"
	r := NewRedactor(BasicAuth{Username: "admin", Password: pw})
	f.Add("x", "y")
	f.Add("%7", "\x1b[")
	f.Add(`\u00`, "\u200b")
	f.Fuzz(func(t *testing.T, before, after string) {
		if got := r.Clean(before + pw + after); strings.Contains(got, pw) {
			t.Errorf("%q shows the secret", got)
		}
	})
}
