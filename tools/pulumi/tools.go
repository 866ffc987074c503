//go:build tools

// Keeps the CLI's main package in the module graph so `go mod tidy` keeps its requirements.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
