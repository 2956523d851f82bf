package provider

// Workaround for a memory leak in terraform-plugin-framework v1.19.0,
// internal/proto6server/serve.go, Server.registerContext: every RPC passes
// its context through registerContext, which wraps it with
// context.WithCancel and appends the cancel function to
// Server.contextCancels so that StopProvider can cancel it. Nothing removes
// the function when the call returns (only StopProvider empties the slice),
// so each one keeps its call's whole context alive until the process exits,
// and with it the logging state terraform-plugin-go attaches to every call
// (hclog loggers, LoggerOpts copies, a dozen context values): the provider
// grew by tens of KiB for every data source instance of a plan.
//
// slimContextServer hands the framework a context without those values, so
// that what the framework retains per call is two small cancelCtx. Remove
// this file, and serve providerserver.NewProtocol6 directly again, once the
// framework version in go.mod deregisters the cancel function when the call
// returns (look at registerContext in internal/proto6server/serve.go); the
// memory test in slim_context_server_test.go then passes without it. Keep
// ReadDataSource's state handoff (state_handoff.go) when doing so: it is
// not part of the workaround.

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// frameworkServer is everything the framework's protocol 6 server serves,
// the methods terraform-plugin-go still keeps outside ProviderServer
// included: tf6server offers list resources, actions and state stores only
// when its server implements them.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

var _ frameworkServer = (*slimContextServer)(nil)

// slimContextServer serves the framework's server, every call going through
// call.
type slimContextServer struct {
	next frameworkServer
	// slim is false when the user asked for logs: calls then keep their
	// context, and the logs are exactly what the plugin stack writes.
	slim bool
}

// NewProtocol6Server returns the provider's protocol 6 server factory, for
// tf6server.Serve.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return newSlimContextServer(providerserver.NewProtocol6(New(version)())())
	}
}

func newSlimContextServer(next tfprotov6.ProviderServer) *slimContextServer {
	full, ok := next.(frameworkServer)
	if !ok {
		// The framework dropped an RPC: a programming error, which every
		// test that starts the provider reports.
		panic(fmt.Sprintf("%T does not serve every RPC slimContextServer passes on", next))
	}
	return &slimContextServer{next: full, slim: !logsRequested()}
}

// call hands one request to the framework. When logs are quiet, the
// framework gets a context with no values, cancelled when the call's own
// context is (the gRPC call ends or is cancelled, tf6server's StopProvider)
// and when the call returns; the framework's StopProvider cancels the
// context it derives from it. hold, for the RPCs that answer with a stream,
// keeps the context until the stream is drained; it returns false if there
// is no stream to drain.
func call[Req, Resp any](s *slimContextServer, ctx context.Context, req Req,
	next func(context.Context, Req) (Resp, error), hold func(Resp, func()) bool,
) (Resp, error) {
	if !s.slim {
		return next(ctx, req)
	}
	slim, cancel := context.WithCancelCause(context.Background())
	stopDeadline := context.CancelFunc(func() {})
	if deadline, ok := ctx.Deadline(); ok {
		slim, stopDeadline = context.WithDeadline(slim, deadline)
	}
	stopAfter := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	if ctx.Err() != nil {
		// AfterFunc would cancel from another goroutine, a little later.
		cancel(context.Cause(ctx))
	}
	release := func() {
		stopAfter()
		stopDeadline()
		cancel(context.Canceled)
	}
	resp, err := next(slim, req) //nolint:contextcheck // a context without the caller's values is the point
	if err != nil || hold == nil || !hold(resp, release) {
		release()
	}
	return resp, err
}

// releaseAfter runs release once seq has been iterated.
func releaseAfter[T any](seq iter.Seq[T], release func()) iter.Seq[T] {
	return func(yield func(T) bool) {
		defer release()
		seq(yield)
	}
}

func (s *slimContextServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return call(s, ctx, req, s.next.GetMetadata, nil)
}

func (s *slimContextServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return call(s, ctx, req, s.next.GetProviderSchema, nil)
}

func (s *slimContextServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return call(s, ctx, req, s.next.GetResourceIdentitySchemas, nil)
}

