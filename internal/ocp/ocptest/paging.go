package ocptest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Paging bends how a list route reports its pages, the way odd or hostile
// servers do. The zero value is OCP's documented shape: contents, and a
// page object with number, size, totalElements and totalPages.
type Paging struct {
	// CountField names the page count: "totalPages" when empty;
	// "totalPage" as OCP's English tables spell it; "-" leaves it out.
	CountField string
	// NoTotalElements leaves out totalElements.
	NoTotalElements bool
	// ExtraElements is added to the true totalElements (a lying total).
	ExtraElements int
	// ExtraPages is added to the true page count (a lying count).
	ExtraPages int
	// RepeatFirstPage serves page 1's items whatever page is asked for.
	RepeatFirstPage bool
	// Contents is "null" to send "contents": null, "missing" to leave it
	// out; anything else sends the items.
	Contents string
	// MaxSize caps the page size whatever the request asks, as servers with
	// a smaller limit do; the page object reports the capped size.
	MaxSize int
}

// SetPaging makes route's later answers page as p says.
func (s *Server) SetPaging(route Route, p Paging) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paging[route] = p
}

// WithMaxPageSize caps the page size of every list route, as an OCP with a
// smaller limit than asked for would.
func WithMaxPageSize(n int) Option { return func(s *Server) { s.maxPageSize = n } }

// maxPageSize is the largest size the fake accepts, as OCP's cluster list does.
const maxPageSize = 2000

// page answers a list request with the page of items it asks for (page is
// 1-based; size defaults to 10), shaped by the route's Paging.
func (s *Server) page(r *http.Request, route Route, items []any) reply {
	q := r.URL.Query()
	page, size := 1, 10
	var err error
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			return s.fail(http.StatusBadRequest, "COM10002", "page must be a whole number from 1")
		}
	}
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > maxPageSize {
			return s.fail(http.StatusBadRequest, "COM10002", "size must be a whole number from 1 to 2000")
		}
	}
	s.mu.Lock()
	p := s.paging[route]
	s.mu.Unlock()
	for _, limit := range []int{p.MaxSize, s.maxPageSize} {
		if limit > 0 {
			size = min(size, limit)
		}
	}

	total := len(items)
	served := page
	if p.RepeatFirstPage {
		served = 1
	}
	from := min((served-1)*size, total)
	to := min(from+size, total)

	pageInfo := map[string]any{"number": page, "size": size}
	if !p.NoTotalElements {
		pageInfo["totalElements"] = total + p.ExtraElements
	}
	switch p.CountField {
	case "-":
	case "":
		pageInfo["totalPages"] = (total+size-1)/size + p.ExtraPages
	default:
		pageInfo[p.CountField] = (total+size-1)/size + p.ExtraPages
	}
	// The body is put together by hand: items already marshalled (such as
	// the task fixtures) go in as they are.
	info, _ := json.Marshal(pageInfo)
	body := append([]byte(`{"page":`), info...)
	switch p.Contents {
	case "null":
		body = append(body, `,"contents":null`...)
	case "missing":
	default:
		body = append(body, `,"contents":[`...)
		for i, item := range items[from:to] {
			if i > 0 {
				body = append(body, ',')
			}
			raw, ok := item.(json.RawMessage)
			if !ok {
				raw, _ = json.Marshal(item)
			}
			body = append(body, raw...)
		}
		body = append(body, ']')
	}
	return s.ok(json.RawMessage(append(body, '}')))
}
