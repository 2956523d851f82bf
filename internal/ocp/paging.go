package ocp

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
)

// MaxPages bounds every paged read: a server that keeps announcing or
// serving pages past it gets an error, not an endless read.
const MaxPages = 10000

// pagedList describes one paged OCP list endpoint for readPages.
type pagedList[T any] struct {
	path string
	// query holds the filters; readPages adds page and size.
	query url.Values
	// size is the page size asked for. OCP may serve fewer per page (a
	// smaller limit of its own), which readPages allows for.
	size int
	// key identifies an item, so that a page served twice is caught; an
	// error says what is wrong with the item (no id, a bad id).
	key func(item T) (string, error)
}

// PagingError is a paged list whose pages do not prove that it is whole:
// they repeat items, disagree on counts, or lack their contents. None of
// the list is used.
type PagingError struct {
	Path   string
	Page   int
	Reason string
}

func (e *PagingError) Error() string {
	return fmt.Sprintf("OCP's list GET %s cannot be trusted (page %d): %s; refusing to use a list that may be incomplete",
		e.Path, e.Page, e.Reason)
}

func (e *PagingError) cleanServerText(clean func(string) string) {
	e.Reason = clean(e.Reason)
}

// pageInfo is OCP's page object. OCP's English tables spell the page count
// totalPage, its samples totalPages; either is read.
type pageInfo struct {
	Number        *Long `json:"number"`
	Size          *Long `json:"size"`
	TotalElements *Long `json:"totalElements"`
	TotalPages    *Long `json:"totalPages"`
	TotalPage     *Long `json:"totalPage"`
}

// rawPage is one page as OCP sends it; its items are decoded in the same
// pass as the envelope's data, and a nil Contents is contents missing or null.
type rawPage[T any] struct {
	Contents *[]T      `json:"contents"`
	Page     *pageInfo `json:"page"`
}

// fetchedPage is one page, decoded and checked on its own.
type fetchedPage[T any] struct {
	number        int
	items         []T
	size          int64 // as OCP reports it; 0 when absent
	totalElements *int64
	totalPages    *int64
}

// readPages reads every page of l: page 1, then the pages it announces
// concurrently (within the client's request slots), then, where OCP gives
// no total, page after page while they come back full. The result is
// returned only when the pages prove it whole:
//
//   - contents missing or null is an error; only [] is an empty page;
//   - a page that repeats an item already read is an error;
//   - the page count (totalPages or totalPage) must agree with
//     totalElements, and every page with the first;
//   - a page 1 short of both the size asked for and the size OCP reports
//     is the last page: counts that promise more are an error;
//   - a page within the announced page count is not empty;
//   - more than MaxPages pages is an error;
//   - the items read must number totalElements; unless totalElements and
//     the page count both vouch for the end, the list is whole only once a
//     short page ends it.
func readPages[T any](ctx context.Context, c *Client, l pagedList[T]) ([]T, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first, err := fetchPage(ctx, c, l, 1)
	if err != nil {
		return nil, err
	}
	fail := func(page int, format string, args ...any) error {
		return c.clean(&PagingError{Path: l.path, Page: page, Reason: fmt.Sprintf(format, args...)})
	}
	full := func(p fetchedPage[T]) bool {
		n := int64(len(p.items))
		return n >= int64(l.size) || (p.size > 0 && n >= p.size)
	}

	// How many pages to read at once: what OCP announced, or what its
	// total needs at the size page 1 was served with.
	te, tp := first.totalElements, first.totalPages
	n1 := int64(len(first.items))
	pages := int64(1)
	switch {
	case tp != nil:
		pages = max(*tp, 1)
	case te != nil && n1 > 0:
		pages = ceilDiv(*te, n1)
	}
	if te != nil {
		if *te > 0 && n1 == 0 {
			return nil, fail(1, "the page is empty, but totalElements is %d", *te)
		}
		// Pages are alike but the last: a page 1 that is not full is the
		// last, and so is an empty one. So totalElements bounds the page
		// count at page 1's size whether or not page 1 looks full.
		if tp != nil && *tp > 1 {
			allowed := int64(1)
			if n1 > 0 {
				allowed = max(ceilDiv(*te, n1), 1)
			}
			if *tp > allowed {
				return nil, fail(1, "it announces %d pages, more than totalElements %d allows at %d per page", *tp, *te, n1)
			}
		}
	}
	// A page 1 shorter than both the size asked for and the size OCP
	// reports is the last page; counts that promise more are lies, told
	// now rather than after a request for every page they promise.
	if first.size > 0 && !full(first) {
		if tp != nil && *tp > 1 {
			return nil, fail(1, "it holds %d items of %d per page, so it is the last, but it announces %d pages", n1, first.size, *tp)
		}
		if te != nil && *te > n1 {
			return nil, fail(1, "it holds %d items of %d per page, so it is the last, but totalElements is %d", n1, first.size, *te)
		}
	}
	if pages > MaxPages {
		return nil, fail(1, "it announces %d pages, more than the %d this provider reads", pages, MaxPages)
	}

	rest := make([]fetchedPage[T], pages-1)
	if pages > 1 {
		if err := fetchConcurrently(ctx, cancel, c, l, rest); err != nil {
			return nil, err
		}
	}

	seen := make(map[string]int, int(n1*pages))
	var items []T
	add := func(p fetchedPage[T]) error {
		// A page within the count OCP announced has items; an empty one
		// is a server that counts from 0, or a list that shrank.
		if p.number > 1 && tp != nil && int64(p.number) <= *tp && len(p.items) == 0 {
			return fail(p.number, "the page is empty, but OCP announced %d pages", *tp)
		}
		for i, item := range p.items {
			k, err := l.key(item)
			if err != nil {
				return fail(p.number, "item %d of the page: %v", i+1, err)
			}
			if earlier, dup := seen[k]; dup {
				return fail(p.number, "the page repeats item %s, already read on page %d", k, earlier)
			}
			seen[k] = p.number
		}
		if !sameCount(p.totalElements, te) || (p.totalPages != nil && tp != nil && *p.totalPages != *tp) {
			return fail(p.number, "its totals (totalElements %s, page count %s) differ from page 1's (%s, %s); the list changed while it was read",
				countText(p.totalElements), countText(p.totalPages), countText(te), countText(tp))
		}
		items = append(items, p.items...)
		if te != nil && int64(len(items)) > *te {
			return fail(p.number, "more items arrived than totalElements %d", *te)
		}
		return nil
	}
	if err := add(first); err != nil {
		return nil, err
	}
	last := first
	for _, p := range rest {
		if err := add(p); err != nil {
			return nil, err
		}
		last = p
	}
	// Unless both of OCP's counts vouch for the end, a full last page may
	// have more behind it.
	for (te == nil || tp == nil) && full(last) && len(last.items) > 0 {
		next := last.number + 1
		if next > MaxPages {
			return nil, fail(next, "pages keep coming back full past the %d this provider reads", MaxPages)
		}
		p, err := fetchPage(ctx, c, l, next)
		if err != nil {
			return nil, err
		}
		if err := add(p); err != nil {
			return nil, err
		}
		last = p
	}
	if te != nil && int64(len(items)) != *te {
		return nil, fail(last.number, "%d items arrived in %d pages, but totalElements is %d", len(items), last.number, *te)
	}
	return items, nil
}

