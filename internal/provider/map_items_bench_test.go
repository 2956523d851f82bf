package provider

import (
	"context"
	"errors"
	"maps"
	"runtime"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// The provider's CPU per item it maps, for every plural data source: what
// a Read does once OCP's answers are decoded, from the client's items to
// the whole state, by the functions Read calls. The reads themselves
// (HTTP, decoding) are done once, before the timer, against the fake.

// mapItems is, for a plural data source, what its Read does once every
// item is read: map them all to the whole state.
type mapItems func() (tftypes.Value, error)

// mapItemsCases prepare each plural data source's mapping over about n
// items: they read what its Read reads, through the real client against
// the fake, and stop where Read's mapping starts. TestMapItemsCoverEveryPluralDataSource
// holds the table to DataSources().
var mapItemsCases = map[string]func(tb testing.TB, n int) mapItems{
	// n clusters' overviews: selectClusters, readFleet and collectFleet as
	// Read calls them; then overviewObjects, the lists and stateValue.
	"ocp_cluster_backup_overviews": func(tb testing.TB, n int) mapItems {
		ctx := context.Background()
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(n)...))
		defer srv.Close()
		client := testClient(tb, srv)
		ds := NewClusterBackupOverviewsDataSource()
		s := dataSourceSchema(ds)
		var state clusterBackupOverviewsModel
		if diags := (tfsdk.Config{Schema: s, Raw: fleetConfig(tb, s, n)}).Get(ctx, &state); diags.HasError() {
			tb.Fatal(diags)
		}
		sel, diags := selectClusters(ctx, client, state.fleetFilterModel)
		results, skipped, d := collectFleet(ctx, readFleet(ctx, sel.IDs, client.GetClusterBackupOverview), fleetReport{what: "the backup overview"})
		if diags.Append(d...); diags.HasError() {
			tb.Fatal(diags)
		}
		return func() (tftypes.Value, error) {
			overviews, diags := overviewObjects(sel, results)
			list, d1 := types.ListValue(backupOverviewObjectType(), overviews)
			ids, d2 := int64ListValue(skipped)
			diags.Append(d1...)
			diags.Append(d2...)
			if diags.HasError() {
				return tftypes.Value{}, diagsError(diags)
			}
			raw, diags := stateValue(ctx, tfsdk.State{Schema: s}, map[string]attr.Value{
				"name": state.Name, "statuses": state.Statuses, "types": state.Types, "cluster_ids": state.ClusterIDs,
				"skip_unreadable": state.SkipUnreadable, "overviews": list, "skipped_cluster_ids": ids,
			})
			return raw, diagsError(diags)
		}
	},
	// n clusters' windows (a cluster window with its tenants and sections):
	// readUntypedFleet; then recoveryWindowElements and recoveryWindowsState.
	"ocp_recovery_windows": func(tb testing.TB, n int) mapItems {
		ctx := context.Background()
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(n)...))
		defer srv.Close()
		client := testClient(tb, srv)
		config := fleetConfig(tb, dataSourceSchema(NewRecoveryWindowsDataSource()), n)
		read := func(ctx context.Context, id int64) (*ocp.ClusterBackupInfo, error) {
			return client.GetClusterBackupInfo(ctx, id, ocp.BackupInfoOptions{})
		}
		results, skipped, diags := readUntypedFleet(ctx, client, fleetFilterModel{ClusterIDs: clusterIDList(n)}, read, fleetReport{what: "the restorable window"})
		if diags.HasError() {
			tb.Fatal(diags)
		}
		return func() (tftypes.Value, error) {
			return recoveryWindowsState(ctx, config, recoveryWindowElements(results), skipped)
		}
	},
	// n clusters that restored each other's tenants in a ring (the drills
	// benchmark's fleet): each restore listed twice, n drills; then
	// restoreDrills and the list data source's state.
	"ocp_restore_drills": func(tb testing.TB, n int) mapItems {
		ctx := context.Background()
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(n)...))
		defer srv.Close()
		fleetRestores(n)(srv)
		client := testClient(tb, srv)
		ds := NewRestoreDrillsDataSource().(*restoreDrillsDataSource)
		config := fleetConfig(tb, dataSourceSchema(ds), n)
		read := func(ctx context.Context, id int64) ([]restoreTask, error) {
			return client.ListRestoreTasks(ctx, ocp.TaskQuery{ClusterID: id})
		}
		results, skipped, diags := readUntypedFleet(ctx, client, fleetFilterModel{ClusterIDs: clusterIDList(n)}, read, fleetReport{what: "the restore tasks"})
		if diags.HasError() || len(skipped) > 0 {
			tb.Fatal(diags, skipped)
		}
		// Read fills in skipped_cluster_ids before the list; none here.
		values, err := configValues(config)
		if err != nil {
			tb.Fatal(err)
		}
		values["skipped_cluster_ids"] = numberList(skipped)
		config = tftypes.NewValue(config.Type(), values)
		return func() (tftypes.Value, error) {
			drills, err := restoreDrills(results, nil)
			if err != nil {
				return tftypes.Value{}, err
			}
			return ds.state(ctx, config, drills)
		}
	},
	// One cluster's history of n data backup tasks (WithTaskHistory: one a
	// day, every seventh full), read by the data source's read.
	"ocp_data_backup_tasks": func(tb testing.TB, n int) mapItems {
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetClusterID(0)), ocptest.WithTaskHistory(n))
		defer srv.Close()
		return listItems[dataBackupTask](tb, srv, NewDataBackupTasksDataSource, 1, nil)
	},
	// The log backup tasks of n clusters, one each (WithTaskHistory's
	// running task): OCP keeps few per tenant, so a fleet gives the items.
	"ocp_log_backup_tasks": func(tb testing.TB, n int) mapItems {
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(n)...), ocptest.WithTaskHistory(1))
		defer srv.Close()
		return listItems[logBackupTask](tb, srv, NewLogBackupTasksDataSource, n, nil)
	},
	// The restores of the drills' ring over n clusters, each once: every
	// cluster's list read, a task seen in two lists kept once.
	"ocp_restore_tasks": func(tb testing.TB, n int) mapItems {
		srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(n)...))
		defer srv.Close()
		fleetRestores(n)(srv)
		seen := map[int64]bool{}
		return listItems(tb, srv, NewRestoreTasksDataSource, n, func(t restoreTask) bool {
			first := !seen[int64(*t.ID)]
			seen[int64(*t.ID)] = true
			return first
		})
	},
}

