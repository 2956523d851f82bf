package provider

import "os"

// Variables with which a user asks for provider logs.
var logEnvVars = []string{
	"TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_OCP", "TF_LOG_PROVIDER_OCP_HTTP",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// QuietLogsUnlessRequested turns the plugin stack's logging off when the
// user asked for no logs. Left alone, terraform-plugin-go and the framework
// log at trace on every call (their level defaults to trace when no
// variable sets one), and Terraform parses every line only to throw it away;
// on a large plan that is most of the provider's CPU.
func QuietLogsUnlessRequested() {
	if logsRequested() {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		_ = os.Setenv(name, "off")
	}
	quieted = true
}

// quieted records that the variables set to "off" above were ours, not the
// user's asking for logs.
var quieted bool

// logsRequested reports whether the user set any TF_LOG* variable.
func logsRequested() bool {
	if quieted {
		return false
	}
	for _, name := range logEnvVars {
		if os.Getenv(name) != "" {
			return true
		}
	}
	return false
}
