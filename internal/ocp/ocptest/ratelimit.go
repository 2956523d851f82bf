package ocptest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimitMessage is the message of the fake server's 429, OCP's own.
const RateLimitMessage = "Excessive number of requests, please try again later."

// rateLimiter is OCP's per-user throttling as a fixed window: a user's
// window opens with its first request and takes limit requests until it
// closes. It also keeps the arrival time of every request, for tests that
// measure the pace a client keeps.
type rateLimiter struct {
	mu       sync.Mutex
	limit    int
	window   time.Duration
	users    map[string]*userWindow
	refused  int64
	arrivals []time.Time
}

type userWindow struct {
	end   time.Time
	count int
}

// WithRateLimit throttles each user to n requests per window, as OCP does
// when an administrator sets a policy: every answer to an authenticated
// request carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
// (seconds until the window resets, rounded up), and a request over the
// limit gets 429 with OCP's error envelope.
func WithRateLimit(n int, window time.Duration) Option {
	return func(s *Server) {
		s.rate.mu.Lock()
		defer s.rate.mu.Unlock()
		s.rate.limit, s.rate.window = n, window
	}
}

// RateStats are what the rate limit saw since the server started.
type RateStats struct {
	// Refused counts 429 answers.
	Refused int64
	// Arrivals are the times requests arrived, in order.
	Arrivals []time.Time
}

// RateStats reads what the rate limit saw.
func (s *Server) RateStats() RateStats {
	s.rate.mu.Lock()
	defer s.rate.mu.Unlock()
	return RateStats{Refused: s.rate.refused, Arrivals: slices.Clone(s.rate.arrivals)}
}

// MaxInWindow is the most requests that arrived within any span of d.
func (r RateStats) MaxInWindow(d time.Duration) int {
	most, from := 0, 0
	for to, t := range r.Arrivals {
		for t.Sub(r.Arrivals[from]) >= d {
			from++
		}
		most = max(most, to-from+1)
	}
	return most
}

// limitRate runs after authentication, so that it knows the user.
func (s *Server) limitRate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		l := &s.rate
		l.mu.Lock()
		l.arrivals = append(l.arrivals, now)
		if l.limit <= 0 {
			l.mu.Unlock()
			next.ServeHTTP(w, r)
			return
		}
		if l.users == nil {
			l.users = map[string]*userWindow{}
		}
		user := requestUser(r)
		win := l.users[user]
		if win == nil || !now.Before(win.end) {
			win = &userWindow{end: now.Add(l.window)}
			l.users[user] = win
		}
		allowed := win.count < l.limit
		if allowed {
			win.count++
		} else {
			l.refused++
		}
		remaining := l.limit - win.count
		reset := int64((win.end.Sub(now) + time.Second - 1) / time.Second)
		limit := l.limit
		l.mu.Unlock()

		w.Header().Set("RateLimit-Limit", strconv.Itoa(limit))
		w.Header().Set("RateLimit-Remaining", strconv.Itoa(remaining))
		w.Header().Set("RateLimit-Reset", strconv.FormatInt(reset, 10))
		if !allowed {
			s.writeReply(w, s.fail(http.StatusTooManyRequests, 0, RateLimitMessage))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestUser is the OCP user an authenticated request speaks for: the
// Basic user name, or the access key id.
func requestUser(r *http.Request) string {
	if user, _, ok := r.BasicAuth(); ok {
		return "user:" + user
	}
	_, credential, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	ak, _, _ := strings.Cut(credential, ":")
	return "ak:" + ak
}