// listItems reads the items of a list data source for each of the first
// clusters of the fleet with the data source's own read (every page, the
// filters, the order), keeps those keep lets through (all when nil), and
// maps them with its state.
func listItems[T any](tb testing.TB, srv *ocptest.Server, newDS func() datasource.DataSource, clusters int, keep func(T) bool) mapItems {
	ctx := context.Background()
	client := testClient(tb, srv)
	ds := newDS().(*listDataSource[T])
	s := dataSourceSchema(ds)
	var items []T
	for i := range clusters {
		read, diags := ds.spec.read(ctx, client, tfsdk.Config{Schema: s, Raw: configWith(tb, s, map[string]tftypes.Value{
			"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(i)),
		})})
		if diags.HasError() {
			tb.Fatal(diags)
		}
		for _, item := range read {
			if keep == nil || keep(item) {
				items = append(items, item)
			}
		}
	}
	config := configWith(tb, s, map[string]tftypes.Value{"cluster_id": tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(0))})
	return func() (tftypes.Value, error) { return ds.state(ctx, config, items) }
}

// BenchmarkMapItems is, per plural data source, the provider's cost of
// mapping about 1000 items from the client's values to the whole state,
// per item: wall and process CPU time, allocations, bytes; values/item is
// how many values (attributes, nested ones included) each item holds, to
// compare the data sources by.
func BenchmarkMapItems(b *testing.B) {
	for _, name := range slices.Sorted(maps.Keys(mapItemsCases)) {
		b.Run(name, func(b *testing.B) {
			mapAll := mapItemsCases[name](b, 1000)
			state, err := mapAll()
			if err != nil {
				b.Fatal(err)
			}
			items := stateItems(b, name, state)
			values := 0
			for _, item := range items {
				values += leafValues(item)
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuTime()
			for b.Loop() {
				if _, err := mapAll(); err != nil {
					b.Fatal(err)
				}
			}
			cpuUsed := cpuTime() - cpu
			runtime.ReadMemStats(&after)
			mapped := float64(b.N * len(items))
			b.ReportMetric(float64(values)/float64(len(items)), "values/item")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/mapped, "ns/item")
			b.ReportMetric(float64(cpuUsed.Nanoseconds())/mapped, "cpu-ns/item")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/mapped, "allocs/item")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/mapped, "B/item")
		})
	}
}

