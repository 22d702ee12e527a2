package release

// NextRelease is what `make golden` writes when the templates changed since
// the newest release: the archive of the next release, or nil.
func NextRelease() ([]byte, *Release, error) {
	archives, err := loadArchives()
	if err != nil {
		return nil, nil, err
	}
	prev, err := reconstruct(archives)
	if err != nil {
		return nil, nil, err
	}
	cur, err := currentInputs()
	if err != nil {
		return nil, nil, err
	}
	data, a, err := nextArchive(archives[len(archives)-1], prev, cur)
	if a == nil {
		return data, nil, err
	}
	return data, &a.Release, err
}
