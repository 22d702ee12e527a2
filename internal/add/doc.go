// Package add is `svcgen add resource`: it renders a REST resource into an
// existing service (generator.RenderResource), wires it into internal/app
// by the syntax tree (appedit), adds its routes to the README's endpoint
// table, records the new files in .svcgen.yaml as scaffold with origin
// add-resource, and writes it all through the journaled writer (package
// journal), the manifest last. Prepare computes everything in memory and
// writes nothing; every refusal is a *refusal.Error.
package add
