package generator

// ColumnName is columnName, for TestColumnName.
var ColumnName = columnName

// ExampleCacheArchive is what example.txtar must hold (TestExampleCacheIsCurrent).
var ExampleCacheArchive = exampleCacheArchive

// MarkdownMarker is the ownership marker of a managed Markdown file.
var MarkdownMarker = markers[syntaxHTML]

// Promtool is promtoolFor, for the rule tests of package generator_test.
var Promtool = promtoolFor
