package ocp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy decides, for one call, whether and how long to wait before the
// next attempt. It lives for one call so that it can keep the total wait
// within budget, which go-retryablehttp's stateless hooks cannot.
type retryPolicy struct {
	firstWait  time.Duration
	budget     time.Duration
	maxRetries int
	retries    int
	next       time.Duration
}

// newRetryPolicy counts retries itself: go-retryablehttp's RetryMax would
// count a turn waited on the rate limit as a retry.
func newRetryPolicy(firstWait, budget time.Duration, maxRetries int) *retryPolicy {
	return &retryPolicy{firstWait: firstWait, budget: budget, maxRetries: maxRetries}
}

// checkRetry retries connection errors and the statuses that say "try again
// later" (502, 503, 504), up to maxRetries; an attempt that timed out, a
// client error and 501 are final. A 429 is tried again without using up a
// retry: the client's ratePace holds the next attempt until OCP's window
// resets, within its own budget.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		var timeout *TimeoutError
		var tooLarge *ResponseTooLargeError
		var rateLimit *RateLimitError
		if errors.As(err, &timeout) || errors.As(err, &tooLarge) || errors.As(err, &rateLimit) {
			return false, err
		}
		// The library knows which transport errors are permanent (bad
		// certificate, bad scheme, redirect loops).
		if retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err); !retry {
			return false, err
		}
		return p.schedule(p.exponential()), err
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		p.next = 0
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	default:
		return false, nil
	}
	if wait, ok := serverRequestedWait(resp.Header, time.Now()); ok {
		// Waiting less than the server asked only earns another refusal;
		// when the budget cannot cover the wait, report the refusal now.
		if wait > p.budget {
			return false, nil
		}
		return p.schedule(wait), nil
	}
	return p.schedule(p.exponential()), nil
}

func (p *retryPolicy) schedule(wait time.Duration) bool {
	if p.budget <= 0 || p.retries >= p.maxRetries {
		return false
	}
	wait = min(wait, p.budget)
	p.budget -= wait
	p.next = wait
	p.retries++
	return true
}

// exponential doubles from firstWait on each retry, with jitter so that many
// clients failing together do not retry together.
func (p *retryPolicy) exponential() time.Duration {
	base := p.firstWait << min(p.retries, 16)
	return base/2 + rand.N(base/2+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// backoff hands go-retryablehttp the wait checkRetry chose.
func (p *retryPolicy) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return p.next
}

// serverRequestedWait reads Retry-After (seconds or an HTTP date) and OCP's
// RateLimit-Reset (seconds until the window resets). A value too large for a
// time.Duration saturates, so that it reads as longer than any budget
// rather than wrapping around into a short or negative wait.
func serverRequestedWait(h http.Header, now time.Time) (time.Duration, bool) {
	if wait, ok := retryAfterWait(h, now); ok {
		return wait, true
	}
	return parseRateLimitReset(h.Get("RateLimit-Reset"), now)
}

func retryAfterWait(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, ok := parseSeconds(v); ok {
		return secs, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// parseRateLimitReset reads seconds until the window resets; some gateways
// send an epoch second instead, or the draft standard's "10;w=60" form.
func parseRateLimitReset(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseUint(v, 10, 64)
	switch {
	case err == nil && secs > 1_000_000_000 && secs <= math.MaxInt64:
		// time.Time.Sub saturates rather than wrapping.
		return max(time.Unix(int64(secs), 0).Sub(now), 0), true
	case err == nil || errors.Is(err, strconv.ErrRange):
		return parseSeconds(v)
	}
	return 0, false
}

// parseSeconds reads a whole number of seconds, saturating at maxDuration.
func parseSeconds(v string) (time.Duration, bool) {
	secs, err := strconv.ParseUint(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return maxDuration, true
	}
	if err != nil {
		return 0, false
	}
	if secs > uint64(maxDuration/time.Second) {
		return maxDuration, true
	}
	return time.Duration(secs) * time.Second, true

}

// checkWriteRetry is checkRetry for a request that may change OCP's state
// (POST, PATCH, DELETE). Such a request is repeated only when OCP surely did
// not act on it: a 429 refusal, or a connection that failed before the
// request was sent. Any other failure is ambiguous (OCP may have acted
// before the answer was lost) and is returned to the caller, who reads the
// state back before deciding.
func (p *retryPolicy) checkWriteRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		if !notSent(err) {
			return false, err
		}
		return p.checkRetry(ctx, resp, err)
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		return false, nil
	}
	return p.checkRetry(ctx, resp, nil)
}

// checkSendOnce is checkWriteRetry without the 429 retry, for a caller
// that looks at what OCP holds before it repeats (see BackupNow).
func (p *retryPolicy) checkSendOnce(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		return false, nil
	}
	return p.checkWriteRetry(ctx, resp, err)
}

// notSent reports whether err proves that no byte of the request reached
// the server: the connection could not be opened (refused, unreachable,
// name not resolved).
func notSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}
