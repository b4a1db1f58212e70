// Command okrs validates OKRs kept as YAML and renders them into a static site.
package main

import (
	"os"

	"github.com/okrs-dev/okrs/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
