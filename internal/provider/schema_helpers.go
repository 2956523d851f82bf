package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
