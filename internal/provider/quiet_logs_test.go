package provider

import (
	"os"
	"testing"
)

// Quieting the plugin libraries must not read as the user asking for logs,
// and a user's TF_LOG must leave everything as it is.
func TestQuietLogsUnlessRequested(t *testing.T) {
	restore := clearLogEnv()
	defer restore()

	QuietLogsUnlessRequested()
	if os.Getenv("TF_LOG_SDK") != "off" || logsRequested() || requestLogger() != nil {
		t.Errorf("with no TF_LOG*: TF_LOG_SDK=%q, logsRequested=%v", os.Getenv("TF_LOG_SDK"), logsRequested())
	}

	restore()
	t.Setenv("TF_LOG", "debug")
	QuietLogsUnlessRequested()
	if os.Getenv("TF_LOG_SDK") != "" || !logsRequested() || requestLogger() == nil {
		t.Errorf("with TF_LOG=debug: TF_LOG_SDK=%q, logsRequested=%v", os.Getenv("TF_LOG_SDK"), logsRequested())
	}
}
