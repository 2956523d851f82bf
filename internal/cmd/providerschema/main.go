// Command providerschema prints the provider's schemas as `terraform
// providers schema -json` does, read from the provider itself, for
// tfplugindocs --providers-schema (make generate). The docs then do not
// depend on the Terraform CLI at hand: one before 1.14 knows no actions or
// list resources, one before 1.12 no resource identities, and would leave
// their pages out.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/provider"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	server := providerserver.NewProtocol6(provider.New("docs")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return err
	}
	for _, d := range append(schemas.Diagnostics, identities.Diagnostics...) {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	out := providerSchema{
		Provider:      schemaOf(schemas.Provider),
		Resources:     map[string]schema{},
		DataSources:   map[string]schema{},
		Actions:       map[string]actionSchema{},
		ListResources: map[string]schema{},
		Identities:    map[string]identitySchema{},
	}
	for name, s := range schemas.ResourceSchemas {
		out.Resources[name] = schemaOf(s)
	}
	for name, s := range schemas.DataSourceSchemas {
		out.DataSources[name] = schemaOf(s)
	}
	for name, s := range schemas.ActionSchemas {
		out.Actions[name] = actionSchema{Block: blockOf(s.Schema.Block)}
	}
	for name, s := range schemas.ListResourceSchemas {
		out.ListResources[name] = schemaOf(s)
	}
	for name, s := range identities.IdentitySchemas {
		id := identitySchema{Version: s.Version, Attributes: map[string]identityAttribute{}}
		for _, a := range s.IdentityAttributes {
			id.Attributes[a.Name] = identityAttribute{Type: typeOf(a.Type), Description: a.Description,
				RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
		}
		out.Identities[name] = id
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"format_version": "1.0",
		// tfplugindocs looks the provider up by its short name.
		"provider_schemas": map[string]providerSchema{"ocp": out},
	})
}

// The JSON shapes of `terraform providers schema -json`.
type (
	providerSchema struct {
		Provider      schema                    `json:"provider"`
		Resources     map[string]schema         `json:"resource_schemas"`
		DataSources   map[string]schema         `json:"data_source_schemas"`
		Actions       map[string]actionSchema   `json:"action_schemas"`
		ListResources map[string]schema         `json:"list_resource_schemas"`
		Identities    map[string]identitySchema `json:"resource_identity_schemas"`
	}
	schema struct {
		Version int64 `json:"version"`
		Block   block `json:"block"`
	}
	actionSchema struct {
		Block block `json:"block"`
	}
	block struct {
		Attributes      map[string]attribute `json:"attributes,omitempty"`
		BlockTypes      map[string]blockType `json:"block_types,omitempty"`
		Description     string               `json:"description,omitempty"`
		DescriptionKind string               `json:"description_kind,omitempty"`
		Deprecated      bool                 `json:"deprecated,omitempty"`
	}
	blockType struct {
		NestingMode string `json:"nesting_mode"`
		Block       block  `json:"block"`
		MinItems    int64  `json:"min_items,omitempty"`
		MaxItems    int64  `json:"max_items,omitempty"`
	}
	attribute struct {
		Type            json.RawMessage `json:"type,omitempty"`
		NestedType      *nestedType     `json:"nested_type,omitempty"`
		Description     string          `json:"description,omitempty"`
		DescriptionKind string          `json:"description_kind,omitempty"`
		Deprecated      bool            `json:"deprecated,omitempty"`
		Required        bool            `json:"required,omitempty"`
		Optional        bool            `json:"optional,omitempty"`
		Computed        bool            `json:"computed,omitempty"`
		Sensitive       bool            `json:"sensitive,omitempty"`
		WriteOnly       bool            `json:"write_only,omitempty"`
	}
	nestedType struct {
		Attributes  map[string]attribute `json:"attributes"`
		NestingMode string               `json:"nesting_mode"`
	}
	identitySchema struct {
		Version    int64                        `json:"version"`
		Attributes map[string]identityAttribute `json:"attributes"`
	}
	identityAttribute struct {
		Type              json.RawMessage `json:"type"`
		Description       string          `json:"description,omitempty"`
		RequiredForImport bool            `json:"required_for_import,omitempty"`
		OptionalForImport bool            `json:"optional_for_import,omitempty"`
	}
)

func schemaOf(s *tfprotov6.Schema) schema {
	return schema{Version: s.Version, Block: blockOf(s.Block)}
}

func blockOf(b *tfprotov6.SchemaBlock) block {
	out := block{Description: b.Description, DescriptionKind: kindOf(b.DescriptionKind), Deprecated: b.Deprecated}
	if len(b.Attributes) > 0 {
		out.Attributes = attributesOf(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		out.BlockTypes = map[string]blockType{}
		for _, nb := range b.BlockTypes {
			out.BlockTypes[nb.TypeName] = blockType{NestingMode: blockNesting[nb.Nesting], Block: blockOf(nb.Block),
				MinItems: nb.MinItems, MaxItems: nb.MaxItems}
		}
	}
	return out
}

func attributesOf(attrs []*tfprotov6.SchemaAttribute) map[string]attribute {
	out := make(map[string]attribute, len(attrs))
	for _, a := range attrs {
		attr := attribute{Description: a.Description, DescriptionKind: kindOf(a.DescriptionKind),
			Deprecated: a.Deprecated, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			Sensitive: a.Sensitive, WriteOnly: a.WriteOnly}
		if a.NestedType != nil {
			attr.NestedType = &nestedType{Attributes: attributesOf(a.NestedType.Attributes),
				NestingMode: objectNesting[a.NestedType.Nesting]}
		} else {
			attr.Type = typeOf(a.Type)
		}
		out[a.Name] = attr
	}
	return out
}

// typeOf is a type in cty's JSON form, which tftypes writes too.
func typeOf(t interface{ MarshalJSON() ([]byte, error) }) json.RawMessage {
	b, err := t.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return b
}

func kindOf(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

var (
	blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]string{
		tfprotov6.SchemaNestedBlockNestingModeSingle: "single", tfprotov6.SchemaNestedBlockNestingModeGroup: "group",
		tfprotov6.SchemaNestedBlockNestingModeList: "list", tfprotov6.SchemaNestedBlockNestingModeSet: "set",
		tfprotov6.SchemaNestedBlockNestingModeMap: "map",
	}
	objectNesting = map[tfprotov6.SchemaObjectNestingMode]string{
		tfprotov6.SchemaObjectNestingModeSingle: "single", tfprotov6.SchemaObjectNestingModeList: "list",
		tfprotov6.SchemaObjectNestingModeSet: "set", tfprotov6.SchemaObjectNestingModeMap: "map",
	}
)
