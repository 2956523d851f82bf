package provider

// After a data source's Read, terraform-plugin-framework v1.19.0 walks the
// whole state several times before encoding it (fwserver.ReadDataSource:
// semantic equality against the configuration and two equality checks;
// toproto6.DynamicValue: ReifyNullCollectionBlocks, a transform of every
// value). For this provider's data sources those walks change nothing: no
// schema has blocks, and a state keeps the configuration's values as they
// are, so semantic equality has nothing to restore (every computed value
// is null in the configuration, which the framework skips). Over 1000
// recovery windows they cost about 0.75 CPU seconds, serially, after the
// last answer (BENCHMARKS.md).
//
// So a Read that builds its state as Terraform values hands it to the
// protocol server (slimContextServer.ReadDataSource), which encodes it for
// Terraform itself, while the framework's walks run over the configuration
// the framework put in the state before Read. Without a server to take it
// (a test calling the framework directly), the state is set as usual.
// TestStateHandoffMatchesTheFramework holds every data source to the same
// answer both ways.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type stateHandoffKey struct{}

// stateHandoff is where a Read leaves its state for the protocol server.
type stateHandoff struct {
	state *tftypes.Value
}

// withStateHandoff offers Reads under ctx a handoff.
func withStateHandoff(ctx context.Context) (context.Context, *stateHandoff) {
	h := &stateHandoff{}
	return context.WithValue(ctx, stateHandoffKey{}, h), h
}

// setReadState is a data source's whole state after Read: handed to the
// protocol server when one takes it, set on resp otherwise. A state not of
// the schema's type is an error here, as the framework's encoding would
// have made it.
func setReadState(ctx context.Context, resp *datasource.ReadResponse, state tftypes.Value) {
	if want := resp.State.Schema.Type().TerraformType(ctx); !state.Type().Equal(want) {
		resp.Diagnostics.AddError("Unable to build the state",
			fmt.Sprintf("the state is of type %s where the schema has %s; this is a bug in the provider", state.Type(), want))
		return
	}
	if h, ok := ctx.Value(stateHandoffKey{}).(*stateHandoff); ok {
		h.state = &state
		return
	}
	resp.State.Raw = state
}

// apply puts the handed-off state in the framework's answer, unless the
// read failed: a failed read's state is what the framework made of it.
func (h *stateHandoff) apply(resp *tfprotov6.ReadDataSourceResponse) {
	if h.state == nil || resp == nil || resp.State == nil {
		return
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return
		}
	}
	encoded, err := tfprotov6.NewDynamicValue(h.state.Type(), *h.state)
	if err != nil {
		resp.State = nil
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to encode the state",
			Detail:   err.Error() + "; this is a bug in the provider",
		})
		return
	}
	resp.State = &encoded
}
