package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// The fleet reader every plural data source shares: which clusters to read
// (cluster_ids, or OCP's list under name/statuses/types), reading each
// concurrently within the client's request slots, and turning the results
// into values, skipped ids and diagnostics a person can act on.

// fleetFilterModel is the selection part of a plural data source's config.
type fleetFilterModel struct {
	Name           types.String `tfsdk:"name"`
	Statuses       types.Set    `tfsdk:"statuses"`
	Types          types.Set    `tfsdk:"types"`
	ClusterIDs     types.List   `tfsdk:"cluster_ids"`
	SkipUnreadable types.Bool   `tfsdk:"skip_unreadable"`
}

// fleetFilterAttributes are the selection attributes of a plural data
// source, and skipped_cluster_ids; what names what is read of each
// cluster, such as "backup overview".
func fleetFilterAttributes(what string) map[string]schema.Attribute {
	listFilter := path.MatchRoot("cluster_ids")
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Keep clusters whose name matches this keyword (OCP's `name` filter).",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(listFilter)},
		},
		"statuses": schema.SetAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Keep clusters in any of these statuses (OCP's `status` filter; " + clusterStatusValues.note() +
				"). Any other value is an error, never an empty fleet.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				enumFilter{values: clusterStatusValues},
				setvalidator.ConflictsWith(listFilter),
			},
		},
		"types": schema.SetAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Keep clusters of these types: `PRIMARY`, `STANDBY`. A cluster whose list item " +
				"has no type is decided by its backup overview's `obClusterType`; one whose type OCP states " +
				"nowhere fails the read, or, when `skip_unreadable` leaves its overview out, is skipped.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				enumFilter{values: clusterTypeValues},
				setvalidator.ConflictsWith(listFilter),
			},
		},
		// A list rather than a set: the framework compares set elements
		// pairwise after every read, which for 1000 ids cost 1.5 s of CPU.
		// Terraform converts a set to a list, and order and repeats do not
		// matter here.
		"cluster_ids": schema.ListAttribute{
			Optional: true, ElementType: types.Int64Type,
			MarkdownDescription: "Read exactly these clusters (OCP IDs, each at least 1) instead of listing them; " +
				"a list or a set, in any order, repeats ignored. Conflicts with `name`, `statuses` and `types`.",
			Validators: []validator.List{listvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
		},
		"skip_unreadable": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Leave out clusters whose " + what + " OCP refuses with 403 (no permission), or " +
				"with 404 or 400 carrying OCP's code `OBE11001` (no such cluster), and list them in " +
				"`skipped_cluster_ids`, instead of failing. Any other failure, a 404 without OCP's code included, " +
				"still fails the read; when every cluster is skipped, a warning says so. Defaults to false.",
		},
		"skipped_cluster_ids": schema.ListAttribute{
			Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "Clusters left out under `skip_unreadable`, sorted; empty otherwise.",
		},
	}
}

// fleetSelection is the clusters a plural data source reads.
type fleetSelection struct {
	// IDs are sorted, without repeats.
	IDs []int64
	// Types is the types filter, if any.
	Types []string
	// undecided are listed clusters whose list item has no type.
	undecided map[int64]bool
	// unreadable are undecided clusters whose overview skip_unreadable
	// left out: nothing states their type, so they are skipped too
	// (withUnreadable).
	unreadable []fleetRead[int64, struct{}]
}

// selectClusters resolves the filter to cluster ids: the configured ids, or
// those OCP lists under the filters.
func selectClusters(ctx context.Context, client *ocp.Client, f fleetFilterModel) (fleetSelection, diag.Diagnostics) {
	var diags diag.Diagnostics
	var sel fleetSelection
	if !f.ClusterIDs.IsNull() {
		diags.Append(f.ClusterIDs.ElementsAs(ctx, &sel.IDs, false)...)
		slices.Sort(sel.IDs)
		sel.IDs = slices.Compact(sel.IDs)
		return sel, diags
	}

	opts := ocp.ListClustersOptions{Name: f.Name.ValueString()}
	diags.Append(f.Statuses.ElementsAs(ctx, &opts.Statuses, true)...)
	diags.Append(f.Types.ElementsAs(ctx, &sel.Types, true)...)
	if diags.HasError() {
		return sel, diags
	}
	// Values unknown at plan time are checked now, before any request.
	diags.Append(checkEnumFilter(path.Root("statuses"), opts.Statuses, clusterStatusValues)...)
	diags.Append(checkEnumFilter(path.Root("types"), sel.Types, clusterTypeValues)...)
	if diags.HasError() {
		return sel, diags
	}
	slices.Sort(opts.Statuses)
	clusters, err := client.ListClusters(ctx, opts)
	if err != nil {
		diags.AddError("Unable to list OCP clusters", err.Error())
		return sel, diags
	}
	sel.IDs = make([]int64, 0, len(clusters))
	for _, c := range clusters {
		id := int64(c.ID)
		// OCP's list has no type filter, so it is applied here; a cluster
		// the list does not type is decided once its type is known.
		switch {
		case len(sel.Types) == 0:
		case c.Type == nil || *c.Type == "":
			if sel.undecided == nil {
				sel.undecided = map[int64]bool{}
			}
			sel.undecided[id] = true
		case !slices.Contains(sel.Types, *c.Type):
			continue
		}
		sel.IDs = append(sel.IDs, id)
	}
	slices.Sort(sel.IDs)
	sel.IDs = slices.Compact(sel.IDs)
	return sel, diags
}