// stateItems are the elements of the data source's list of items in state.
func stateItems(tb testing.TB, dataSource string, state tftypes.Value) []tftypes.Value {
	tb.Helper()
	var values map[string]tftypes.Value
	if err := state.As(&values); err != nil {
		tb.Fatal(err)
	}
	var items []tftypes.Value
	if err := values[pluralItems(dataSourceSchema(dataSourceNamed(tb, dataSource)))].As(&items); err != nil {
		tb.Fatal(err)
	}
	return items
}

// leafValues counts the values an item holds: every primitive, and every
// null or empty list or object, at any depth.
func leafValues(item tftypes.Value) int {
	count := 0
	_ = tftypes.Walk(item, func(_ *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		switch {
		case v.IsNull() || !v.IsKnown():
			count++
			return false, nil
		case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Object{}), v.Type().Is(tftypes.Set{}), v.Type().Is(tftypes.Map{}):
			var elems []tftypes.Value
			var attrs map[string]tftypes.Value
			if v.As(&elems) == nil && len(elems) == 0 || v.As(&attrs) == nil && len(attrs) == 0 {
				count++
			}
			return true, nil
		}
		count++
		return true, nil
	})
	return count
}

// pluralItems is the top-level computed list of nested objects of a
// schema, the items of a plural data source: "" when it has none, or more
// than one.
func pluralItems(s schema.Schema) string {
	lists := computedNestedLists(s)
	if len(lists) != 1 {
		return ""
	}
	return lists[0]
}

// computedNestedLists are a schema's top-level computed lists of nested
// objects, sorted.
func computedNestedLists(s schema.Schema) []string {
	var names []string
	for name, a := range s.Attributes {
		if l, ok := a.(schema.ListNestedAttribute); ok && l.IsComputed() {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func dataSourceSchema(ds datasource.DataSource) schema.Schema {
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	return resp.Schema
}

// dataSourceNamed is the registered data source of a type name.
func dataSourceNamed(tb testing.TB, typeName string) datasource.DataSource {
	tb.Helper()
	for _, newDS := range New("test")().DataSources(context.Background()) {
		ds := newDS()
		var resp datasource.MetadataResponse
		ds.Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "ocp"}, &resp)
		if resp.TypeName == typeName {
			return ds
		}
	}
	tb.Fatalf("DataSources() registers no %s", typeName)
	return nil
}

// configWith is a configuration of schema s: every attribute null unless set.
func configWith(tb testing.TB, s schema.Schema, set map[string]tftypes.Value) tftypes.Value {
	tb.Helper()
	objType, ok := s.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		tb.Fatal("the schema is not an object")
	}
	values := map[string]tftypes.Value{}
	for name, t := range objType.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	return tftypes.NewValue(objType, values)
}

// fleetConfig selects the first n fleet clusters by cluster_ids.
func fleetConfig(tb testing.TB, s schema.Schema, n int) tftypes.Value {
	ids := make([]tftypes.Value, n)
	for i := range ids {
		ids[i] = tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(i))
	}
	return configWith(tb, s, map[string]tftypes.Value{"cluster_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, ids)})
}

// clusterIDList is the first n fleet clusters as cluster_ids' value.
func clusterIDList(n int) types.List {
	ids, _ := int64ListValue(ocptest.FleetIDs(n))
	return ids
}

// diagsError is the first error of diags, or nil.
func diagsError(diags diag.Diagnostics) error {
	for _, d := range diags.Errors() {
		return errors.New(d.Summary() + ": " + d.Detail())
	}
	return nil
}
