package ocptest

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5" //nolint:gosec // OCP's signature scheme is defined on MD5 and SHA-1.
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// ExpectedSignature is the signature OCP expects for r. It is written apart
// from the client's signer, from the vendor's description, so that a shared
// misreading cannot make both agree.
func ExpectedSignature(secret string, r *http.Request, body []byte) string {
	var lines []string
	lines = append(lines, strings.ToUpper(r.Method))
	if len(body) == 0 {
		lines = append(lines, "")
	} else {
		lines = append(lines, fmt.Sprintf("%X", md5.Sum(body))) //nolint:gosec // required by the scheme
	}
	lines = append(lines, r.Header.Get("Content-Type"), r.Header.Get("Date"), r.Host)

	var ocpHeaders []string
	for name, values := range r.Header {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "x-ocp-") {
			ocpHeaders = append(ocpHeaders, lower+":"+strings.Join(values, ","))
		}
	}
	sort.Strings(ocpHeaders)
	lines = append(lines, strings.Join(ocpHeaders, "\n"))

	resource := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		resource += "?" + canonicalQuery(r.URL.RawQuery)
	}
	lines = append(lines, resource)

	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(strings.Join(lines, "\n")))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func canonicalQuery(raw string) string {
	values := map[string][]string{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, _ := url.QueryUnescape(k)
		val, _ := url.QueryUnescape(v)
		values[key] = append(values[key], val)
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		var vs []string
		for _, v := range values[k] {
			if v != "" {
				vs = append(vs, strictEscape(v))
			}
		}
		sort.Strings(vs)
		if len(vs) == 0 {
			out = append(out, strictEscape(k))
		} else {
			out = append(out, strictEscape(k)+"="+strings.Join(vs, ","))
		}
	}
	return strings.Join(out, "&")
}

// strictEscape is RFC 3986 percent-encoding: url.PathEscape, then the
// characters it leaves that RFC 3986 reserves.
func strictEscape(s string) string {
	escaped := url.PathEscape(s)
	replacer := strings.NewReplacer("!", "%21", "$", "%24", "&", "%26", "'", "%27", "(", "%28", ")", "%29",
		"*", "%2A", "+", "%2B", ",", "%2C", ";", "%3B", "=", "%3D", ":", "%3A", "@", "%40")
	return replacer.Replace(escaped)
}

// peekBody reads r's body for the signature check and leaves it readable
// for the handler.
func peekBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	body, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body
}
