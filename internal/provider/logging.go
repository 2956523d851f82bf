package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// logSubsystem carries the OCP client's request logs; TF_LOG_PROVIDER_OCP_HTTP
// sets its level apart from the rest of the provider.
const logSubsystem = "http"

// tflogLogger forwards the OCP client's logs to tflog.
type tflogLogger struct{}

// requestLogger is the client's logger: none unless the user asked for
// logs, so that no request builds log fields that nobody will read.
func requestLogger() ocp.Logger {
	if !logsRequested() {
		return nil
	}
	return tflogLogger{}
}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}

func (tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemTrace(ctx, logSubsystem, msg, fields)
}

// logContext prepares ctx for a call into the OCP client: the subsystem its
// logs go to, and a last guard that masks the credentials wherever they
// might appear, although the client never logs them.
func (d *providerData) logContext(ctx context.Context) context.Context {
	if !d.logging {
		return ctx
	}
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_OCP_HTTP"))
	secrets := d.client.Redactor().Maskable()
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secrets...)
	return tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secrets...)
}
