package generator

// Version is svcgen's version, set at release time with
// -ldflags "-X github.com/svcgen/svcgen/generator.Version=v1.2.3".
var Version = "dev"
