package provider

import (
	"maps"
	"slices"
	"testing"
)

// Each window of the fleet has exactly a cluster read's computed
// attributes, and cluster_id. (The models are held to their schemas by
// TestReflectedModelsMatchTheirSchemas.)
func TestRecoveryWindowsElementIsAClusterRead(t *testing.T) {
	one, fleet := schemaOf(NewRecoveryWindowDataSource()), schemaOf(NewRecoveryWindowsDataSource())
	var computed []string
	for name, a := range one {
		if a.IsComputed() && !a.IsOptional() || name == "cluster_id" {
			computed = append(computed, name)
		}
	}
	if got, want := slices.Sorted(maps.Keys(nested(fleet, "windows"))), slices.Sorted(slices.Values(computed)); !slices.Equal(got, want) {
		t.Errorf("windows elements %v\ncluster read %v", got, want)
	}
}
