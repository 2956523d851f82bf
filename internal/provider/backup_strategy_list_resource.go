package provider

import (
	"context"
	"fmt"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var _ list.ListResourceWithConfigure = (*backupStrategyListResource)(nil)

// NewBackupStrategyListResource is the list resource ocp_backup_strategy,
// for `terraform query` (Terraform 1.14 and later).
func NewBackupStrategyListResource() list.ListResource { return &backupStrategyListResource{} }

type backupStrategyListResource struct {
	configured *providerData
}

type backupStrategyListModel struct {
	Name           types.String `tfsdk:"name"`
	Statuses       types.List   `tfsdk:"statuses"`
	Types          types.List   `tfsdk:"types"`
	ClusterIDs     types.List   `tfsdk:"cluster_ids"`
	IncludeTenants types.Bool   `tfsdk:"include_tenants"`
}

func (r *backupStrategyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_strategy"
}

func (r *backupStrategyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configured = configuredProvider(req.ProviderData, &resp.Diagnostics)
}

func (r *backupStrategyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := fleetSelectors()
	attrs["include_tenants"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Also find tenant-level strategies (OCP 4.3 and later): those of the tenants " +
			"each cluster's `backup/info` lists. Defaults to false. On an OCP without tenant-level " +
			"strategies the query fails rather than leave them out.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the backup strategies OCP holds across a fleet, for `terraform query` " +
			"(Terraform 1.14 and later): each cluster's, and with `include_tenants` each tenant's. With " +
			"`-generate-config-out` Terraform writes an `ocp_backup_strategy` resource and an `import` block " +
			"(by identity) for every one. The clusters are chosen as `ocp_cluster_backup_overviews` chooses them: " +
			"exactly `cluster_ids`, or OCP's cluster list under `name`, `statuses` and `types` (every cluster when " +
			"none is set). A cluster whose strategy cannot be read fails the query: nothing is left out silently.",
		Attributes: attrs,
	}
}

// fleetSelectors are the selection attributes of the plural data sources
// (fleetFilterAttributes), with their descriptions and validators, as a
// list block takes them: it has no set attributes, so a set there is a
// list here, checked by the same validators.
func fleetSelectors() map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for name, a := range fleetFilterAttributes("backup strategy") {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = schema.StringAttribute{Optional: true, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
		case dsschema.SetAttribute:
			validators := make([]validator.List, len(a.Validators))
			for i, v := range a.Validators {
				validators[i] = setAsList{v}
			}
			description := a.MarkdownDescription
			if name == "types" {
				// A query cannot leave clusters out: an unreadable one fails it.
				description = "Keep clusters of these types: `PRIMARY`, `STANDBY`. A cluster OCP's list does " +
					"not type is decided by its backup overview's `obClusterType`; one whose type OCP states " +
					"nowhere fails the query."
			}
			out[name] = schema.ListAttribute{Optional: true, ElementType: a.ElementType,
				MarkdownDescription: description, Validators: validators}
		case dsschema.ListAttribute:
			if a.Optional {
				out[name] = schema.ListAttribute{Optional: true, ElementType: a.ElementType,
					MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
			}
		}
	}
	return out
}

// setAsList checks a list with a set validator, for a set attribute of a
// data source that a list block takes as a list.
type setAsList struct{ validator.Set }

func (v setAsList) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	value, diags := types.SetValue(req.ConfigValue.ElementType(ctx), req.ConfigValue.Elements())
	switch {
	case req.ConfigValue.IsNull():
		value = types.SetNull(req.ConfigValue.ElementType(ctx))
	case req.ConfigValue.IsUnknown():
		value = types.SetUnknown(req.ConfigValue.ElementType(ctx))
	case diags.HasError():
		resp.Diagnostics.Append(diags...)
		return
	}
	setResp := &validator.SetResponse{}
	v.ValidateSet(ctx, validator.SetRequest{Path: req.Path, PathExpression: req.PathExpression, Config: req.Config,
		ConfigValue: value, ClientCapabilities: req.ClientCapabilities}, setResp)
	// A set validator may point at a set element, which a list has not:
	// its diagnostics point at the attribute instead.
	for _, d := range setResp.Diagnostics {
		if d.Severity() == diag.SeverityError {
			resp.Diagnostics.AddAttributeError(req.Path, d.Summary(), d.Detail())
		} else {
			resp.Diagnostics.AddAttributeWarning(req.Path, d.Summary(), d.Detail())
		}
	}
}

// heldStrategy is one strategy OCP holds.
type heldStrategy struct {
	ref      ocp.StrategyRef
	strategy *ocp.BackupStrategy
}

