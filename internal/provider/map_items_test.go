package provider

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// handBuiltStates are the plural data sources whose Read builds the state
// from models by hand rather than from a field table, each with the test
// that holds it to what State.Set would make.
var handBuiltStates = map[string]string{
	"ocp_cluster_backup_overviews": "TestSetOverviewStateMatchesStateSet",
	"ocp_recovery_windows":         "TestRecoveryWindowsStateMatchesStateSet",
}

// notPlural are data sources with a top-level computed list of nested
// objects that are not lists of items, and why.
var notPlural = map[string]string{
	"ocp_recovery_window": "one cluster's or tenant's window; tenants and sections are parts of it",
}

// Every plural data source (a top-level computed list of nested objects,
// unless notPlural says otherwise) has a case in BenchmarkMapItems, and its items reach the state without
// the framework's reflection: it is built from a field table
// (builtWithoutReflection) or by hand (handBuiltStates), and neither its
// Read nor any function of this package that Read calls, by name, at any
// depth, calls State.Set, State.SetAttribute or a ValueFrom function.
// Function values (listSpec.read, which reads the configuration) and other
// packages are not followed; reading the configuration by reflection
// (Config.Get, ElementsAs) is allowed.
func TestMapItemsCoverEveryPluralDataSource(t *testing.T) {
	source := parsePackage(t)
	plural := map[string]bool{}
	for _, newDS := range New("test")().DataSources(context.Background()) {
		ds := newDS()
		var meta datasource.MetadataResponse
		ds.Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "ocp"}, &meta)
		name := meta.TypeName
		lists := computedNestedLists(dataSourceSchema(ds))
		if _, ok := notPlural[name]; ok || len(lists) == 0 {
			continue
		}
		if len(lists) > 1 {
			t.Errorf("%s has computed lists %v: a plural data source has one list of items (or declare it in notPlural)", name, lists)
		}
		plural[name] = true
		if _, ok := mapItemsCases[name]; !ok {
			t.Errorf("%s is a plural data source (its list %v) without a case in mapItemsCases (BenchmarkMapItems); "+
				"if its list is not one of items, declare it in notPlural", name, lists)
		}
		_, fromTable := ds.(builtWithoutReflection)
		_, byHand := handBuiltStates[name]
		if fromTable == byHand {
			t.Errorf("%s: its state must come from a field table (listSpec) or be listed in handBuiltStates, and not both", name)
		}
		receiver := reflect.TypeOf(ds).Elem().Name()
		receiver, _, _ = strings.Cut(receiver, "[")
		calls, err := source.reflectiveCalls(receiver)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, c := range calls {
			t.Errorf("%s: its Read reaches %s, which builds values by the framework's reflection", name, c)
		}
	}
	for name := range mapItemsCases {
		if !plural[name] {
			t.Errorf("mapItemsCases has %s, which DataSources() does not register as a plural data source", name)
		}
	}
	for name := range notPlural {
		if _, ok := plural[name]; ok {
			t.Errorf("notPlural has %s, which is also plural", name)
		}
	}
	for name := range handBuiltStates {
		if !plural[name] {
			t.Errorf("handBuiltStates has %s, which DataSources() does not register as a plural data source", name)
		}
	}
}

// Each case maps a small fleet or history to a state whose items are all
// there, each with values.
func TestMapItemsCases(t *testing.T) {
	for name, prepare := range mapItemsCases {
		t.Run(name, func(t *testing.T) {
			state, err := prepare(t, 3)()
			if err != nil {
				t.Fatal(err)
			}
			items := stateItems(t, name, state)
			if len(items) != 3 {
				t.Fatalf("%d items, want 3", len(items))
			}
			for i, item := range items {
				if n := leafValues(item); n < 5 {
					t.Errorf("item %d holds %d values", i, n)
				}
			}
		})
	}
}

// packageSource is the declarations of this package's non-test files.
type packageSource struct {
	fset *token.FileSet
	// funcs are functions, methods their methods, by name.
	funcs, methods map[string][]*ast.FuncDecl
}

func parsePackage(t *testing.T) packageSource {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	src := packageSource{fset: token.NewFileSet(), funcs: map[string][]*ast.FuncDecl{}, methods: map[string][]*ast.FuncDecl{}}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(src.fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body != nil {
				if fn.Recv == nil {
					src.funcs[fn.Name.Name] = append(src.funcs[fn.Name.Name], fn)
				} else {
					src.methods[fn.Name.Name] = append(src.methods[fn.Name.Name], fn)
				}
			}
		}
	}
	return src
}

// reflectiveCalls are the calls that build values by reflection in Read
// of receiver and in every function of the package it calls by name, with
// where each is.
func (src packageSource) reflectiveCalls(receiver string) ([]string, error) {
	var queue []*ast.FuncDecl
	for _, fn := range src.methods["Read"] {
		if receiverName(fn) == receiver {
			queue = append(queue, fn)
		}
	}
	if len(queue) == 0 {
		return nil, errors.New("no Read method of " + receiver + " in the package's source")
	}
	var found []string
	seen := map[*ast.FuncDecl]bool{}
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fun := call.Fun
			if ix, ok := fun.(*ast.IndexExpr); ok {
				fun = ix.X
			}
			if ix, ok := fun.(*ast.IndexListExpr); ok {
				fun = ix.X
			}
			var name string
			switch f := fun.(type) {
			case *ast.Ident:
				name = f.Name
				queue = append(queue, src.funcs[name]...)
			case *ast.SelectorExpr:
				name = f.Sel.Name
				queue = append(queue, src.methods[name]...)
				if (name == "Set" || name == "SetAttribute") && strings.HasSuffix(strings.ToLower(types.ExprString(f.X)), "state") {
					found = append(found, types.ExprString(f)+" at "+src.fset.Position(call.Pos()).String())
				}
			}
			if strings.HasSuffix(name, "ValueFrom") {
				found = append(found, types.ExprString(fun)+" at "+src.fset.Position(call.Pos()).String())
			}
			return true
		})
	}
	return found, nil
}

// receiverName is the base name of a method's receiver type.
func receiverName(fn *ast.FuncDecl) string {
	expr := fn.Recv.List[0].Type
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	switch e := expr.(type) {
	case *ast.IndexExpr:
		expr = e.X
	case *ast.IndexListExpr:
		expr = e.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
