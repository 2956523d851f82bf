package ocp

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy decides, for one call, whether and how long to wait before the
// next attempt. It lives for one call so that it can keep the total wait
// within budget, which go-retryablehttp's stateless hooks cannot.
type retryPolicy struct {
	firstWait time.Duration
	budget    time.Duration
	retries   int
	next      time.Duration
}

func newRetryPolicy(firstWait, budget time.Duration) *retryPolicy {
	return &retryPolicy{firstWait: firstWait, budget: budget}
}

// checkRetry retries connection errors and the statuses that say "try again
// later" (429, 502, 503, 504); an attempt that timed out, a client error and
// 501 are final.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		var timeout *TimeoutError
		var tooLarge *ResponseTooLargeError
		if errors.As(err, &timeout) || errors.As(err, &tooLarge) {
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
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
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
	if p.budget <= 0 {
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
// RateLimit-Reset (seconds until the window resets).
func serverRequestedWait(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if at, err := http.ParseTime(v); err == nil {
			return max(at.Sub(now), 0), true
		}
	}
	if v := h.Get("RateLimit-Reset"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			// Some gateways send an epoch second instead of a delta.
			if secs > 1_000_000_000 {
				return max(time.Unix(secs, 0).Sub(now), 0), true
			}
			return time.Duration(secs) * time.Second, true
		}
	}
	return 0, false
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