func (s *slimContextServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateProviderConfig, nil)
}

func (s *slimContextServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return call(s, ctx, req, s.next.ConfigureProvider, nil)
}

func (s *slimContextServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return call(s, ctx, req, s.next.StopProvider, nil)
}

func (s *slimContextServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateResourceConfig, nil)
}

func (s *slimContextServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(s, ctx, req, s.next.UpgradeResourceState, nil)
}

func (s *slimContextServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(s, ctx, req, s.next.ReadResource, nil)
}

func (s *slimContextServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(s, ctx, req, s.next.PlanResourceChange, nil)
}

func (s *slimContextServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(s, ctx, req, s.next.ApplyResourceChange, nil)
}

func (s *slimContextServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(s, ctx, req, s.next.ImportResourceState, nil)
}

func (s *slimContextServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(s, ctx, req, s.next.MoveResourceState, nil)
}

func (s *slimContextServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(s, ctx, req, s.next.UpgradeResourceIdentity, nil)
}

func (s *slimContextServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return call(s, ctx, req, s.next.GenerateResourceConfig, nil)
}

func (s *slimContextServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateDataResourceConfig, nil)
}

// ReadDataSource takes the state a Read hands off (state_handoff.go).
func (s *slimContextServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	var handoff *stateHandoff
	resp, err := call(s, ctx, req, func(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
		ctx, handoff = withStateHandoff(ctx)
		return s.next.ReadDataSource(ctx, req)
	}, nil)
	if err == nil {
		handoff.apply(resp)
	}
	return resp, err
}

func (s *slimContextServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return call(s, ctx, req, s.next.CallFunction, nil)
}

func (s *slimContextServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return call(s, ctx, req, s.next.GetFunctions, nil)
}

func (s *slimContextServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateEphemeralResourceConfig, nil)
}

func (s *slimContextServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return call(s, ctx, req, s.next.OpenEphemeralResource, nil)
}

func (s *slimContextServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return call(s, ctx, req, s.next.RenewEphemeralResource, nil)
}

func (s *slimContextServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return call(s, ctx, req, s.next.CloseEphemeralResource, nil)
}

func (s *slimContextServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateListResourceConfig, nil)
}

func (s *slimContextServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return call(s, ctx, req, s.next.ListResource, func(stream *tfprotov6.ListResourceServerStream, release func()) bool {
		if stream == nil || stream.Results == nil {
			return false
		}
		stream.Results = releaseAfter(stream.Results, release)
		return true
	})
}

func (s *slimContextServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateActionConfig, nil)
}

func (s *slimContextServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return call(s, ctx, req, s.next.PlanAction, nil)
}

func (s *slimContextServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return call(s, ctx, req, s.next.InvokeAction, func(stream *tfprotov6.InvokeActionServerStream, release func()) bool {
		if stream == nil || stream.Events == nil {
			return false
		}
		stream.Events = releaseAfter(stream.Events, release)
		return true
	})
}

func (s *slimContextServer) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return call(s, ctx, req, s.next.ValidateStateStoreConfig, nil)
}

func (s *slimContextServer) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return call(s, ctx, req, s.next.ConfigureStateStore, nil)
}

func (s *slimContextServer) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return call(s, ctx, req, s.next.ReadStateBytes, func(stream *tfprotov6.ReadStateBytesStream, release func()) bool {
		if stream == nil || stream.Chunks == nil {
			return false
		}
		stream.Chunks = releaseAfter(stream.Chunks, release)
		return true
	})
}

// WriteStateBytes reads its stream of chunks before it returns.
func (s *slimContextServer) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return call(s, ctx, req, s.next.WriteStateBytes, nil)
}

func (s *slimContextServer) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return call(s, ctx, req, s.next.GetStates, nil)
}

func (s *slimContextServer) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return call(s, ctx, req, s.next.DeleteState, nil)
}

func (s *slimContextServer) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return call(s, ctx, req, s.next.LockState, nil)
}

func (s *slimContextServer) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return call(s, ctx, req, s.next.UnlockState, nil)
}
