// Package templates holds the service template tree, embedded.
//
// service/<layer>/ mirrors the generated tree. Files named X.tmpl are
// executed with text/template and written as X; everything else is copied.
// Go sources and go.mod are always .tmpl (the go tool and embed refuse real
// ones inside a module). The path token __name__ becomes the service name.
// Which layers a service gets is decided by generator's feature table.
package templates

import "embed"

// FS is the template tree; all: keeps dot-files such as .golangci.yml.
//
//go:embed all:service
var FS embed.FS

// Releases holds one archive per released template version
// (releases/N.txtar), so every released version stays renderable; see
// generator.Releases.
//
//go:embed releases
var Releases embed.FS
