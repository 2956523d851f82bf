package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// A field table is the one list of an OCP object's attributes: each
// field's name, its schema attribute (the description beside it) and how
// its value is read from the client's item. The nested schema, the object
// type and the state come from it, so a field is written once.

// field is one attribute of an OCP object T.
type field[T any] struct {
	name  string
	attr  schema.Attribute
	value func(item T) attr.Value
}

// fieldTable is every attribute of an OCP object T.
type fieldTable[T any] []field[T]

func int64Field[T any](name, description string, get func(T) *ocp.Long) field[T] {
	return field[T]{name, computedInt64(description), func(item T) attr.Value { return types.Int64PointerValue(get(item).Int64()) }}
}

func stringField[T any](name, description string, get func(T) *string) field[T] {
	return field[T]{name, computedString(description), func(item T) attr.Value { return types.StringPointerValue(get(item)) }}
}

// enumField is a string holding one of OCP's enums (computedEnum).
func enumField[T any](name, description string, get func(T) *string) field[T] {
	return field[T]{name, computedEnum(description), func(item T) attr.Value { return types.StringPointerValue(get(item)) }}
}

func boolField[T any](name, description string, get func(T) *bool) field[T] {
	return field[T]{name, computedBool(description), func(item T) attr.Value { return types.BoolPointerValue(get(item)) }}
}

// timeField is a timestamp as OCP sent it (computedTime).
func timeField[T any](name, description string, get func(T) *ocp.Timestamp) field[T] {
	return field[T]{name, computedTime(description), func(item T) attr.Value { return rfc3339Value(get(item)) }}
}

// decimalField is a number OCP may send with a fraction.
func decimalField[T any](name, description string, get func(T) *ocp.Decimal) field[T] {
	return field[T]{name, computedFloat64(description), func(item T) attr.Value { return types.Float64PointerValue(get(item).Float64()) }}
}

// int64ListField is a list of longs; null when OCP sends none.
func int64ListField[T any](name, description string, get func(T) []ocp.Long) field[T] {
	return field[T]{
		name: name,
		attr: schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: description},
		value: func(item T) attr.Value {
			longs := get(item)
			if longs == nil {
				return types.ListNull(types.Int64Type)
			}
			elems := make([]attr.Value, len(longs))
			for i, l := range longs {
				elems[i] = types.Int64Value(int64(l))
			}
			return types.ListValueMust(types.Int64Type, elems)
		},
	}
}

// embed is the table of a part of T, such as an embedded struct, as T's.
func embed[T, P any](part fieldTable[P], get func(T) P) fieldTable[T] {
	fields := make(fieldTable[T], len(part))
	for i, f := range part {
		fields[i] = field[T]{f.name, f.attr, func(item T) attr.Value { return f.value(get(item)) }}
	}
	return fields
}

// attributes are the table's schema attributes, built anew for each schema.
func (t fieldTable[T]) attributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(t))
	for _, f := range t {
		attrs[f.name] = f.attr
	}
	return attrs
}

// values are item's attribute values as Terraform values.
func (t fieldTable[T]) values(ctx context.Context, item T) map[string]tftypes.Value {
	values := make(map[string]tftypes.Value, len(t))
	for _, f := range t {
		values[f.name] = tfValue(ctx, f.value(item))
	}
	return values
}
