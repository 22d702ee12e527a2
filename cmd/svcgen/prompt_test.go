package main

import (
	"testing"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// TestSurveyFeaturesQuestionShowsDescriptions renders the terminal
// features prompt with survey's own template: every feature appears with
// its one-line summary, the preset's features ticked.
func TestSurveyFeaturesQuestionShowsDescriptions(t *testing.T) {
	core.DisableColor = true
	t.Cleanup(func() { core.DisableColor = false })
	q := multiSelectQuestion("Features", "space toggles", featureOptions(), []string{"k8s"})
	data := survey.MultiSelectTemplateData{
		MultiSelect: *q,
		Description: q.Description,
		PageEntries: core.OptionAnswerList(q.Options),
		Checked:     map[int]bool{2: true},
		Config:      &survey.PromptConfig{},
	}
	out, _, err := core.RunTemplate(survey.MultiSelectQuestionTemplate, data)
	require.NoError(t, err)
	for _, f := range generator.Features() {
		assert.Contains(t, out, " "+f.Name+" - "+f.Summary+"\n")
	}
}
