// Package templates holds the service template tree, embedded.
//
// service/<layer>/ mirrors the generated tree. Files named X.tmpl are
// executed with text/template and written as X; everything else is copied.
// Go sources and go.mod are always .tmpl (the go tool and embed refuse real
// ones inside a module). The path token __name__ becomes the service name.
// Which layers a service gets is decided by generator's feature table.
package templates

import "embed"

// FS is the template tree: service/ and resource/ (below); all: keeps
// dot-files such as .golangci.yml.
//
//go:embed all:service all:resource
var FS embed.FS

// Resource is the tree `svcgen add resource` renders into an existing
// service, in layers like the service's (resource/<layer>/internal/
// __resource__/...: base, and postgres for the Postgres store and the
// migration; generator's feature table picks them). The path token
// __resource__ becomes the resource's package name, __migration__ the
// new migration's name (0002_create_orders). Every service renders its
// example resource (internal/item) from it too, so it is part of the
// template digest and of every release from release 6 on.
//
//go:embed all:resource
var Resource embed.FS

// Releases holds one archive per released template version
// (releases/N.txtar), so every released version stays renderable; see
// package internal/release.
//
//go:embed releases
var Releases embed.FS
