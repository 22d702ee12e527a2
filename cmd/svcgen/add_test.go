package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

func TestAddOptionsResource(t *testing.T) {
	o := &AddOptions{Name: "order", Fields: generator.DefaultFields}
	r, err := o.resource()
	require.NoError(t, err)
	assert.Equal(t, generator.Resource{Name: "order", Path: "/v1/orders", Fields: []generator.ResourceField{{Name: "name", Type: "string"}}}, r)

	o = &AddOptions{Name: "invoice", Path: "/v2/invoices", Fields: "number:string,paid:bool"}
	r, err = o.resource()
	require.NoError(t, err)
	assert.Equal(t, "/v2/invoices", r.Path)
	assert.Len(t, r.Fields, 2)
}

func TestAddOptionsInvalidExitUsage(t *testing.T) {
	for _, o := range []*AddOptions{
		{Name: "Order", Fields: "name:string"},
		{Name: "order", Fields: "name:float"},
		{Name: "order", Fields: "name:string", Path: "orders"},
	} {
		_, err := o.resource()
		var re *generator.ResourceError
		require.True(t, errors.As(err, &re), "%v", err)
		assert.Equal(t, exitUsage, exitCode(err), "%v", err)
	}
}
