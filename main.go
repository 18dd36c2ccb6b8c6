// Command terraform-provider-timecamp serves the TimeCamp provider to Terraform over protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3" (goreleaser and make install do).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()

	// In debug mode the provider runs in the developer's terminal, which shows its logs: keep them.
	if !debug {
		if err := silenceUnreadSDKLogs(); err != nil {
			log.Fatal(err)
		}
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