// keep decides a cluster whose type was unknown at listing time, from the
// type its own answer states (the overview's obClusterType).
func (s fleetSelection) keep(id int64, clusterType *string) (bool, error) {
	if !s.undecided[id] {
		return true, nil
	}
	if clusterType == nil || *clusterType == "" {
		return false, fmt.Errorf("OCP states the type of cluster %d neither in its cluster list nor in the "+
			"cluster's backup overview (obClusterType), so the types filter cannot decide whether to keep it", id)
	}
	return slices.Contains(s.Types, *clusterType), nil
}

// decideTypes narrows the selection for a data source whose answers do not
// carry the cluster type: it reads the backup overview of each cluster the
// list left untyped. A cluster whose overview skip_unreadable leaves out
// has no stated type: it leaves the selection for s.unreadable.
func (s *fleetSelection) decideTypes(ctx context.Context, client *ocp.Client, skipUnreadable bool) diag.Diagnostics {
	var undecided []int64
	for _, id := range s.IDs {
		if s.undecided[id] {
			undecided = append(undecided, id)
		}
	}
	if len(undecided) == 0 {
		return nil
	}
	results := readFleet(ctx, undecided, client.GetClusterBackupOverview)
	clusterTypes := map[int64]*string{}
	var failed []fleetRead[int64, *ocp.ClusterBackupOverview]
	for _, r := range results {
		switch {
		case r.Err == nil:
			clusterTypes[r.Key] = r.Value.ObClusterType
		case skipUnreadable && ocp.Unreadable(r.Err):
			s.unreadable = append(s.unreadable, fleetRead[int64, struct{}]{Key: r.Key, Err: r.Err})
		default:
			failed = append(failed, r)
		}
	}
	_, _, diags := collectFleet(ctx, failed, fleetReport{what: "the backup overview (for its type)"})
	if diags.HasError() {
		return diags
	}
	kept := s.IDs[:0]
	for _, id := range s.IDs {
		clusterType, read := clusterTypes[id]
		if s.undecided[id] && !read {
			continue // unreadable: skipped, see withUnreadable
		}
		if s.undecided[id] {
			keep, err := s.keep(id, clusterType)
			if err != nil {
				diags.AddError("Unable to apply the types filter", err.Error())
				continue
			}
			if !keep {
				continue
			}
		}
		kept = append(kept, id)
	}
	s.IDs = kept
	return diags
}

// withUnreadable adds to results the clusters decideTypes could not type
// because skip_unreadable left out their overview, each with OCP's refusal,
// so that collectFleet lists them in the skipped ids and counts them.
func withUnreadable[R any](results []fleetRead[int64, R], s fleetSelection) []fleetRead[int64, R] {
	for _, u := range s.unreadable {
		results = append(results, fleetRead[int64, R]{Key: u.Key, Err: u.Err})
	}
	return results
}

// fleetRead is what reading one key gave.
type fleetRead[K cmp.Ordered, R any] struct {
	Key   K
	Value R
	Err   error
}

// readFleet reads every key at once, in the order given; the client's
// request slots bound how many requests are in flight, across this and
// every other data source of the provider.
func readFleet[K cmp.Ordered, R any](ctx context.Context, keys []K, read func(context.Context, K) (R, error)) []fleetRead[K, R] {
	results := make([]fleetRead[K, R], len(keys))
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			value, err := read(ctx, key)
			results[i] = fleetRead[K, R]{Key: key, Value: value, Err: err}
		}()
	}
	wg.Wait()
	return results
}

// fleetReport says how collectFleet words and sorts failures.
type fleetReport struct {
	// what is read of each cluster, for messages: "the backup overview".
	what string
	// attr is where errors point; the root when empty.
	attr path.Path
	// skipUnreadable leaves out what OCP refuses to show (ocp.Unreadable).
	skipUnreadable bool
}

