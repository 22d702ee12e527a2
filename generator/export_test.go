package generator

// HashTree is hashTree, for TestTemplateDigestIsCurrent (which shares the
// -update flag of the golden tests).
var HashTree = hashTree
