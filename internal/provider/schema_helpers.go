package provider

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// Attribute builders and notes shared by every data source's schema, so
// that the same kind of value is described the same way everywhere.

// conventionsURL is the provider's entry page on the registry, whose
// Conventions section says once what every timestamp, enum, null and id
// holds. Attribute descriptions link there instead of repeating it: they
// are read on the registry, in editors and in `terraform providers schema`,
// so the link is absolute.
const conventionsURL = "https://registry.terraform.io/providers/ocp-terraform/ocp/latest/docs"

// enumNote ends the description of every attribute that holds an OCP enum.
const enumNote = " Other values [pass through](" + conventionsURL + "#enums)."

// timeNote ends the description of every timestamp attribute.
const timeNote = " A [timestamp](" + conventionsURL + "#timestamps), null when OCP has none."

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

func computedFloat64(description string) schema.Float64Attribute {
	return schema.Float64Attribute{Computed: true, MarkdownDescription: description}
}

// computedEnum is a string attribute holding one of OCP's enums.
func computedEnum(description string) schema.StringAttribute {
	return computedString(description + enumNote)
}

// computedTime is a timestamp as OCP sent it; see rfc3339Value.
func computedTime(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true, CustomType: timetypes.RFC3339Type{},
		MarkdownDescription: description + timeNote,
	}
}

// rfc3339Value keeps OCP's text; timetypes.NewRFC3339TimeValue would
// re-format it and drop the fraction digits.
func rfc3339Value(t *ocp.Timestamp) timetypes.RFC3339 {
	if t == nil {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.RFC3339{StringValue: types.StringValue(t.RFC3339())}
}

// objectTypeOf is the object type of nested attributes, the schema being
// its single source.
func objectTypeOf(attrs map[string]schema.Attribute) types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// modelFields caches, per model struct type, each attribute's name and
// field index path (embedded structs included).
var modelFields sync.Map // reflect.Type -> []modelField

type modelField struct {
	name  string
	index []int
}

func fieldsOf(t reflect.Type) []modelField {
	if cached, ok := modelFields.Load(t); ok {
		if fields, ok := cached.([]modelField); ok {
			return fields
		}
	}
	var fields []modelField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			for _, inner := range fieldsOf(f.Type) {
				fields = append(fields, modelField{name: inner.name, index: append([]int{i}, inner.index...)})
			}
			continue
		}
		if name := f.Tag.Get("tfsdk"); name != "" && name != "-" {
			fields = append(fields, modelField{name: name, index: []int{i}})
		}
	}
	modelFields.Store(t, fields)
	return fields
}

// modelValues are a model struct's attribute values by their tfsdk names.
// Every field must hold an attr.Value; the caller builds lists of nested
// objects itself. It stands in for State.Set's reflection where that costs
// (BenchmarkReadTaskHistory: half of a 1000-task read), and
// TestReflectedModelsMatchTheirSchemas holds the tags to the schemas.
func modelValues(model any) map[string]attr.Value {
	v := reflect.ValueOf(model)
	fields := fieldsOf(v.Type())
	values := make(map[string]attr.Value, len(fields))
	for _, f := range fields {
		value, ok := v.FieldByIndex(f.index).Interface().(attr.Value)
		if !ok {
			panic(fmt.Sprintf("provider bug: %s.%s is not an attr.Value", v.Type(), f.name))
		}
		values[f.name] = value
	}
	return values
}

// objectList is models as a list of objects of elemType.
func objectList[M any](elemType types.ObjectType, models []M) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, len(models))
	for i, m := range models {
		var d diag.Diagnostics
		elems[i], d = types.ObjectValue(elemType.AttrTypes, modelValues(m))
		diags.Append(d...)
	}
	if diags.HasError() {
		return types.ListNull(elemType), diags
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list, diags
}
