package ocp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxRateLimitWait bounds how long one call may wait, in all, for
// OCP's rate limit to let it through.
const DefaultMaxRateLimitWait = 10 * time.Minute

// maxDuration is what a wait too long for a time.Duration saturates to.
const maxDuration = time.Duration(math.MaxInt64)

// ratePace is the one pace of a client. OCP limits requests per user in
// fixed windows and says, on every answer, how many are left and when the
// window resets. Each request that was told nothing would retry into the
// same closed window on its own schedule, and most of a fleet read would be
// refused; instead every request of the client takes a turn here, and when
// the window is spent they all wait for its reset together.
type ratePace struct {
	// budget is how long one call may wait on OCP's limit in all.
	budget time.Duration
	// limiter is the operator's own pace (max_requests_per_second); nil
	// when none is set.
	limiter *rate.Limiter
	logger  Logger

	mu sync.Mutex
	// sent numbers the requests let through so far. A request's number
	// tells, when its answer arrives, how many were let through after it:
	// those are on their way and not yet in the answer's Remaining.
	sent uint64
	// epoch is the number of the last request let through before the
	// window believed current began; answers to older requests speak of an
	// earlier window.
	epoch uint64
	// remaining is how many more requests the current window takes, by the
	// latest answers less the requests since; -1 when unknown.
	remaining int
	// resetAt is when the current window ends; zero when unknown.
	resetAt time.Time
	// refusals counts 429s in a row that said nothing of when to come back.
	refusals int
	// lastSeq is the latest request whose answer was read.
	lastSeq uint64
	// figures are OCP's rate-limit headers, as sent, from the answer that
	// said least remained in the current window: answers arrive out of
	// order, and the one that closed the window is the one to quote.
	figures      RateLimitFigures
	figuresEpoch uint64
	figuresLeft  int
	// logged is whether a wait in the current window was logged already:
	// a wait shared by many requests is logged once.
	logged bool
}

func newRatePace(budget time.Duration, perSecond float64, logger Logger) *ratePace {
	p := &ratePace{budget: budget, remaining: -1, logger: logger}
	if perSecond > 0 {
		// A burst of one: the server never sees two requests closer
		// together than 1/perSecond.
		p.limiter = rate.NewLimiter(rate.Limit(perSecond), 1)
	}
	return p
}

// RateLimitFigures are OCP's rate-limit headers as it sent them; empty
// when it did not.
type RateLimitFigures struct {
	Limit, Remaining, Reset string
}

func (f RateLimitFigures) String() string {
	var parts []string
	for _, h := range []struct{ name, value string }{
		{"RateLimit-Limit", f.Limit}, {"RateLimit-Remaining", f.Remaining}, {"RateLimit-Reset", f.Reset},
	} {
		if h.value != "" {
			parts = append(parts, h.name+": "+h.value)
		}
	}
	if len(parts) == 0 {
		return "OCP sent no RateLimit-* headers"
	}
	return strings.Join(parts, ", ")
}

// rateAccount is what one call has spent on the rate limit.
type rateAccount struct {
	waited time.Duration
	// refusal is the latest 429 this call received.
	refusal *APIError
}

type rateAccountKey struct{}

// withRateAccount returns a context under which the waits of one call add up.
func withRateAccount(ctx context.Context) context.Context {
	return context.WithValue(ctx, rateAccountKey{}, new(rateAccount))
}

func rateAccountOf(ctx context.Context) *rateAccount {
	if a, ok := ctx.Value(rateAccountKey{}).(*rateAccount); ok {
		return a
	}
	return new(rateAccount)
}

// admit lets one request go when the window has room, waiting for its
// reset when it has none, then keeps the operator's pace. It returns the
// request's number for observe.
func (p *ratePace) admit(ctx context.Context, req *http.Request) (uint64, error) {
	acct := rateAccountOf(ctx)
	for {
		p.mu.Lock()
		now := time.Now()
		if !p.resetAt.IsZero() && !now.Before(p.resetAt) {
			p.remaining, p.resetAt, p.epoch, p.logged = -1, time.Time{}, p.sent, false
		}
		if p.remaining != 0 {
			if p.remaining > 0 {
				p.remaining--
			}
			p.sent++
			seq := p.sent
			p.mu.Unlock()
			if p.limiter != nil {
				if err := p.limiter.Wait(ctx); err != nil {
					return 0, err
				}
			}
			return seq, nil
		}
		if p.resetAt.IsZero() {
			// OCP said none remain without saying when that ends.
			p.resetAt = now.Add(time.Second)
		}
		wait := p.resetAt.Sub(now)
		figures, spentSince := p.figures, p.figuresLeft > 0
		first := !p.logged
		p.logged = true
		p.mu.Unlock()

		// Written so that a saturated wait cannot overflow the sum.
		if wait > p.budget-acct.waited {
			return 0, &RateLimitError{
				Method: req.Method, Path: req.URL.Path, Budget: p.budget, Waited: acct.waited,
				Wait: wait, Figures: figures, SpentSince: spentSince, Refusal: acct.refusal,
			}
		}
		if first && p.logger != nil {
			p.logger.Debug(ctx, "OCP rate limit reached: requests wait for the window to reset", map[string]any{
				"wait_ms":             wait.Milliseconds(),
				"ratelimit_limit":     figures.Limit,
				"ratelimit_remaining": figures.Remaining,
				"ratelimit_reset":     figures.Reset,
			})
		}
		start := time.Now()
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return 0, ctx.Err()
		}
		acct.waited += time.Since(start)
	}
}