// maxIDsInMessage caps the cluster ids one diagnostic lists.
const maxIDsInMessage = 20

// collectFleet splits results into the values read and the keys skipped,
// and reports failures: one diagnostic for a cancelled read, one per cause
// (the same HTTP status and OCP code, or the same failure to connect)
// listing the clusters it hit, and a warning when every cluster was skipped.
func collectFleet[K cmp.Ordered, R any](ctx context.Context, results []fleetRead[K, R], report fleetReport) ([]fleetRead[K, R], []K, diag.Diagnostics) {
	var diags diag.Diagnostics
	var values []fleetRead[K, R]
	skipped := []K{}
	type failure struct {
		keys  []K
		first error
	}
	var causes []string
	failures := map[string]*failure{}
	cancelled := 0
	for _, r := range results {
		switch {
		case r.Err == nil:
			values = append(values, r)
		case errors.Is(r.Err, context.Canceled) || (ctx.Err() != nil && errors.Is(r.Err, ctx.Err())):
			cancelled++
		case report.skipUnreadable && ocp.Unreadable(r.Err):
			skipped = append(skipped, r.Key)
		default:
			cause := failureCause(r.Err, fmt.Sprint(r.Key))
			f, ok := failures[cause]
			if !ok {
				f = &failure{first: r.Err}
				failures[cause] = f
				causes = append(causes, cause)
			}
			f.keys = append(f.keys, r.Key)
		}
	}
	addError := func(summary, detail string) {
		if report.attr.Equal(path.Empty()) {
			diags.AddError(summary, detail)
		} else {
			diags.AddAttributeError(report.attr, summary, detail)
		}
	}
	if cancelled > 0 {
		addError(fmt.Sprintf("Reading %s of %d OCP clusters was cancelled", report.what, len(results)),
			fmt.Sprintf("The read stopped before it finished (Terraform was interrupted, or its deadline passed); "+
				"%d of %d clusters had not been read. Nothing of it was kept.", cancelled, len(results)))
		return nil, nil, diags
	}
	for _, cause := range causes {
		f := failures[cause]
		slices.Sort(f.keys)
		if len(f.keys) == 1 {
			addError(fmt.Sprintf("Unable to read %s of OCP cluster %v", report.what, f.keys[0]), f.first.Error())
			continue
		}
		addError(fmt.Sprintf("Unable to read %s of %d OCP clusters", report.what, len(f.keys)),
			fmt.Sprintf("OCP clusters %s failed the same way. The answer for cluster %v:\n\n%s",
				listKeys(f.keys), f.keys[0], f.first.Error()))
	}
	if diags.HasError() {
		return nil, nil, diags
	}
	slices.Sort(skipped)
	if len(values) == 0 && len(skipped) > 0 {
		diags.AddWarning(fmt.Sprintf("Every OCP cluster was skipped: %d unreadable", len(skipped)),
			fmt.Sprintf("skip_unreadable left out all %d clusters (%s), because OCP refused to show %s of each "+
				"(403, or OBE11001: no such cluster). The result is empty; check the credentials' permissions.",
				len(skipped), listKeys(skipped), report.what))
	}
	return values, skipped, diags
}

// failureCause groups failures: OCP's answers by HTTP status and OCP code,
// failures to connect by what failed, anything else by its whole text with
// the cluster's own id taken out, so that the same answer (a proxy's page,
// an answer about one other cluster) for many clusters is one cause.
func failureCause(err error, key string) string {
	var apiErr *ocp.APIError
	var transportErr *ocp.TransportError
	var rateErr *ocp.RateLimitError
	switch {
	case errors.As(err, &rateErr):
		// One rate limit holds back every cluster; its figures differ
		// only by when each request was held.
		return "rate limit"
	case errors.As(err, &apiErr):
		return fmt.Sprintf("api %d %s", apiErr.HTTPStatus, apiErr.Code)
	case errors.As(err, &transportErr):
		return "transport " + transportErr.Err.Error()
	default:
		own := regexp.MustCompile(`(^|[^0-9])` + regexp.QuoteMeta(key) + `([^0-9]|$)`)
		return "other " + own.ReplaceAllString(err.Error(), "${1}{id}${2}")
	}
}

// listKeys writes keys for a message, at most maxIDsInMessage of them.
func listKeys[K cmp.Ordered](keys []K) string {
	shown := keys[:min(len(keys), maxIDsInMessage)]
	parts := make([]string, len(shown))
	for i, k := range shown {
		parts[i] = fmt.Sprint(k)
	}
	text := strings.Join(parts, ", ")
	if len(keys) > len(shown) {
		text += fmt.Sprintf(" and %d more (%d in all)", len(keys)-len(shown), len(keys))
	}
	return text
}
