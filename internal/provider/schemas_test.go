package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every attribute of every schema, the provider's, each data source's and
// each resource's, nested ones and blocks included, explains itself: the
// docs are generated from these descriptions. The walk reads the schemas as
// Terraform receives them, so no kind of schema escapes it.
func TestEveryAttributeHasADescription(t *testing.T) {
	resp := providerSchemas(t)
	checkBlockDescriptions(t, "provider", resp.Provider.Block)
	for name, s := range resp.DataSourceSchemas {
		checkBlockDescriptions(t, "data source "+name, s.Block)
	}
	for name, s := range resp.ResourceSchemas {
		checkBlockDescriptions(t, "resource "+name, s.Block)
	}
	for name, s := range resp.ActionSchemas {
		checkBlockDescriptions(t, "action "+name, s.Schema.Block)
	}
	for name, s := range resp.ListResourceSchemas {
		checkBlockDescriptions(t, "list resource "+name, s.Block)
	}
	if len(resp.DataSourceSchemas) == 0 || len(resp.ResourceSchemas) == 0 || len(resp.ActionSchemas) == 0 || len(resp.ListResourceSchemas) == 0 {
		t.Errorf("%d data sources, %d resources, %d actions and %d list resources walked", len(resp.DataSourceSchemas),
			len(resp.ResourceSchemas), len(resp.ActionSchemas), len(resp.ListResourceSchemas))
	}
	identities, err := providerserver.NewProtocol6(New("test")())().GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(identities.Diagnostics) > 0 {
		t.Fatal(err, identities.Diagnostics)
	}
	for name, s := range identities.IdentitySchemas {
		for _, a := range s.IdentityAttributes {
			if a.Description == "" {
				t.Errorf("identity of %s: %s has no description", name, a.Name)
			}
		}
	}
}

func checkBlockDescriptions(t *testing.T, where string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	if b.Description == "" && where != "provider" {
		t.Errorf("%s has no description", where)
	}
	checkAttributeDescriptions(t, where, b.Attributes)
	for _, nested := range b.BlockTypes {
		checkBlockDescriptions(t, where+"."+nested.TypeName, nested.Block)
	}
}

func checkAttributeDescriptions(t *testing.T, where string, attrs []*tfprotov6.SchemaAttribute) {
	t.Helper()
	for _, a := range attrs {
		if a.Description == "" {
			t.Errorf("%s.%s has no description", where, a.Name)
		}
		if a.NestedType != nil {
			checkAttributeDescriptions(t, where+"."+a.Name, a.NestedType.Attributes)
		}
	}
}
