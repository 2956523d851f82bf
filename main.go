package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/provider"
)

// version is set by the release build through -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	provider.QuietLogsUnlessRequested()

	// tf6server.Serve rather than providerserver.Serve: the framework's
	// server is wrapped (see internal/provider/slim_context_server.go).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/ocp-terraform/ocp", provider.NewProtocol6Server(version), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
