package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// A list data source reads one paged OCP list: its query attributes, and
// one computed list of items whose attributes come from a field table. Its
// state is the configuration with the list filled in, built as Terraform
// values from the table, without reflection.

// listSpec declares a list data source of items T.
type listSpec[T any] struct {
	// typeName follows the provider's name: "data_backup_tasks".
	typeName    string
	description string
	// query are the input attributes, built anew for each schema.
	query func() map[string]schema.Attribute
	// items names the list attribute; itemsDescription says its order.
	items, itemsDescription string
	fields                  fieldTable[T]
	// read checks the configuration and reads every item, in the order
	// the list attribute documents; its errors name their attributes.
	read func(ctx context.Context, client *ocp.Client, config tfsdk.Config) ([]T, diag.Diagnostics)
}

type listDataSource[T any] struct {
	configured *providerData
	spec       listSpec[T]
}

var _ datasource.DataSourceWithConfigure = (*listDataSource[ocp.LogBackupTask])(nil)

// builtWithoutReflection is a data source whose state its field table
// builds; stateOf builds it for one zero item, for the registry test.
type builtWithoutReflection interface {
	stateOf(ctx context.Context, config tftypes.Value) (tftypes.Value, error)
}

func newListDataSource[T any](spec listSpec[T]) func() datasource.DataSource {
	return func() datasource.DataSource { return &listDataSource[T]{spec: spec} }
}

func (d *listDataSource[T]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.spec.typeName
}

func (d *listDataSource[T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := d.spec.query()
	attrs[d.spec.items] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: d.spec.itemsDescription,
		NestedObject:        schema.NestedAttributeObject{Attributes: d.spec.fields.attributes()},
	}
	resp.Schema = schema.Schema{MarkdownDescription: d.spec.description, Attributes: attrs}
}

func (d *listDataSource[T]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource[T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !isConfigured(d.configured, &resp.Diagnostics) {
		return
	}
	items, diags := d.spec.read(d.configured.logContext(ctx), d.configured.client, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	state, err := d.state(ctx, req.Config.Raw, items)
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state", err.Error()+"; this is a bug in the provider")
		return
	}
	setReadState(ctx, resp, state)
}

// state is the configuration's values with the list of items filled in,
// checked against the schema.
func (d *listDataSource[T]) state(ctx context.Context, config tftypes.Value, items []T) (tftypes.Value, error) {
	var resp datasource.SchemaResponse
	d.Schema(ctx, datasource.SchemaRequest{}, &resp)
	stateType, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	listType, ok2 := stateType.AttributeTypes[d.spec.items].(tftypes.List)
	itemType, ok3 := listType.ElementType.(tftypes.Object)
	if !ok || !ok2 || !ok3 {
		return tftypes.Value{}, fmt.Errorf("the schema of %s does not have the shape its state is built in", d.spec.typeName)
	}
	values, err := configValues(config)
	if err != nil {
		return tftypes.Value{}, err
	}
	// Every field's type is checked once, on a zero item, so that
	// NewValue cannot panic on a field whose value the schema does not
	// have the type of.
	var zero T
	if err := tftypes.ValidateValue(itemType, d.spec.fields.values(ctx, zero)); err != nil {
		return tftypes.Value{}, err
	}
	elems := make([]tftypes.Value, len(items))
	for i, item := range items {
		elems[i] = tftypes.NewValue(itemType, d.spec.fields.values(ctx, item))
	}
	values[d.spec.items] = tftypes.NewValue(listType, elems)
	if err := tftypes.ValidateValue(stateType, values); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(stateType, values), nil
}

// configValues are the configuration's attribute values, for a state to
// fill in. A copy: As hands out the configuration's own map, which the
// framework compares the state with after Read.
func configValues(config tftypes.Value) (map[string]tftypes.Value, error) {
	var configured map[string]tftypes.Value
	if err := config.As(&configured); err != nil {
		return nil, err
	}
	return maps.Clone(configured), nil
}

// numberList is ids as a Terraform list of numbers, such as
// skipped_cluster_ids.
func numberList(ids []int64) tftypes.Value {
	elems := make([]tftypes.Value, len(ids))
	for i, id := range ids {
		elems[i] = tftypes.NewValue(tftypes.Number, id)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, elems)
}

// stateOf is the state for config and one zero item.
func (d *listDataSource[T]) stateOf(ctx context.Context, config tftypes.Value) (tftypes.Value, error) {
	return d.state(ctx, config, make([]T, 1))
}