// fetchConcurrently reads pages 2.. into rest. The client's request slots
// bound what is in flight; there are twice as many workers as slots so that
// a slot freed while its worker decodes a page is taken at once.
func fetchConcurrently[T any](ctx context.Context, cancel context.CancelFunc, c *Client, l pagedList[T], rest []fetchedPage[T]) error {
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range min(len(rest), 2*c.cfg.MaxConcurrentRequests) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, err := fetchPage(ctx, c, l, i+2)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					continue
				}
				rest[i] = p
			}
		}()
	}
feed:
	for i := range rest {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// fetchPage reads and decodes page number of l, checking what one page
// can prove on its own.
func fetchPage[T any](ctx context.Context, c *Client, l pagedList[T], number int) (fetchedPage[T], error) {
	query := url.Values{}
	for k, v := range l.query {
		query[k] = v
	}
	query.Set("page", strconv.Itoa(number))
	query.Set("size", strconv.Itoa(l.size))
	fail := func(format string, args ...any) (fetchedPage[T], error) {
		return fetchedPage[T]{}, c.clean(&PagingError{Path: l.path, Page: number, Reason: fmt.Sprintf(format, args...)})
	}

	var raw rawPage[T]
	if err := c.get(ctx, l.path, query, &raw); err != nil {
		return fetchedPage[T]{}, err
	}
	if raw.Contents == nil {
		return fail("OCP's answer has no data: its contents are missing or null (an empty list is [])")
	}
	p := fetchedPage[T]{number: number, items: *raw.Contents}
	if info := raw.Page; info != nil {
		if info.Number != nil && int64(*info.Number) != int64(number) {
			return fail("OCP answered with page %d", *info.Number)
		}
		if info.Size != nil {
			p.size = int64(*info.Size)
		}
		p.totalElements = info.TotalElements.Int64()
		p.totalPages = info.TotalPages.Int64()
		if spelt := info.TotalPage.Int64(); spelt != nil {
			if p.totalPages != nil && *p.totalPages != *spelt {
				return fail("totalPages %d and totalPage %d disagree", *p.totalPages, *spelt)
			}
			p.totalPages = spelt
		}
		for name, v := range map[string]*int64{"totalElements": p.totalElements, "totalPages": p.totalPages} {
			if v != nil && *v < 0 {
				return fail("%s is %d", name, *v)
			}
		}
	}
	return p, nil
}

// ceilDiv is a/b rounded up, for a >= 0 and b > 0; unlike (a+b-1)/b it
// cannot wrap around when a server sends a count near the top of a long.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 {
		q++
	}
	return q
}

func sameCount(a, b *int64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func countText(n *int64) string {
	if n == nil {
		return "absent"
	}
	return strconv.FormatInt(*n, 10)
}
