package ocp

import (
	"context"
	"net/url"
	"slices"
)

// Endpoint is one paged OCP list whose items are T: where it is read, how
// its items are told apart, and the order the caller gets them in.
type Endpoint[T any] struct {
	Path string
	// Key identifies an item, so that a page served twice is caught; an
	// error says what is wrong with the item (no id, a bad id, another
	// object's item).
	Key func(item T) (string, error)
	// Order sorts the result, OCP documenting none; nil keeps OCP's order.
	Order func(a, b T) int
}

// ListQuery is what a list call sends besides paging, and what it keeps of
// the answer.
type ListQuery[T any] struct {
	Values url.Values
	// PageSize is the number of items per request; zero means 500, and
	// more than OCP's 2000 is sent as 2000.
	PageSize int
	// Keep drops items a filter rules out: a server that ignores a filter
	// it was sent must not pass off other items as the ones asked for.
	Keep []func(item T) bool
}

// ListOption is a filter that only one list has: sent to OCP, and applied
// to the answer.
type ListOption[T any] func(q *ListQuery[T])

// List reads every page of e under q with the pager's rules (readPages):
// the result is returned only when the pages prove it whole. It is then
// filtered by q.Keep and sorted by e.Order.
func List[T any](ctx context.Context, c *Client, e Endpoint[T], q ListQuery[T]) ([]T, error) {
	size := q.PageSize
	if size <= 0 {
		size = 500
	}
	items, err := readPages(ctx, c, pagedList[T]{path: e.Path, query: q.Values, size: min(size, maxPageSize), key: e.Key})
	if err != nil {
		return nil, err
	}
	for _, keep := range q.Keep {
		items = slices.DeleteFunc(items, func(item T) bool { return !keep(item) })
	}
	if e.Order != nil {
		slices.SortStableFunc(items, e.Order)
	}
	return items, nil
}