func (r *backupStrategyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg backupStrategyListModel
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() || !isConfigured(r.configured, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx = r.configured.logContext(ctx)
	held, diags := r.find(ctx, cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, h := range held {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = strategyDisplayName(h)
			setStrategyIdentity(ctx, result.Identity, h.ref, &result.Diagnostics)
			if req.IncludeResource {
				strategyListedState(ctx, h, &result)
			}
			if !push(result) {
				return
			}
		}
	}
}

// find reads the strategies of the selected clusters, and of their tenants
// when asked, in the order of cluster ids, each cluster's own first.
func (r *backupStrategyListResource) find(ctx context.Context, cfg backupStrategyListModel) ([]heldStrategy, diag.Diagnostics) {
	client := r.configured.client
	asSet := func(l types.List) types.Set {
		if l.IsNull() {
			return types.SetNull(types.StringType)
		}
		return types.SetValueMust(types.StringType, l.Elements())
	}
	filter := fleetFilterModel{Name: cfg.Name, Statuses: asSet(cfg.Statuses), Types: asSet(cfg.Types),
		ClusterIDs: cfg.ClusterIDs, SkipUnreadable: types.BoolNull()}
	sel, diags := selectClusters(ctx, client, filter)
	if diags.HasError() {
		return nil, diags
	}
	diags.Append(sel.decideTypes(ctx, client, false)...)
	if diags.HasError() {
		return nil, diags
	}
	tenants := cfg.IncludeTenants.ValueBool()
	results := readFleet(ctx, sel.IDs, func(ctx context.Context, id int64) ([]heldStrategy, error) {
		return strategiesOfCluster(ctx, client, id, tenants)
	})
	values, _, more := collectFleet(ctx, results, fleetReport{what: "the backup strategies"})
	diags.Append(more...)
	var held []heldStrategy
	for _, v := range values {
		held = append(held, v.Value...)
	}
	return held, diags
}

// strategiesOfCluster is the strategy of a cluster, if any, and with
// tenants those of the tenants its backup/info lists.
func strategiesOfCluster(ctx context.Context, client *ocp.Client, id int64, tenants bool) ([]heldStrategy, error) {
	var held []heldStrategy
	ref := ocp.StrategyRef{ClusterID: id}
	s, err := client.GetBackupStrategy(ctx, ref)
	if err != nil {
		return nil, err
	}
	if s != nil {
		held = append(held, heldStrategy{ref, s})
	}
	if !tenants {
		return held, nil
	}
	info, err := client.GetClusterBackupInfo(ctx, id, ocp.BackupInfoOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing the tenants of cluster %d (backup/info): %w", id, err)
	}
	for _, t := range info.TenantBackupInfos {
		ref := ocp.StrategyRef{ClusterID: id, TenantID: int64(*t.TenantID)}
		s, err := client.GetBackupStrategy(ctx, ref)
		if err != nil {
			if ocp.IsNoSuchAPI(err) {
				err = fmt.Errorf("%w (%s; leave include_tenants out on this OCP)", err, ocp.TenantAPIHint)
			}
			return nil, fmt.Errorf("reading the strategy of %s: %w", ref, err)
		}
		if s != nil {
			held = append(held, heldStrategy{ref, s})
		}
	}
	return held, nil
}

func strategyDisplayName(h heldStrategy) string {
	cluster := fmt.Sprintf("cluster %d", h.ref.ClusterID)
	if name := h.strategy.ClusterName; name != nil && *name != "" {
		cluster = fmt.Sprintf("cluster %s (%d)", *name, h.ref.ClusterID)
	}
	if h.ref.TenantID == 0 {
		return "Backup strategy of " + cluster
	}
	tenant := fmt.Sprintf("tenant %d", h.ref.TenantID)
	if name := h.strategy.TenantName; name != nil && *name != "" {
		tenant = fmt.Sprintf("tenant %s (%d)", *name, h.ref.TenantID)
	}
	return fmt.Sprintf("Backup strategy of %s of %s", tenant, cluster)
}

// strategyListedState is the resource state of a listed strategy, as an
// import followed by a read makes it: the names set as import sets them,
// the rest from OCP.
func strategyListedState(ctx context.Context, h heldStrategy, result *list.ListResult) {
	diags := &result.Diagnostics
	setStrategyNames(ctx, result.Resource, h.ref, diags)
	var m backupStrategyResourceModel
	diags.Append(result.Resource.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	diags.Append(m.fromOCP(h.ref, h.strategy)...)
	if diags.HasError() {
		return
	}
	diags.Append(result.Resource.Set(ctx, &m)...)
}