// observe reads OCP's rate-limit headers from the answer to request seq.
func (p *ratePace) observe(ctx context.Context, seq uint64, req *http.Request, resp *http.Response, body []byte) {
	now := time.Now()
	h := resp.Header
	figures := RateLimitFigures{Limit: h.Get("RateLimit-Limit"), Remaining: h.Get("RateLimit-Remaining"), Reset: h.Get("RateLimit-Reset")}
	remaining, remainingOK := leadingInt(figures.Remaining)
	reset, resetOK := parseRateLimitReset(figures.Reset, now)

	if resp.StatusCode == http.StatusTooManyRequests {
		var refusal *APIError
		if errors.As(decodeResponse(req.Method, req.URL.Path, resp.StatusCode, h, body, nil), &refusal) {
			rateAccountOf(ctx).refusal = refusal
		}
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	refused := resp.StatusCode == http.StatusTooManyRequests
	if figures != (RateLimitFigures{}) && (refused || p.figures == (RateLimitFigures{}) || p.figuresEpoch != p.epoch || (remainingOK && remaining <= p.figuresLeft)) {
		p.figures, p.figuresEpoch, p.figuresLeft = figures, p.epoch, remaining
		if refused || !remainingOK {
			p.figuresLeft = 0
		}
	}
	if refused {
		wait, ok := reset, resetOK
		if retryAfter, raOK := retryAfterWait(h, now); raOK {
			wait, ok = max(wait, retryAfter), true
		}
		if !ok {
			// Nothing says when to come back: back off, doubling.
			wait = time.Second << min(p.refusals, 6)
		}
		// "0 seconds" from a server that rounds down still means "not yet".
		wait = max(wait, time.Second)
		p.refusals++
		p.remaining = 0
		p.resetAt = later(p.resetAt, addSaturated(now, wait))
		return
	}
	p.refusals = 0
	if !remainingOK || seq <= p.epoch {
		return
	}
	if resetOK {
		// Whole seconds, rounded up by OCP, put each answer's idea of the
		// reset up to a second late; the earliest is the closest.
		at := addSaturated(now, reset)
		if p.resetAt.IsZero() || at.Before(p.resetAt) {
			p.resetAt = at
		}
	}
	// Only the answer to the latest request sent has news: requests
	// overtake one another on the way, so the figures of an older one are
	// off by the requests that overtook it.
	if seq <= p.lastSeq {
		return
	}
	p.lastSeq = seq
	// Requests let through after this one are not in its Remaining yet.
	estimate := remaining - int(min(p.sent-seq, math.MaxInt32))
	// Nor can the window take more than its limit less what this client
	// sent since it began; this bound has no such errors, while the
	// answers' own figures still show what other clients of the same user
	// spend.
	if limit, ok := leadingInt(figures.Limit); ok {
		estimate = min(estimate, limit-int(min(p.sent-p.epoch, math.MaxInt32)))
	}
	p.remaining = max(estimate, 0)
}

func later(a, b time.Time) time.Time {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}

// addSaturated adds d to t, keeping a wait too long to represent in the
// far future rather than letting it wrap into the past.
func addSaturated(t time.Time, d time.Duration) time.Time {
	const farFuture = 100 * 365 * 24 * time.Hour
	return t.Add(min(d, farFuture))
}

// leadingInt reads a header such as "50" or the draft standard's
// "50, 50;w=10".
func leadingInt(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// RateLimitError is a call that OCP's rate limit would have held back for
// longer than Config.MaxRateLimitWait in all.
type RateLimitError struct {
	Method, Path string
	// Budget is Config.MaxRateLimitWait; Waited is what the call had
	// waited already, and Wait the wait still ahead of it.
	Budget, Waited, Wait time.Duration
	Figures              RateLimitFigures
	// SpentSince says that the requests sent after the answer with Figures
	// use up what it said remained.
	SpentSince bool
	// Refusal is the latest 429 answer to this call; nil when the call was
	// held back because other answers said the window was spent.
	Refusal *APIError
}

func (e *RateLimitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "OCP's rate limit held back %s %s longer than max_rate_limit_wait (%s) allows: after %s of waiting, "+
		"the window would let it through only in %s (OCP said %s",
		e.Method, e.Path, e.Budget, e.Waited.Round(time.Millisecond), describeWait(e.Wait), e.Figures)
	if e.SpentSince {
		b.WriteString("; the requests sent since use up what remained")
	}
	b.WriteString(")")
	if e.Refusal != nil {
		fmt.Fprintf(&b, ". Last refusal: %s", e.Refusal)
	}
	b.WriteString(". Read fewer clusters at once, raise max_rate_limit_wait, or ask OCP's administrator about the user's rate limit")
	return b.String()
}

// Unwrap is OCP's 429 answer, if the call got one.
func (e *RateLimitError) Unwrap() error {
	if e.Refusal == nil {
		return nil
	}
	return e.Refusal
}

func describeWait(d time.Duration) string {
	if d > 50*365*24*time.Hour {
		return "more than 50 years"
	}
	return d.Round(time.Second).String()
}
